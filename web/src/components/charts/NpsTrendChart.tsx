import { Bar, CartesianGrid, ComposedChart, Line, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { formatDay } from '@/lib/format';
import { ChartFigure } from './ChartFigure';

type Row = { date: string; count: number; nps: number | null; avg: number | null };

function signed(n: number | null): string {
  if (n === null) return '—';
  return n > 0 ? `+${n}` : n < 0 ? `−${Math.abs(n)}` : '0';
}

/** The daily NPS (a line, −100..100; no point on a day without responses) over the responses (bars). */
export function NpsTrendChart({ rows, label, height = 240 }: { rows: Row[]; label: string; height?: number }) {
  return (
    <ChartFigure
      label={label}
      columns={['Day', 'Responses', 'NPS', 'Average score']}
      rows={rows.map((r) => [formatDay(r.date, true), r.count, signed(r.nps), r.avg === null ? '—' : r.avg.toFixed(1)])}
      height={height}
    >
      <ResponsiveContainer width="100%" height="100%">
        <ComposedChart data={rows} margin={{ top: 8, right: 4, bottom: 0, left: 0 }}>
          <CartesianGrid stroke="hsl(223 20% 22%)" strokeDasharray="3 3" vertical={false} />
          <XAxis dataKey="date" tickFormatter={(d: string) => formatDay(d)} tickLine={false} axisLine={false} minTickGap={24} fontSize={12} />
          <YAxis yAxisId="nps" domain={[-100, 100]} ticks={[-100, -50, 0, 50, 100]} tickLine={false} axisLine={false} fontSize={12} width={40} />
          <YAxis yAxisId="count" orientation="right" allowDecimals={false} tickLine={false} axisLine={false} fontSize={12} width={32} />
          <Tooltip
            content={(p) => {
              const r = p.payload?.[0]?.payload as Row | undefined;
              if (!p.active || !r) return null;
              return (
                <div className="rounded-lg border border-border bg-popover px-3 py-2 text-xs shadow-lg">
                  <p className="mb-1 font-medium text-foreground">{formatDay(r.date, true)}</p>
                  <p className="text-muted-foreground">
                    NPS <span className="tabular-nums text-foreground">{signed(r.nps)}</span>
                  </p>
                  <p className="text-muted-foreground">
                    Responses <span className="tabular-nums text-foreground">{r.count}</span>
                  </p>
                  {r.avg !== null && (
                    <p className="text-muted-foreground">
                      Average score <span className="tabular-nums text-foreground">{r.avg.toFixed(1)}</span>
                    </p>
                  )}
                </div>
              );
            }}
          />
          <Bar yAxisId="count" dataKey="count" name="Responses" fill="hsl(243 40% 32%)" radius={[3, 3, 0, 0]} isAnimationActive={false} />
          <Line
            yAxisId="nps"
            type="linear"
            dataKey="nps"
            name="NPS"
            stroke="hsl(243, 75%, 65%)"
            strokeWidth={2}
            dot={{ r: 3, fill: 'hsl(243, 75%, 65%)' }}
            connectNulls
            isAnimationActive={false}
          />
        </ComposedChart>
      </ResponsiveContainer>
    </ChartFigure>
  );
}
