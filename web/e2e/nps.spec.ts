// Journeys of the NPS survey card. The demo's active campaign ("Autumn Pulse") is unanswered by
// two demo users only (engineer5, engineer6): each journey takes one who has not answered yet
// (the dismiss journey writes nothing, so it runs first and leaves them unanswered).
import type { APIRequestContext } from '@playwright/test';
import type { ActiveSurvey } from '../src/features/nps/api';
import type { Role } from './env';
import { expect, getJson, test } from './support';
import { snap } from './journeys';

async function unanswered(api: (r: Role) => Promise<APIRequestContext>): Promise<{ role: Role; ctx: APIRequestContext; survey: ActiveSurvey } | null> {
  for (const role of ['engineer5', 'engineer6'] as const) {
    const ctx = await api(role);
    const survey = await getJson<ActiveSurvey>(ctx, '/api/v1/nps/active');
    if (survey.active && survey.already_responded === false) return { role, ctx, survey };
  }
  return null;
}

test.describe('NPS survey', () => {
  test('dismiss it: hidden for this browser session, nothing stored', async ({ page, signInAs, api }) => {
    const who = await unanswered(api);
    test.skip(!who, 'every demo user has answered the active campaign');
    const { role, ctx, survey } = who!;
    await signInAs(role, '/console/flows');
    const card = page.getByRole('region', { name: survey.campaign!.name });
    await expect(card).toBeVisible();
    await card.getByRole('button', { name: 'Dismiss' }).click();
    await expect(card).toHaveCount(0);
    await page.goto('/console/sessions');
    await expect(page.getByRole('heading', { level: 1, name: 'Sessions' })).toBeVisible();
    await page.waitForTimeout(300);
    await expect(card).toHaveCount(0);
    expect((await getJson<ActiveSurvey>(ctx, '/api/v1/nps/active')).already_responded).toBe(false);
  });

  test('answer it: it disappears and GET /nps/active says answered', async ({ page, signInAs, api }, info) => {
    const who = await unanswered(api);
    test.skip(!who, 'every demo user has answered the active campaign');
    const { role, ctx, survey } = who!;
    await signInAs(role, '/console/chat');
    const card = page.getByRole('region', { name: survey.campaign!.name });
    await expect(card).toBeVisible();
    await expect(card.getByText(survey.question!)).toBeVisible();
    await expect(card.getByText('Responses are tied to your account to help us follow up.')).toBeVisible();
    for (let n = 0; n <= 10; n++) await expect(card.getByRole('button', { name: String(n), exact: true })).toBeVisible();
    await card.getByRole('button', { name: '8', exact: true }).click();
    await card.getByLabel('Comment (optional)').fill('Search could be faster.');
    await snap(page, info, 'nps-survey');
    await card.getByRole('button', { name: 'Submit' }).click();
    await expect(card).toHaveCount(0);
    expect(await getJson<ActiveSurvey>(ctx, '/api/v1/nps/active')).toEqual(expect.objectContaining({ active: true, already_responded: true }));
    await page.reload();
    await expect(page.getByRole('heading', { level: 1, name: 'Chat' })).toBeVisible();
    await page.waitForTimeout(300);
    await expect(card).toHaveCount(0);
  });

  test('never shows to a user who has answered', async ({ page, signInAs, api }) => {
    const survey = await getJson<ActiveSurvey>(await api('engineer'), '/api/v1/nps/active');
    expect(survey.already_responded).toBe(true);
    await signInAs('engineer', '/console/flows');
    await expect(page.getByRole('heading', { level: 1, name: 'Flows' })).toBeVisible();
    await page.waitForTimeout(300);
    await expect(page.getByRole('region', { name: survey.campaign!.name })).toHaveCount(0);
  });
});
