import { NavLink, Outlet, useLocation } from 'react-router';
import { BarChart3, LogOut } from 'lucide-react';
import { ErrorBanner, Loading, cx } from '@/components/ui';
import { signOut } from '@/lib/auth';
import { useMe } from '@/lib/me';
import { NpsSurvey } from '@/features/nps/NpsSurvey';
import { navItems } from './nav';

const ROLE_LABEL: Record<string, string> = {
  super_admin: 'Super admin',
  team_admin: 'Team admin',
  engineer: 'Engineer',
  viewer: 'Viewer',
};

export function Layout() {
  const me = useMe();
  const location = useLocation();
  const inAnalytics = location.pathname.startsWith('/analytics');

  return (
    <div className="flex min-h-screen">
      <aside className="w-56 shrink-0 border-r border-border bg-card/60">
        <div className="sticky top-0 flex h-screen flex-col">
        <div className="flex items-center gap-2 px-5 py-5 text-base font-semibold">
          <span className="inline-flex size-7 items-center justify-center rounded-lg bg-primary text-primary-foreground">
            <BarChart3 className="size-4" aria-hidden />
          </span>
          Insights
        </div>
        <nav aria-label="Main" className="flex-1 px-3">
          {me.data && (
            <ul className="space-y-1">
              {navItems(me.data.can).map((item) => (
                <li key={item.label}>
                  <NavLink
                    to={item.to}
                    end={false}
                    className={({ isActive }) =>
                      cx(
                        'flex items-center gap-3 rounded-md px-3 py-2 text-sm font-medium transition-colors',
                        isActive || (item.label === 'Analytics' && inAnalytics)
                          ? 'bg-accent text-foreground'
                          : 'text-muted-foreground hover:bg-muted hover:text-foreground',
                      )
                    }
                  >
                    <item.icon className="size-4" aria-hidden />
                    {item.label}
                  </NavLink>
                  {item.children && inAnalytics && (
                    <ul className="mt-1 space-y-0.5 pl-10">
                      {item.children.map((c) => (
                        <li key={c.to}>
                          <NavLink
                            to={c.to}
                            end
                            className={({ isActive }) =>
                              cx('block rounded-md px-2 py-1 text-sm', isActive ? 'text-foreground' : 'text-muted-foreground hover:text-foreground')
                            }
                          >
                            {c.label}
                          </NavLink>
                        </li>
                      ))}
                    </ul>
                  )}
                </li>
              ))}
            </ul>
          )}
        </nav>
        <div className="border-t border-border p-4 text-sm">
          {me.data && (
            <div className="mb-3 min-w-0">
              <p className="truncate font-medium">{me.data.user.name}</p>
              <p className="truncate text-xs text-muted-foreground">
                {ROLE_LABEL[me.data.user.role] ?? me.data.user.role} · {me.data.account.name}
              </p>
            </div>
          )}
          <button
            type="button"
            onClick={signOut}
            className="inline-flex w-full items-center justify-center gap-2 rounded-md border border-border px-3 py-1.5 text-muted-foreground hover:bg-muted hover:text-foreground"
          >
            <LogOut className="size-4" aria-hidden />
            Sign out
          </button>
        </div>
        </div>
      </aside>
      <main className="min-w-0 flex-1 px-8 py-7">
        <div className="mx-auto max-w-7xl">
          {me.error && <ErrorBanner error={me.error} onRetry={() => me.refetch()} />}
          {!me.data && !me.error && <Loading />}
          {me.data && <Outlet />}
        </div>
      </main>
      {me.data && <NpsSurvey />}
    </div>
  );
}
