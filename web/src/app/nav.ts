// The sidebar, driven by what the role allows (GET /me → `can`): an item the user may not use
// is not shown.
import { BarChart3, GitBranch, MessagesSquare, PlayCircle, Shield, type LucideIcon } from 'lucide-react';
import type { Capabilities } from '@/lib/api/types';

export type NavItem = { to: string; label: string; icon: LucideIcon; children?: { to: string; label: string }[] };

/** Admins land on the team view, everyone else on theirs. */
export function analyticsHome(can: Capabilities): string {
  return can.team_analytics ? '/analytics' : '/analytics/me';
}

export function navItems(can: Capabilities): NavItem[] {
  const items: NavItem[] = [
    {
      to: analyticsHome(can),
      label: 'Analytics',
      icon: BarChart3,
      children: can.team_analytics
        ? [
            { to: '/analytics', label: 'Team' },
            { to: '/analytics/me', label: 'Mine' },
          ]
        : undefined,
    },
    { to: '/flows', label: 'Flows', icon: GitBranch },
    { to: '/sessions', label: 'Sessions', icon: PlayCircle },
    { to: '/chat', label: 'Chat', icon: MessagesSquare },
  ];
  if (can.admin_inbox) items.push({ to: '/admin', label: 'Admin', icon: Shield });
  return items;
}
