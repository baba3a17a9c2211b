import { Link, useSearchParams } from 'react-router';
import { X } from 'lucide-react';
import { PeriodSelector } from '@/components/PeriodSelector';
import { FlowTable } from '@/components/FlowTable';
import { StatCard } from '@/components/StatCard';
import { OutcomeAreaChart } from '@/components/charts/OutcomeAreaChart';
import { isEmptySeries, outcomeRows } from '@/components/charts/shape';
import { Card, EmptyState, ErrorBanner, NotPermitted, PageHeader, Skeleton, Table, Td, Th, isForbidden } from '@/components/ui';
import { formatCount, formatDelta, formatMinutes, formatRange, formatRate } from '@/lib/format';
import { useMe } from '@/lib/me';
import { periodSearch, readPeriod } from '@/lib/period';
import { useTeamAnalytics } from './api';
import { StatCardsSkeleton } from './StatCardsSkeleton';

export default function TeamAnalyticsPage() {
  const me = useMe();
  const [params, setParams] = useSearchParams();
  const period = readPeriod(params);
  const engineerId = params.get('engineer_id');
  const allowed = me.data?.can.team_analytics ?? false;
  const q = useTeamAnalytics(period, engineerId, allowed);

  if (me.data && !allowed) return <NotPermitted what="Team Analytics" />;
  if (q.error && isForbidden(q.error)) return <NotPermitted what="Team Analytics" />;

  const d = q.data;
  const engineerName = engineerId ? (d?.top_engineers.find((e) => e.user_id === engineerId)?.name ?? 'Selected engineer') : null;
  const clearEngineer = () => {
    const next = new URLSearchParams(params);
    next.delete('engineer_id');
    setParams(next);
  };
  const withEngineer = (id: string) => {
    const next = new URLSearchParams(params);
    next.set('engineer_id', id);
    return `?${next.toString()}`;
  };
  const rows = d ? outcomeRows(d.time_series, d.period.from, d.period.to) : [];

  return (
    <div>
      <PageHeader title="Team Analytics" subtitle={d ? `${formatRange(d.period.from, d.period.to)} · ${d.period.timezone}` : ' '}>
        <PeriodSelector />
      </PageHeader>

      {engineerId && (
        <div className="mb-4 flex items-center gap-2 text-sm">
          <span className="text-muted-foreground">Engineer:</span>
          <span className="inline-flex items-center gap-1 rounded-full border border-primary/50 bg-primary/15 py-1 pl-3 pr-1 text-foreground">
            {engineerName}
            <button
              type="button"
              onClick={clearEngineer}
              aria-label={`Clear engineer filter (${engineerName})`}
              className="rounded-full p-1 hover:bg-primary/30"
            >
              <X className="size-3.5" aria-hidden />
            </button>
          </span>
        </div>
      )}

      {q.error && (
        <div className="mb-6">
          <ErrorBanner error={q.error} onRetry={() => q.refetch()} />
        </div>
      )}

      {!d && !q.error && <StatCardsSkeleton />}

      {d && (
        <div className={q.isPlaceholderData ? 'opacity-60 transition-opacity' : ''} aria-busy={q.isFetching}>
          <div className="grid grid-cols-2 gap-4 xl:grid-cols-4">
            <StatCard label="Total Sessions" value={formatCount(d.summary.total_sessions)} delta={formatDelta(d.summary.total_sessions, d.previous.total_sessions, 'percent')} />
            <StatCard
              label="Completion Rate"
              value={formatRate(d.summary.completion_rate)}
              delta={formatDelta(d.summary.completion_rate, d.previous.completion_rate, 'points')}
            />
            <StatCard
              label="Avg Duration"
              value={formatMinutes(d.summary.avg_duration_minutes)}
              delta={formatDelta(d.summary.avg_duration_minutes, d.previous.avg_duration_minutes, 'percent')}
              higherIsBetter={false}
            />
            <StatCard
              label="Active Engineers"
              value={formatCount(d.summary.active_engineers)}
              delta={formatDelta(d.summary.active_engineers, d.previous.active_engineers, 'percent')}
            />
          </div>

          <Card title="Sessions per day by outcome" className="mt-4">
            {isEmptySeries(rows) ? <EmptyState>No sessions in this period</EmptyState> : <OutcomeAreaChart rows={rows} label="Sessions per day by outcome" />}
          </Card>

          <div className="mt-4 grid gap-4 2xl:grid-cols-2">
            <Card title="Flow leaderboard">
              <FlowTable flows={d.top_flows} caption="Flow leaderboard" search={periodSearch(params)} />
            </Card>
            <Card title="Engineer leaderboard">
              {d.top_engineers.length === 0 ? (
                <EmptyState>No sessions in this period</EmptyState>
              ) : (
                <Table caption="Engineer leaderboard">
                  <thead>
                    <tr>
                      <Th>Engineer</Th>
                      <Th align="right">Sessions</Th>
                      <Th align="right">Completion</Th>
                      <Th align="right">Avg duration</Th>
                    </tr>
                  </thead>
                  <tbody>
                    {d.top_engineers.map((e) => (
                      <tr key={e.user_id} className={e.user_id === engineerId ? 'bg-primary/10' : undefined}>
                        <Td className="max-w-56 truncate">
                          <Link
                            to={withEngineer(e.user_id)}
                            className="font-medium text-foreground underline-offset-2 hover:text-primary hover:underline"
                          >
                            {e.name}
                          </Link>
                        </Td>
                        <Td align="right">{formatCount(e.sessions)}</Td>
                        <Td align="right">{formatRate(e.completion_rate)}</Td>
                        <Td align="right">{formatMinutes(e.avg_duration_minutes)}</Td>
                      </tr>
                    ))}
                  </tbody>
                </Table>
              )}
            </Card>
          </div>
        </div>
      )}
      {!d && !q.error && (
        <div className="mt-4 space-y-4">
          <Skeleton className="h-72 w-full" />
        </div>
      )}
    </div>
  );
}
