// Sessions (/sessions): mine, in progress first (resume), then the completed ones.
import { Link, useSearchParams } from 'react-router';
import { Play, Star } from 'lucide-react';
import { Pagination } from '@/components/Pagination';
import { Card, EmptyState, ErrorBanner, Loading, PageHeader, Table, Td, Th } from '@/components/ui';
import { formatDateTime } from '@/lib/format';
import { useMe } from '@/lib/me';
import { useSessions, type SessionList } from './api';
import { OUTCOMES } from './OutcomeModal';

const PAGE_SIZE = 20;

function SessionsTable({ caption, items, tz, inProgress }: { caption: string; items: SessionList['items']; tz: string; inProgress: boolean }) {
  return (
    <Table caption={caption}>
      <thead>
        <tr>
          <Th>Flow</Th>
          <Th>Started</Th>
          {!inProgress && <Th>Outcome</Th>}
          {!inProgress && <Th>Rating</Th>}
          <Th align="right">
            <span className="sr-only">Action</span>
          </Th>
        </tr>
      </thead>
      <tbody>
        {items.map((s) => {
          const outcome = OUTCOMES.find((o) => o.value === s.outcome);
          return (
            <tr key={s.id}>
              <Td className="font-medium">{s.tree_name}</Td>
              <Td className="text-muted-foreground">{formatDateTime(s.started_at, tz)}</Td>
              {!inProgress && (
                <Td>
                  <span className="inline-flex items-center gap-2">
                    <span className={`size-2 rounded-full ${outcome?.dot ?? 'bg-unresolved'}`} aria-hidden />
                    {outcome?.label ?? '—'}
                  </span>
                </Td>
              )}
              {!inProgress && (
                <Td>
                  {s.rating ? (
                    <span className="inline-flex items-center gap-1" aria-label={`Rated ${s.rating.rating} of 5`}>
                      <Star className="size-3.5 text-workaround" fill="currentColor" aria-hidden />
                      {s.rating.rating}
                    </span>
                  ) : (
                    <span className="text-muted-foreground">Not rated</span>
                  )}
                </Td>
              )}
              <Td align="right">
                <Link
                  to={`/sessions/${s.id}`}
                  aria-label={`${inProgress ? 'Resume' : 'Open'} ${s.tree_name} session of ${formatDateTime(s.started_at, tz)}`}
                  className={
                    inProgress
                      ? 'inline-flex items-center gap-1 rounded-md bg-primary px-2.5 py-1 text-sm font-medium text-primary-foreground hover:opacity-90'
                      : 'text-sm text-muted-foreground underline-offset-2 hover:text-foreground hover:underline'
                  }
                >
                  {inProgress && <Play className="size-3.5" aria-hidden />}
                  {inProgress ? 'Resume' : 'Open'}
                </Link>
              </Td>
            </tr>
          );
        })}
      </tbody>
    </Table>
  );
}

export default function SessionsPage() {
  const [params, setParams] = useSearchParams();
  const page = Math.max(1, Number(params.get('page') ?? '1') || 1);
  const me = useMe();
  const tz = me.data?.account.timezone ?? 'UTC';
  const open = useSessions({ status: 'in_progress', limit: '100' });
  const done = useSessions({ status: 'completed', limit: String(PAGE_SIZE), page: String(page) });

  return (
    <div>
      <PageHeader title="Sessions" subtitle="Your sessions. Start one from a flow's page.">
        <Link to="/flows" className="rounded-md border border-border px-3 py-1.5 text-sm hover:bg-muted">
          Browse flows
        </Link>
      </PageHeader>
      <Card title="In progress">
        {open.error && <ErrorBanner error={open.error} onRetry={() => open.refetch()} />}
        {!open.data && !open.error && <Loading />}
        {open.data && open.data.items.length === 0 && <EmptyState>No session in progress</EmptyState>}
        {open.data && open.data.items.length > 0 && <SessionsTable caption="Sessions in progress" items={open.data.items} tz={tz} inProgress />}
      </Card>
      <Card title="Completed" className="mt-4">
        {done.error && <ErrorBanner error={done.error} onRetry={() => done.refetch()} />}
        {!done.data && !done.error && <Loading />}
        {done.data && done.data.items.length === 0 && <EmptyState>No completed sessions yet</EmptyState>}
        {done.data && done.data.items.length > 0 && (
          <>
            <SessionsTable caption="Completed sessions" items={done.data.items} tz={tz} inProgress={false} />
            <Pagination
              label="Completed sessions pages"
              page={done.data.pagination.page}
              totalPages={done.data.pagination.total_pages}
              total={done.data.pagination.total}
              onPage={(p) => {
                const next = new URLSearchParams(params);
                next.set('page', String(p));
                setParams(next);
              }}
            />
          </>
        )}
      </Card>
    </div>
  );
}
