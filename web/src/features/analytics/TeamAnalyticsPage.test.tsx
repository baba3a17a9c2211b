import { afterEach, describe, expect, it, vi } from 'vitest';
import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import TeamAnalyticsPage from './TeamAnalyticsPage';
import { fail, me, mockApi, ok, renderAt } from '@/test/render';
import { summary, teamDashboard } from '@/test/fixtures';
import { getToken, sessionEnded } from '@/lib/auth';

const routes = [{ path: '/analytics', element: <TeamAnalyticsPage /> }];

afterEach(() => vi.unstubAllGlobals());

describe('Team Analytics states', () => {
  it('says so in words when the period has no session', async () => {
    mockApi({ '/analytics/team': ok(teamDashboard()) });
    renderAt('/analytics?period=7d', routes);
    expect(await screen.findByRole('group', { name: 'Total Sessions' })).toHaveTextContent('0');
    expect(screen.getAllByText('No sessions in this period')).toHaveLength(3);
    expect(screen.getByRole('group', { name: 'Completion Rate' })).toHaveTextContent('—');
  });

  it('shows the figures with their change against the previous period', async () => {
    const { calls } = mockApi({
      '/analytics/team': ok(
        teamDashboard({
          summary: summary({ total_sessions: 120, completion_rate: 0.801, avg_duration_minutes: 12.4, active_engineers: 8 }),
          previous: summary({ total_sessions: 100, completion_rate: 0.75, avg_duration_minutes: null, active_engineers: 8 }),
        }),
      ),
    });
    renderAt('/analytics?period=90d&engineer_id=u1', routes);
    const total = await screen.findByRole('group', { name: 'Total Sessions' });
    expect(total).toHaveTextContent('120');
    expect(total).toHaveTextContent('+20.0%');
    expect(screen.getByRole('group', { name: 'Completion Rate' })).toHaveTextContent('80.1%+5.1 pts');
    const duration = screen.getByRole('group', { name: 'Avg Duration' });
    expect(duration).toHaveTextContent('12.4 min');
    expect(duration).not.toHaveTextContent('vs previous period');
    expect(screen.getByRole('group', { name: 'Active Engineers' })).toHaveTextContent('±0.0%');
    expect(calls[0]?.searchParams.get('period')).toBe('90d');
    expect(calls[0]?.searchParams.get('engineer_id')).toBe('u1');
  });

  it('shows the API message and retries', async () => {
    let n = 0;
    mockApi({
      '/analytics/team': () =>
        n++ === 0
          ? { status: 400, body: { error: { code: 'INVALID_REQUEST', message: 'the range must not exceed 366 days' } } }
          : { status: 200, body: teamDashboard() },
    });
    renderAt('/analytics?from=2024-01-01&to=2026-01-01', routes);
    expect(await screen.findByRole('alert')).toHaveTextContent('the range must not exceed 366 days');
    await userEvent.click(screen.getByRole('button', { name: 'Retry' }));
    await waitFor(() => expect(screen.queryByRole('alert')).toBeNull());
    expect(screen.getByRole('group', { name: 'Total Sessions' })).toBeInTheDocument();
  });

  it('is not permitted to an engineer, without asking the API', async () => {
    const { calls } = mockApi({ '/analytics/team': ok(teamDashboard()) });
    renderAt('/analytics', routes, me('engineer'));
    expect(screen.getByRole('heading', { name: 'Not permitted' })).toBeInTheDocument();
    expect(calls).toHaveLength(0);
  });

  it('ends the session on a 401', async () => {
    mockApi({ '/analytics/team': fail(401, 'UNAUTHORIZED', 'token expired') });
    renderAt('/analytics', routes);
    await waitFor(() => expect(getToken()).toBeNull());
    expect(sessionEnded()).toBe(true);
  });
});
