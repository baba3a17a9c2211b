import { describe, expect, it } from 'vitest';
import { breakdownSegments, categoryOf, dayIn, endOfDayIn, formatNps, isEmptyTrend, startOfDayIn, trendRows } from './shape';

describe('admin NPS shaping', () => {
  it('puts scores in their categories: 9-10 promoter, 7-8 passive, 0-6 detractor', () => {
    expect([0, 6, 7, 8, 9, 10].map(categoryOf)).toEqual(['detractor', 'detractor', 'passive', 'passive', 'promoter', 'promoter']);
  });

  it('orders the segments promoters, passives, detractors with their colours', () => {
    const s = breakdownSegments({ promoters: 2, passives: 1, detractors: 1, promoter_pct: 50, passive_pct: 25, detractor_pct: 25 });
    expect(s.map((x) => [x.label, x.count, x.pct, x.colour])).toEqual([
      ['Promoters', 2, 50, '#34d399'],
      ['Passives', 1, 25, '#fbbf24'],
      ['Detractors', 1, 25, '#f87171'],
    ]);
  });

  it('writes NPS figures with their sign', () => {
    expect([25, -12, 0, null].map(formatNps)).toEqual(['+25', '−12', '0', '—']);
  });

  it('keeps the 30 buckets oldest first, with null on empty days', () => {
    const rows = trendRows([
      { date: '2026-02-02', count: 2, avg_score: 9.5, nps: 100 },
      { date: '2026-02-01', count: 0, avg_score: null, nps: null },
    ]);
    expect(rows).toEqual([
      { date: '2026-02-01', count: 0, nps: null, avg: null },
      { date: '2026-02-02', count: 2, nps: 100, avg: 9.5 },
    ]);
    expect(isEmptyTrend(rows)).toBe(false);
    expect(isEmptyTrend([rows[0]!])).toBe(true);
  });

  it("turns the account's days into instants, across daylight saving changes", () => {
    expect(startOfDayIn('2026-03-08', 'America/New_York')).toBe('2026-03-08T05:00:00.000Z');
    expect(startOfDayIn('2026-03-09', 'America/New_York')).toBe('2026-03-09T04:00:00.000Z');
    expect(endOfDayIn('2026-03-08', 'America/New_York')).toBe('2026-03-09T03:59:59.000Z');
    expect(startOfDayIn('2026-06-01', 'Asia/Kolkata')).toBe('2026-05-31T18:30:00.000Z');
    expect(dayIn('2026-03-09T03:59:59Z', 'America/New_York')).toBe('2026-03-08');
    expect(dayIn('2026-03-09T04:00:00Z', 'America/New_York')).toBe('2026-03-09');
  });
});
