import { describe, expect, it } from 'vitest';
import { OUTCOME_COLOUR, STACK_ORDER, daysBetween, donutSlices, isEmptySeries, outcomeRows, trendRows } from './shape';

const point = (date: string, sessions: number, resolved = 0, escalated = 0, workaround = 0, unresolved = 0) => ({
  date,
  sessions,
  completed: resolved + escalated + workaround + unresolved,
  resolved,
  escalated,
  workaround,
  unresolved,
});

describe('chart rows', () => {
  it('has one row per day of the window, days the API left out at zero', () => {
    const rows = outcomeRows([point('2026-02-02', 5, 3, 1, 0, 0)], '2026-02-01', '2026-02-03');
    expect(rows.map((r) => r.date)).toEqual(['2026-02-01', '2026-02-02', '2026-02-03']);
    expect(rows[0]).toEqual({ date: '2026-02-01', sessions: 0, completed: 0, resolved: 0, workaround: 0, escalated: 0, unresolved: 0, in_progress: 0 });
    expect(rows[1]).toEqual({ date: '2026-02-02', sessions: 5, completed: 4, resolved: 3, workaround: 0, escalated: 1, unresolved: 0, in_progress: 1 });
  });
  it('stacks the outcomes then the sessions in progress, which sum to the day', () => {
    expect(STACK_ORDER).toEqual(['resolved', 'workaround', 'escalated', 'unresolved', 'in_progress']);
    const [r] = outcomeRows([point('2026-02-01', 10, 4, 2, 1, 1)], '2026-02-01', '2026-02-01');
    expect(STACK_ORDER.reduce((s, k) => s + r![k], 0)).toBe(10);
  });
  it('colours outcomes with the design palette', () => {
    expect(OUTCOME_COLOUR).toMatchObject({ resolved: '#34d399', escalated: '#f87171', workaround: '#fbbf24', unresolved: '#94a3b8' });
  });
  it('crosses month ends and leap days', () => {
    expect(daysBetween('2028-02-28', '2028-03-01')).toEqual(['2028-02-28', '2028-02-29', '2028-03-01']);
    expect(daysBetween('2026-02-02', '2026-02-01')).toEqual([]);
  });
  it('fills the flow trend and says when a window is empty', () => {
    const rows = trendRows([{ date: '2026-02-02', sessions: 2, completed: 1, avg_duration_minutes: 7.5 }], '2026-02-01', '2026-02-02');
    expect(rows).toEqual([
      { date: '2026-02-01', sessions: 0, completed: 0, avg_duration_minutes: null },
      { date: '2026-02-02', sessions: 2, completed: 1, avg_duration_minutes: 7.5 },
    ]);
    expect(isEmptySeries(rows)).toBe(false);
    expect(isEmptySeries(rows.slice(0, 1))).toBe(true);
  });
  it('gives the donut its non-empty slices with their share', () => {
    const s = donutSlices({ resolved: 6, escalated: 2, workaround: 0, unresolved: 2 });
    expect(s.map((x) => [x.key, x.value, x.share])).toEqual([
      ['resolved', 6, 0.6],
      ['escalated', 2, 0.2],
      ['unresolved', 2, 0.2],
    ]);
    expect(donutSlices({ resolved: 0, escalated: 0, workaround: 0, unresolved: 0 })).toEqual([]);
  });
});
