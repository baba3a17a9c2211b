import { afterEach, describe, expect, it, vi } from 'vitest';
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { NpsSurvey } from './NpsSurvey';
import { me, mockApi, ok, renderAt } from '@/test/render';
import type { Me } from '@/lib/api/types';

afterEach(() => vi.unstubAllGlobals());

const CAMPAIGN = { id: '00000000-0000-7000-8000-00000000c001', name: 'Autumn Pulse', starts_at: '2026-01-01T00:00:00Z', ends_at: '2026-12-31T00:00:00Z' };
const QUESTION = 'How well does ResolutionFlow help you get your work done?';
const active = (already: boolean) => ({ active: true, campaign: CAMPAIGN, already_responded: already, question: QUESTION });
const routes = [{ path: '/', element: <NpsSurvey /> }];

function withNps(on: boolean): Me {
  const m = me('engineer');
  return { ...m, features: { ...m.features, nps_enabled: on } };
}

describe('NPS survey card', () => {
  it('shows the campaign, the API question, 0-10 and the disclaimer; Submit posts and it disappears', async () => {
    let answered = false;
    const { fetchMock } = mockApi({
      '/nps/active': () => ok(active(answered))(),
      '/nps': () => {
        answered = true;
        return { status: 201, body: { id: 'r', score: 9, comment: 'Great', campaign_id: CAMPAIGN.id, created_at: '2026-02-01T00:00:00Z' } };
      },
    });
    renderAt('/', routes, withNps(true));
    const card = await screen.findByRole('region', { name: 'Autumn Pulse' });
    expect(card).toHaveTextContent(QUESTION);
    expect(card).toHaveTextContent('Responses are tied to your account to help us follow up.');
    for (let n = 0; n <= 10; n++) expect(within(card).getByRole('button', { name: String(n) })).toHaveAttribute('aria-pressed', 'false');
    expect(within(card).getByRole('button', { name: 'Submit' })).toBeDisabled();
    await userEvent.click(within(card).getByRole('button', { name: '9' }));
    expect(within(card).getByRole('button', { name: '9' })).toHaveAttribute('aria-pressed', 'true');
    await userEvent.type(within(card).getByLabelText('Comment (optional)'), ' Great ');
    await userEvent.click(within(card).getByRole('button', { name: 'Submit' }));
    await waitFor(() => expect(screen.queryByRole('region', { name: 'Autumn Pulse' })).toBeNull());
    const post = fetchMock.mock.calls.map((c) => c[0] as Request).find((r) => r.method === 'POST');
    expect(await post!.json()).toEqual({ score: 9, comment: 'Great', campaign_id: CAMPAIGN.id });
  });

  it('Dismiss hides it for this browser session', async () => {
    mockApi({ '/nps/active': ok(active(false)) });
    const { unmount } = renderAt('/', routes, withNps(true));
    const card = await screen.findByRole('region', { name: 'Autumn Pulse' });
    await userEvent.click(within(card).getByRole('button', { name: 'Dismiss' }));
    expect(screen.queryByRole('region', { name: 'Autumn Pulse' })).toBeNull();
    expect(sessionStorage.getItem('insights.nps-dismissed')).toBe(CAMPAIGN.id);
    unmount();
    // renderAt keeps sessionStorage (setToken only adds the token).
    renderAt('/', routes, withNps(true));
    await new Promise((r) => setTimeout(r, 50));
    expect(screen.queryByRole('region', { name: 'Autumn Pulse' })).toBeNull();
  });

  it('never shows once answered, without an active campaign, or when NPS is off (not even asking)', async () => {
    mockApi({ '/nps/active': ok(active(true)) });
    const a = renderAt('/', routes, withNps(true));
    await new Promise((r) => setTimeout(r, 50));
    expect(screen.queryByRole('region')).toBeNull();
    a.unmount();

    mockApi({ '/nps/active': ok({ active: false }) });
    const b = renderAt('/', routes, withNps(true));
    await new Promise((r) => setTimeout(r, 50));
    expect(screen.queryByRole('region')).toBeNull();
    b.unmount();

    const { calls } = mockApi({ '/nps/active': ok(active(false)) });
    renderAt('/', routes, withNps(false));
    await new Promise((r) => setTimeout(r, 50));
    expect(screen.queryByRole('region')).toBeNull();
    expect(calls).toHaveLength(0);
  });

  it('shows the API error inline', async () => {
    mockApi({
      '/nps/active': ok(active(false)),
      '/nps': () => ({ status: 409, body: { error: { code: 'CAMPAIGN_NOT_ACTIVE', message: 'the campaign is not active' } } }),
    });
    renderAt('/', routes, withNps(true));
    const card = await screen.findByRole('region', { name: 'Autumn Pulse' });
    await userEvent.click(within(card).getByRole('button', { name: '3' }));
    await userEvent.click(within(card).getByRole('button', { name: 'Submit' }));
    expect(await within(card).findByRole('alert')).toHaveTextContent('the campaign is not active');
  });
});
