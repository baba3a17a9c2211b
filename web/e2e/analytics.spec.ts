import type { PersonalDashboard, TeamDashboard } from '../src/lib/api/types';
import { formatCount, formatMinutes, formatRate } from '../src/lib/format';
import { expect, getJson, settled, statValue, test } from './support';

test.describe('Team Analytics', () => {
  test('shows what the API returns for the period, and 7d changes the URL and the figures', async ({ page, signInAs, api }) => {
    const admin = await api('team_admin');
    const d30 = await getJson<TeamDashboard>(admin, '/api/v1/analytics/team?period=30d');
    const d7 = await getJson<TeamDashboard>(admin, '/api/v1/analytics/team?period=7d');
    expect(d30.summary.total_sessions, 'the demo data has sessions in 30 days').toBeGreaterThan(0);

    await signInAs('team_admin', '/console/analytics');
    await expect(page.getByRole('heading', { level: 1, name: 'Team Analytics' })).toBeVisible();
    await settled(page);
    await expect(statValue(page, 'Total Sessions')).toHaveText(formatCount(d30.summary.total_sessions));
    await expect(statValue(page, 'Completion Rate')).toHaveText(formatRate(d30.summary.completion_rate));
    await expect(statValue(page, 'Avg Duration')).toHaveText(formatMinutes(d30.summary.avg_duration_minutes));
    await expect(statValue(page, 'Active Engineers')).toHaveText(formatCount(d30.summary.active_engineers));
    const chart = page.getByRole('figure', { name: 'Sessions per day by outcome' });
    await expect(chart).toBeVisible();
    await expect(chart.locator('[data-chart-area]')).toHaveCount(5);
    // The tooltip: hovering a day shows its figures.
    const box = await chart.locator('svg').first().boundingBox();
    if (!box) throw new Error('the chart has no box');
    await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
    await expect(chart.getByText(/^Sessions: \d+$/)).toBeVisible();
    await expect(chart.getByText('Resolved', { exact: true }).first()).toBeVisible();
    await expect(page.getByRole('table', { name: 'Flow leaderboard' }).getByRole('row')).toHaveCount(d30.top_flows.length + 1);
    await expect(page.getByRole('table', { name: 'Engineer leaderboard' }).getByRole('row')).toHaveCount(d30.top_engineers.length + 1);

    await page.getByRole('button', { name: '7d', exact: true }).click();
    await expect(page).toHaveURL(/\?period=7d$/);
    await settled(page);
    await expect(statValue(page, 'Total Sessions')).toHaveText(formatCount(d7.summary.total_sessions));
    await expect(statValue(page, 'Completion Rate')).toHaveText(formatRate(d7.summary.completion_rate));
  });

  test('a deep link with a custom range and an engineer reloads to the same view', async ({ page, signInAs, api }) => {
    const admin = await api('team_admin');
    const all = await getJson<TeamDashboard>(admin, '/api/v1/analytics/team?period=90d');
    const eng = all.top_engineers[0]!;
    const { from, to } = all.period;
    const d = await getJson<TeamDashboard>(admin, `/api/v1/analytics/team?from=${from}&to=${to}&engineer_id=${eng.user_id}`);

    await signInAs('team_admin', `/console/analytics?from=${from}&to=${to}&engineer_id=${eng.user_id}`);
    await settled(page);
    await expect(page.getByRole('button', { name: 'Custom' })).toHaveAttribute('aria-pressed', 'true');
    await expect(page.getByRole('button', { name: `Clear engineer filter (${eng.name})` })).toBeVisible();
    await expect(statValue(page, 'Total Sessions')).toHaveText(formatCount(d.summary.total_sessions));
    await page.reload();
    await settled(page);
    expect(new URL(page.url()).search).toBe(`?from=${from}&to=${to}&engineer_id=${eng.user_id}`);
    await expect(statValue(page, 'Total Sessions')).toHaveText(formatCount(d.summary.total_sessions));
    await expect(page.getByRole('button', { name: `Clear engineer filter (${eng.name})` })).toBeVisible();
  });

  test('the engineer leaderboard sets the engineer filter, and the chip clears it', async ({ page, signInAs, api }) => {
    const admin = await api('team_admin');
    const all = await getJson<TeamDashboard>(admin, '/api/v1/analytics/team?period=30d');
    const eng = all.top_engineers[1] ?? all.top_engineers[0]!;
    const one = await getJson<TeamDashboard>(admin, `/api/v1/analytics/team?period=30d&engineer_id=${eng.user_id}`);
    expect(one.summary.total_sessions).toBeLessThan(all.summary.total_sessions);

    await signInAs('team_admin', '/console/analytics?period=30d');
    await settled(page);
    await page.getByRole('table', { name: 'Engineer leaderboard' }).getByRole('link', { name: eng.name, exact: true }).click();
    await expect(page).toHaveURL(new RegExp(`engineer_id=${eng.user_id}`));
    await settled(page);
    await expect(statValue(page, 'Total Sessions')).toHaveText(formatCount(one.summary.total_sessions));
    await page.getByRole('button', { name: `Clear engineer filter (${eng.name})` }).click();
    await expect(page).toHaveURL(/\?period=30d$/);
    await settled(page);
    await expect(statValue(page, 'Total Sessions')).toHaveText(formatCount(all.summary.total_sessions));
  });

  test('a flow of the leaderboard links to its page with the same period', async ({ page, signInAs, api }) => {
    const admin = await api('team_admin');
    const d = await getJson<TeamDashboard>(admin, '/api/v1/analytics/team?period=90d');
    const flow = d.top_flows[0]!;
    await signInAs('team_admin', '/console/analytics?period=90d');
    await page.getByRole('table', { name: 'Flow leaderboard' }).getByRole('link', { name: flow.name, exact: true }).click();
    await expect(page).toHaveURL(new RegExp(`/console/flows/${flow.tree_id}\\?period=90d$`));
    await expect(page.getByRole('heading', { level: 1, name: flow.name })).toBeVisible();
    await settled(page);
    await expect(statValue(page, 'Usage')).toHaveText(formatCount(flow.sessions));
  });

  test('the period selector works with the keyboard alone', async ({ page, signInAs }) => {
    await signInAs('team_admin', '/console/analytics');
    await settled(page);
    await page.getByRole('button', { name: '30d', exact: true }).focus();
    await page.keyboard.press('ArrowRight');
    await expect(page.getByRole('button', { name: '90d', exact: true })).toBeFocused();
    await page.keyboard.press('Enter');
    await expect(page).toHaveURL(/\?period=90d$/);
    await page.keyboard.press('ArrowRight');
    await expect(page.getByRole('button', { name: 'Custom' })).toBeFocused();
    await page.keyboard.press('Space');
    await page.keyboard.press('Tab');
    await expect(page.getByLabel('From')).toBeFocused();
    await page.keyboard.press('Shift+Tab');
    await page.keyboard.press('Home');
    await expect(page.getByRole('button', { name: '7d', exact: true })).toBeFocused();
    await page.keyboard.press('Enter');
    await expect(page).toHaveURL(/\?period=7d$/);
  });
});

