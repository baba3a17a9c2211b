// The NPS tab (GET /admin/nps): the score with its 95 % interval, the breakdown, the 30-day
// trend, the campaigns (admins create and stop them) and the recent responses. Clicking a
// campaign filters every figure to it (`?campaign_id=`), with a "Showing <name>. Clear filter"
// banner.
import { useSearchParams } from 'react-router';
import { Filter, Square } from 'lucide-react';
import { InlineConfirm } from '@/components/InlineConfirm';
import { StatCard } from '@/components/StatCard';
import { NpsTrendChart } from '@/components/charts/NpsTrendChart';
import { Card, EmptyState, ErrorBanner, Loading, Skeleton, Table, Td, Th, cx } from '@/components/ui';
import { formatCount, formatDateTime, formatRange, formatRate } from '@/lib/format';
import { useMe } from '@/lib/me';
import { useCreateCampaign, useNpsDashboard, useStopCampaign } from './api';
import { CampaignForm } from './CampaignForm';
import { NpsBreakdown } from './NpsBreakdown';
import { CATEGORY_COLOUR, categoryOf, dayIn, formatNps, isEmptyTrend, trendRows, type Campaign } from './shape';

const STATUS_STYLE: Record<Campaign['status'], string> = {
  active: 'bg-resolved/15 text-resolved',
  scheduled: 'bg-primary/20 text-foreground',
  ended: 'bg-muted text-muted-foreground',
};
const STATUS_LABEL: Record<Campaign['status'], string> = { active: 'Active', scheduled: 'Scheduled', ended: 'Ended' };

export function campaignDates(c: Campaign, tz: string): string {
  return formatRange(dayIn(c.starts_at, tz), dayIn(c.ends_at, tz));
}

