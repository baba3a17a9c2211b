import { describe, expect, it } from 'vitest';
import { fittingTicks, monotone, monotoneArea, niceTicks, stack } from './geometry';

describe('niceTicks (Recharts: 5 ticks, no decimals)', () => {
  it('gives whole steps of 1, 2, 5-like sizes from 0 past the maximum', () => {
    expect(niceTicks(40)).toEqual([0, 10, 20, 30, 40]);
    expect(niceTicks(38)).toEqual([0, 10, 20, 30, 40]);
    expect(niceTicks(203)).toEqual([0, 55, 110, 165, 220]);
    expect(niceTicks(3)).toEqual([0, 1, 2, 3]);
    expect(niceTicks(1)).toEqual([0, 1]);
    expect(niceTicks(0)).toEqual([0, 1]);
    expect(niceTicks(1234)).toEqual([0, 350, 700, 1050, 1400]);
  });
});

describe('fittingTicks (Recharts "preserveEnd")', () => {
  it('keeps the last label, moved inside, and drops labels closer than the gap', () => {
    // 5 labels 20 px wide every 30 px, gap 24: each kept label needs 44 px to the next.
    const xs = [10, 40, 70, 100, 130];
    const ticks = fittingTicks(xs, xs.map(() => 20), 24, 0, 135);
    expect(ticks).toEqual([
      { index: 0, x: 10 },
      { index: 2, x: 70 },
      { index: 4, x: 125 },
    ]);
  });

  it('drops a first label that would stick out of the chart', () => {
    expect(fittingTicks([5, 100], [20, 20], 24, 0, 200)).toEqual([{ index: 1, x: 100 }]);
  });
});

describe('stack', () => {
  it('puts each series on the ones below it', () => {
    expect(stack([[1, 2], [3, 0], [1, 1]])).toEqual([
      { low: [0, 0], high: [1, 2] },
      { low: [1, 2], high: [4, 2] },
      { low: [4, 2], high: [5, 3] },
    ]);
  });
});

describe('monotone curves (d3 curveMonotoneX)', () => {
  it('draws a line through two points and cubic segments through more', () => {
    expect(monotone([])).toBe('');
    expect(monotone([[0, 5]])).toBe('M0,5');
    expect(monotone([[0, 0], [10, 10]])).toBe('M0,0L10,10');
    // Collinear points: the curve is the straight line (control points on it).
    expect(monotone([[0, 0], [3, 3], [6, 6]])).toBe('M0,0C1,1,2,2,3,3C4,4,5,5,6,6');
  });

  it('never overshoots: a flat step stays between its neighbours', () => {
    const d = monotone([[0, 0], [3, 0], [6, 9], [9, 9]]);
    const ys = [...d.matchAll(/-?\d+(?:\.\d+)?,(-?\d+(?:\.\d+)?)/g)].map((m) => Number(m[1]));
    expect(Math.min(...ys)).toBe(0);
    expect(Math.max(...ys)).toBe(9);
  });

  it('closes an area along the lower curve backwards', () => {
    expect(monotoneArea([[0, 0], [10, 0]], [[0, 5], [10, 5]])).toBe('M0,0L10,0L10,5L0,5Z');
  });
});
