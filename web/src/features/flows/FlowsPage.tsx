import { useEffect, useId, useState } from 'react';
import { Link, useSearchParams } from 'react-router';
import { Search } from 'lucide-react';
import { Pagination } from '@/components/Pagination';
import { Card, EmptyState, ErrorBanner, Loading, PageHeader, Table, Td, Th } from '@/components/ui';
import { formatCount, formatDateTime } from '@/lib/format';
import { useMe } from '@/lib/me';
import { useTrees, type TreesQuery } from './api';

const TYPES = ['troubleshooting', 'procedural', 'maintenance'] as const;
const PAGE_SIZE = 20;

function label(t: string) {
  return t.charAt(0).toUpperCase() + t.slice(1);
}

export default function FlowsPage() {
  const [params, setParams] = useSearchParams();
  const q = params.get('q') ?? '';
  const type = params.get('tree_type') ?? '';
  const page = Math.max(1, Number(params.get('page') ?? '1') || 1);
  const [text, setText] = useState(q);
  const searchId = useId();
  const typeId = useId();
  const me = useMe();
  const tz = me.data?.account.timezone ?? 'UTC';

  // Typing searches after a short pause; the URL keeps the search.
  useEffect(() => {
    if (text === q) return;
    const t = setTimeout(() => {
      const next = new URLSearchParams(params);
      if (text) next.set('q', text);
      else next.delete('q');
      next.delete('page');
      setParams(next, { replace: true });
    }, 250);
    return () => clearTimeout(t);
  }, [text, q, params, setParams]);

  const query: TreesQuery = { page: String(page), limit: String(PAGE_SIZE), ...(q ? { q } : {}), ...(type ? { tree_type: type as TreesQuery['tree_type'] } : {}) };
  const trees = useTrees(query);
  const set = (k: string, v: string | null) => {
    const next = new URLSearchParams(params);
    if (v) next.set(k, v);
    else next.delete(k);
    if (k !== 'page') next.delete('page');
    setParams(next);
  };

  return (
    <div>
      <PageHeader title="Flows" subtitle="The account's troubleshooting, procedural and maintenance flows" />
      <Card>
        <div className="mb-4 flex flex-wrap items-end gap-3">
          <div className="flex min-w-64 flex-1 flex-col gap-1">
            <label htmlFor={searchId} className="text-xs font-medium text-muted-foreground">
              Search flows
            </label>
            <div className="relative">
              <Search className="pointer-events-none absolute left-2.5 top-1/2 size-4 -translate-y-1/2 text-muted-foreground" aria-hidden />
              <input
                id={searchId}
                type="search"
                value={text}
                onChange={(e) => setText(e.target.value)}
                placeholder="Name contains…"
                className="w-full rounded-md border border-input bg-background py-1.5 pl-8 pr-3 text-sm"
              />
            </div>
          </div>
          <div className="flex flex-col gap-1">
            <label htmlFor={typeId} className="text-xs font-medium text-muted-foreground">
              Type
            </label>
            <select
              id={typeId}
              value={type}
              onChange={(e) => set('tree_type', e.target.value || null)}
              className="rounded-md border border-input bg-background px-2 py-1.5 text-sm"
            >
              <option value="">All types</option>
              {TYPES.map((t) => (
                <option key={t} value={t}>
                  {label(t)}
                </option>
              ))}
            </select>
          </div>
        </div>
        {trees.error && <ErrorBanner error={trees.error} onRetry={() => trees.refetch()} />}
        {!trees.data && !trees.error && <Loading />}
        {trees.data && trees.data.items.length === 0 && <EmptyState>{q || type ? 'No flows match these filters' : 'No flows yet'}</EmptyState>}
        {trees.data && trees.data.items.length > 0 && (
          <>
            <Table caption="Flows">
              <thead>
                <tr>
                  <Th>Name</Th>
                  <Th>Type</Th>
                  <Th align="right">Steps</Th>
                  <Th align="right">Updated</Th>
                </tr>
              </thead>
              <tbody>
                {trees.data.items.map((t) => (
                  <tr key={t.id}>
                    <Td>
                      <Link to={`/flows/${t.id}`} className="font-medium underline-offset-2 hover:text-primary hover:underline">
                        {t.name}
                      </Link>
                    </Td>
                    <Td className="text-muted-foreground">{label(t.tree_type)}</Td>
                    <Td align="right">{formatCount(t.node_count)}</Td>
                    <Td align="right" className="text-muted-foreground">
                      {formatDateTime(t.updated_at, tz)}
                    </Td>
                  </tr>
                ))}
              </tbody>
            </Table>
            <Pagination
              label="Flows pages"
              page={trees.data.pagination.page}
              totalPages={trees.data.pagination.total_pages}
              total={trees.data.pagination.total}
              onPage={(p) => set('page', String(p))}
            />
          </>
        )}
      </Card>
    </div>
  );
}
