import type { ReactNode } from 'react';
import { ArrowDownRight, ArrowRight, ArrowUpRight } from 'lucide-react';
import type { Delta } from '@/lib/format';
import { cx } from './ui';

/**
 * A figure with its label (as the spec writes it) and its change against the previous period;
 * `higherIsBetter` colours the change (a longer average duration is not an improvement).
 */
export function StatCard({
  label,
  value,
  delta,
  hint,
  higherIsBetter = true,
  children,
}: {
  label: string;
  value: string;
  delta?: Delta | null;
  hint?: ReactNode;
  higherIsBetter?: boolean;
  children?: ReactNode;
}) {
  const id = `stat-${label.toLowerCase().replace(/[^a-z0-9]+/g, '-')}`;
  const good = delta && delta.direction !== 'flat' && (delta.direction === 'up') === higherIsBetter;
  const Icon = !delta ? null : delta.direction === 'up' ? ArrowUpRight : delta.direction === 'down' ? ArrowDownRight : ArrowRight;
  return (
    <div role="group" aria-labelledby={id} className="min-w-0 rounded-xl border border-border bg-card p-5">
      <p id={id} className="text-sm font-medium text-muted-foreground">
        {label}
      </p>
      <p className="mt-2 truncate text-3xl font-semibold tabular-nums tracking-tight" data-stat-value>
        {value}
      </p>
      <div className="mt-2 flex min-h-5 flex-wrap items-center gap-x-2 text-xs">
        {delta && Icon && (
          <span
            aria-label={delta.label}
            title={delta.label}
            className={cx(
              'inline-flex items-center gap-0.5 font-medium tabular-nums',
              delta.direction === 'flat' ? 'text-muted-foreground' : good ? 'text-resolved' : 'text-escalated',
            )}
          >
            <Icon className="size-3.5" aria-hidden />
            {delta.text}
          </span>
        )}
        {delta && <span className="text-muted-foreground">vs previous period</span>}
        {hint && <span className="text-muted-foreground">{hint}</span>}
      </div>
      {children}
    </div>
  );
}
