// Journeys of the session player: step thumbs (rate, flip, un-rate) and the CSAT prompt (rate,
// skip). Each journey starts its own session through the API, so runs stay independent.
import type { FlowDashboard, TreeDetail, TreeList, TreeRatings } from '../src/lib/api/types';
import type { SessionDetail } from '../src/features/sessions/api';
import { expect, getJson, settled, test } from './support';
import { send, snap } from './journeys';
import type { APIRequestContext, Page } from '@playwright/test';

/** A flow with a rateable first node, and a new session of it (as the engineer). */
async function newSession(ctx: APIRequestContext, flowIndex = 0) {
  const list = await getJson<TreeList>(ctx, '/api/v1/trees?limit=50');
  const trees: TreeDetail[] = [];
  for (const t of list.items) {
    const d = await getJson<TreeDetail>(ctx, `/api/v1/trees/${t.id}`);
    if (d.nodes.length > 0 && d.nodes.some((n) => n.step_id)) trees.push(d);
  }
  const tree = trees[flowIndex % trees.length]!;
  const s = await send<{ id: string }>(ctx, 'post', '/api/v1/sessions', { tree_id: tree.id }, 201);
  const nodes = [...tree.nodes].sort((a, b) => a.position - b.position);
  return { tree, nodes, sid: s.id };
}

async function counters(ctx: APIRequestContext, treeId: string, nodeId: string) {
  const d = await getJson<FlowDashboard>(ctx, `/api/v1/analytics/flows/${treeId}?period=30d`);
  const f = d.step_feedback.find((x) => x.node_id === nodeId);
  return { yes: f?.helpful_yes ?? 0, no: f?.helpful_no ?? 0 };
}

/** The up and down counts shown on the flow page's step feedback table for `title`. */
async function shownCounters(page: Page, treeId: string, title: string) {
  await page.goto(`/console/flows/${treeId}?period=30d`);
  await settled(page);
  const row = page.getByRole('table', { name: 'Step feedback' }).getByRole('row').filter({ has: page.getByRole('cell', { name: title, exact: true }) });
  await expect(row).toHaveCount(1);
  const cells = row.getByRole('cell');
  return { yes: await cells.nth(3).textContent(), no: await cells.nth(4).textContent() };
}

async function thumbs(ctx: APIRequestContext, sid: string) {
  return (await getJson<SessionDetail>(ctx, `/api/v1/sessions/${sid}`)).step_feedback;
}

