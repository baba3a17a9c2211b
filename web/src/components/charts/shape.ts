// Pure shaping of the API's series into chart rows (unit-tested): gap-free days, the stacking
// order, the colours by outcome.
import type { DayPoint, FlowDayPoint, OutcomeBreakdown } from '@/lib/api/types';

export const OUTCOMES = ['resolved', 'workaround', 'escalated', 'unresolved'] as const;
export type Outcome = (typeof OUTCOMES)[number];

export const OUTCOME_LABEL: Record<Outcome | 'in_progress', string> = {
  resolved: 'Resolved',
  workaround: 'Workaround',
  escalated: 'Escalated',
  unresolved: 'Unresolved',
  in_progress: 'In progress',
};

/** The design's palette. */
export const OUTCOME_COLOUR: Record<Outcome | 'in_progress', string> = {
  resolved: '#34d399',
  workaround: '#fbbf24',
  escalated: '#f87171',
  unresolved: '#94a3b8',
  in_progress: 'hsl(243, 75%, 59%)',
};

/** Stacking order, bottom to top: the outcomes, then sessions not completed yet. */
export const STACK_ORDER = [...OUTCOMES, 'in_progress'] as const;

export type OutcomeRow = { date: string; sessions: number; completed: number } & Record<(typeof STACK_ORDER)[number], number>;

/** Every day from `from` to `to` inclusive ("YYYY-MM-DD"). */
export function daysBetween(from: string, to: string): string[] {
  const out: string[] = [];
  const d = new Date(`${from}T00:00:00Z`);
  const end = new Date(`${to}T00:00:00Z`);
  if (Number.isNaN(d.getTime()) || Number.isNaN(end.getTime())) return out;
  while (d <= end && out.length < 400) {
    out.push(d.toISOString().slice(0, 10));
    d.setUTCDate(d.getUTCDate() + 1);
  }
  return out;
}

/**
 * One row per day of the window (days the API left out count zero): each outcome's sessions
 * and the sessions still in progress, which stack up to the day's `sessions`.
 */
export function outcomeRows(series: DayPoint[], from: string, to: string): OutcomeRow[] {
  const byDay = new Map(series.map((p) => [p.date, p]));
  return daysBetween(from, to).map((date) => {
    const p = byDay.get(date);
    const sessions = p?.sessions ?? 0;
    const completed = p?.completed ?? 0;
    return {
      date,
      sessions,
      completed,
      resolved: p?.resolved ?? 0,
      workaround: p?.workaround ?? 0,
      escalated: p?.escalated ?? 0,
      unresolved: p?.unresolved ?? 0,
      in_progress: Math.max(0, sessions - completed),
    };
  });
}

export type TrendRow = { date: string; sessions: number; completed: number; avg_duration_minutes: number | null };

/** The flow's daily trend, gap-free. */
export function trendRows(series: FlowDayPoint[], from: string, to: string): TrendRow[] {
  const byDay = new Map(series.map((p) => [p.date, p]));
  return daysBetween(from, to).map((date) => {
    const p = byDay.get(date);
    return { date, sessions: p?.sessions ?? 0, completed: p?.completed ?? 0, avg_duration_minutes: p?.avg_duration_minutes ?? null };
  });
}

export type DonutSlice = { key: Outcome; name: string; value: number; colour: string; share: number };

/** The outcome donut's slices (in outcome order, empty ones left out) with their share. */
export function donutSlices(b: OutcomeBreakdown): DonutSlice[] {
  const total = OUTCOMES.reduce((s, k) => s + b[k], 0);
  return OUTCOMES.filter((k) => b[k] > 0).map((k) => ({
    key: k,
    name: OUTCOME_LABEL[k],
    value: b[k],
    colour: OUTCOME_COLOUR[k],
    share: total === 0 ? 0 : b[k] / total,
  }));
}

/** True when no day has a session (the chart then says so in words). */
export function isEmptySeries(rows: { sessions: number }[]): boolean {
  return rows.every((r) => r.sessions === 0);
}
