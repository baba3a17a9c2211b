import { afterEach, describe, expect, it, vi } from 'vitest';
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import SessionPlayerPage from './SessionPlayerPage';
import { mockApi, ok, renderAt } from '@/test/render';
import type { SessionDetail } from './api';

afterEach(() => vi.unstubAllGlobals());

const SID = '00000000-0000-7000-8000-0000000000s1';
const TREE = '00000000-0000-7000-8000-0000000000t1';
const STEP1 = '00000000-0000-7000-8000-000000000101';
const STEP2 = '00000000-0000-7000-8000-000000000102';
const routes = [{ path: '/sessions/:id', element: <SessionPlayerPage /> }];

function session(over: Partial<SessionDetail> = {}): SessionDetail {
  return {
    id: SID,
    tree_id: TREE,
    user_id: 'u',
    started_at: '2026-02-01T10:00:00Z',
    completed_at: null,
    outcome: null,
    rating: null,
    step_feedback: [],
    ...over,
  } as SessionDetail;
}

const tree = {
  id: TREE,
  name: 'DNS Resolution',
  tree_type: 'troubleshooting',
  nodes: [
    { node_id: 'n2', title: 'Flush the DNS cache', step_id: STEP2, position: 2 },
    { node_id: 'n1', title: 'Run ipconfig /all', step_id: STEP1, position: 1 },
  ],
};

function thumbOk(helpful: boolean) {
  return { status: 201, body: { step_id: STEP1, session_id: SID, node_id: 'n1', was_helpful: helpful, helpful_yes: 1, helpful_no: 0 } };
}

describe('session player thumbs', () => {
  it('shows the steps in flow order and walks rate → flip → un-rate through the API', async () => {
    const { calls, fetchMock } = mockApi({
      [`/sessions/${SID}`]: ok(session()),
      [`/trees/${TREE}`]: ok(tree),
      [`/steps/${STEP1}/feedback`]: () => thumbOk(true),
      [`/steps/${STEP1}/feedback/${SID}`]: () => ({ status: 204, body: undefined }),
    });
    renderAt(`/sessions/${SID}`, routes);
    const steps = await screen.findByRole('list', { name: 'Steps' });
    const items = within(steps).getAllByRole('listitem');
    expect(items.map((li) => within(li).getByRole('heading').textContent)).toEqual(['Step 1: Run ipconfig /all', 'Step 2: Flush the DNS cache']);
    const first = items[0]!;
    const up = within(first).getByRole('button', { name: 'Helpful' });
    const down = within(first).getByRole('button', { name: 'Not helpful' });

    // The optimistic state shows before the API answers (onMutate runs a tick after the click).
    await userEvent.click(up);
    await waitFor(() => expect(up).toHaveAttribute('aria-pressed', 'true'));
    await waitFor(() => expect(calls.filter((c) => c.pathname.endsWith(`/steps/${STEP1}/feedback`))).toHaveLength(1));

    await userEvent.click(down);
    await waitFor(() => expect(down).toHaveAttribute('aria-pressed', 'true'));
    expect(up).toHaveAttribute('aria-pressed', 'false');
    await waitFor(() => expect(calls.filter((c) => c.pathname.endsWith(`/steps/${STEP1}/feedback`))).toHaveLength(2));

    await userEvent.click(down);
    await waitFor(() => expect(down).toHaveAttribute('aria-pressed', 'false'));
    expect(up).toHaveAttribute('aria-pressed', 'false');
    await waitFor(() => expect(calls.filter((c) => c.pathname.endsWith(`/feedback/${SID}`))).toHaveLength(1));

    const writes = fetchMock.mock.calls.map((c) => c[0] as Request).filter((r) => r.url.includes('/steps/'));
    expect(writes.map((r) => r.method)).toEqual(['POST', 'POST', 'DELETE']);
    expect(await writes[0]!.json()).toEqual({ session_id: SID, was_helpful: true, node_id: 'n1' });
    expect(await writes[1]!.json()).toEqual({ session_id: SID, was_helpful: false, node_id: 'n1' });
  });

  it('rolls an optimistic thumb back with a visible error when the API refuses', async () => {
    mockApi({
      [`/sessions/${SID}`]: ok(session()),
      [`/trees/${TREE}`]: ok(tree),
      [`/steps/${STEP1}/feedback`]: () => ({ status: 403, body: { error: { code: 'FORBIDDEN', message: 'not your session' } } }),
    });
    renderAt(`/sessions/${SID}`, routes);
    const steps = await screen.findByRole('list', { name: 'Steps' });
    const first = within(steps).getAllByRole('listitem')[0]!;
    const up = within(first).getByRole('button', { name: 'Helpful' });
    await userEvent.click(up);
    expect(await within(first).findByRole('alert')).toHaveTextContent('Your rating was not saved: not your session');
    expect(up).toHaveAttribute('aria-pressed', 'false');
  });

  it('shows the hint once per browser under the first step, gone after the first thumb', async () => {
    mockApi({ [`/sessions/${SID}`]: ok(session()), [`/trees/${TREE}`]: ok(tree), [`/steps/${STEP2}/feedback`]: () => thumbOk(true) });
    const { unmount } = renderAt(`/sessions/${SID}`, routes);
    const hint = await screen.findByText('New: Rate steps with thumbs to help improve flows');
    expect(within(screen.getAllByRole('listitem')[0]!).getByText(hint.textContent!)).toBe(hint);
    await userEvent.click(within(screen.getAllByRole('listitem')[1]!).getByRole('button', { name: 'Helpful' }));
    expect(screen.queryByText('New: Rate steps with thumbs to help improve flows')).toBeNull();
    unmount();
    renderAt(`/sessions/${SID}`, routes);
    await screen.findByRole('list', { name: 'Steps' });
    expect(screen.queryByText('New: Rate steps with thumbs to help improve flows')).toBeNull();
    expect(localStorage.getItem('insights.thumbs-hint-done')).toBe('1');
  });

  it('shows the saved thumbs of the session', async () => {
    mockApi({
      [`/sessions/${SID}`]: ok(session({ step_feedback: [{ step_id: STEP2, node_id: 'n2', was_helpful: false, updated_at: '2026-02-01T10:01:00Z' }] })),
      [`/trees/${TREE}`]: ok(tree),
    });
    renderAt(`/sessions/${SID}`, routes);
    const steps = await screen.findByRole('list', { name: 'Steps' });
    const second = within(steps).getAllByRole('listitem')[1]!;
    expect(within(second).getByRole('button', { name: 'Not helpful' })).toHaveAttribute('aria-pressed', 'true');
  });
});

