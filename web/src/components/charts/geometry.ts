// Pure geometry of the hand-drawn SVG charts (unit-tested): the value axis' ticks, which day
// labels fit, stacking, and monotone curves. They follow what Recharts does for the same props
// (its nice ticks for 5 ticks without decimals, its "preserveEnd" label thinning with a minimum
// gap, d3's monotone-x curve), so a chart drawn here looks like its Recharts siblings.

/** Recharts' step of a nice scale: 1, 2, 5-like steps scaled to the value's digits. */
function formatStep(roughStep: number, correction: number): number {
  if (roughStep <= 0) return 1;
  const digits = Math.floor(Math.log10(roughStep)) + 1;
  const digitValue = 10 ** digits;
  const ratio = roughStep / digitValue;
  const scale = digits !== 1 ? 0.05 : 0.1;
  // Rounded to kill float noise (0.1 / 0.05 = 2.0000000000000004 must stay 2).
  const amended = (Math.ceil(Math.round((ratio / scale) * 1e9) / 1e9) + correction) * scale;
  return Math.ceil(Math.round(amended * digitValue * 1e9) / 1e9);
}

/** The ticks of a value axis from 0 to at least `max`: at most `count`, whole numbers. */
export function niceTicks(max: number, count = 5): number[] {
  const top = max > 0 ? max : 1;
  for (let correction = 0; correction < 50; correction++) {
    const step = formatStep(top / (count - 1), correction);
    const up = Math.ceil(top / step);
    if (up + 1 <= count) return Array.from({ length: up + 1 }, (_, i) => i * step);
  }
  return [0, top];
}

export type Tick = { index: number; x: number };

/**
 * Which of the labels at `xs` (widths `widths`) are shown, last one first, each at least `gap`
 * from the next, all inside [start, end]; the last one is moved left to fit (Recharts'
 * "preserveEnd").
 */
export function fittingTicks(xs: number[], widths: number[], gap: number, start: number, end: number): Tick[] {
  const shown: Tick[] = [];
  let limit = end;
  for (let i = xs.length - 1; i >= 0; i--) {
    const size = widths[i] ?? 0;
    let x = xs[i]!;
    if (i === xs.length - 1) {
      const over = x + size / 2 - limit;
      if (over > 0) x -= over;
    }
    if (x < start || x > limit) continue;
    if (x - size / 2 >= start && x + size / 2 <= limit) {
      limit = x - (size / 2 + gap);
      shown.push({ index: i, x });
    }
  }
  return shown.reverse();
}

/** For each series (bottom first), its lower and upper value at each point: a stack. */
export function stack(series: number[][]): { low: number[]; high: number[] }[] {
  const n = series[0]?.length ?? 0;
  const base = new Array<number>(n).fill(0);
  return series.map((values) => {
    const low = base.slice();
    for (let i = 0; i < n; i++) base[i] = base[i]! + (values[i] ?? 0);
    return { low, high: base.slice() };
  });
}

type Point = readonly [number, number];

const sign = (x: number) => (x < 0 ? -1 : 1);

// d3-shape's curveMonotoneX (Steffen's method): the slopes at the inner and outer points.
function slope3(p0: Point, p1: Point, p2: Point): number {
  const h0 = p1[0] - p0[0];
  const h1 = p2[0] - p1[0];
  const s0 = (p1[1] - p0[1]) / (h0 || (h1 < 0 ? -0 : 0));
  const s1 = (p2[1] - p1[1]) / (h1 || (h0 < 0 ? -0 : 0));
  const p = (s0 * h1 + s1 * h0) / (h0 + h1);
  return (sign(s0) + sign(s1)) * Math.min(Math.abs(s0), Math.abs(s1), 0.5 * Math.abs(p)) || 0;
}

function slope2(p0: Point, p1: Point, t: number): number {
  const h = p1[0] - p0[0];
  return h ? ((3 * (p1[1] - p0[1])) / h - t) / 2 : t;
}

const num = (x: number) => String(Math.round(x * 1000) / 1000);

function segment(p0: Point, p1: Point, t0: number, t1: number): string {
  const dx = (p1[0] - p0[0]) / 3;
  return `C${num(p0[0] + dx)},${num(p0[1] + dx * t0)},${num(p1[0] - dx)},${num(p1[1] - dx * t1)},${num(p1[0])},${num(p1[1])}`;
}

/** The monotone curve through `pts`, as path commands; `join` "L" continues a path (areas). */
export function monotone(pts: readonly Point[], join: 'M' | 'L' = 'M'): string {
  const n = pts.length;
  if (n === 0) return '';
  let d = `${join}${num(pts[0]![0])},${num(pts[0]![1])}`;
  if (n === 1) return d;
  if (n === 2) return `${d}L${num(pts[1]![0])},${num(pts[1]![1])}`;
  let t0 = 0;
  for (let i = 2; i < n; i++) {
    const t1 = slope3(pts[i - 2]!, pts[i - 1]!, pts[i]!);
    d += segment(pts[i - 2]!, pts[i - 1]!, i === 2 ? slope2(pts[0]!, pts[1]!, t1) : t0, t1);
    t0 = t1;
  }
  return d + segment(pts[n - 2]!, pts[n - 1]!, t0, slope2(pts[n - 2]!, pts[n - 1]!, t0));
}

/** The closed area between the monotone curves `top` and `bottom` (same xs), as d3 draws it. */
export function monotoneArea(top: readonly Point[], bottom: readonly Point[]): string {
  if (top.length === 0) return '';
  return `${monotone(top)}${monotone([...bottom].reverse(), 'L')}Z`;
}
