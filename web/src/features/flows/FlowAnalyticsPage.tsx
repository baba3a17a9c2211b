import { useId } from 'react';
import { Link, useNavigate, useParams, useSearchParams } from 'react-router';
import { ArrowLeft, Play, ThumbsDown, ThumbsUp } from 'lucide-react';
import { Pagination } from '@/components/Pagination';
import { PeriodSelector } from '@/components/PeriodSelector';
import { RateBar } from '@/components/RateBar';
import { StatCard } from '@/components/StatCard';
import { SessionsLineChart } from '@/components/charts/SessionsLineChart';
import { isEmptySeries, trendRows } from '@/components/charts/shape';
import { Card, EmptyState, ErrorBanner, Loading, PageHeader, Skeleton, Table, Td, Th, isNotFound } from '@/components/ui';
import { formatCount, formatCsat, formatDateTime, formatDelta, formatMinutes, formatRange, formatRate } from '@/lib/format';
import { readPeriod } from '@/lib/period';
import { useFlowAnalytics, useFlowRatings, useStartSession, useTree, type RatingsQuery } from './api';
import { stepsInFlowOrder } from './stepOrder';

const RATING_FILTERS = ['all', '5', '4', '3', '2', '1'] as const;
const RATINGS_PAGE_SIZE = 10;

function Stars({ n }: { n: number }) {
  return (
    <span className="inline-flex items-center gap-1 rounded-md bg-muted px-1.5 py-0.5 text-xs font-semibold tabular-nums" aria-label={`Rated ${n} of 5`}>
      <span aria-hidden className="text-workaround">★</span>
      {n}
    </span>
  );
}

