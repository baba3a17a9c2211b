import { afterEach, describe, expect, it, vi } from 'vitest';
import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import AdminPage, { adminTabs } from './AdminPage';
import { me, mockApi, ok, renderAt } from '@/test/render';
import type { Me } from '@/lib/api/types';

const routes = [{ path: '/admin', element: <AdminPage /> }];
afterEach(() => vi.unstubAllGlobals());

const page = (items: unknown[] = [], total = items.length) => ({ items, pagination: { page: 1, limit: 20, total, total_pages: Math.ceil(total / 20) } });
const empty = {
  nps_score: null,
  total_responses: 0,
  confidence: null,
  breakdown: { promoters: 0, passives: 0, detractors: 0, promoter_pct: null, passive_pct: null, detractor_pct: null },
  trend: [],
  recent_responses: [],
  campaigns: [
    {
      id: 'c1', name: 'Autumn Pulse', starts_at: '2026-11-20T00:00:00Z', ends_at: '2026-12-20T00:00:00Z', status: 'active',
      created_by: null, created_at: '2026-11-17T00:00:00Z', stopped_by: null, stopped_at: null, response_count: 8, response_rate: 0.8,
    },
  ],
};
function withFlags(m: Me, feedback_enabled: boolean, nps_enabled: boolean): Me {
  return { ...m, features: { feedback_enabled, nps_enabled } };
}

describe('admin tabs', () => {
  it('has a tab per feature that is on and that the role may read', () => {
    expect(adminTabs(me('team_admin')).map((t) => t.label)).toEqual(['Feedback', 'NPS']);
    expect(adminTabs(withFlags(me('team_admin'), false, true)).map((t) => t.label)).toEqual(['NPS']);
    expect(adminTabs(withFlags(me('auditor'), true, false)).map((t) => t.label)).toEqual(['Feedback']);
    expect(adminTabs(withFlags(me('team_admin'), false, false))).toEqual([]);
  });

  it('opens the first tab for a missing or unknown tab, and says so in the URL', async () => {
    mockApi({ '/admin/feedback': ok(page()), '/directory/users': ok(page()) });
    renderAt('/admin?tab=bogus', routes);
    expect(await screen.findByRole('tab', { name: 'Feedback' })).toHaveAttribute('aria-selected', 'true');
    expect(await screen.findByText('No feedback yet')).toBeInTheDocument();
    expect(screen.getByLabelText('location')).toHaveTextContent('/admin?tab=feedback');
  });

  it('opens NPS for ?tab=feedback while feedback is off, with a single tab', async () => {
    const { calls } = mockApi({ '/admin/nps': ok(empty) });
    renderAt('/admin?tab=feedback', routes, withFlags(me('team_admin'), false, true));
    const tabs = await screen.findAllByRole('tab');
    expect(tabs.map((t) => t.textContent)).toEqual(['NPS']);
    expect(await screen.findByRole('group', { name: 'NPS Score' })).toHaveTextContent('—');
    expect(screen.getByLabelText('location')).toHaveTextContent('/admin?tab=nps');
    expect(calls.some((c) => c.pathname.endsWith('/admin/feedback'))).toBe(false);
  });

  it('moves between tabs with the arrow keys', async () => {
    mockApi({ '/admin/feedback': ok(page()), '/directory/users': ok(page()), '/admin/nps': ok(empty) });
    renderAt('/admin', routes);
    const feedback = await screen.findByRole('tab', { name: 'Feedback' });
    feedback.focus();
    await userEvent.keyboard('{ArrowRight}');
    expect(screen.getByRole('tab', { name: 'NPS' })).toHaveAttribute('aria-selected', 'true');
    expect(screen.getByRole('tab', { name: 'NPS' })).toHaveFocus();
    expect(screen.getByLabelText('location')).toHaveTextContent('/admin?tab=nps');
  });

  it('is not permitted to an engineer, without asking the API', () => {
    const { calls } = mockApi({});
    renderAt('/admin', routes, me('engineer'));
    expect(screen.getByRole('heading', { name: 'Not permitted' })).toBeInTheDocument();
    expect(calls).toHaveLength(0);
  });

  it('shows auditors the campaigns without create or stop controls; admins get both', async () => {
    mockApi({ '/admin/nps': ok(empty) });
    renderAt('/admin?tab=nps', routes, me('auditor'));
    const table = await screen.findByRole('table', { name: 'Campaigns' });
    expect(within(table).getByRole('button', { name: 'Autumn Pulse' })).toBeInTheDocument();
    expect(screen.queryByRole('form', { name: 'New campaign' })).toBeNull();
    expect(screen.queryByRole('button', { name: /^Stop/ })).toBeNull();
    expect(screen.getByText('Only admins can create or stop campaigns.')).toBeInTheDocument();
  });

  it('filters every figure to a clicked campaign, with a banner that clears it', async () => {
    const { calls } = mockApi({ '/admin/nps': ok(empty) });
    renderAt('/admin?tab=nps', routes);
    await userEvent.click(await screen.findByRole('button', { name: 'Autumn Pulse' }));
    expect(screen.getByLabelText('location')).toHaveTextContent('/admin?tab=nps&campaign_id=c1');
    expect(await screen.findByRole('status', { name: 'Campaign filter' })).toHaveTextContent('Showing Autumn Pulse. Clear filter');
    expect(calls.at(-1)?.searchParams.get('campaign_id')).toBe('c1');
    expect(screen.getByRole('button', { name: 'Stop Autumn Pulse' })).toBeInTheDocument();
    await userEvent.click(screen.getByRole('button', { name: 'Clear filter' }));
    expect(screen.getByLabelText('location')).toHaveTextContent(/^\/admin\?tab=nps$/);
    expect(screen.queryByRole('status', { name: 'Campaign filter' })).toBeNull();
  });
});
