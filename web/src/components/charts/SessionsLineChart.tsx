import { CartesianGrid, Legend, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { formatDay } from '@/lib/format';
import { ChartFigure } from './ChartFigure';
import { DayTooltip } from './ChartTooltip';

type Row = { date: string; sessions: number; completed: number };

/** Sessions (and completed sessions) per day as lines. */
export function SessionsLineChart({ rows, label, height = 260 }: { rows: Row[]; label: string; height?: number }) {
  return (
    <ChartFigure
      label={label}
      columns={['Day', 'Sessions', 'Completed']}
      rows={rows.map((r) => [formatDay(r.date, true), r.sessions, r.completed])}
      height={height}
    >
      <ResponsiveContainer width="100%" height="100%">
        <LineChart data={rows} margin={{ top: 8, right: 12, bottom: 0, left: -12 }}>
          <CartesianGrid stroke="hsl(223 20% 22%)" strokeDasharray="3 3" vertical={false} />
          <XAxis dataKey="date" tickFormatter={(d: string) => formatDay(d)} tickLine={false} axisLine={false} minTickGap={24} fontSize={12} />
          <YAxis allowDecimals={false} tickLine={false} axisLine={false} fontSize={12} width={44} />
          <Tooltip content={(p) => <DayTooltip active={p.active} payload={p.payload as never} label={p.label as string} />} />
          <Legend iconType="circle" iconSize={8} wrapperStyle={{ fontSize: 12 }} itemSorter="dataKey" />
          <Line type="monotone" dataKey="completed" name="Completed" stroke="#34d399" strokeWidth={2} dot={false} isAnimationActive={false} />
          <Line type="monotone" dataKey="sessions" name="Sessions" stroke="hsl(243, 75%, 65%)" strokeWidth={2} dot={false} isAnimationActive={false} />
        </LineChart>
      </ResponsiveContainer>
    </ChartFigure>
  );
}