export default function FlowAnalyticsPage() {
  const { id = '' } = useParams();
  const [params, setParams] = useSearchParams();
  const navigate = useNavigate();
  const period = readPeriod(params);
  const rating = params.get('rating') ?? 'all';
  const ratingsPage = Math.max(1, Number(params.get('ratings_page') ?? '1') || 1);
  const ratingId = useId();

  const tree = useTree(id);
  const q = useFlowAnalytics(id, period);
  const ratingsQuery: RatingsQuery = {
    page: String(ratingsPage),
    limit: String(RATINGS_PAGE_SIZE),
    ...(rating !== 'all' ? { min_rating: rating, max_rating: rating } : {}),
  };
  const ratings = useFlowRatings(id, ratingsQuery);
  const start = useStartSession();

  if ((tree.error && isNotFound(tree.error)) || (q.error && isNotFound(q.error))) {
    return (
      <div>
        <PageHeader title="Flow not found" />
        <EmptyState>This flow does not exist in your account.</EmptyState>
      </div>
    );
  }

  const d = q.data;
  const tz = d?.period.timezone ?? 'UTC';
  const rows = d ? trendRows(d.time_series, d.period.from, d.period.to) : [];
  const steps = d ? stepsInFlowOrder(d.step_feedback, tree.data) : [];
  const setParam = (k: string, v: string | null) => {
    const next = new URLSearchParams(params);
    if (v) next.set(k, v);
    else next.delete(k);
    if (k !== 'ratings_page') next.delete('ratings_page');
    setParams(next);
  };

  return (
    <div>
      <Link to="/flows" className="mb-3 inline-flex items-center gap-1 text-sm text-muted-foreground hover:text-foreground">
        <ArrowLeft className="size-4" aria-hidden />
        Flows
      </Link>
      <PageHeader
        title={tree.data?.name ?? (tree.error ? 'Flow' : 'Loading flow…')}
        subtitle={d ? `${formatRange(d.period.from, d.period.to)} · ${tz}` : ' '}
      >
        <PeriodSelector />
        <button
          type="button"
          disabled={start.isPending}
          onClick={() => start.mutate(id, { onSuccess: (s) => navigate(`/sessions/${s.id}`) })}
          className="inline-flex items-center gap-1.5 rounded-md bg-primary px-3 py-1.5 text-sm font-medium text-primary-foreground hover:opacity-90 disabled:opacity-50"
        >
          <Play className="size-4" aria-hidden />
          Start session
        </button>
      </PageHeader>
      {start.error && (
        <div className="mb-4">
          <ErrorBanner error={start.error} />
        </div>
      )}
      {q.error && (
        <div className="mb-6">
          <ErrorBanner error={q.error} onRetry={() => q.refetch()} />
        </div>
      )}
      {!d && !q.error && (
        <>
          <Loading />
          <div className="grid grid-cols-2 gap-4 xl:grid-cols-4">
            {[0, 1, 2, 3].map((i) => (
              <Skeleton key={i} className="h-32" />
            ))}
          </div>
        </>
      )}
      {d && (
        <div className={q.isPlaceholderData ? 'opacity-60 transition-opacity' : ''} aria-busy={q.isFetching}>
          <div className="grid grid-cols-2 gap-4 xl:grid-cols-4">
            <StatCard label="Usage" value={formatCount(d.summary.total_sessions)} delta={formatDelta(d.summary.total_sessions, d.previous.total_sessions, 'percent')} />
            <StatCard label="Completion Rate" value={formatRate(d.summary.completion_rate)} delta={formatDelta(d.summary.completion_rate, d.previous.completion_rate, 'points')} />
            <StatCard
              label="Avg Duration"
              value={formatMinutes(d.summary.avg_duration_minutes)}
              delta={formatDelta(d.summary.avg_duration_minutes, d.previous.avg_duration_minutes, 'percent')}
              higherIsBetter={false}
            />
            <StatCard
              label="CSAT"
              value={d.summary.avg_csat === null ? '—' : `${formatCsat(d.summary.avg_csat)} / 5`}
              hint={`${formatCount(d.summary.total_ratings)} ${d.summary.total_ratings === 1 ? 'rating' : 'ratings'}`}
            />
          </div>

          <Card title="Session trend" className="mt-4">
            {isEmptySeries(rows) ? <EmptyState>No sessions in this period</EmptyState> : <SessionsLineChart rows={rows} label="Sessions per day of this flow" height={200} />}
          </Card>

          <Card title="Step feedback" className="mt-4">
            {steps.length === 0 ? (
              <EmptyState>This flow has no steps yet</EmptyState>
            ) : (
              <Table caption="Step feedback">
                <thead>
                  <tr>
                    <Th className="w-10">#</Th>
                    <Th>Step</Th>
                    <Th>Helpful rate</Th>
                    <Th align="right">
                      <span className="sr-only">Helpful</span>
                      <ThumbsUp className="ml-auto size-4" aria-hidden />
                    </Th>
                    <Th align="right">
                      <span className="sr-only">Not helpful</span>
                      <ThumbsDown className="ml-auto size-4" aria-hidden />
                    </Th>
                  </tr>
                </thead>
                <tbody>
                  {steps.map((s, i) => (
                    <tr key={s.node_id}>
                      <Td className="text-muted-foreground tabular-nums">{i + 1}</Td>
                      <Td className="font-medium">{s.node_title}</Td>
                      <Td>
                        <RateBar rate={s.helpful_rate} label={`Helpful rate of ${s.node_title}`} />
                      </Td>
                      <Td align="right" className="text-resolved">
                        {formatCount(s.helpful_yes)}
                      </Td>
                      <Td align="right" className="text-escalated">
                        {formatCount(s.helpful_no)}
                      </Td>
                    </tr>
                  ))}
                </tbody>
              </Table>
            )}
          </Card>

          <div className="mt-4 grid gap-4 xl:grid-cols-2">
            <Card title="Recent comments">
              {d.recent_comments.length === 0 ? (
                <EmptyState>No comments in this period</EmptyState>
              ) : (
                <ul className="space-y-3">
                  {d.recent_comments.slice(0, 10).map((c, i) => (
                    <li key={`${c.created_at}-${i}`} className="rounded-lg border border-border/60 bg-background/40 p-3">
                      <div className="mb-1 flex flex-wrap items-center gap-2 text-xs text-muted-foreground">
                        <Stars n={c.rating} />
                        <span className="font-medium text-foreground">{c.user_name}</span>
                        <span>{formatDateTime(c.created_at, tz)}</span>
                      </div>
                      <p className="whitespace-pre-wrap break-words text-sm">{c.comment}</p>
                    </li>
                  ))}
                </ul>
              )}
            </Card>
            <Card
              title="Ratings"
              actions={
                <div className="flex items-center gap-2 text-sm">
                  <label htmlFor={ratingId} className="text-muted-foreground">
                    Rating
                  </label>
                  <select
                    id={ratingId}
                    value={rating}
                    onChange={(e) => setParam('rating', e.target.value === 'all' ? null : e.target.value)}
                    className="rounded-md border border-input bg-background px-2 py-1"
                  >
                    {RATING_FILTERS.map((r) => (
                      <option key={r} value={r}>
                        {r === 'all' ? 'All ratings' : `${r} only`}
                      </option>
                    ))}
                  </select>
                </div>
              }
            >
              {ratings.error && <ErrorBanner error={ratings.error} onRetry={() => ratings.refetch()} />}
              {!ratings.data && !ratings.error && <Loading />}
              {ratings.data && ratings.data.items.length === 0 && <EmptyState>{rating === 'all' ? 'No ratings yet' : 'No ratings match this filter'}</EmptyState>}
              {ratings.data && ratings.data.items.length > 0 && (
                <>
                  <ul className="divide-y divide-border/60" aria-label="Ratings list">
                    {ratings.data.items.map((r) => (
                      <li key={r.id} className="flex items-start gap-3 py-2.5 text-sm">
                        <Stars n={r.rating} />
                        <div className="min-w-0 flex-1">
                          <p className="text-xs text-muted-foreground">
                            <span className="font-medium text-foreground">{r.user_name}</span> · {formatDateTime(r.created_at, tz)}
                          </p>
                          {r.comment ? <p className="mt-0.5 break-words">{r.comment}</p> : <p className="mt-0.5 italic text-muted-foreground">No comment</p>}
                        </div>
                      </li>
                    ))}
                  </ul>
                  <Pagination
                    label="Ratings pages"
                    page={ratings.data.pagination.page}
                    totalPages={ratings.data.pagination.total_pages}
                    total={ratings.data.pagination.total}
                    onPage={(p) => setParam('ratings_page', String(p))}
                  />
                </>
              )}
            </Card>
          </div>
        </div>
      )}
    </div>
  );
}
