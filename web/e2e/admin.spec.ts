// The admin page against the real server: the feedback inbox (filters in the URL, pages, audit
// links), the NPS tab (figures equal to the API's, campaign filter, create with the API's overlap
// message inline, stop with an inline confirmation), an auditor's read-only view, and the tabs
// under each feature flag (servers started with FEEDBACK_ENABLED=false / NPS_ENABLED=false).
import type { APIRequestContext, Page } from '@playwright/test';
import type { GetResponse, Me } from '../src/lib/api/types';
import { formatCount, formatRate } from '../src/lib/format';
import { dayIn, formatNps, startOfDayIn } from '../src/features/admin/shape';
import { expect, getJson, settled, statValue, test, tokenOf } from './support';
import { startServer } from './servers';
import type { Role } from './env';

type Inbox = GetResponse<'/api/v1/admin/feedback'>;
type NpsDashboard = GetResponse<'/api/v1/admin/nps'>;
type Campaigns = GetResponse<'/api/v1/admin/nps/campaigns'>;
type Active = GetResponse<'/api/v1/nps/active'>;
type Users = GetResponse<'/api/v1/directory/users'>;

const PAGE_SIZE = 20;

/** Opens `path` on another server (its own origin) signed in as `role`. */
async function signInAt(page: Page, baseURL: string, role: Role, path: string) {
  await page.goto(`${baseURL}${path}#token=${tokenOf(role)}`);
}