test.describe('Session player', () => {
  test('rate a step up, flip it down, un-rate it: the session and the flow page follow', async ({ page, signInAs, api }, info) => {
    const ctx = await api('engineer');
    const { tree, nodes, sid } = await newSession(ctx, 0);
    const node = nodes.find((n) => n.step_id)!;
    const index = nodes.indexOf(node);
    const before = await counters(ctx, tree.id, node.node_id);

    await signInAs('engineer', `/console/sessions/${sid}`);
    await expect(page.getByRole('heading', { level: 1, name: tree.name })).toBeVisible();
    const card = page.getByRole('list', { name: 'Steps' }).getByRole('listitem').nth(index);
    await expect(card.getByRole('heading')).toHaveText(`Step ${index + 1}: ${node.title}`);
    const up = card.getByRole('button', { name: 'Helpful', exact: true });
    const down = card.getByRole('button', { name: 'Not helpful' });
    await expect(up).toHaveAttribute('aria-pressed', 'false');
    await expect(down).toHaveAttribute('aria-pressed', 'false');
    await snap(page, info, 'session-player');

    // Up.
    await up.click();
    await expect(up).toHaveAttribute('aria-pressed', 'true');
    await expect.poll(() => thumbs(ctx, sid)).toEqual([expect.objectContaining({ step_id: node.step_id, node_id: node.node_id, was_helpful: true })]);
    await expect(page.getByText('New: Rate steps with thumbs to help improve flows')).toHaveCount(0);
    expect(await counters(ctx, tree.id, node.node_id)).toEqual({ yes: before.yes + 1, no: before.no });
    expect(await shownCounters(page, tree.id, node.title)).toEqual({ yes: String(before.yes + 1), no: String(before.no) });

    // Flip to down.
    await page.goto(`/console/sessions/${sid}`);
    await expect(up).toHaveAttribute('aria-pressed', 'true');
    await down.click();
    await expect(down).toHaveAttribute('aria-pressed', 'true');
    await expect(up).toHaveAttribute('aria-pressed', 'false');
    await expect.poll(() => thumbs(ctx, sid)).toEqual([expect.objectContaining({ node_id: node.node_id, was_helpful: false })]);
    await snap(page, info, 'session-player-thumb-down');
    expect(await counters(ctx, tree.id, node.node_id)).toEqual({ yes: before.yes, no: before.no + 1 });
    expect(await shownCounters(page, tree.id, node.title)).toEqual({ yes: String(before.yes), no: String(before.no + 1) });

    // The same thumb again un-rates.
    await page.goto(`/console/sessions/${sid}`);
    await expect(down).toHaveAttribute('aria-pressed', 'true');
    await down.click();
    await expect(down).toHaveAttribute('aria-pressed', 'false');
    await expect.poll(() => thumbs(ctx, sid)).toEqual([]);
    expect(await counters(ctx, tree.id, node.node_id)).toEqual(before);
    expect(await shownCounters(page, tree.id, node.title)).toEqual({ yes: String(before.yes), no: String(before.no) });
  });

  test('the thumbs hint shows under the first step once per browser, and thumbs work by keyboard', async ({ page, signInAs, api }) => {
    const ctx = await api('engineer');
    const { sid, nodes } = await newSession(ctx, 1);
    await signInAs('engineer', `/console/sessions/${sid}`);
    const first = page.getByRole('list', { name: 'Steps' }).getByRole('listitem').first();
    await expect(first.getByText('New: Rate steps with thumbs to help improve flows')).toBeVisible();
    await first.getByRole('button', { name: 'Dismiss hint' }).click();
    await expect(page.getByText('New: Rate steps with thumbs to help improve flows')).toHaveCount(0);
    await page.reload();
    await expect(page.getByRole('list', { name: 'Steps' })).toBeVisible();
    await expect(page.getByText('New: Rate steps with thumbs to help improve flows')).toHaveCount(0);

    const i = nodes.findIndex((n) => n.step_id);
    const up = page.getByRole('list', { name: 'Steps' }).getByRole('listitem').nth(i).getByRole('button', { name: 'Helpful', exact: true });
    await up.focus();
    await page.keyboard.press('Enter');
    await expect(up).toHaveAttribute('aria-pressed', 'true');
    await expect.poll(async () => (await thumbs(ctx, sid)).length).toBe(1);
  });

  test('complete a session and rate it 4 with a comment; a reload does not prompt again; the rating is on the flow page', async ({ page, signInAs, api }, info) => {
    const ctx = await api('engineer');
    const { tree, sid } = await newSession(ctx, 2);
    const comment = `Clear steps, e2e ${info.project.name} ${Date.now()}`;

    await signInAs('engineer', `/console/sessions/${sid}`);
    await page.getByRole('button', { name: 'Complete session' }).click();
    const outcome = page.getByRole('dialog', { name: 'Complete session' });
    await expect(outcome).toBeVisible();
    await snap(page, info, 'modal-outcome');
    await outcome.getByRole('button', { name: /^Resolved/ }).click();

    const csat = page.getByRole('dialog', { name: 'How would you rate this flow?' });
    await expect(csat).toBeVisible();
    await expect(outcome).toHaveCount(0);
    await expect(csat.getByText('Your feedback helps flow authors improve')).toBeVisible();
    for (const n of ['1', '2', '3', '4', '5']) await expect(csat.getByRole('button', { name: n, exact: true })).toBeVisible();
    await csat.getByRole('button', { name: '4', exact: true }).click();
    await csat.getByLabel('Any comments? (optional)').fill(comment);
    await expect(csat.getByText(`${[...comment].length}/500`)).toBeVisible();
    await snap(page, info, 'modal-csat');
    await csat.getByRole('button', { name: 'Submit' }).click();
    await expect(csat).toHaveCount(0);

    const s = await getJson<SessionDetail>(ctx, `/api/v1/sessions/${sid}`);
    expect(s.outcome).toBe('resolved');
    expect(s.rating).toEqual(expect.objectContaining({ rating: 4, comment }));

    await page.reload();
    await expect(page.getByLabel('You rated this flow 4 of 5')).toBeVisible();
    await page.waitForTimeout(300);
    await expect(page.getByRole('dialog')).toHaveCount(0);

    // Listed on the flow page (newest first).
    const ratings = await getJson<TreeRatings>(ctx, `/api/v1/trees/${tree.id}/ratings?page=1&limit=10`);
    expect(ratings.items[0]).toEqual(expect.objectContaining({ session_id: sid, rating: 4, comment }));
    await page.goto(`/console/flows/${tree.id}`);
    await settled(page);
    const item = page.getByRole('list', { name: 'Ratings list' }).getByRole('listitem').filter({ hasText: comment });
    await expect(item).toHaveCount(1);
    await expect(item.getByLabel('Rated 4 of 5')).toBeVisible();

    // In the sessions list, completed and rated.
    await page.goto('/console/sessions');
    await expect(page.getByRole('heading', { level: 1, name: 'Sessions' })).toBeVisible();
    await expect(page.getByRole('table', { name: 'Completed sessions' }).getByLabel('Rated 4 of 5').first()).toBeVisible();
    await snap(page, info, 'sessions-list');
  });

  test('skip the CSAT prompt: nothing is stored and it does not come back in this browser', async ({ page, signInAs, api }) => {
    const ctx = await api('engineer');
    const { sid } = await newSession(ctx, 3);
    await signInAs('engineer', '/console/sessions');
    // Listed in progress, with Resume.
    await page.getByRole('table', { name: 'Sessions in progress' }).locator(`a[href="/console/sessions/${sid}"]`).click();
    await expect(page).toHaveURL(new RegExp(`/console/sessions/${sid}$`));
    await page.getByRole('button', { name: 'Complete session' }).click();
    await page.getByRole('dialog', { name: 'Complete session' }).getByRole('button', { name: /^Escalated/ }).click();
    const csat = page.getByRole('dialog', { name: 'How would you rate this flow?' });
    await expect(csat).toBeVisible();
    await csat.getByRole('button', { name: 'Skip' }).click();
    await expect(csat).toHaveCount(0);

    const s = await getJson<SessionDetail>(ctx, `/api/v1/sessions/${sid}`);
    expect(s.outcome).toBe('escalated');
    expect(s.rating).toBeNull();
    expect((await ctx.get(`/api/v1/sessions/${sid}/rating`)).status()).toBe(404);

    await page.reload();
    await expect(page.getByRole('button', { name: 'Rate this flow' })).toBeVisible();
    await page.waitForTimeout(300);
    await expect(page.getByRole('dialog')).toHaveCount(0);
  });

  test('Escape closes the outcome modal and focus stays inside while it is open', async ({ page, signInAs, api }) => {
    const ctx = await api('engineer');
    const { sid } = await newSession(ctx, 4);
    await signInAs('engineer', `/console/sessions/${sid}`);
    const opener = page.getByRole('button', { name: 'Complete session' });
    await opener.click();
    const outcome = page.getByRole('dialog', { name: 'Complete session' });
    await expect(outcome).toBeVisible();
    for (let i = 0; i < 7; i++) {
      await page.keyboard.press('Tab');
      expect(await outcome.evaluate((d) => d.contains(document.activeElement))).toBe(true);
    }
    await page.keyboard.press('Escape');
    await expect(outcome).toHaveCount(0);
    await expect(opener).toBeFocused();
    expect((await getJson<SessionDetail>(ctx, `/api/v1/sessions/${sid}`)).completed_at).toBeNull();
  });
});
