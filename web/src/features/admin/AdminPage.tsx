// The admin page (`/admin?tab=feedback|nps`, admin viewers): a tab exists only while its
// feature flag is on and the role may read it (GET /me → `features`, `can`); a missing or
// unknown tab opens the first that exists.
import { useEffect } from 'react';
import { useSearchParams } from 'react-router';
import { MessageSquareText, Gauge } from 'lucide-react';
import { Tabs, type TabDef } from '@/components/Tabs';
import { EmptyState, NotPermitted, PageHeader } from '@/components/ui';
import type { Me } from '@/lib/api/types';
import { useMe } from '@/lib/me';
import { FeedbackTab } from './FeedbackTab';
import { NpsTab } from './NpsTab';

export type AdminTab = 'feedback' | 'nps';

/** The tabs `me` has, in the design's order. */
export function adminTabs(me: Me): TabDef<AdminTab>[] {
  const tabs: TabDef<AdminTab>[] = [];
  if (me.features.feedback_enabled && me.can.admin_inbox) tabs.push({ key: 'feedback', label: 'Feedback', icon: MessageSquareText });
  if (me.features.nps_enabled && me.can.nps_read) tabs.push({ key: 'nps', label: 'NPS', icon: Gauge });
  return tabs;
}

export default function AdminPage() {
  const me = useMe();
  const [params, setParams] = useSearchParams();
  const tabs = me.data ? adminTabs(me.data) : [];
  const asked = params.get('tab');
  const current = tabs.find((t) => t.key === asked)?.key ?? tabs[0]?.key;

  // The address says which tab is open (`?tab=feedback` while feedback is off → `?tab=nps`).
  useEffect(() => {
    if (current && asked !== current) setParams(new URLSearchParams({ tab: current }), { replace: true });
  }, [asked, current, setParams]);

  if (!me.data) return null;
  if (!me.data.can.admin_inbox) return <NotPermitted what="Admin" />;

  // Switching tabs drops the other tab's filters (the URL keeps only what the view shows).
  const select = (k: AdminTab) => {
    if (k !== current) setParams(new URLSearchParams({ tab: k }));
  };

  return (
    <div>
      <PageHeader title="Admin" subtitle="Feedback from your users and the NPS of your product" />
      {!current ? (
        <EmptyState>Feedback and NPS are both turned off for this service.</EmptyState>
      ) : (
        <Tabs label="Admin sections" tabs={tabs} selected={current} onSelect={select}>
          {current === 'feedback' ? <FeedbackTab /> : <NpsTab />}
        </Tabs>
      )}
    </div>
  );
}
