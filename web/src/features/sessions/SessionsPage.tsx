import { PageHeader, EmptyState } from '@/components/ui';

/** A placeholder until the console's next parts add this page. */
export default function SessionsPage() {
  return (
    <div>
      <PageHeader title="Sessions" />
      <EmptyState>This page is not part of this version of the console yet.</EmptyState>
    </div>
  );
}
