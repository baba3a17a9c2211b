// The analytics window in the URL: `?period=7d|30d|90d` or `?from=YYYY-MM-DD&to=YYYY-MM-DD`
// (custom), so that a view can be linked and reloaded. Other parameters are kept.
import type { PeriodQuery, PresetPeriod } from './api/types';

export const PRESETS: readonly PresetPeriod[] = ['7d', '30d', '90d'];
export const DEFAULT_PERIOD: PresetPeriod = '30d';

export type PeriodSelection = { kind: 'preset'; period: PresetPeriod } | { kind: 'custom'; from: string; to: string };

const DAY = /^\d{4}-\d{2}-\d{2}$/;

export function isDay(s: string | null | undefined): s is string {
  if (!s || !DAY.test(s)) return false;
  const d = new Date(`${s}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === s;
}

function isPreset(s: string | null): s is PresetPeriod {
  return s !== null && (PRESETS as readonly string[]).includes(s);
}

/** The selection the URL holds (a valid custom range wins; else a preset; else 30d). */
export function readPeriod(params: URLSearchParams): PeriodSelection {
  const from = params.get('from');
  const to = params.get('to');
  if (isDay(from) && isDay(to)) return { kind: 'custom', from, to };
  const period = params.get('period');
  return { kind: 'preset', period: isPreset(period) ? period : DEFAULT_PERIOD };
}

/** `params` with `sel` written into it (the other window parameters removed). */
export function writePeriod(params: URLSearchParams, sel: PeriodSelection): URLSearchParams {
  const next = new URLSearchParams(params);
  next.delete('period');
  next.delete('from');
  next.delete('to');
  if (sel.kind === 'preset') next.set('period', sel.period);
  else {
    next.set('from', sel.from);
    next.set('to', sel.to);
  }
  return next;
}

/** The API's query for `sel`. */
export function periodQuery(sel: PeriodSelection): Pick<PeriodQuery, 'period' | 'from' | 'to'> {
  return sel.kind === 'preset' ? { period: sel.period } : { from: sel.from, to: sel.to };
}

/** A stable key for caches. */
export function periodKey(sel: PeriodSelection): string {
  return sel.kind === 'preset' ? sel.period : `${sel.from}..${sel.to}`;
}

/** The window parameters of `params` only, to carry into links ("?period=7d"). */
export function periodSearch(params: URLSearchParams): string {
  const out = writePeriod(new URLSearchParams(), readPeriod(params));
  return `?${out.toString()}`;
}
