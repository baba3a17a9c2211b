// 7d / 30d / 90d / Custom, kept in the URL (`?period=`, `?from=&to=`). A group of toggle
// buttons: Tab reaches it, Left/Right (and Home/End) move between choices, Enter or Space picks.
import { useId, useRef, useState, type KeyboardEvent } from 'react';
import { useSearchParams } from 'react-router';
import { CalendarRange } from 'lucide-react';
import { PRESETS, isDay, readPeriod, writePeriod, type PeriodSelection } from '@/lib/period';
import { formatRange } from '@/lib/format';
import { cx } from './ui';

const CHOICES = [...PRESETS, 'Custom'] as const;
type Choice = (typeof CHOICES)[number];

function today(): string {
  return new Date().toISOString().slice(0, 10);
}

function daysBefore(day: string, n: number): string {
  const d = new Date(`${day}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() - n);
  return d.toISOString().slice(0, 10);
}

export function PeriodSelector() {
  const [params, setParams] = useSearchParams();
  const sel = readPeriod(params);
  const current: Choice = sel.kind === 'custom' ? 'Custom' : sel.period;
  const [customOpen, setCustomOpen] = useState(sel.kind === 'custom');
  const [from, setFrom] = useState(sel.kind === 'custom' ? sel.from : daysBefore(today(), 29));
  const [to, setTo] = useState(sel.kind === 'custom' ? sel.to : today());
  const [rangeError, setRangeError] = useState<string | null>(null);
  const refs = useRef<(HTMLButtonElement | null)[]>([]);
  const fromId = useId();
  const toId = useId();
  const errId = useId();

  const apply = (next: PeriodSelection) => setParams(writePeriod(params, next));

  const choose = (c: Choice) => {
    if (c === 'Custom') {
      setCustomOpen(true);
      return;
    }
    setCustomOpen(false);
    apply({ kind: 'preset', period: c });
  };

  const onKeyDown = (e: KeyboardEvent<HTMLButtonElement>, i: number) => {
    let next = i;
    if (e.key === 'ArrowRight') next = (i + 1) % CHOICES.length;
    else if (e.key === 'ArrowLeft') next = (i - 1 + CHOICES.length) % CHOICES.length;
    else if (e.key === 'Home') next = 0;
    else if (e.key === 'End') next = CHOICES.length - 1;
    else return;
    e.preventDefault();
    refs.current[next]?.focus();
  };

  const applyCustom = () => {
    if (!isDay(from) || !isDay(to)) return setRangeError('Enter both dates.');
    if (from > to) return setRangeError('The start must not be after the end.');
    setRangeError(null);
    apply({ kind: 'custom', from, to });
  };

  return (
    <div className="flex flex-wrap items-center justify-end gap-2">
      <div role="group" aria-label="Period" className="inline-flex rounded-lg border border-border bg-card p-0.5">
        {CHOICES.map((c, i) => {
          const pressed = c === current;
          return (
            <button
              key={c}
              ref={(el) => {
                refs.current[i] = el;
              }}
              type="button"
              aria-pressed={pressed}
              aria-expanded={c === 'Custom' ? customOpen : undefined}
              onClick={() => choose(c)}
              onKeyDown={(e) => onKeyDown(e, i)}
              className={cx(
                'inline-flex items-center gap-1 rounded-md px-3 py-1.5 text-sm font-medium transition-colors',
                pressed ? 'bg-primary text-primary-foreground' : 'text-muted-foreground hover:bg-muted hover:text-foreground',
              )}
            >
              {c === 'Custom' && <CalendarRange className="size-3.5" aria-hidden />}
              {c}
            </button>
          );
        })}
      </div>
      {customOpen && (
        <form
          className="flex flex-wrap items-center gap-2 text-sm"
          aria-label="Custom range"
          noValidate
          onSubmit={(e) => {
            e.preventDefault();
            applyCustom();
          }}
        >
          <label htmlFor={fromId} className="text-muted-foreground">
            From
          </label>
          <input
            id={fromId}
            type="date"
            value={from}
            max={to || undefined}
            onChange={(e) => setFrom(e.target.value)}
            aria-describedby={rangeError ? errId : undefined}
            className="rounded-md border border-input bg-background px-2 py-1 text-foreground"
          />
          <label htmlFor={toId} className="text-muted-foreground">
            To
          </label>
          <input
            id={toId}
            type="date"
            value={to}
            min={from || undefined}
            onChange={(e) => setTo(e.target.value)}
            className="rounded-md border border-input bg-background px-2 py-1 text-foreground"
          />
          <button type="submit" className="rounded-md bg-primary px-3 py-1 font-medium text-primary-foreground hover:opacity-90">
            Apply
          </button>
          {rangeError && (
            <span id={errId} role="alert" className="text-escalated">
              {rangeError}
            </span>
          )}
        </form>
      )}
      {sel.kind === 'custom' && !customOpen && <span className="text-sm text-muted-foreground">{formatRange(sel.from, sel.to)}</span>}
    </div>
  );
}
