// The Feedback tab: every message feedback of the account (GET /admin/feedback), filtered by
// rating, date range and user, kept in the URL (`rating`, `from`, `to`, `user_id`, `page`);
// each row links to its conversation in read-only audit mode, whose "Back to Feedback" returns
// to this same filtered page.
import { useId } from 'react';
import { Link, useSearchParams } from 'react-router';
import { MessageSquare, ThumbsDown, ThumbsUp, X } from 'lucide-react';
import { Pagination } from '@/components/Pagination';
import { Card, EmptyState, ErrorBanner, Loading, Td, Th, cx } from '@/components/ui';
import { formatDateTime } from '@/lib/format';
import { isDay } from '@/lib/period';
import { useMe } from '@/lib/me';
import { useDirectoryUsers, useFeedbackInbox, type InboxQuery } from './api';

export const INBOX_PAGE_SIZE = 20;
const RATINGS = [
  { key: 'all', label: 'All' },
  { key: 'positive', label: 'Positive' },
  { key: 'negative', label: 'Negative' },
] as const;
type RatingKey = (typeof RATINGS)[number]['key'];

/** The inbox filters the URL holds (invalid values are ignored). */
export function readInboxFilters(params: URLSearchParams) {
  const r = params.get('rating');
  const rating: RatingKey = r === 'positive' || r === 'negative' ? r : 'all';
  const from = isDay(params.get('from')) ? params.get('from') : null;
  const to = isDay(params.get('to')) ? params.get('to') : null;
  const userId = params.get('user_id') || null;
  const page = Math.max(1, Number(params.get('page') ?? '1') || 1);
  return { rating, from, to, userId, page };
}

/** "Dec 1, 2026, 09:46" → ["Dec 1, 2026", "09:46"]. */
function splitDateTime(s: string): [string, string] {
  const i = s.lastIndexOf(', ');
  return i < 0 ? [s, ''] : [s.slice(0, i), s.slice(i + 2)];
}

