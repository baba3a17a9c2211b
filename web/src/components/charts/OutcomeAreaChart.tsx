import { Area, AreaChart, CartesianGrid, Legend, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { formatDay } from '@/lib/format';
import { ChartFigure } from './ChartFigure';
import { DayTooltip } from './ChartTooltip';
import { OUTCOME_COLOUR, OUTCOME_LABEL, STACK_ORDER, type OutcomeRow } from './shape';

/** Sessions per day stacked by outcome (and in progress), with a legend and a tooltip. */
export function OutcomeAreaChart({ rows, label }: { rows: OutcomeRow[]; label: string }) {
  return (
    <ChartFigure
      label={label}
      columns={['Day', 'Sessions', ...STACK_ORDER.map((k) => OUTCOME_LABEL[k])]}
      rows={rows.map((r) => [formatDay(r.date, true), r.sessions, ...STACK_ORDER.map((k) => r[k])])}
      height={280}
    >
      <ResponsiveContainer width="100%" height="100%">
        <AreaChart data={rows} margin={{ top: 8, right: 12, bottom: 0, left: -12 }}>
          <CartesianGrid stroke="hsl(223 20% 22%)" strokeDasharray="3 3" vertical={false} />
          <XAxis dataKey="date" tickFormatter={(d: string) => formatDay(d)} tickLine={false} axisLine={false} minTickGap={24} fontSize={12} />
          <YAxis allowDecimals={false} tickLine={false} axisLine={false} fontSize={12} width={44} />
          <Tooltip
            itemSorter={(item) => -STACK_ORDER.indexOf(item.dataKey as (typeof STACK_ORDER)[number])}
            content={(p) => (
              <DayTooltip
                active={p.active}
                payload={p.payload as never}
                label={p.label as string}
                total={(p.payload?.[0]?.payload as OutcomeRow | undefined)?.sessions}
              />
            )}
          />
          <Legend
            iconType="circle"
            iconSize={8}
            wrapperStyle={{ fontSize: 12 }}
            itemSorter={(item) => STACK_ORDER.indexOf(item.dataKey as (typeof STACK_ORDER)[number])}
          />
          {STACK_ORDER.map((k) => (
            <Area
              key={k}
              type="monotone"
              dataKey={k}
              name={OUTCOME_LABEL[k]}
              stackId="outcomes"
              stroke={OUTCOME_COLOUR[k]}
              fill={OUTCOME_COLOUR[k]}
              fillOpacity={0.35}
              strokeWidth={1.5}
              isAnimationActive={false}
            />
          ))}
        </AreaChart>
      </ResponsiveContainer>
    </ChartFigure>
  );
}
