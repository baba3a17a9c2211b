import { useSearchParams } from 'react-router';
import { PeriodSelector } from '@/components/PeriodSelector';
import { FlowTable } from '@/components/FlowTable';
import { StatCard } from '@/components/StatCard';
import { OutcomeDonut } from '@/components/charts/OutcomeDonut';
import { SessionsLineChart } from '@/components/charts/SessionsLineChart';
import { OUTCOMES, OUTCOME_COLOUR, OUTCOME_LABEL, donutSlices, isEmptySeries, outcomeRows } from '@/components/charts/shape';
import { Card, EmptyState, ErrorBanner, PageHeader, Skeleton } from '@/components/ui';
import { formatCount, formatDelta, formatMinutes, formatRange, formatRate } from '@/lib/format';
import { periodSearch, readPeriod } from '@/lib/period';
import type { OutcomeBreakdown } from '@/lib/api/types';
import { useMyAnalytics } from './api';
import { StatCardsSkeleton } from './StatCardsSkeleton';

/** A thin bar of the four outcomes, under the resolved share and the four counts. */
function OutcomeSplit({ b }: { b: OutcomeBreakdown }) {
  const total = OUTCOMES.reduce((s, k) => s + b[k], 0);
  if (total === 0) return null;
  return (
    <div className="mt-3 flex h-2 overflow-hidden rounded-full bg-muted" aria-hidden>
      {OUTCOMES.map((k) => (b[k] > 0 ? <div key={k} style={{ width: `${(b[k] / total) * 100}%`, background: OUTCOME_COLOUR[k] }} /> : null))}
    </div>
  );
}

function splitText(b: OutcomeBreakdown): { value: string; hint: string } {
  const total = OUTCOMES.reduce((s, k) => s + b[k], 0);
  if (total === 0) return { value: '—', hint: 'no completed sessions' };
  return {
    value: formatRate(b.resolved / total),
    // A count stays on one line with its outcome: the hint wraps only between them.
    hint: OUTCOMES.map((k) => `${formatCount(b[k])}\u00a0${OUTCOME_LABEL[k].toLowerCase()}`).join(' · '),
  };
}

export default function MyAnalyticsPage() {
  const [params] = useSearchParams();
  const period = readPeriod(params);
  const q = useMyAnalytics(period);
  const d = q.data;
  const rows = d ? outcomeRows(d.time_series, d.period.from, d.period.to) : [];
  const slices = d ? donutSlices(d.summary.outcome_breakdown) : [];
  const split = d ? splitText(d.summary.outcome_breakdown) : null;

  return (
    <div>
      <PageHeader title="My Analytics" subtitle={d ? `${formatRange(d.period.from, d.period.to)} · ${d.period.timezone}` : ' '}>
        <PeriodSelector />
      </PageHeader>
      {q.error && (
        <div className="mb-6">
          <ErrorBanner error={q.error} onRetry={() => q.refetch()} />
        </div>
      )}
      {!d && !q.error && (
        <>
          <StatCardsSkeleton />
          <Skeleton className="mt-4 h-72 w-full" />
        </>
      )}
      {d && split && (
        <div className={q.isPlaceholderData ? 'opacity-60 transition-opacity' : ''} aria-busy={q.isFetching}>
          <div className="grid grid-cols-2 gap-4 xl:grid-cols-4">
            <StatCard label="My Sessions" value={formatCount(d.summary.total_sessions)} delta={formatDelta(d.summary.total_sessions, d.previous.total_sessions, 'percent')} />
            <StatCard
              label="My Completion Rate"
              value={formatRate(d.summary.completion_rate)}
              delta={formatDelta(d.summary.completion_rate, d.previous.completion_rate, 'points')}
            />
            <StatCard
              label="My Avg Duration"
              value={formatMinutes(d.summary.avg_duration_minutes)}
              delta={formatDelta(d.summary.avg_duration_minutes, d.previous.avg_duration_minutes, 'percent')}
              higherIsBetter={false}
            />
            <StatCard label="My Outcome Split" value={split.value} hint={split.hint}>
              <OutcomeSplit b={d.summary.outcome_breakdown} />
            </StatCard>
          </div>

          <Card title="My sessions per day" className="mt-4">
            {isEmptySeries(rows) ? <EmptyState>No sessions in this period</EmptyState> : <SessionsLineChart rows={rows} label="My sessions per day" />}
          </Card>

          <div className="mt-4 grid gap-4 2xl:grid-cols-2">
            <Card title="My Top Flows">
              <FlowTable flows={d.top_flows} caption="My Top Flows" search={periodSearch(params)} />
            </Card>
            <Card title="Outcome distribution">
              {slices.length === 0 ? (
                <EmptyState>No completed sessions in this period</EmptyState>
              ) : (
                <OutcomeDonut slices={slices} label="My outcome distribution" />
              )}
            </Card>
          </div>
        </div>
      )}
    </div>
  );
}