test.describe('My Analytics', () => {
  for (const role of ['team_admin', 'engineer', 'viewer'] as const) {
    test(`shows ${role}'s own figures as the API returns them`, async ({ page, signInAs, api }) => {
      const ctx = await api(role);
      const d = await getJson<PersonalDashboard>(ctx, '/api/v1/analytics/me?period=90d');
      await signInAs(role, '/console/analytics/me?period=90d');
      await expect(page.getByRole('heading', { level: 1, name: 'My Analytics' })).toBeVisible();
      await settled(page);
      await expect(statValue(page, 'My Sessions')).toHaveText(formatCount(d.summary.total_sessions));
      await expect(statValue(page, 'My Completion Rate')).toHaveText(formatRate(d.summary.completion_rate));
      await expect(statValue(page, 'My Avg Duration')).toHaveText(formatMinutes(d.summary.avg_duration_minutes));
      const split = page.getByRole('group', { name: 'My Outcome Split' });
      const b = d.summary.outcome_breakdown;
      const completed = b.resolved + b.workaround + b.escalated + b.unresolved;
      if (completed > 0) {
        await expect(statValue(page, 'My Outcome Split')).toHaveText(formatRate(b.resolved / completed));
        await expect(split).toContainText(
          `${formatCount(b.resolved)} resolved · ${formatCount(b.workaround)} workaround · ` +
            `${formatCount(b.escalated)} escalated · ${formatCount(b.unresolved)} unresolved`,
        );
      } else {
        await expect(split).toContainText('no completed sessions');
      }
      if (d.summary.total_sessions > 0) {
        await expect(page.getByRole('figure', { name: 'My sessions per day' }).locator('.recharts-line').first()).toBeVisible();
        await expect(page.getByRole('table', { name: 'My Top Flows' }).getByRole('row')).toHaveCount(d.top_flows.length + 1);
      } else {
        await expect(page.getByText('No sessions in this period').first()).toBeVisible();
      }
      if (d.summary.completed_sessions > 0) {
        await expect(page.getByRole('figure', { name: 'My outcome distribution' })).toBeVisible();
      }
    });
  }
});
