// Journeys of the chat pages: post a message and rate an answer; read-only sharing and audit
// mode (banner, disabled box, the API still refuses a forced post); the owner's Share dialog.
// Each journey creates its own conversation through the API.
import type { APIRequestContext, TestInfo } from '@playwright/test';
import type { Message, Sharing } from '../src/features/chat/api';
import { expect, getJson, test } from './support';
import { send, snap } from './journeys';

type Conv = { id: string; title: string };

async function conversation(ctx: APIRequestContext, info: TestInfo, what: string): Promise<Conv> {
  const title = `${what} (${info.project.name} ${Date.now()})`;
  const c = await send<Conv>(ctx, 'post', '/api/v1/chat/conversations', { title }, 201);
  await send(ctx, 'post', `/api/v1/chat/conversations/${c.id}/messages`, { role: 'user', content: 'The print queue on PRN-02 is stuck.' }, 201);
  await send(
    ctx,
    'post',
    `/api/v1/chat/conversations/${c.id}/messages`,
    { role: 'assistant', content: 'Restart the Print Spooler service, then clear the spool folder before starting it again.' },
    201,
  );
  return c;
}

async function messages(ctx: APIRequestContext, id: string) {
  return (await getJson<{ items: Message[] }>(ctx, `/api/v1/chat/conversations/${id}/messages?limit=100`)).items;
}

