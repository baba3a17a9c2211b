// How figures are written: rates, minutes, counts, changes against the previous period, days
// and times (in the account's time zone).

const count = new Intl.NumberFormat('en-US');

// Building an Intl.DateTimeFormat costs far more than using one (a chart formats every tick and
// every row): one per set of options, kept.
const dateFormats = new Map<string, Intl.DateTimeFormat>();
function dateFormat(key: string, options: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
  let f = dateFormats.get(key);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', options);
    dateFormats.set(key, f);
  }
  return f;
}
export const NONE = '—';

/** 0.801 → "80.1%"; null → "—". */
export function formatRate(rate: number | null | undefined): string {
  if (rate === null || rate === undefined || !Number.isFinite(rate)) return NONE;
  return `${(Math.round(rate * 1000) / 10).toFixed(1)}%`;
}

/** 12.44 → "12.4 min"; 75 → "1 h 15 min"; null → "—". */
export function formatMinutes(minutes: number | null | undefined): string {
  if (minutes === null || minutes === undefined || !Number.isFinite(minutes)) return NONE;
  if (minutes < 60) return `${(Math.round(minutes * 10) / 10).toFixed(1)} min`;
  const total = Math.round(minutes);
  const h = Math.floor(total / 60);
  const m = total % 60;
  return m === 0 ? `${h} h` : `${h} h ${m} min`;
}

/** 1234 → "1,234". */
export function formatCount(n: number | null | undefined): string {
  if (n === null || n === undefined) return NONE;
  return count.format(n);
}

/** 4.123 → "4.1"; null → "—". */
export function formatCsat(avg: number | null | undefined): string {
  if (avg === null || avg === undefined || !Number.isFinite(avg)) return NONE;
  return (Math.round(avg * 10) / 10).toFixed(1);
}

export type Delta = { direction: 'up' | 'down' | 'flat'; text: string; label: string };

/**
 * The change of `current` against `previous`: for counts and durations a signed percent of the
 * previous value ("+12.5%"), for rates the difference in points ("−3.2 pts"). Nothing when
 * either value is null, or (percent) when the previous value is 0.
 */
export function formatDelta(
  current: number | null | undefined,
  previous: number | null | undefined,
  kind: 'percent' | 'points',
): Delta | null {
  if (current === null || current === undefined || previous === null || previous === undefined) return null;
  let value: number;
  let unit: string;
  if (kind === 'points') {
    value = Math.round((current - previous) * 1000) / 10;
    unit = ' pts';
  } else {
    if (previous === 0) return null;
    value = Math.round(((current - previous) / previous) * 1000) / 10;
    unit = '%';
  }
  if (Object.is(value, -0)) value = 0;
  const direction = value > 0 ? 'up' : value < 0 ? 'down' : 'flat';
  const sign = value > 0 ? '+' : value < 0 ? '−' : '±';
  const text = `${sign}${Math.abs(value).toFixed(1)}${unit}`;
  const word = direction === 'up' ? 'up' : direction === 'down' ? 'down' : 'unchanged';
  return { direction, text, label: `${word} ${text.replace('−', '-')} against the previous period` };
}

/** A calendar day of the API ("2026-02-01", already in the account's zone) → "Feb 1". */
export function formatDay(day: string, withYear = false): string {
  const [y, m, d] = day.split('-').map(Number);
  if (!y || !m || !d) return day;
  return dateFormat(withYear ? 'day-year' : 'day', {
    month: 'short',
    day: 'numeric',
    ...(withYear ? { year: 'numeric' } : {}),
    timeZone: 'UTC',
  }).format(new Date(Date.UTC(y, m - 1, d)));
}

/** An instant → "Feb 1, 2026, 14:05" in `timeZone` (the account's). */
export function formatDateTime(iso: string, timeZone: string): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  try {
    return dateFormat(`time ${timeZone}`, {
      year: 'numeric',
      month: 'short',
      day: 'numeric',
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
      timeZone,
    }).format(date);
  } catch {
    return date.toISOString();
  }
}

/** "2026-02-01" → "Feb 1 – Feb 7, 2026" style range label. */
export function formatRange(from: string, to: string): string {
  return `${formatDay(from, from.slice(0, 4) !== to.slice(0, 4))} – ${formatDay(to, true)}`;
}
