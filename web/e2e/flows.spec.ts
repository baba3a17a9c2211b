import type { FlowDashboard, TreeDetail, TreeList, TreeRatings } from '../src/lib/api/types';
import { formatCount, formatMinutes, formatRate } from '../src/lib/format';
import { expect, getJson, settled, statValue, test } from './support';

test.describe('Flows', () => {
  for (const role of ['team_admin', 'engineer', 'viewer'] as const) {
    test(`${role} lists the account's flows, searches and filters them`, async ({ page, signInAs, api }) => {
      const ctx = await api(role);
      const all = await getJson<TreeList>(ctx, '/api/v1/trees?limit=20');
      expect(all.items.length).toBeGreaterThan(0);
      await signInAs(role, '/console/flows');
      await expect(page.getByRole('heading', { level: 1, name: 'Flows' })).toBeVisible();
      const table = page.getByRole('table', { name: 'Flows' });
      await expect(table.getByRole('row')).toHaveCount(all.items.length + 1);
      await expect(table.getByRole('link').first()).toHaveText(all.items[0]!.name);

      const needle = all.items[0]!.name.split(' ')[0]!.toLowerCase();
      const found = await getJson<TreeList>(ctx, `/api/v1/trees?limit=20&q=${encodeURIComponent(needle)}`);
      await page.getByLabel('Search flows').fill(needle);
      await expect.poll(() => new URL(page.url()).searchParams.get('q')).toBe(needle);
      await expect(table.getByRole('row')).toHaveCount(found.items.length + 1);

      await page.getByLabel('Search flows').fill('');
      const type = all.items[0]!.tree_type;
      const typed = await getJson<TreeList>(ctx, `/api/v1/trees?limit=20&tree_type=${type}`);
      await page.getByLabel('Type').selectOption(type);
      await expect(page).toHaveURL(new RegExp(`tree_type=${type}`));
      await expect(table.getByRole('row')).toHaveCount(typed.items.length + 1);
    });
  }
});

test.describe('Flow Analytics', () => {
  for (const role of ['team_admin', 'engineer', 'viewer'] as const) {
    test(`${role} sees the flow's cards, trend, steps in flow order, comments and ratings`, async ({ page, signInAs, api }) => {
      const ctx = await api(role);
      const list = await getJson<TreeList>(ctx, '/api/v1/trees?limit=50');
      // The flow with the most sessions in 90 days, so that every element has data.
      let best: { id: string; d: FlowDashboard } | null = null;
      for (const t of list.items) {
        const d = await getJson<FlowDashboard>(ctx, `/api/v1/analytics/flows/${t.id}?period=90d`);
        if (!best || d.summary.total_sessions > best.d.summary.total_sessions) best = { id: t.id, d };
      }
      const { id, d } = best!;
      const tree = await getJson<TreeDetail>(ctx, `/api/v1/trees/${id}`);
      const ratings = await getJson<TreeRatings>(ctx, `/api/v1/trees/${id}/ratings?page=1&limit=10`);

      await signInAs(role, `/console/flows/${id}?period=90d`);
      await expect(page.getByRole('heading', { level: 1, name: tree.name })).toBeVisible();
      await settled(page);
      await expect(statValue(page, 'Usage')).toHaveText(formatCount(d.summary.total_sessions));
      await expect(statValue(page, 'Completion Rate')).toHaveText(formatRate(d.summary.completion_rate));
      await expect(statValue(page, 'Avg Duration')).toHaveText(formatMinutes(d.summary.avg_duration_minutes));
      await expect(page.getByRole('group', { name: 'CSAT' })).toContainText(`${formatCount(d.summary.total_ratings)} rating`);
      await expect(page.getByRole('figure', { name: 'Sessions per day of this flow' })).toBeVisible();

      const steps = page.getByRole('table', { name: 'Step feedback' });
      const titles = [...tree.nodes]
        .filter((n) => n.step_id !== null || d.step_feedback.some((f) => f.node_id === n.node_id))
        .sort((a, b) => a.position - b.position)
        .map((n) => n.title);
      const shown = await steps.locator('tbody tr td:nth-child(2)').allTextContents();
      expect(shown.slice(0, titles.length)).toEqual(titles);
      for (const s of d.step_feedback) {
        await expect(steps.getByRole('meter', { name: `Helpful rate of ${s.node_title}` })).toHaveAttribute('aria-valuetext', formatRate(s.helpful_rate));
      }

      const comments = page.getByRole('region', { name: 'Recent comments' }).getByRole('listitem');
      await expect(comments).toHaveCount(Math.min(10, d.recent_comments.length));

      const list2 = page.getByRole('list', { name: 'Ratings list' });
      if (ratings.items.length > 0) {
        await expect(list2.getByRole('listitem')).toHaveCount(ratings.items.length);
        const five = await getJson<TreeRatings>(ctx, `/api/v1/trees/${id}/ratings?page=1&limit=10&min_rating=5&max_rating=5`);
        await page.getByLabel('Rating', { exact: true }).selectOption('5');
        await expect(page).toHaveURL(/rating=5/);
        if (five.items.length > 0) await expect(list2.getByRole('listitem')).toHaveCount(five.items.length);
        else await expect(page.getByText('No ratings match this filter')).toBeVisible();
      }
    });
  }

  test('Start session opens the new session', async ({ page, signInAs, api }) => {
    const ctx = await api('engineer');
    const list = await getJson<TreeList>(ctx, '/api/v1/trees?limit=1');
    await signInAs('engineer', `/console/flows/${list.items[0]!.id}`);
    await page.getByRole('button', { name: 'Start session' }).click();
    await expect(page).toHaveURL(/\/console\/sessions\/[0-9a-f-]{36}$/);
    const sid = new URL(page.url()).pathname.split('/').pop()!;
    const s = await getJson<{ tree_id: string; status: string }>(ctx, `/api/v1/sessions/${sid}`);
    expect(s.tree_id).toBe(list.items[0]!.id);
  });

  test('a flow of another account (or none) is not found, in words', async ({ page, signInAs }) => {
    await signInAs('engineer', '/console/flows/00000000-0000-7000-8000-00000000dead');
    await expect(page.getByRole('heading', { level: 1, name: 'Flow not found' })).toBeVisible();
  });
});
