import { useLayoutEffect, useMemo, useRef, useState, type PointerEvent } from 'react';
import { formatDay } from '@/lib/format';
import { ChartFigure } from './ChartFigure';
import { DayTooltip } from './ChartTooltip';
import { fittingTicks, monotone, monotoneArea, niceTicks, stack } from './geometry';
import { OUTCOME_COLOUR, OUTCOME_LABEL, STACK_ORDER, type OutcomeRow } from './shape';

// Drawn as plain SVG rather than with Recharts: this chart is what Team Analytics, the page
// admins land on, shows first, and Recharts' loading and rendering were most of that page's
// first-load time (docs/benchmarks.md, "The console's first load"). It draws what the Recharts
// charts beside it draw, with their measures: a dashed horizontal grid, 5 whole-number ticks,
// day labels thinned to a 24 px gap, stacked monotone areas, a legend and a day tooltip.

const HEIGHT = 280;
const LEGEND = 18;
const MARGIN = { top: 8, right: 12, left: -12 };
const Y_AXIS = 44;
const X_AXIS = 30;
const TICK_GAP = 24;
const GRID = 'hsl(223 20% 22%)';

/** Its width (and font family), measured before the first paint; the width followed on resize. */
function useWidth() {
  const ref = useRef<HTMLDivElement>(null);
  const [width, setWidth] = useState(0);
  const [family, setFamily] = useState('sans-serif');
  useLayoutEffect(() => {
    const el = ref.current;
    if (!el) return;
    setFamily(getComputedStyle(el).fontFamily || 'sans-serif');
    setWidth(el.getBoundingClientRect().width);
    if (typeof ResizeObserver === 'undefined') return;
    const ro = new ResizeObserver((entries) => {
      const w = entries[0]?.contentRect.width;
      if (w !== undefined) setWidth(w);
    });
    ro.observe(el);
    return () => ro.disconnect();
  }, []);
  return { ref, width, family };
}

let measurer: CanvasRenderingContext2D | null | undefined;
/** The width of `text` in the axis' font (12 px of the page's family). */
function textWidth(text: string, family: string): number {
  if (measurer === undefined) measurer = document.createElement('canvas').getContext('2d');
  if (!measurer) return text.length * 7;
  measurer.font = `12px ${family}`;
  return measurer.measureText(text).width;
}

/** Sessions per day stacked by outcome (and in progress), with a legend and a tooltip. */
export function OutcomeAreaChart({ rows, label }: { rows: OutcomeRow[]; label: string }) {
  return (
    <ChartFigure
      label={label}
      columns={['Day', 'Sessions', ...STACK_ORDER.map((k) => OUTCOME_LABEL[k])]}
      rows={rows.map((r) => [formatDay(r.date, true), r.sessions, ...STACK_ORDER.map((k) => r[k])])}
      height={HEIGHT}
    >
      <StackedAreas rows={rows} />
    </ChartFigure>
  );
}