test.describe('Chat', () => {
  test('post a message, then rate the assistant answer negative with a reason', async ({ page, signInAs, api }, info) => {
    const ctx = await api('engineer');
    const c = await conversation(ctx, info, 'Stuck print queue');
    await signInAs('engineer', '/console/chat');
    await expect(page.getByRole('heading', { level: 1, name: 'Chat' })).toBeVisible();
    await snap(page, info, 'chat-list');
    await page.getByRole('list', { name: 'Conversations' }).getByRole('link', { name: c.title }).click();
    await expect(page.getByRole('heading', { level: 1, name: c.title })).toBeVisible();

    const text = `Spooler restarted, jobs still pile up (${Date.now()})`;
    await page.getByLabel('Message', { exact: true }).fill(text);
    await page.getByRole('button', { name: 'Send' }).click();
    await expect(page.getByRole('region', { name: 'Messages' }).getByText(text)).toBeVisible();
    await expect(page.getByLabel('Message', { exact: true })).toHaveValue('');
    await expect.poll(async () => (await messages(ctx, c.id)).map((m) => [m.role, m.content])).toContainEqual(['user', text]);

    const answer = page.getByRole('listitem', { name: 'Assistant message' }).first();
    await answer.getByRole('button', { name: 'Not helpful' }).click();
    const popover = page.getByRole('dialog', { name: 'What went wrong?' });
    await expect(popover).toBeVisible();
    await expect(popover.getByText('Feedback is shared with your admin team to help improve the experience.')).toBeVisible();
    await popover.getByRole('button', { name: 'Not specific enough' }).click();
    await popover.getByLabel('Comment (optional)').fill('Which folder exactly?');
    await snap(page, info, 'popover-message-feedback');
    await popover.getByRole('button', { name: 'Send feedback' }).click();
    await expect(popover).toHaveCount(0);
    await expect(answer.getByRole('button', { name: 'Not helpful' })).toHaveAttribute('aria-pressed', 'true');
    await expect(answer.getByRole('button', { name: 'Helpful', exact: true })).toHaveAttribute('aria-pressed', 'false');

    await expect
      .poll(async () => (await messages(ctx, c.id)).find((m) => m.role === 'assistant')?.feedback)
      .toEqual(expect.objectContaining({ rating: 'negative', reason: 'Not specific enough', comment: 'Which folder exactly?' }));
    await page.reload();
    await expect(page.getByRole('listitem', { name: 'Assistant message' }).first().getByRole('button', { name: 'Not helpful' })).toHaveAttribute('aria-pressed', 'true');
  });

  test('a conversation shared read-only: banner, disabled box, and a forced post is still refused', async ({ page, signInAs, api }, info) => {
    const owner = await api('engineer');
    const jane = await api('engineer2');
    const c = await conversation(owner, info, 'Read-only share');
    await send(owner, 'post', `/api/v1/chat/conversations/${c.id}/share`, { user_emails: ['jane@demo.example'], permission: 'view' }, 200);

    await signInAs('engineer2', '/console/chat?scope=shared');
    await expect(page.getByRole('button', { name: 'Shared with me' })).toHaveAttribute('aria-pressed', 'true');
    const row = page.getByRole('list', { name: 'Conversations' }).getByRole('listitem').filter({ hasText: c.title });
    await expect(row).toContainText('Can view');
    await row.getByRole('link', { name: c.title }).click();
    await expect(page.getByText('Shared with you as read-only')).toBeVisible();
    await expect(page.getByLabel('Message', { exact: true })).toBeDisabled();
    await expect(page.getByRole('button', { name: 'Send' })).toBeDisabled();
    await expect(page.getByRole('button', { name: 'Share' })).toHaveCount(0);
    await expect(page.getByRole('link', { name: 'Back to Feedback' })).toHaveCount(0);
    await snap(page, info, 'chat-readonly');

    const before = (await messages(owner, c.id)).length;
    const forced = await jane.post(`/api/v1/chat/conversations/${c.id}/messages`, { data: { role: 'user', content: 'forced' } });
    expect(forced.status()).toBe(403);
    expect((await forced.json()).error.message).toBe('Read-only access: cannot add messages');
    expect((await messages(owner, c.id)).length).toBe(before);
  });

  test('audit mode: an admin viewer reads a private conversation read-only, with Back to Feedback', async ({ page, signInAs, api }, info) => {
    const owner = await api('engineer');
    const auditor = await api('admin_viewer');
    const c = await conversation(owner, info, 'Private, audited');
    const back = encodeURIComponent('tab=feedback&rating=negative');
    await signInAs('admin_viewer', `/console/chat/${c.id}?back=${back}`);
    await expect(page.getByText('Read-only audit mode: you are viewing this conversation as an admin')).toBeVisible();
    await expect(page.getByLabel('Message', { exact: true })).toBeDisabled();
    await expect(page.getByRole('button', { name: 'Helpful', exact: true }).first()).toBeDisabled();
    const link = page.getByRole('link', { name: 'Back to Feedback' });
    await expect(link).toHaveAttribute('href', '/console/admin?tab=feedback&rating=negative');
    await snap(page, info, 'chat-audit');
    const forced = await auditor.post(`/api/v1/chat/conversations/${c.id}/messages`, { data: { role: 'user', content: 'forced' } });
    expect(forced.status()).toBe(403);
    await link.click();
    await expect(page).toHaveURL(/\/console\/admin\?tab=feedback&rating=negative$/);
  });

  test('share with a user as "Can view", change to "Can edit", revoke', async ({ page, signInAs, api }, info) => {
    const ctx = await api('engineer');
    const c = await conversation(ctx, info, 'Share journey');
    const share = () => getJson<Sharing>(ctx, `/api/v1/chat/conversations/${c.id}/share`);
    await signInAs('engineer', `/console/chat/${c.id}`);
    await page.getByRole('button', { name: 'Share' }).click();
    const dialog = page.getByRole('dialog', { name: 'Share conversation' });
    await expect(dialog).toBeVisible();
    await expect(dialog.getByText('Not shared with anyone yet')).toBeVisible();
    // New shares default to "Can edit".
    const perm = dialog.getByLabel('Permission for the person');
    await expect(perm).toHaveValue('comment');
    await expect(perm.locator('option:checked')).toHaveText('Can edit');
    await dialog.getByLabel('Email').fill('john@demo.example');
    await perm.selectOption({ label: 'Can view' });
    await dialog.getByRole('button', { name: 'Share', exact: true }).click();
    const select = dialog.getByLabel('Permission for John Park');
    await expect(select).toHaveValue('view');
    expect((await share()).users).toEqual([expect.objectContaining({ email: 'john@demo.example', permission: 'view' })]);
    await snap(page, info, 'dialog-share');

    await select.selectOption({ label: 'Can edit' });
    await expect.poll(async () => (await share()).users.map((u) => u.permission)).toEqual(['comment']);
    await expect(select).toHaveValue('comment');

    await dialog.getByRole('button', { name: 'Revoke access of John Park' }).click();
    await expect(select).toHaveCount(0);
    await expect.poll(async () => (await share()).users).toEqual([]);

    // Share with everyone, read-only.
    await dialog.getByLabel('Permission for everyone').selectOption({ label: 'Can view' });
    // The box follows the server's answer (it is checked once the API has shared).
    await dialog.getByLabel('Share with everyone').click();
    await expect(dialog.getByLabel('Share with everyone')).toBeChecked();
    await expect.poll(async () => {
      const s = await share();
      return [s.is_public, s.public_permission];
    }).toEqual([true, 'view']);

    // A team, "Can edit" by default.
    await dialog.getByLabel('Team', { exact: true }).selectOption({ index: 1 });
    await dialog.getByRole('button', { name: 'Share with team' }).click();
    await expect.poll(async () => (await share()).teams.map((t) => t.permission)).toEqual(['comment']);

    await page.keyboard.press('Escape');
    await expect(dialog).toHaveCount(0);
    await expect(page.getByRole('button', { name: 'Share' })).toBeFocused();
  });

  test('share with an unknown email: the API error shows in the dialog and nothing is written', async ({ page, signInAs, api }, info) => {
    const ctx = await api('engineer');
    const c = await conversation(ctx, info, 'Unknown email');
    await signInAs('engineer', `/console/chat/${c.id}`);
    await page.getByRole('button', { name: 'Share' }).click();
    const dialog = page.getByRole('dialog', { name: 'Share conversation' });
    await dialog.getByLabel('Email').fill('nobody@demo.example');
    await dialog.getByRole('button', { name: 'Share', exact: true }).click();
    const alert = dialog.getByRole('alert');
    await expect(alert).toContainText('nobody@demo.example');
    await snap(page, info, 'dialog-share-error');
    const s = await getJson<Sharing>(ctx, `/api/v1/chat/conversations/${c.id}/share`);
    expect(s.users).toEqual([]);
    expect(s.teams).toEqual([]);
    expect(s.is_public).toBe(false);

    // Sharing with oneself is refused inline too.
    await dialog.getByLabel('Email').fill('engineer@demo.example');
    await dialog.getByRole('button', { name: 'Share', exact: true }).click();
    await expect(dialog.getByRole('alert')).not.toContainText('nobody@demo.example');
    await expect(dialog.getByRole('alert')).toBeVisible();
    expect((await getJson<Sharing>(ctx, `/api/v1/chat/conversations/${c.id}/share`)).users).toEqual([]);
  });
});
