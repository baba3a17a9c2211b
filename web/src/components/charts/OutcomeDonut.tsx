import { Cell, Pie, PieChart, ResponsiveContainer, Tooltip } from 'recharts';
import { formatCount, formatRate } from '@/lib/format';
import { ChartFigure } from './ChartFigure';
import type { DonutSlice } from './shape';

/** The outcome split as a donut, with its legend of figures beside it. */
export function OutcomeDonut({ slices, label }: { slices: DonutSlice[]; label: string }) {
  const total = slices.reduce((s, x) => s + x.value, 0);
  return (
    <div className="flex flex-wrap items-center gap-6">
      <div className="relative w-48 shrink-0">
        <ChartFigure label={label} columns={['Outcome', 'Sessions', 'Share']} rows={slices.map((s) => [s.name, s.value, formatRate(s.share)])} height={192}>
          <ResponsiveContainer width="100%" height="100%">
            <PieChart>
              <Pie data={slices} dataKey="value" nameKey="name" innerRadius={58} outerRadius={86} paddingAngle={2} stroke="none" isAnimationActive={false}>
                {slices.map((s) => (
                  <Cell key={s.key} fill={s.colour} />
                ))}
              </Pie>
              <Tooltip
                content={(p) => {
                  const e = p.payload?.[0];
                  if (!p.active || !e) return null;
                  return (
                    <div className="rounded-lg border border-border bg-popover px-3 py-2 text-xs shadow-lg">
                      {String(e.name)}: {String(e.value)}
                    </div>
                  );
                }}
              />
            </PieChart>
          </ResponsiveContainer>
        </ChartFigure>
        <div aria-hidden className="pointer-events-none absolute inset-0 flex flex-col items-center justify-center">
          <span className="text-2xl font-semibold tabular-nums">{formatCount(total)}</span>
          <span className="text-xs text-muted-foreground">completed</span>
        </div>
      </div>
      <ul className="min-w-40 max-w-sm flex-1 space-y-2 text-sm">
        {slices.map((s) => (
          <li key={s.key} className="flex items-center gap-2">
            <span className="inline-block size-2.5 rounded-full" style={{ background: s.colour }} aria-hidden />
            <span>{s.name}</span>
            <span className="ml-auto tabular-nums text-muted-foreground">
              {formatCount(s.value)} · {formatRate(s.share)}
            </span>
          </li>
        ))}
      </ul>
    </div>
  );
}
