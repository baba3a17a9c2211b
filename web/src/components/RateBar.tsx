import { formatRate } from '@/lib/format';

/** A horizontal bar of a rate (0..1) with its figure; an empty track when there is none. */
export function RateBar({ rate, label }: { rate: number | null; label: string }) {
  const pct = rate === null ? 0 : Math.max(0, Math.min(1, rate)) * 100;
  const colour = rate === null ? '' : rate >= 0.7 ? 'bg-resolved' : rate >= 0.4 ? 'bg-workaround' : 'bg-escalated';
  return (
    <div className="flex items-center gap-2">
      <div
        role="meter"
        aria-label={label}
        aria-valuemin={0}
        aria-valuemax={100}
        aria-valuenow={rate === null ? undefined : Math.round(pct * 10) / 10}
        aria-valuetext={formatRate(rate)}
        className="h-2 w-28 shrink-0 overflow-hidden rounded-full bg-muted"
      >
        <div className={`h-full rounded-full ${colour}`} style={{ width: `${pct}%` }} />
      </div>
      <span className="w-14 text-right tabular-nums">{formatRate(rate)}</span>
    </div>
  );
}
