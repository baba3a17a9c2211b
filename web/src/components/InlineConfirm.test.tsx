import { describe, expect, it, vi } from 'vitest';
import { render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { InlineConfirm } from './InlineConfirm';

function setup(props: Partial<Parameters<typeof InlineConfirm>[0]> = {}) {
  const onConfirm = vi.fn();
  const confirmSpy = vi.spyOn(window, 'confirm');
  const utils = render(
    <InlineConfirm trigger="Stop" triggerLabel="Stop Q1 NPS" question="Stop this campaign now?" confirmLabel="Stop campaign" onConfirm={onConfirm} {...props} />,
  );
  return { ...utils, onConfirm, confirmSpy, user: userEvent.setup() };
}

describe('inline confirmation', () => {
  it('asks in place, with the confirming button focused, and confirms once (no browser dialog)', async () => {
    const { onConfirm, confirmSpy, user } = setup();
    await user.click(screen.getByRole('button', { name: 'Stop Q1 NPS' }));
    expect(screen.getByRole('group', { name: 'Stop this campaign now?' })).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Stop campaign' })).toHaveFocus();
    expect(onConfirm).not.toHaveBeenCalled();
    await user.click(screen.getByRole('button', { name: 'Stop campaign' }));
    expect(onConfirm).toHaveBeenCalledTimes(1);
    expect(confirmSpy).not.toHaveBeenCalled();
  });

  it('cancels with Cancel or Escape, without acting, and gives the focus back to the trigger', async () => {
    const { onConfirm, user } = setup();
    await user.click(screen.getByRole('button', { name: 'Stop Q1 NPS' }));
    await user.click(screen.getByRole('button', { name: 'Cancel' }));
    expect(screen.queryByRole('group')).toBeNull();
    expect(screen.getByRole('button', { name: 'Stop Q1 NPS' })).toHaveFocus();
    await user.keyboard('{Enter}');
    expect(screen.getByRole('button', { name: 'Stop campaign' })).toHaveFocus();
    await user.keyboard('{Escape}');
    expect(screen.getByRole('button', { name: 'Stop Q1 NPS' })).toHaveFocus();
    expect(onConfirm).not.toHaveBeenCalled();
  });

  it("disables both buttons while pending and shows the API's message", async () => {
    const { user, rerender, onConfirm } = setup();
    await user.click(screen.getByRole('button', { name: 'Stop Q1 NPS' }));
    rerender(
      <InlineConfirm
        trigger="Stop"
        triggerLabel="Stop Q1 NPS"
        question="Stop this campaign now?"
        confirmLabel="Stop campaign"
        onConfirm={onConfirm}
        pending
      />,
    );
    expect(screen.getByRole('button', { name: 'Working…' })).toBeDisabled();
    expect(screen.getByRole('button', { name: 'Cancel' })).toBeDisabled();
    rerender(
      <InlineConfirm
        trigger="Stop"
        triggerLabel="Stop Q1 NPS"
        question="Stop this campaign now?"
        confirmLabel="Stop campaign"
        onConfirm={onConfirm}
        error="This campaign has already ended"
      />,
    );
    expect(screen.getByRole('alert')).toHaveTextContent('This campaign has already ended');
  });
});