describe('completing a session', () => {
  it('Complete session → outcome → CSAT; a rated session never prompts', async () => {
    let rated = false;
    const { calls } = mockApi({
      [`/sessions/${SID}`]: () => ok(rated ? session({ completed_at: '2026-02-01T10:30:00Z', outcome: 'resolved' }) : session())(),
      [`/trees/${TREE}`]: ok(tree),
      [`/sessions/${SID}/complete`]: ok({ ...session(), completed_at: '2026-02-01T10:30:00Z', outcome: 'resolved' }),
      [`/sessions/${SID}/rate`]: () => {
        rated = true;
        return { status: 201, body: { id: 'r1', session_id: SID, tree_id: TREE, rating: 4, comment: 'ok', created_at: '2026-02-01T10:31:00Z' } };
      },
    });
    renderAt(`/sessions/${SID}`, routes);
    await userEvent.click(await screen.findByRole('button', { name: 'Complete session' }));
    const outcome = await screen.findByRole('dialog', { name: 'Complete session' });
    await userEvent.click(within(outcome).getByRole('button', { name: /Resolved/ }));
    const csat = await screen.findByRole('dialog', { name: 'How would you rate this flow?' });
    expect(screen.queryByRole('dialog', { name: 'Complete session' })).toBeNull();
    await userEvent.click(within(csat).getByRole('button', { name: '4' }));
    await userEvent.type(within(csat).getByLabelText('Any comments? (optional)'), 'ok');
    await userEvent.click(within(csat).getByRole('button', { name: 'Submit' }));
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
    const rate = calls.find((c) => c.pathname.endsWith('/rate'));
    expect(rate).toBeDefined();
    expect(screen.getByLabelText('You rated this flow 4 of 5')).toBeInTheDocument();
  });

  it('prompts on opening a completed unrated session, and a skip is remembered', async () => {
    mockApi({ [`/sessions/${SID}`]: ok(session({ completed_at: '2026-02-01T10:30:00Z', outcome: 'escalated' })), [`/trees/${TREE}`]: ok(tree) });
    const { unmount } = renderAt(`/sessions/${SID}`, routes);
    const csat = await screen.findByRole('dialog', { name: 'How would you rate this flow?' });
    await userEvent.click(within(csat).getByRole('button', { name: 'Skip' }));
    expect(screen.queryByRole('dialog')).toBeNull();
    unmount();
    renderAt(`/sessions/${SID}`, routes);
    await screen.findByRole('button', { name: 'Rate this flow' });
    expect(screen.queryByRole('dialog')).toBeNull();
  });

  it('never prompts for a session the server says is rated', async () => {
    mockApi({
      [`/sessions/${SID}`]: ok(
        session({
          completed_at: '2026-02-01T10:30:00Z',
          outcome: 'resolved',
          rating: { id: 'r', session_id: SID, tree_id: TREE, rating: 5, comment: null, created_at: '2026-02-01T10:31:00Z' },
        }),
      ),
      [`/trees/${TREE}`]: ok(tree),
    });
    renderAt(`/sessions/${SID}`, routes);
    await screen.findByLabelText('You rated this flow 5 of 5');
    expect(screen.queryByRole('dialog')).toBeNull();
  });
});