function StackedAreas({ rows }: { rows: OutcomeRow[] }) {
  const { ref, width, family } = useWidth();
  const [active, setActive] = useState<{ index: number; y: number } | null>(null);
  const svgHeight = HEIGHT - LEGEND;

  const geometry = useMemo(() => {
    if (width <= 0 || rows.length === 0) return null;
    const plot = { left: MARGIN.left + Y_AXIS, top: MARGIN.top, right: width - MARGIN.right, bottom: svgHeight - X_AXIS };
    const plotWidth = Math.max(0, plot.right - plot.left);
    const n = rows.length;
    const xs = rows.map((_, i) => (n === 1 ? plot.left + plotWidth / 2 : plot.left + (i * plotWidth) / (n - 1)));
    const layers = stack(STACK_ORDER.map((k) => rows.map((r) => r[k])));
    const ticks = niceTicks(Math.max(...layers[layers.length - 1]!.high));
    const top = ticks[ticks.length - 1]!;
    const y = (v: number) => plot.bottom - (v / top) * (plot.bottom - plot.top);
    const labels = rows.map((r) => formatDay(r.date));
    const days = fittingTicks(xs, labels.map((l) => textWidth(l, family)), TICK_GAP, 0, width);
    const areas = layers.map(({ low, high }) => {
      const upper = xs.map((x, i) => [x, y(high[i]!)] as const);
      const lower = xs.map((x, i) => [x, y(low[i]!)] as const);
      return { area: monotoneArea(upper, lower), curve: monotone(upper), upper };
    });
    return { plot, xs, ticks, y, labels, days, areas };
  }, [rows, width, family, svgHeight]);
  const plot = geometry?.plot;

  const onMove = (e: PointerEvent<SVGSVGElement>) => {
    if (!geometry || !plot) return;
    const box = e.currentTarget.getBoundingClientRect();
    const x = e.clientX - box.left;
    const yPos = e.clientY - box.top;
    if (x < plot.left || x > plot.right || yPos < plot.top || yPos > plot.bottom) {
      setActive(null);
      return;
    }
    let best = 0;
    geometry.xs.forEach((px, i) => {
      if (Math.abs(px - x) < Math.abs(geometry.xs[best]! - x)) best = i;
    });
    setActive({ index: best, y: yPos });
  };

  const row = active && rows[active.index];
  const payload = row
    ? [...STACK_ORDER].reverse().map((k) => ({ name: OUTCOME_LABEL[k], value: row[k], color: OUTCOME_COLOUR[k], dataKey: k }))
    : [];
  const tipX = active && geometry ? geometry.xs[active.index]! : 0;

  return (
    <div className="relative h-full w-full">
      <div ref={ref} className="w-full" style={{ height: svgHeight }}>
        {geometry && plot && (
          <svg
            width={width}
            height={svgHeight}
            viewBox={`0 0 ${width} ${svgHeight}`}
            className="block overflow-visible"
            onPointerMove={onMove}
            onPointerLeave={() => setActive(null)}
          >
            <g>
              {geometry.ticks.map((t) => (
                <line key={t} x1={plot.left} x2={plot.right} y1={geometry.y(t)} y2={geometry.y(t)} stroke={GRID} strokeDasharray="3 3" />
              ))}
            </g>
            <g fontSize={12} fill="#666">
              {geometry.ticks.map((t) => (
                <text key={t} x={plot.left - 8} y={geometry.y(t)} dy="0.355em" textAnchor="end">
                  {t}
                </text>
              ))}
              {geometry.days.map((d) => (
                <text key={d.index} x={d.x} y={plot.bottom + 8} dy="0.71em" textAnchor="middle">
                  {geometry.labels[d.index]}
                </text>
              ))}
            </g>
            {geometry.areas.map((a, i) => {
              const k = STACK_ORDER[i]!;
              return (
                <g key={k} data-series={k}>
                  <path d={a.area} fill={OUTCOME_COLOUR[k]} fillOpacity={0.35} stroke="none" data-chart-area="" />
                  <path d={a.curve} fill="none" stroke={OUTCOME_COLOUR[k]} strokeWidth={1.5} />
                </g>
              );
            })}
            {active && (
              <g pointerEvents="none">
                <line x1={tipX} x2={tipX} y1={plot.top} y2={plot.bottom} stroke="#ccc" />
                {geometry.areas.map((a, i) => (
                  <circle
                    key={STACK_ORDER[i]}
                    cx={tipX}
                    cy={a.upper[active.index]![1]}
                    r={4}
                    fill={OUTCOME_COLOUR[STACK_ORDER[i]!]}
                    stroke="#fff"
                    strokeWidth={2}
                  />
                ))}
              </g>
            )}
          </svg>
        )}
      </div>
      {row && (
        <div
          className="pointer-events-none absolute z-10"
          style={{
            // Beside the cursor, on the side with room, growing away from the pointer.
            ...(tipX + 10 + 200 > width ? { right: width - tipX + 10 } : { left: tipX + 10 }),
            ...(active.y > svgHeight / 2 ? { bottom: HEIGHT - active.y + 10 } : { top: active.y + 10 }),
          }}
        >
          <DayTooltip active payload={payload} label={row.date} total={row.sessions} />
        </div>
      )}
      <ul className="relative -left-3 m-0 flex list-none flex-wrap justify-center p-0 text-xs leading-[18px]" style={{ height: LEGEND }}>
        {STACK_ORDER.map((k) => (
          <li key={k} className="mr-2.5 inline-flex items-center">
            <svg width={8} height={8} viewBox="0 0 32 32" className="mr-1" aria-hidden>
              <circle cx={16} cy={16} r={16} fill={OUTCOME_COLOUR[k]} />
            </svg>
            <span style={{ color: OUTCOME_COLOUR[k] }}>{OUTCOME_LABEL[k]}</span>
          </li>
        ))}
      </ul>
    </div>
  );
}
