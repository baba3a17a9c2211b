import { PageHeader, EmptyState } from '@/components/ui';

/** A placeholder until the console's next parts add this page. */
export default function ChatPage() {
  return (
    <div>
      <PageHeader title="Chat" />
      <EmptyState>This page is not part of this version of the console yet.</EmptyState>
    </div>
  );
}
