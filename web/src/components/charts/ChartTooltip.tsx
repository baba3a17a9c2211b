import { formatDay } from '@/lib/format';

type Entry = { name?: string | number; value?: unknown; color?: string; dataKey?: unknown };

/** The tooltip of the daily charts: the day, then each series' figure. */
export function DayTooltip({
  active,
  payload,
  label,
  total,
}: {
  active?: boolean;
  payload?: readonly Entry[];
  label?: string | number;
  total?: number;
}) {
  if (!active || !payload || payload.length === 0) return null;
  return (
    <div className="rounded-lg border border-border bg-popover px-3 py-2 text-xs shadow-lg">
      <p className="mb-1 font-medium text-foreground">{typeof label === 'string' ? formatDay(label, true) : label}</p>
      {total !== undefined && <p className="mb-1 text-muted-foreground">Sessions: {total}</p>}
      <ul className="space-y-0.5">
        {payload.map((p) => (
          <li key={String(p.dataKey ?? p.name)} className="flex items-center gap-2">
            <span className="inline-block size-2 rounded-full" style={{ background: p.color }} aria-hidden />
            <span className="text-muted-foreground">{p.name}</span>
            <span className="ml-auto tabular-nums text-foreground">{String(p.value ?? '')}</span>
          </li>
        ))}
      </ul>
    </div>
  );
}
