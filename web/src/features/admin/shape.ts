// Pure shaping of the admin page's figures (unit-tested): the NPS categories, the breakdown's
// segments, the trend's chart rows, and days of the account's time zone as instants.
import type { GetResponse } from '@/lib/api/types';

export type NpsDashboard = GetResponse<'/api/v1/admin/nps'>;
export type Campaign = NpsDashboard['campaigns'][number];
export type TrendPoint = NpsDashboard['trend'][number];
export type Breakdown = NpsDashboard['breakdown'];

export type Category = 'promoter' | 'passive' | 'detractor';

/** promoter 9-10, passive 7-8, detractor 0-6. */
export function categoryOf(score: number): Category {
  return score >= 9 ? 'promoter' : score >= 7 ? 'passive' : 'detractor';
}

export const CATEGORY_COLOUR: Record<Category, string> = {
  promoter: '#34d399',
  passive: '#fbbf24',
  detractor: '#f87171',
};

export type Segment = { key: Category; label: string; range: string; count: number; pct: number | null; colour: string };

/** The three segments in the design's order, with the API's counts and percentages. */
export function breakdownSegments(b: Breakdown): Segment[] {
  return [
    { key: 'promoter', label: 'Promoters', range: '9–10', count: b.promoters, pct: b.promoter_pct, colour: CATEGORY_COLOUR.promoter },
    { key: 'passive', label: 'Passives', range: '7–8', count: b.passives, pct: b.passive_pct, colour: CATEGORY_COLOUR.passive },
    { key: 'detractor', label: 'Detractors', range: '0–6', count: b.detractors, pct: b.detractor_pct, colour: CATEGORY_COLOUR.detractor },
  ];
}

/** An NPS figure: 25 → "+25", −12 → "−12", 0 → "0", null → "—". */
export function formatNps(n: number | null | undefined): string {
  if (n === null || n === undefined) return '—';
  if (n > 0) return `+${n}`;
  if (n < 0) return `−${Math.abs(n)}`;
  return '0';
}

export type TrendRow = { date: string; count: number; nps: number | null; avg: number | null };

/** The API's 30 buckets as chart rows, oldest first (the API already sends every day). */
export function trendRows(trend: TrendPoint[]): TrendRow[] {
  return [...trend].sort((a, b) => a.date.localeCompare(b.date)).map((p) => ({ date: p.date, count: p.count, nps: p.nps, avg: p.avg_score }));
}

export function isEmptyTrend(rows: TrendRow[]): boolean {
  return rows.every((r) => r.count === 0);
}

/** The offset of `timeZone` from UTC at `instant`, in milliseconds. */
function zoneOffset(instant: number, timeZone: string): number {
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone,
    hourCycle: 'h23',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
  }).formatToParts(new Date(instant));
  const get = (t: string) => Number(parts.find((p) => p.type === t)?.value ?? 0);
  const asUtc = Date.UTC(get('year'), get('month') - 1, get('day'), get('hour') % 24, get('minute'), get('second'));
  return asUtc - Math.floor(instant / 1000) * 1000;
}

/** Midnight at the start of `day` ("YYYY-MM-DD") in `timeZone`, as an RFC 3339 instant. */
export function startOfDayIn(day: string, timeZone: string): string {
  const [y, m, d] = day.split('-').map(Number);
  const guess = Date.UTC(y ?? 1970, (m ?? 1) - 1, d ?? 1);
  let t = guess - zoneOffset(guess, timeZone);
  // Across a DST change the offset at the guess may differ from the one at the result.
  t = guess - zoneOffset(t, timeZone);
  return new Date(t).toISOString();
}

/** The last second of `day` in `timeZone` (23:59:59), as an RFC 3339 instant. */
export function endOfDayIn(day: string, timeZone: string): string {
  const next = new Date(`${day}T00:00:00Z`);
  next.setUTCDate(next.getUTCDate() + 1);
  const start = Date.parse(startOfDayIn(next.toISOString().slice(0, 10), timeZone));
  return new Date(start - 1000).toISOString();
}

/** The calendar day of `iso` in `timeZone` ("YYYY-MM-DD"). */
export function dayIn(iso: string, timeZone: string): string {
  const parts = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).formatToParts(new Date(iso));
  const get = (t: string) => parts.find((p) => p.type === t)?.value ?? '';
  return `${get('year')}-${get('month')}-${get('day')}`;
}