export function NpsTab() {
  const me = useMe();
  const tz = me.data?.account.timezone ?? 'UTC';
  const canManage = me.data?.can.nps_manage ?? false;
  const [params, setParams] = useSearchParams();
  const campaignId = params.get('campaign_id') || null;
  const q = useNpsDashboard(campaignId);
  const create = useCreateCampaign();
  const stop = useStopCampaign();

  const setCampaign = (id: string | null) => {
    const next = new URLSearchParams({ tab: 'nps' });
    if (id) next.set('campaign_id', id);
    setParams(next);
  };

  const d = q.data;
  const selected = campaignId ? d?.campaigns.find((c) => c.id === campaignId) : undefined;
  const nameOf = (id: string | null) => (id ? (d?.campaigns.find((c) => c.id === id)?.name ?? 'A campaign') : null);
  const rows = d ? trendRows(d.trend) : [];

  return (
    <div>
      {campaignId && (
        <div role="status" aria-label="Campaign filter" className="mb-4 flex flex-wrap items-center gap-2 rounded-lg border border-primary/50 bg-primary/10 px-4 py-2.5 text-sm">
          <Filter className="size-4 text-primary" aria-hidden />
          <span>
            Showing <strong className="font-semibold">{selected?.name ?? (d ? 'an unknown campaign' : 'the selected campaign')}</strong>.
          </span>{' '}
          <button type="button" onClick={() => setCampaign(null)} className="font-medium text-primary underline-offset-2 hover:underline">
            Clear filter
          </button>
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
          <div className="grid gap-4 lg:grid-cols-3">
            <Skeleton className="h-40" />
            <Skeleton className="h-40 lg:col-span-2" />
          </div>
        </>
      )}

      {d && (
        <div className={q.isPlaceholderData ? 'opacity-60 transition-opacity' : ''} aria-busy={q.isFetching}>
          <div className="grid gap-4 lg:grid-cols-3">
            <div className="grid gap-4">
              <StatCard
                label="NPS Score"
                value={formatNps(d.nps_score)}
                hint={
                  d.confidence ? (
                    <span data-confidence>
                      95% CI {formatNps(d.confidence.low)} to {formatNps(d.confidence.high)}
                    </span>
                  ) : d.total_responses > 0 ? (
                    'Too few responses for an interval'
                  ) : (
                    'No responses yet'
                  )
                }
              />
              <StatCard label="Responses" value={formatCount(d.total_responses)} hint={selected ? selected.name : 'all campaigns and unattached'} />
            </div>
            <Card title="Breakdown" className="lg:col-span-2">
              <NpsBreakdown breakdown={d.breakdown} total={d.total_responses} />
            </Card>
          </div>

          <Card title="30-day trend" className="mt-4">
            {isEmptyTrend(rows) ? (
              <EmptyState>No responses in the last 30 days</EmptyState>
            ) : (
              <NpsTrendChart rows={rows} label="NPS per day, last 30 days" height={220} />
            )}
          </Card>

          <Card title="Campaigns" className="mt-4">
            {canManage ? (
              <div className="mb-4">
                <CampaignForm
                  timeZone={tz}
                  pending={create.isPending}
                  error={create.error?.message ?? null}
                  onCreate={(body) => create.mutateAsync(body)}
                />
              </div>
            ) : (
              <p className="mb-3 text-xs text-muted-foreground">Only admins can create or stop campaigns.</p>
            )}
            {d.campaigns.length === 0 ? (
              <EmptyState>No campaigns yet</EmptyState>
            ) : (
              <Table caption="Campaigns">
                <thead>
                  <tr>
                    <Th>Name</Th>
                    <Th>Dates</Th>
                    <Th>Status</Th>
                    <Th align="right">Responses</Th>
                    <Th align="right">Response rate</Th>
                    {canManage && (
                      <Th align="right">
                        <span className="sr-only">Actions</span>
                      </Th>
                    )}
                  </tr>
                </thead>
                <tbody>
                  {d.campaigns.map((c) => {
                    const isSelected = c.id === campaignId;
                    return (
                      <tr key={c.id} className={cx(isSelected && 'bg-accent/40')}>
                        <Td>
                          <button
                            type="button"
                            aria-pressed={isSelected}
                            onClick={() => setCampaign(isSelected ? null : c.id)}
                            title={isSelected ? 'Show every response' : `Show ${c.name} only`}
                            className="text-left font-medium underline-offset-2 hover:text-primary hover:underline"
                          >
                            {c.name}
                          </button>
                        </Td>
                        <Td className="whitespace-nowrap text-muted-foreground">{campaignDates(c, tz)}</Td>
                        <Td>
                          <span className={cx('inline-flex rounded-full px-2 py-0.5 text-xs font-medium', STATUS_STYLE[c.status])}>{STATUS_LABEL[c.status]}</span>
                          {c.stopped_at && <span className="ml-1.5 text-xs text-muted-foreground">stopped</span>}
                        </Td>
                        <Td align="right">{formatCount(c.response_count)}</Td>
                        <Td align="right">{formatRate(c.response_rate)}</Td>
                        {canManage && (
                          <Td align="right">
                            {c.status !== 'ended' && (
                              <InlineConfirm
                                trigger={
                                  <>
                                    <Square className="size-3.5" aria-hidden />
                                    Stop
                                  </>
                                }
                                triggerLabel={`Stop ${c.name}`}
                                question={c.status === 'scheduled' ? 'Cancel this campaign before it starts?' : 'Stop this campaign now?'}
                                confirmLabel="Stop campaign"
                                pending={stop.isPending && stop.variables === c.id}
                                error={stop.error && stop.variables === c.id ? stop.error.message : null}
                                onConfirm={() => stop.mutate(c.id)}
                              />
                            )}
                          </Td>
                        )}
                      </tr>
                    );
                  })}
                </tbody>
              </Table>
            )}
          </Card>

          <Card title="Recent responses" className="mt-4">
            {d.recent_responses.length === 0 ? (
              <EmptyState>{campaignId ? 'No responses to this campaign yet' : 'No responses yet'}</EmptyState>
            ) : (
              <ul className="divide-y divide-border/60" aria-label="Recent responses list">
                {d.recent_responses.map((r) => {
                  const cat = categoryOf(r.score);
                  return (
                    <li key={r.id} className="flex items-start gap-3 py-2.5 text-sm">
                      <span
                        className="inline-flex size-8 shrink-0 items-center justify-center rounded-md text-sm font-semibold tabular-nums text-background"
                        style={{ background: CATEGORY_COLOUR[cat] }}
                        aria-label={`Score ${r.score} (${cat})`}
                      >
                        {r.score}
                      </span>
                      <div className="min-w-0 flex-1">
                        <p className="text-xs text-muted-foreground">
                          <span className="font-medium text-foreground">{r.user_name}</span> · {r.user_email} · {formatDateTime(r.created_at, tz)} ·{' '}
                          {nameOf(r.campaign_id) ?? 'No campaign'}
                        </p>
                        {r.comment ? <p className="mt-0.5 break-words">{r.comment}</p> : <p className="mt-0.5 italic text-muted-foreground">No comment</p>}
                      </div>
                    </li>
                  );
                })}
              </ul>
            )}
          </Card>
        </div>
      )}
    </div>
  );
}
