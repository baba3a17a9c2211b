import { afterEach, describe, expect, it, vi } from 'vitest';
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import ConversationPage from './ConversationPage';
import { me, mockApi, ok, renderAt } from '@/test/render';

afterEach(() => vi.unstubAllGlobals());

const CID = '00000000-0000-7000-8000-0000000000c1';
const routes = [{ path: '/chat/:id', element: <ConversationPage /> }];
const conv = (access_level: string) => ({
  id: CID,
  title: 'DNS cache keeps coming back',
  owner_id: 'o',
  is_public: false,
  public_permission: 'comment',
  access_level,
  created_at: '2026-02-01T10:00:00Z',
  updated_at: '2026-02-01T10:00:00Z',
});
const messages = {
  items: [
    { id: 'm1', message_id: null, role: 'user', content: 'Clients resolve the old IP.', sender_id: 'o', created_at: '2026-02-01T10:00:00Z', updated_at: '2026-02-01T10:00:00Z', feedback: null },
    { id: 'm2', message_id: null, role: 'assistant', content: 'Flush the DNS cache.', sender_id: null, created_at: '2026-02-01T10:01:00Z', updated_at: '2026-02-01T10:01:00Z', feedback: null },
  ],
  pagination: { page: 1, limit: 100, total: 2, total_pages: 1 },
};
const emptySharing = { is_public: false, public_permission: 'comment', users: [], teams: [] };

describe('conversation access levels', () => {
  it('audit mode: banner, disabled box and thumbs, Back to Feedback keeps the admin query', async () => {
    mockApi({ [`/chat/conversations/${CID}`]: ok(conv('admin_audit')), [`/chat/conversations/${CID}/messages`]: ok(messages) });
    renderAt(`/chat/${CID}?back=${encodeURIComponent('tab=feedback&rating=negative')}`, routes, me('auditor'));
    expect(await screen.findByText('Read-only audit mode: you are viewing this conversation as an admin')).toBeInTheDocument();
    expect(screen.getByRole('link', { name: 'Back to Feedback' })).toHaveAttribute('href', '/admin?tab=feedback&rating=negative');
    expect(screen.getByLabelText('Message')).toBeDisabled();
    expect(await screen.findByRole('button', { name: 'Not helpful' })).toBeDisabled();
    expect(screen.queryByRole('button', { name: 'Share' })).toBeNull();
  });

  it('shared read-only: its banner, the box disabled, thumbs allowed, no Back to Feedback', async () => {
    mockApi({ [`/chat/conversations/${CID}`]: ok(conv('shared_readonly')), [`/chat/conversations/${CID}/messages`]: ok(messages) });
    renderAt(`/chat/${CID}`, routes, me('engineer'));
    expect(await screen.findByText('Shared with you as read-only')).toBeInTheDocument();
    expect(screen.getByLabelText('Message')).toBeDisabled();
    expect(await screen.findByRole('button', { name: 'Not helpful' })).toBeEnabled();
    expect(screen.queryByRole('link', { name: 'Back to Feedback' })).toBeNull();
  });

  it('thumbs on assistant messages only, with reasons, a comment and the disclaimer', async () => {
    const { fetchMock } = mockApi({
      [`/chat/conversations/${CID}`]: ok(conv('shared')),
      [`/chat/conversations/${CID}/messages`]: ok(messages),
      '/chat/messages/m2/feedback': () => ({
        status: 200,
        body: { message_id: 'm2', rating: 'negative', reason: null, comment: null, submitted_by: { user_id: 'u', email: 'e', name: 'n' }, submitted_at: '2026-02-01T10:02:00Z' },
      }),
    });
    renderAt(`/chat/${CID}`, routes, me('engineer'));
    const answer = await screen.findByRole('listitem', { name: 'Assistant message' });
    expect(within(screen.getByRole('listitem', { name: 'User message' })).queryByRole('button', { name: 'Helpful' })).toBeNull();
    await userEvent.click(within(answer).getByRole('button', { name: 'Not helpful' }));
    const pop = await screen.findByRole('dialog', { name: 'What went wrong?' });
    expect(pop).toHaveTextContent('Feedback is shared with your admin team to help improve the experience.');
    await userEvent.click(within(pop).getByRole('button', { name: 'Too vague' }));
    await userEvent.type(within(pop).getByLabelText('Comment (optional)'), 'Which record?');
    await userEvent.click(within(pop).getByRole('button', { name: 'Send feedback' }));
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
    const puts = fetchMock.mock.calls.map((c) => c[0] as Request).filter((r) => r.method === 'PUT');
    expect(puts).toHaveLength(2);
    expect(await puts[0]!.json()).toEqual({ rating: 'negative', reason: null, comment: null });
    expect(await puts[1]!.json()).toEqual({ rating: 'negative', reason: 'Too vague', comment: 'Which record?' });
  });
});

describe('share dialog', () => {
  it('defaults new shares to Can edit and shows the API error inline', async () => {
    // The POST answers 404 naming the unknown email, as the API does.
    const { fetchMock } = mockApi({});
    fetchMock.mockImplementation(async (input: RequestInfo | URL) => {
      const req = input as Request;
      const path = new URL(req.url).pathname.replace(/^\/api\/v1/, '');
      const json = (status: number, body: unknown) => new Response(JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json' } });
      if (path.endsWith('/share') && req.method === 'POST') return json(404, { error: { code: 'NOT_FOUND', message: 'no user with email nobody@demo.example' } });
      if (path.endsWith('/share')) return json(200, emptySharing);
      if (path.endsWith('/messages')) return json(200, messages);
      if (path.startsWith('/directory/users')) return json(200, { items: [], pagination: { page: 1, limit: 8, total: 0, total_pages: 0 } });
      if (path.startsWith('/directory/teams')) return json(200, { items: [{ id: 't1', name: 'Tier 2', member_count: 4 }], pagination: { page: 1, limit: 100, total: 1, total_pages: 1 } });
      return json(200, conv('owner'));
    });
    renderAt(`/chat/${CID}`, routes, me('engineer'));
    await userEvent.click(await screen.findByRole('button', { name: 'Share' }));
    const d = await screen.findByRole('dialog', { name: 'Share conversation' });
    expect(within(d).getByLabelText('Permission for the person')).toHaveValue('comment');
    expect(within(d).getByLabelText('Permission for the team')).toHaveValue('comment');
    expect(await within(d).findByText('Not shared with anyone yet')).toBeInTheDocument();
    await userEvent.type(within(d).getByLabelText('Email'), 'nobody@demo.example');
    await userEvent.click(within(d).getByRole('button', { name: 'Share' }));
    expect(await within(d).findByRole('alert')).toHaveTextContent('no user with email nobody@demo.example');
    const post = fetchMock.mock.calls.map((c) => c[0] as Request).find((r) => r.method === 'POST');
    expect(await post!.json()).toEqual({ user_emails: ['nobody@demo.example'], permission: 'comment' });
  });
});
