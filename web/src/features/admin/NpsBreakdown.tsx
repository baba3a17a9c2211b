// Promoters / passives / detractors: one stacked bar (widths from the counts) and the API's
// count and percentage of each category as text.
import { formatCount } from '@/lib/format';
import { breakdownSegments, type Breakdown } from './shape';

export function NpsBreakdown({ breakdown, total }: { breakdown: Breakdown; total: number }) {
  const segments = breakdownSegments(breakdown);
  return (
    <div>
      <div
        role="img"
        aria-label={
          total === 0
            ? 'No responses yet'
            : segments.map((s) => `${s.label} ${s.pct ?? 0}%`).join(', ')
        }
        className="flex h-3 w-full overflow-hidden rounded-full bg-muted"
      >
        {total > 0 &&
          segments.map((s) => (
            <div key={s.key} className="h-full" style={{ width: `${s.count / total * 100}%`, background: s.colour }} />
          ))}
      </div>
      <ul className="mt-4 grid grid-cols-3 gap-3" aria-label="NPS breakdown">
        {segments.map((s) => (
          <li key={s.key} aria-label={s.label} className="min-w-0 rounded-lg border border-border/60 bg-background/40 p-3">
            <div className="flex items-center gap-2 text-sm">
              <span className="inline-block size-2.5 shrink-0 rounded-full" style={{ background: s.colour }} aria-hidden />
              <span className="font-medium text-foreground">{s.label}</span>
            </div>
            <p className="mt-2 text-2xl font-semibold tabular-nums" data-pct>
              {s.pct === null ? '—' : `${s.pct}%`}
            </p>
            <p className="text-xs text-muted-foreground">
              <span data-count>
                {formatCount(s.count)} {s.count === 1 ? 'response' : 'responses'}
              </span>
              <span className="block">scores {s.range}</span>
            </p>
          </li>
        ))}
      </ul>
    </div>
  );
}