function addDays(day: string, n: number): string {
  const d = new Date(`${day}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + n);
  return d.toISOString().slice(0, 10);
}

/** The figures of the NPS tab equal those of `d`. */
async function expectNpsFigures(page: Page, d: NpsDashboard) {
  await settled(page);
  await expect(statValue(page, 'NPS Score')).toHaveText(formatNps(d.nps_score));
  await expect(statValue(page, 'Responses')).toHaveText(formatCount(d.total_responses));
  if (d.confidence) {
    await expect(page.getByRole('group', { name: 'NPS Score' })).toContainText(
      `95% CI ${formatNps(d.confidence.low)} to ${formatNps(d.confidence.high)}`,
    );
  }
  const b = d.breakdown;
  const list = page.getByRole('list', { name: 'NPS breakdown' });
  for (const [label, count, pct] of [
    ['Promoters', b.promoters, b.promoter_pct],
    ['Passives', b.passives, b.passive_pct],
    ['Detractors', b.detractors, b.detractor_pct],
  ] as const) {
    const item = list.getByRole('listitem', { name: label });
    await expect(item.locator('[data-pct]')).toHaveText(pct === null ? '—' : `${pct}%`);
    await expect(item.locator('[data-count]')).toHaveText(`${formatCount(count)} ${count === 1 ? 'response' : 'responses'}`);
  }
  const recent = page.getByRole('list', { name: 'Recent responses list' }).getByRole('listitem');
  await expect(recent).toHaveCount(d.recent_responses.length);
  if (d.trend.some((t) => t.count > 0)) {
    const chart = page.getByRole('figure', { name: 'NPS per day, last 30 days' });
    await expect(chart).toBeVisible();
    await expect(chart.locator('tbody tr')).toHaveCount(30);
  }
}

/** The campaigns table lists `campaigns` in order with their dates' status, responses and rate. */
async function expectCampaignRows(page: Page, campaigns: NpsDashboard['campaigns']) {
  const rows = page.getByRole('table', { name: 'Campaigns' }).locator('tbody tr');
  await expect(rows).toHaveCount(campaigns.length);
  for (const [i, c] of campaigns.entries()) {
    const row = rows.nth(i);
    await expect(row.getByRole('button', { name: c.name, exact: true })).toBeVisible();
    await expect(row.locator('td').nth(2)).toContainText({ active: 'Active', scheduled: 'Scheduled', ended: 'Ended' }[c.status]);
    await expect(row.locator('td').nth(3)).toHaveText(formatCount(c.response_count));
    await expect(row.locator('td').nth(4)).toHaveText(formatRate(c.response_rate));
  }
}

/** Enough negative feedback by the engineer for more than one inbox page (created once). */
async function ensureEngineerFeedbackPages(engineer: APIRequestContext, admin: APIRequestContext, engineerId: string) {
  const have = await getJson<Inbox>(admin, `/api/v1/admin/feedback?rating=negative&user_id=${engineerId}&limit=1`);
  const missing = PAGE_SIZE + 3 - have.pagination.total;
  if (missing <= 0) return;
  const conv = await engineer.post('/api/v1/chat/conversations', { data: { title: 'Inbox paging check' } });
  expect(conv.status()).toBe(201);
  const { id } = (await conv.json()) as { id: string };
  for (let i = 0; i < missing; i++) {
    const m = await engineer.post(`/api/v1/chat/conversations/${id}/messages`, {
      data: { role: 'assistant', content: `Suggested fix number ${i + 1}: restart the service and check the event log.` },
    });
    expect(m.status()).toBe(201);
    const { id: messageId } = (await m.json()) as { id: string };
    const f = await engineer.put(`/api/v1/chat/messages/${messageId}/feedback`, {
      data: { rating: 'negative', reason: 'Too vague', comment: `Paging check ${i + 1}` },
    });
    expect(f.status()).toBe(200);
  }
}

test.describe('Admin: Feedback tab', () => {
  test('an admin filters the inbox by rating and by user and pages through it', async ({ page, signInAs, api }) => {
    const admin = await api('team_admin');
    const engineer = await api('engineer');
    const erin = (await getJson<Me>(engineer, '/api/v1/me')).user;
    await ensureEngineerFeedbackPages(engineer, admin, erin.id);
    const all = await getJson<Inbox>(admin, `/api/v1/admin/feedback?page=1&limit=${PAGE_SIZE}`);

    await signInAs('team_admin', '/console/admin?tab=feedback');
    await expect(page.getByRole('heading', { level: 1, name: 'Admin' })).toBeVisible();
    await expect(page.getByRole('tab', { name: 'Feedback' })).toHaveAttribute('aria-selected', 'true');
    const table = page.getByRole('table', { name: 'Feedback' });
    const rows = table.locator('tbody tr');
    await expect(rows).toHaveCount(all.items.length);
    await expect(rows.first()).toContainText(all.items[0]!.submitted_by.name);
    await expect(rows.first()).toContainText(all.items[0]!.content_snippet);
    const pages = page.getByRole('navigation', { name: 'Feedback pages' });
    await expect(pages).toContainText(`Page 1 of ${all.pagination.total_pages} · ${all.pagination.total} in all`);

    // Rating: positive, then negative.
    const positive = await getJson<Inbox>(admin, `/api/v1/admin/feedback?rating=positive&page=1&limit=${PAGE_SIZE}`);
    await page.getByRole('button', { name: 'Positive', exact: true }).click();
    await expect(page).toHaveURL(/[?&]rating=positive/);
    await expect(page.getByRole('button', { name: 'Positive', exact: true })).toHaveAttribute('aria-pressed', 'true');
    await settled(page);
    await expect(rows).toHaveCount(positive.items.length);
    for (const i of positive.items.keys()) await expect(rows.nth(i).locator('td').nth(1)).toHaveText('Positive');

    const negative = await getJson<Inbox>(admin, `/api/v1/admin/feedback?rating=negative&page=1&limit=${PAGE_SIZE}`);
    await page.getByRole('button', { name: 'Negative', exact: true }).click();
    await expect(page).toHaveURL(/[?&]rating=negative/);
    await settled(page);
    await expect(rows).toHaveCount(negative.items.length);
    await expect(rows.first()).toContainText(negative.items[0]!.content_snippet);

    // User: the engineer's negative feedback, more than one page of it.
    const mine = `/api/v1/admin/feedback?rating=negative&user_id=${erin.id}&limit=${PAGE_SIZE}`;
    const p1 = await getJson<Inbox>(admin, `${mine}&page=1`);
    expect(p1.pagination.total_pages).toBeGreaterThan(1);
    await page.getByLabel('User').selectOption({ label: erin.name });
    await expect(page).toHaveURL(new RegExp(`[?&]user_id=${erin.id}`));
    await settled(page);
    await expect(pages).toContainText(`Page 1 of ${p1.pagination.total_pages} · ${p1.pagination.total} in all`);
    await expect(rows).toHaveCount(p1.items.length);
    for (const i of p1.items.keys()) await expect(rows.nth(i).locator('td').first()).toContainText(erin.name);

    const p2 = await getJson<Inbox>(admin, `${mine}&page=2`);
    await pages.getByRole('button', { name: 'Next' }).click();
    await expect(page).toHaveURL(/[?&]page=2/);
    await settled(page);
    await expect(pages).toContainText(`Page 2 of ${p2.pagination.total_pages}`);
    await expect(rows).toHaveCount(p2.items.length);
    await expect(rows.first()).toContainText(p2.items[0]!.content_snippet);
    await expect(rows.first()).toContainText(p2.items[0]!.comment ?? '—');

    // The filtered page reloads as it was (everything is in the URL).
    await page.reload();
    await settled(page);
    await expect(page.getByLabel('User')).toHaveValue(erin.id);
    await expect(page.getByRole('button', { name: 'Negative', exact: true })).toHaveAttribute('aria-pressed', 'true');
    await expect(rows.first()).toContainText(p2.items[0]!.content_snippet);

    // A date range with no feedback in it says so in words.
    await page.getByLabel('From').fill('2001-01-01');
    await page.getByLabel('To').fill('2001-01-31');
    await expect(page).toHaveURL(/from=2001-01-01/);
    await expect(page).toHaveURL(/to=2001-01-31/);
    await expect(page.getByText('No feedback matches these filters')).toBeVisible();
    await page.getByRole('button', { name: 'Clear filters' }).click();
    await expect(page).toHaveURL(/\/console\/admin\?tab=feedback$/);
    await settled(page);
    await expect(rows).toHaveCount(all.items.length);
  });

  test('a chat link opens the conversation in audit mode, and Back to Feedback returns to the same filtered page', async ({ page, signInAs, api }) => {
    const admin = await api('team_admin');
    const engineer = await api('engineer');
    const erin = (await getJson<Me>(engineer, '/api/v1/me')).user;
    await ensureEngineerFeedbackPages(engineer, admin, erin.id);
    const filters = `tab=feedback&rating=negative&user_id=${erin.id}&page=2`;
    const p2 = await getJson<Inbox>(admin, `/api/v1/admin/feedback?rating=negative&user_id=${erin.id}&limit=${PAGE_SIZE}&page=2`);
    const item = p2.items[0]!;
    const conversation = await getJson<{ access_level: string; title: string }>(admin, `/api/v1/chat/conversations/${item.conversation_id}`);
    expect(conversation.access_level).toBe('admin_audit');
    const messages = await getJson<{ items: unknown[] }>(admin, `/api/v1/chat/conversations/${item.conversation_id}/messages?limit=100`);

    await signInAs('team_admin', `/console/admin?${filters}`);
    const rows = page.getByRole('table', { name: 'Feedback' }).locator('tbody tr');
    await settled(page);
    await expect(rows.first()).toContainText(item.content_snippet);
    await rows.first().getByRole('link', { name: `Open chat: ${item.conversation_title}` }).click();

    await expect(page).toHaveURL(new RegExp(`/console${item.chat_link}\\?back=`));
    await expect(page.getByRole('heading', { level: 1, name: conversation.title })).toBeVisible();
    await expect(page.getByText('Read-only audit mode: you are viewing this conversation as an admin')).toBeVisible();
    await expect(page.getByRole('textbox', { name: 'Message' })).toBeDisabled();
    expect(messages.items.length).toBeGreaterThan(0);
    await expect(page.getByRole('region', { name: 'Messages' }).getByRole('listitem', { name: /^(Assistant|User|System) message$/ })).toHaveCount(messages.items.length);

    await page.getByRole('link', { name: 'Back to Feedback' }).click();
    await expect(page).toHaveURL(`/console/admin?${filters}`);
    await expect(page.getByRole('tab', { name: 'Feedback' })).toHaveAttribute('aria-selected', 'true');
    await expect(page.getByRole('button', { name: 'Negative', exact: true })).toHaveAttribute('aria-pressed', 'true');
    await expect(page.getByLabel('User')).toHaveValue(erin.id);
    await settled(page);
    await expect(page.getByRole('navigation', { name: 'Feedback pages' })).toContainText(`Page 2 of ${p2.pagination.total_pages}`);
    await expect(rows.first()).toContainText(item.content_snippet);
  });

  test('an engineer has no Admin item and the page is not permitted', async ({ page, signInAs }) => {
    await signInAs('engineer', '/console/admin?tab=feedback');
    await expect(page.getByRole('heading', { name: 'Not permitted' })).toBeVisible();
    await expect(page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Admin' })).toHaveCount(0);
  });
});

test.describe('Admin: NPS tab', () => {
  test('the figures equal the API, a campaign filters every one of them, and the filter clears', async ({ page, signInAs, api }) => {
    const admin = await api('team_admin');
    const all = await getJson<NpsDashboard>(admin, '/api/v1/admin/nps');
    const summer = all.campaigns.find((c) => c.name === 'Summer Pulse')!;
    expect(summer).toBeTruthy();
    const filtered = await getJson<NpsDashboard>(admin, `/api/v1/admin/nps?campaign_id=${summer.id}`);

    await signInAs('team_admin', '/console/admin?tab=nps');
    await expect(page.getByRole('tab', { name: 'NPS' })).toHaveAttribute('aria-selected', 'true');
    await expectNpsFigures(page, all);
    await expectCampaignRows(page, all.campaigns);

    await page.getByRole('table', { name: 'Campaigns' }).getByRole('button', { name: 'Summer Pulse', exact: true }).click();
    await expect(page).toHaveURL(new RegExp(`[?&]campaign_id=${summer.id}`));
    await expect(page.getByRole('status', { name: 'Campaign filter' })).toHaveText('Showing Summer Pulse. Clear filter');
    await expectNpsFigures(page, filtered);
    // Every recent response is one of that campaign's.
    expect(filtered.recent_responses.every((r) => r.campaign_id === summer.id)).toBe(true);
    await expect(page.getByRole('list', { name: 'Recent responses list' })).not.toContainText('No campaign');

    await page.reload();
    await expect(page.getByRole('status', { name: 'Campaign filter' })).toHaveText('Showing Summer Pulse. Clear filter');
    await expectNpsFigures(page, filtered);

    await page.getByRole('button', { name: 'Clear filter' }).click();
    await expect(page).toHaveURL(/\/console\/admin\?tab=nps$/);
    await expect(page.getByRole('status', { name: 'Campaign filter' })).toHaveCount(0);
    await expectNpsFigures(page, all);
  });

  test('an admin creates a campaign, and an overlapping one is refused inline with nothing created', async ({ page, signInAs, api }) => {
    const admin = await api('team_admin');
    const me = await getJson<Me>(admin, '/api/v1/me');
    const tz = me.account.timezone;
    const before = await getJson<Campaigns>(admin, '/api/v1/admin/nps/campaigns?limit=100');
    // After every existing campaign, so that it overlaps none of them (and re-runs keep moving on).
    const last = before.items.map((c) => c.ends_at).sort().at(-1) ?? new Date().toISOString();
    const start = addDays(last.slice(0, 10), 3);
    const end = addDays(start, 6);
    const name = `Pulse check ${start}`;

    await signInAs('team_admin', '/console/admin?tab=nps');
    const form = page.getByRole('form', { name: 'New campaign' });
    await form.getByLabel('Name').fill(name);
    await form.getByLabel('Start').fill(start);
    await form.getByLabel('End').fill(end);
    await form.getByRole('button', { name: 'Create campaign' }).click();

    const row = page.getByRole('table', { name: 'Campaigns' }).locator('tbody tr').filter({ has: page.getByRole('button', { name, exact: true }) });
    await expect(row).toHaveCount(1);
    await expect(row).toContainText('Scheduled');
    await expect(form.getByLabel('Name')).toHaveValue('');
    const after = await getJson<Campaigns>(admin, '/api/v1/admin/nps/campaigns?limit=100');
    const created = after.items.find((c) => c.name === name)!;
    expect(created).toBeTruthy();
    expect(created.status).toBe('scheduled');
    expect(Date.parse(created.starts_at)).toBe(Date.parse(startOfDayIn(start, tz)));
    expect(dayIn(created.ends_at, tz)).toBe(end);
    await expect(row.locator('td').nth(1)).toContainText(new Intl.DateTimeFormat('en-US', { month: 'short', day: 'numeric', timeZone: 'UTC' }).format(new Date(`${end}T00:00:00Z`)));

    // The same days again under another name: the API's message, inline; nothing created.
    const other = `Overlapping ${start}`;
    await form.getByLabel('Name').fill(other);
    await form.getByLabel('Start').fill(addDays(start, 2));
    await form.getByLabel('End').fill(addDays(end, 5));
    await form.getByRole('button', { name: 'Create campaign' }).click();
    const refused = await admin.post('/api/v1/admin/nps/campaigns', {
      data: { name: other, starts_at: startOfDayIn(addDays(start, 2), tz), ends_at: startOfDayIn(addDays(end, 5), tz) },
    });
    expect(refused.status()).toBe(409);
    const message = ((await refused.json()) as { error: { code: string; message: string } }).error;
    expect(message.code).toBe('CAMPAIGN_OVERLAP');
    expect(message.message).toBe(`Campaign "${name}" overlaps with the requested date range`);
    await expect(form.getByRole('alert')).toHaveText(message.message);
    await expect(form.getByLabel('Name')).toHaveValue(other);
    const still = await getJson<Campaigns>(admin, '/api/v1/admin/nps/campaigns?limit=100');
    expect(still.items.filter((c) => c.name === other)).toHaveLength(0);
    expect(still.pagination.total).toBe(after.pagination.total);
    await expect(page.getByRole('table', { name: 'Campaigns' }).locator('tbody tr')).toHaveCount(after.pagination.total);

    // The form's own checks: nothing is sent.
    await form.getByLabel('Name').fill('   ');
    await form.getByRole('button', { name: 'Create campaign' }).click();
    await expect(form.getByLabel('Name')).toHaveAccessibleDescription('Enter a name.');
  });

  test('an admin stops the active campaign with an inline confirmation, and the survey no longer shows it', async ({ page, playwright }) => {
    // On its own copy of the demo data: stopping the demo's active campaign must not change
    // what the other journeys see.
    const server = await startServer({ offset: 3, database: 'insights_e2e_stop' });
    try {
      const admin = await playwright.request.newContext({ baseURL: server.baseURL, extraHTTPHeaders: { Authorization: `Bearer ${tokenOf('team_admin')}` } });
      const engineer = await playwright.request.newContext({ baseURL: server.baseURL, extraHTTPHeaders: { Authorization: `Bearer ${tokenOf('engineer')}` } });
      const active = await getJson<Active>(engineer, '/api/v1/nps/active');
      expect(active.active).toBe(true);
      const name = active.campaign!.name;
      page.on('dialog', (d) => {
        throw new Error(`a browser dialog opened: ${d.message()}`);
      });

      await signInAt(page, server.baseURL, 'team_admin', '/console/admin?tab=nps');
      const row = page.getByRole('table', { name: 'Campaigns' }).locator('tbody tr').filter({ has: page.getByRole('button', { name, exact: true }) });
      await expect(row).toContainText('Active');

      // Asking, then cancelling, changes nothing.
      await row.getByRole('button', { name: `Stop ${name}` }).click();
      await expect(row.getByRole('group', { name: 'Stop this campaign now?' })).toBeVisible();
      await row.getByRole('button', { name: 'Cancel' }).click();
      await expect(row.getByRole('button', { name: `Stop ${name}` })).toBeFocused();
      expect((await getJson<Active>(engineer, '/api/v1/nps/active')).active).toBe(true);

      await row.getByRole('button', { name: `Stop ${name}` }).click();
      await row.getByRole('button', { name: 'Stop campaign' }).click();
      await expect(row).toContainText('Ended');
      await expect(row).toContainText('stopped');
      await expect(row.getByRole('button', { name: `Stop ${name}` })).toHaveCount(0);

      expect(await getJson<Active>(engineer, '/api/v1/nps/active')).toEqual({ active: false });
      const list = await getJson<Campaigns>(admin, '/api/v1/admin/nps/campaigns?limit=100');
      const stopped = list.items.find((c) => c.id === active.campaign!.id)!;
      expect(stopped.status).toBe('ended');
      expect(stopped.stopped_at).not.toBeNull();
      await admin.dispose();
      await engineer.dispose();
    } finally {
      await server.stop();
    }
  });

  test('an auditor sees every figure but cannot create or stop, and a forced POST is refused', async ({ page, signInAs, api }) => {
    const auditor = await api('admin_viewer');
    const me = await getJson<Me>(auditor, '/api/v1/me');
    expect(me.can.nps_read).toBe(true);
    expect(me.can.nps_manage).toBe(false);
    const d = await getJson<NpsDashboard>(auditor, '/api/v1/admin/nps');

    // The Feedback tab is theirs too.
    await signInAs('admin_viewer', '/console/admin?tab=feedback');
    await expect(page.getByRole('table', { name: 'Feedback' })).toBeVisible();
    await page.getByRole('tab', { name: 'NPS' }).click();
    await expect(page).toHaveURL(/\/console\/admin\?tab=nps$/);
    await expectNpsFigures(page, d);
    await expectCampaignRows(page, d.campaigns);
    await expect(page.getByRole('form', { name: 'New campaign' })).toHaveCount(0);
    await expect(page.getByRole('button', { name: /^Stop / })).toHaveCount(0);
    await expect(page.getByText('Only admins can create or stop campaigns.')).toBeVisible();

    const create = await auditor.post('/api/v1/admin/nps/campaigns', { data: { name: 'Auditor campaign', starts_at: '2199-01-01', ends_at: '2199-01-31' } });
    expect(create.status()).toBe(403);
    const active = d.campaigns.find((c) => c.status === 'active');
    if (active) {
      const stop = await auditor.post(`/api/v1/admin/nps/campaigns/${active.id}/stop`);
      expect(stop.status()).toBe(403);
    }
    const after = await getJson<Campaigns>(auditor, '/api/v1/admin/nps/campaigns?limit=100');
    expect(after.items.some((c) => c.name === 'Auditor campaign')).toBe(false);
    if (active) expect(after.items.find((c) => c.id === active.id)!.status).toBe('active');
  });
});

test.describe('Admin: feature flags', () => {
  test('with FEEDBACK_ENABLED=false the Feedback tab is gone and ?tab=feedback opens NPS', async ({ page, playwright }) => {
    const server = await startServer({ offset: 1, env: { FEEDBACK_ENABLED: 'false' } });
    try {
      const admin = await playwright.request.newContext({ baseURL: server.baseURL, extraHTTPHeaders: { Authorization: `Bearer ${tokenOf('team_admin')}` } });
      const me = await getJson<Me>(admin, '/api/v1/me');
      expect(me.features).toEqual({ feedback_enabled: false, nps_enabled: true });
      const inbox = await admin.get('/api/v1/admin/feedback');
      expect(inbox.status()).toBe(404);
      expect(((await inbox.json()) as { error: { code: string } }).error.code).toBe('FEEDBACK_DISABLED');
      const d = await getJson<NpsDashboard>(admin, '/api/v1/admin/nps');

      await signInAt(page, server.baseURL, 'team_admin', '/console/admin?tab=feedback');
      await expect(page.getByRole('tab')).toHaveText(['NPS']);
      await expect(page.getByRole('tab', { name: 'NPS' })).toHaveAttribute('aria-selected', 'true');
      await expect(page).toHaveURL(/\/console\/admin\?tab=nps$/);
      await expect(page.getByRole('table', { name: 'Feedback' })).toHaveCount(0);
      await expectNpsFigures(page, d);
      await admin.dispose();
    } finally {
      await server.stop();
    }
  });

  test('with NPS_ENABLED=false the NPS tab and the survey are gone', async ({ page, playwright }) => {
    const server = await startServer({ offset: 2, env: { NPS_ENABLED: 'false' } });
    try {
      const admin = await playwright.request.newContext({ baseURL: server.baseURL, extraHTTPHeaders: { Authorization: `Bearer ${tokenOf('team_admin')}` } });
      const me = await getJson<Me>(admin, '/api/v1/me');
      expect(me.features).toEqual({ feedback_enabled: true, nps_enabled: false });
      // nps.md: with the flag off /nps/active answers 200 {active: false} to anyone; every other
      // NPS endpoint 404 NPS_DISABLED.
      expect(await getJson<Active>(admin, '/api/v1/nps/active')).toEqual({ active: false });
      for (const r of [await admin.get('/api/v1/admin/nps'), await admin.post('/api/v1/nps', { data: { score: 9 } })]) {
        expect(r.status()).toBe(404);
        expect(((await r.json()) as { error: { code: string } }).error.code).toBe('NPS_DISABLED');
      }
      const users = await getJson<Users>(admin, '/api/v1/directory/users?limit=1');
      expect(users.items.length).toBe(1);

      await signInAt(page, server.baseURL, 'team_admin', '/console/admin?tab=nps');
      await expect(page.getByRole('tab')).toHaveText(['Feedback']);
      await expect(page.getByRole('tab', { name: 'Feedback' })).toHaveAttribute('aria-selected', 'true');
      await expect(page).toHaveURL(/\/console\/admin\?tab=feedback$/);
      await expect(page.getByRole('table', { name: 'Feedback' })).toBeVisible();
      await settled(page);
      // No survey anywhere: neither on this page nor on another.
      for (const path of ['/console/analytics', '/console/admin?tab=nps']) {
        await page.goto(`${server.baseURL}${path}`);
        await expect(page.getByRole('heading', { level: 1 })).toHaveText(path.includes('admin') ? 'Admin' : 'Team Analytics');
        await settled(page);
        await expect(page.getByText(/How well does .* help you get your work done\?/)).toHaveCount(0);
        await expect(page.getByRole('dialog')).toHaveCount(0);
        await expect(page.getByRole('region', { name: /survey|NPS/i })).toHaveCount(0);
        await expect(page.getByRole('group', { name: /survey|NPS/i })).toHaveCount(0);
      }
      await admin.dispose();
    } finally {
      await server.stop();
    }
  });
});
