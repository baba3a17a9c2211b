// Chat (/chat): the conversations I can open (scope all / shared, kept in the URL) and a new
// conversation.
import { useId, useState } from 'react';
import { Link, useNavigate, useSearchParams } from 'react-router';
import { Globe, MessageSquarePlus } from 'lucide-react';
import { Pagination } from '@/components/Pagination';
import { Card, EmptyState, ErrorBanner, Loading, PageHeader, cx } from '@/components/ui';
import { formatDateTime } from '@/lib/format';
import { useMe } from '@/lib/me';
import { useConversations, useCreateConversation, type Scope } from './api';

export const ACCESS_LABEL: Record<string, string> = {
  owner: 'Owner',
  shared: 'Can edit',
  shared_readonly: 'Can view',
  admin_audit: 'Audit',
};

const SCOPES: { value: Scope; label: string }[] = [
  { value: 'all', label: 'All' },
  { value: 'shared', label: 'Shared with me' },
];

export default function ChatPage() {
  const [params, setParams] = useSearchParams();
  const scope: Scope = params.get('scope') === 'shared' ? 'shared' : 'all';
  const page = Math.max(1, Number(params.get('page') ?? '1') || 1);
  const me = useMe();
  const tz = me.data?.account.timezone ?? 'UTC';
  const list = useConversations(scope, page);
  const create = useCreateConversation();
  const navigate = useNavigate();
  const [title, setTitle] = useState('');
  const titleId = useId();

  return (
    <div>
      <PageHeader title="Chat" subtitle="Assistant conversations: yours and those shared with you" />
      <Card>
        <form
          className="mb-4 flex flex-wrap items-end gap-2"
          onSubmit={(e) => {
            e.preventDefault();
            const t = title.trim();
            if (!t) return;
            create.mutate(t, { onSuccess: (c) => navigate(`/chat/${c.id}`) });
          }}
        >
          <div className="flex min-w-64 flex-1 flex-col gap-1">
            <label htmlFor={titleId} className="text-xs font-medium text-muted-foreground">
              New conversation title
            </label>
            <input
              id={titleId}
              value={title}
              maxLength={200}
              onChange={(e) => setTitle(e.target.value)}
              placeholder="What do you need help with?"
              className="rounded-md border border-input bg-background px-3 py-1.5 text-sm"
            />
          </div>
          <button
            type="submit"
            disabled={create.isPending || title.trim() === ''}
            className="inline-flex items-center gap-1.5 rounded-md bg-primary px-3 py-1.5 text-sm font-medium text-primary-foreground hover:opacity-90 disabled:opacity-50"
          >
            <MessageSquarePlus className="size-4" aria-hidden />
            New conversation
          </button>
        </form>
        {create.error && (
          <p role="alert" className="mb-4 text-sm text-escalated">
            {create.error.message}
          </p>
        )}
        <div role="group" aria-label="Which conversations" className="mb-4 inline-flex rounded-lg border border-border p-0.5">
          {SCOPES.map((s) => (
            <button
              key={s.value}
              type="button"
              aria-pressed={scope === s.value}
              onClick={() => {
                const next = new URLSearchParams(params);
                if (s.value === 'all') next.delete('scope');
                else next.set('scope', s.value);
                next.delete('page');
                setParams(next);
              }}
              className={cx(
                'rounded-md px-3 py-1 text-sm',
                scope === s.value ? 'bg-accent text-foreground' : 'text-muted-foreground hover:text-foreground',
              )}
            >
              {s.label}
            </button>
          ))}
        </div>
        {list.error && <ErrorBanner error={list.error} onRetry={() => list.refetch()} />}
        {!list.data && !list.error && <Loading />}
        {list.data && list.data.items.length === 0 && (
          <EmptyState>{scope === 'shared' ? 'No conversation is shared with you' : 'No conversations yet'}</EmptyState>
        )}
        {list.data && list.data.items.length > 0 && (
          <>
            <ul aria-label="Conversations" className={cx('divide-y divide-border/60', list.isPlaceholderData && 'opacity-60')}>
              {list.data.items.map((c) => (
                <li key={c.id} className="flex items-center gap-3 py-2.5 text-sm">
                  <Link to={`/chat/${c.id}`} className="min-w-0 flex-1 truncate font-medium underline-offset-2 hover:text-primary hover:underline">
                    {c.title}
                  </Link>
                  {c.is_public && (
                    <span className="inline-flex items-center gap-1 text-xs text-muted-foreground" title="Shared with everyone">
                      <Globe className="size-3.5" aria-hidden />
                      Everyone
                    </span>
                  )}
                  <span className="rounded-md bg-muted px-2 py-0.5 text-xs">{ACCESS_LABEL[c.access_level] ?? c.access_level}</span>
                  <span className="w-40 text-right text-xs text-muted-foreground">{formatDateTime(c.updated_at, tz)}</span>
                </li>
              ))}
            </ul>
            <Pagination
              label="Conversations pages"
              page={list.data.pagination.page}
              totalPages={list.data.pagination.total_pages}
              total={list.data.pagination.total}
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