export function FeedbackTab() {
  const me = useMe();
  const tz = me.data?.account.timezone ?? 'UTC';
  const [params, setParams] = useSearchParams();
  const f = readInboxFilters(params);
  const fromId = useId();
  const toId = useId();
  const userId = useId();

  const query: InboxQuery = {
    page: String(f.page),
    limit: String(INBOX_PAGE_SIZE),
    ...(f.rating !== 'all' ? { rating: f.rating } : {}),
    ...(f.from ? { from: f.from } : {}),
    ...(f.to ? { to: f.to } : {}),
    ...(f.userId ? { user_id: f.userId } : {}),
  };
  const inbox = useFeedbackInbox(query);
  const users = useDirectoryUsers();

  const set = (k: string, v: string | null) => {
    const next = new URLSearchParams(params);
    next.set('tab', 'feedback');
    if (v) next.set(k, v);
    else next.delete(k);
    if (k !== 'page') next.delete('page');
    setParams(next);
  };
  const filtered = f.rating !== 'all' || f.from || f.to || f.userId;
  // The chat page's "Back to Feedback" returns to `/admin?<back>` (features/chat/README.md).
  const back = encodeURIComponent(new URLSearchParams([['tab', 'feedback'], ...[...params.entries()].filter(([k]) => k !== 'tab')]).toString());
  const data = inbox.data;

  return (
    <Card title="Feedback">
      <div className="mb-4 flex flex-wrap items-end gap-4">
        <div className="flex flex-col gap-1">
          <span id={`${fromId}-rating`} className="text-xs font-medium text-muted-foreground">
            Rating
          </span>
          <div role="group" aria-labelledby={`${fromId}-rating`} className="inline-flex rounded-lg border border-border bg-background p-0.5">
            {RATINGS.map((r) => (
              <button
                key={r.key}
                type="button"
                aria-pressed={f.rating === r.key}
                onClick={() => set('rating', r.key === 'all' ? null : r.key)}
                className={cx(
                  'rounded-md px-3 py-1 text-sm font-medium transition-colors',
                  f.rating === r.key ? 'bg-primary text-primary-foreground' : 'text-muted-foreground hover:bg-muted hover:text-foreground',
                )}
              >
                {r.label}
              </button>
            ))}
          </div>
        </div>
        <div className="flex flex-col gap-1">
          <label htmlFor={fromId} className="text-xs font-medium text-muted-foreground">
            From
          </label>
          <input
            id={fromId}
            type="date"
            value={f.from ?? ''}
            max={f.to ?? undefined}
            onChange={(e) => set('from', isDay(e.target.value) ? e.target.value : null)}
            className="rounded-md border border-input bg-background px-2 py-1 text-sm text-foreground"
          />
        </div>
        <div className="flex flex-col gap-1">
          <label htmlFor={toId} className="text-xs font-medium text-muted-foreground">
            To
          </label>
          <input
            id={toId}
            type="date"
            value={f.to ?? ''}
            min={f.from ?? undefined}
            onChange={(e) => set('to', isDay(e.target.value) ? e.target.value : null)}
            className="rounded-md border border-input bg-background px-2 py-1 text-sm text-foreground"
          />
        </div>
        <div className="flex flex-col gap-1">
          <label htmlFor={userId} className="text-xs font-medium text-muted-foreground">
            User
          </label>
          <select
            id={userId}
            value={f.userId ?? ''}
            onChange={(e) => set('user_id', e.target.value || null)}
            className="min-w-48 rounded-md border border-input bg-background px-2 py-1.5 text-sm"
          >
            <option value="">All users</option>
            {users.data?.items.map((u) => (
              <option key={u.id} value={u.id}>
                {u.name}
              </option>
            ))}
            {f.userId && users.data && !users.data.items.some((u) => u.id === f.userId) && <option value={f.userId}>Selected user</option>}
          </select>
        </div>
        {filtered && (
          <button
            type="button"
            onClick={() => setParams(new URLSearchParams({ tab: 'feedback' }))}
            className="inline-flex items-center gap-1 rounded-md border border-border px-2.5 py-1.5 text-sm text-muted-foreground hover:bg-muted hover:text-foreground"
          >
            <X className="size-3.5" aria-hidden />
            Clear filters
          </button>
        )}
      </div>

      {inbox.error && <ErrorBanner error={inbox.error} onRetry={() => inbox.refetch()} />}
      {!data && !inbox.error && <Loading />}
      {data && data.items.length === 0 && <EmptyState>{filtered ? 'No feedback matches these filters' : 'No feedback yet'}</EmptyState>}
      {data && data.items.length > 0 && (
        <div className={inbox.isPlaceholderData ? 'opacity-60 transition-opacity' : ''} aria-busy={inbox.isFetching}>
          <div className="-mx-1 overflow-x-auto">
            <table className="w-full min-w-[40rem] table-fixed border-collapse text-sm">
              <caption className="sr-only">Feedback</caption>
              <thead>
                <tr>
                  <Th className="w-[15%]">User</Th>
                  <Th className="w-[4.5rem]">Rating</Th>
                  <Th className="w-[12%]">Reason</Th>
                  <Th className="w-[17%]">Comment</Th>
                  <Th>Message</Th>
                  <Th className="w-[6.5rem]">Time</Th>
                  <Th className="w-[4.75rem]">Chat</Th>
                </tr>
              </thead>
              <tbody>
                {data.items.map((it) => {
                  const [day, time] = splitDateTime(formatDateTime(it.submitted_at, tz));
                  return (
                    <tr key={`${it.message_id}-${it.submitted_by.user_id}`} className="align-top">
                      <Td>
                        <span className="block truncate font-medium" title={it.submitted_by.name}>
                          {it.submitted_by.name}
                        </span>
                        <span className="block truncate text-xs text-muted-foreground" title={it.submitted_by.email}>
                          {it.submitted_by.email}
                        </span>
                      </Td>
                      <Td>
                        {it.rating === 'positive' ? (
                          <span title="Positive" className="inline-flex items-center rounded-full bg-resolved/15 px-2 py-1 text-resolved">
                            <ThumbsUp className="size-3.5" aria-hidden />
                            <span className="sr-only">Positive</span>
                          </span>
                        ) : (
                          <span title="Negative" className="inline-flex items-center rounded-full bg-escalated/15 px-2 py-1 text-escalated">
                            <ThumbsDown className="size-3.5" aria-hidden />
                            <span className="sr-only">Negative</span>
                          </span>
                        )}
                      </Td>
                      <Td className="break-words">{it.reason ?? <span className="text-muted-foreground">—</span>}</Td>
                      <Td className="break-words">{it.comment ?? <span className="text-muted-foreground">—</span>}</Td>
                      <Td>
                        <p className="line-clamp-3 break-words text-muted-foreground" title={it.content_snippet}>
                          {it.content_snippet}
                        </p>
                      </Td>
                      <Td className="text-muted-foreground">
                        <time dateTime={it.submitted_at} className="block text-xs">
                          <span className="block whitespace-nowrap">{day}</span>
                          <span className="block">{time}</span>
                        </time>
                      </Td>
                      <Td>
                        {it.conversation_title === null ? (
                          <span className="text-xs italic text-muted-foreground">Deleted</span>
                        ) : (
                          <Link
                            to={`${it.chat_link}?back=${back}`}
                            aria-label={`Open chat: ${it.conversation_title}`}
                            title={it.conversation_title}
                            className="inline-flex items-center gap-1 text-primary underline-offset-2 hover:underline"
                          >
                            <MessageSquare className="size-4 shrink-0" aria-hidden />
                            Open
                          </Link>
                        )}
                      </Td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          </div>
          <Pagination
            label="Feedback pages"
            page={data.pagination.page}
            totalPages={data.pagination.total_pages}
            total={data.pagination.total}
            onPage={(p) => set('page', String(p))}
          />
        </div>
      )}
    </Card>
  );
}
