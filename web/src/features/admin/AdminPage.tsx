import { EmptyState, NotPermitted, PageHeader } from '@/components/ui';
import { useMe } from '@/lib/me';

/** A placeholder until the console's admin part; admin viewers only. */
export default function AdminPage() {
  const me = useMe();
  if (me.data && !me.data.can.admin_inbox) return <NotPermitted what="Admin" />;
  return (
    <div>
      <PageHeader title="Admin" />
      <EmptyState>This page is not part of this version of the console yet.</EmptyState>
    </div>
  );
}
