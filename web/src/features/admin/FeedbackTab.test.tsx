import { afterEach, describe, expect, it, vi } from 'vitest';
import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import AdminPage from './AdminPage';
import { mockApi, ok, renderAt } from '@/test/render';

const routes = [{ path: '/admin', element: <AdminPage /> }];
afterEach(() => vi.unstubAllGlobals());

const item = {
  message_id: 'm1',
  client_message_id: null,
  conversation_id: 'c1',
  conversation_title: 'DNS cache keeps coming back',
  content_snippet: 'Flush the DNS cache on the client',
  role: 'assistant',
  rating: 'negative',
  reason: 'Too vague',
  comment: 'It was DHCP',
  submitted_by: { user_id: 'u2', email: 'erin@demo.example', name: 'Erin Engineer' },
  submitted_at: '2026-02-01T14:05:00Z',
  chat_link: '/chat/c1',
};
const users = { items: [{ id: 'u2', name: 'Erin Engineer', email: 'erin@demo.example' }], pagination: { page: 1, limit: 100, total: 1, total_pages: 1 } };

describe('Feedback tab', () => {
  it('asks the API for the filters of the URL and shows its rows and totals', async () => {
    const { calls } = mockApi({
      '/admin/feedback': ok({ items: [item], pagination: { page: 2, limit: 20, total: 21, total_pages: 2 } }),
      '/directory/users': ok(users),
    });
    renderAt('/admin?tab=feedback&rating=negative&user_id=u2&from=2026-01-01&to=2026-02-28&page=2', routes);
    const table = await screen.findByRole('table', { name: 'Feedback' });
    const q = calls.find((c) => c.pathname.endsWith('/admin/feedback'))!.searchParams;
    expect(Object.fromEntries(q)).toEqual({ rating: 'negative', user_id: 'u2', from: '2026-01-01', to: '2026-02-28', page: '2', limit: '20' });
    const row = within(table).getAllByRole('row')[1]!;
    expect(row).toHaveTextContent('Erin Engineer');
    expect(row).toHaveTextContent('Negative');
    expect(row).toHaveTextContent('Too vague');
    expect(row).toHaveTextContent('It was DHCP');
    expect(row).toHaveTextContent('Flush the DNS cache on the client');
    expect(row).toHaveTextContent('Feb 1, 202614:05'); // in the account's zone (UTC in the fixture)
    expect(screen.getByRole('navigation', { name: 'Feedback pages' })).toHaveTextContent('Page 2 of 2 · 21 in all');
    expect(screen.getByRole('button', { name: 'Negative' })).toHaveAttribute('aria-pressed', 'true');
  });

  it("links each row to its conversation with the inbox's filters as the way back", async () => {
    mockApi({ '/admin/feedback': ok({ items: [item], pagination: { page: 1, limit: 20, total: 1, total_pages: 1 } }), '/directory/users': ok(users) });
    renderAt('/admin?tab=feedback&rating=negative&page=2', routes);
    const link = await screen.findByRole('link', { name: 'Open chat: DNS cache keeps coming back' });
    expect(link).toHaveAttribute('href', `/chat/c1?back=${encodeURIComponent('tab=feedback&rating=negative&page=2')}`);
  });

  it('keeps a changed filter in the URL and goes back to the first page', async () => {
    mockApi({ '/admin/feedback': ok({ items: [], pagination: { page: 1, limit: 20, total: 0, total_pages: 0 } }), '/directory/users': ok(users) });
    renderAt('/admin?tab=feedback&page=3', routes);
    expect(await screen.findByText('No feedback yet')).toBeInTheDocument();
    await userEvent.click(screen.getByRole('button', { name: 'Positive' }));
    expect(screen.getByLabelText('location')).toHaveTextContent('/admin?tab=feedback&rating=positive');
    await userEvent.selectOptions(screen.getByLabelText('User'), 'Erin Engineer');
    expect(screen.getByLabelText('location')).toHaveTextContent('/admin?tab=feedback&rating=positive&user_id=u2');
    expect(await screen.findByText('No feedback matches these filters')).toBeInTheDocument();
    await userEvent.click(screen.getByRole('button', { name: 'Clear filters' }));
    expect(screen.getByLabelText('location')).toHaveTextContent(/^\/admin\?tab=feedback$/);
  });
});
