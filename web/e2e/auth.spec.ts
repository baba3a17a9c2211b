import { test, expect } from './support';

test.describe('signing in', () => {
  test('a #token= link signs in and the token leaves the address bar at once', async ({ page, signInAs }) => {
    await signInAs('team_admin', '/console/');
    await expect(page.getByRole('heading', { level: 1, name: 'Team Analytics' })).toBeVisible();
    expect(page.url()).not.toContain('token');
    expect(new URL(page.url()).pathname).toBe('/console/analytics');
    const history = await page.evaluate(() => window.history.length);
    expect(history).toBeLessThanOrEqual(2);
  });

  test('without a token the sign-in page asks for one; a pasted token signs in', async ({ page }) => {
    await page.goto('/console/analytics/me');
    await expect(page.getByRole('heading', { name: 'Sign in' })).toBeVisible();
    await expect(page).toHaveURL(/\/console\/sign-in$/);
    const { tokenOf } = await import('./support');
    await page.getByLabel('Access token').fill(tokenOf('engineer'));
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect(page.getByRole('heading', { level: 1, name: 'My Analytics' })).toBeVisible();
    await expect(page).toHaveURL(/\/console\/analytics\/me$/);
  });

  test('a refused token (401) leads to the sign-in page saying the session has ended', async ({ page }) => {
    // Well formed, but signed with another key.
    const forged = 'eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIwMDAwMDAwMC0wMDAwLTAwMDAtMDAwMC0wMDAwMDAwMDAwMDAiLCJleHAiOjQxMDI0NDQ4MDB9.c2lnbmF0dXJl';
    await page.goto(`/console/flows#token=${forged}`);
    await expect(page.getByRole('heading', { name: 'Sign in' })).toBeVisible();
    await expect(page.getByText('Your session has ended')).toBeVisible();
    expect(await page.evaluate(() => sessionStorage.getItem('insights.token'))).toBeNull();
  });

  test('Sign out forgets the token', async ({ page, signInAs }) => {
    await signInAs('viewer', '/console/flows');
    await expect(page.getByRole('heading', { level: 1, name: 'Flows' })).toBeVisible();
    await page.getByRole('button', { name: 'Sign out' }).click();
    await expect(page.getByRole('heading', { name: 'Sign in' })).toBeVisible();
    expect(await page.evaluate(() => sessionStorage.getItem('insights.token'))).toBeNull();
    await page.goto('/console/flows');
    await expect(page.getByRole('heading', { name: 'Sign in' })).toBeVisible();
  });
});

test.describe('navigation by role', () => {
  for (const [role, admin, home] of [
    ['team_admin', true, '/console/analytics'],
    ['engineer', false, '/console/analytics/me'],
    ['viewer', false, '/console/analytics/me'],
  ] as const) {
    test(`${role} lands on ${home} and sees Admin: ${admin}`, async ({ page, signInAs }) => {
      await signInAs(role);
      await expect(page).toHaveURL(new RegExp(`${home}$`));
      const nav = page.getByRole('navigation', { name: 'Main' });
      for (const name of ['Analytics', 'Flows', 'Sessions', 'Chat']) await expect(nav.getByRole('link', { name, exact: true })).toBeVisible();
      await expect(nav.getByRole('link', { name: 'Admin', exact: true })).toHaveCount(admin ? 1 : 0);
    });
  }

  test('a forbidden URL shows "not permitted", never a blank page', async ({ page, signInAs }) => {
    const refused: string[] = [];
    page.on('response', (r) => {
      if (r.status() === 403) refused.push(r.url());
    });
    await signInAs('engineer', '/console/analytics');
    await expect(page.getByRole('heading', { name: 'Not permitted' })).toBeVisible();
    // The page's data is asked for only when GET /me says the role may read it.
    expect(refused).toEqual([]);
    await expect(page.getByText('not permitted', { exact: false }).first()).toBeVisible();
    await page.goto('/console/admin');
    await expect(page.getByRole('heading', { name: 'Not permitted' })).toBeVisible();
  });
});
