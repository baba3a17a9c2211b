import type { TeamDashboard } from '@/lib/api/types';

const zero = { resolved: 0, escalated: 0, workaround: 0, unresolved: 0 };

export function summary(over: Partial<TeamDashboard['summary']> = {}): TeamDashboard['summary'] {
  return {
    total_sessions: 0,
    completed_sessions: 0,
    completion_rate: null,
    avg_duration_minutes: null,
    active_engineers: 0,
    outcome_breakdown: zero,
    avg_csat: null,
    total_ratings: 0,
    ...over,
  };
}

export function teamDashboard(over: Partial<TeamDashboard> = {}): TeamDashboard {
  return {
    period: { from: '2026-02-01', to: '2026-02-07', timezone: 'UTC', days: 7 },
    summary: summary(),
    previous: summary(),
    time_series: [],
    top_flows: [],
    top_engineers: [],
    ...over,
  };
}
