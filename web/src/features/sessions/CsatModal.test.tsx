import { describe, expect, it, vi } from 'vitest';
import { screen, render, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { commentLength } from '@/components/CommentField';
import { CsatModal } from './CsatModal';

describe('CSAT modal', () => {
  it('has the design wording, 1-5, and submits the rating with the trimmed comment', async () => {
    const onSubmit = vi.fn();
    render(<CsatModal open onSubmit={onSubmit} onSkip={() => undefined} />);
    const d = screen.getByRole('dialog', { name: 'How would you rate this flow?' });
    expect(d).toHaveAccessibleDescription('Your feedback helps flow authors improve');
    for (const n of ['1', '2', '3', '4', '5']) expect(within(d).getByRole('button', { name: n })).toHaveAttribute('aria-pressed', 'false');
    const submit = within(d).getByRole('button', { name: 'Submit' });
    expect(submit).toBeDisabled();
    await userEvent.click(within(d).getByRole('button', { name: '4' }));
    expect(within(d).getByRole('button', { name: '4' })).toHaveAttribute('aria-pressed', 'true');
    await userEvent.type(within(d).getByLabelText('Any comments? (optional)'), '  Clear steps  ');
    await userEvent.click(submit);
    expect(onSubmit).toHaveBeenCalledWith({ rating: 4, comment: 'Clear steps' });
  });

  it('sends no comment when it is blank', async () => {
    const onSubmit = vi.fn();
    render(<CsatModal open onSubmit={onSubmit} onSkip={() => undefined} />);
    await userEvent.click(screen.getByRole('button', { name: '2' }));
    await userEvent.type(screen.getByLabelText('Any comments? (optional)'), '   ');
    await userEvent.click(screen.getByRole('button', { name: 'Submit' }));
    expect(onSubmit).toHaveBeenCalledWith({ rating: 2, comment: null });
  });

  it('counts characters live against 500 and refuses more, never cutting', async () => {
    render(<CsatModal open onSubmit={() => undefined} onSkip={() => undefined} />);
    const box = screen.getByLabelText('Any comments? (optional)');
    expect(screen.getByText('0/500')).toBeInTheDocument();
    await userEvent.type(box, 'héllo');
    expect(screen.getByText('5/500')).toBeInTheDocument();
    await userEvent.clear(box);
    await userEvent.click(box);
    await userEvent.paste('x'.repeat(501));
    expect(screen.getByText('501/500 (1 too many)')).toBeInTheDocument();
    expect(box).toHaveValue('x'.repeat(501));
    await userEvent.click(screen.getByRole('button', { name: '5' }));
    expect(screen.getByRole('button', { name: 'Submit' })).toBeDisabled();
    expect(commentLength(' 😀😀 ')).toBe(2);
  });

  it('Skip, and Escape, skip', async () => {
    const onSkip = vi.fn();
    render(<CsatModal open onSubmit={() => undefined} onSkip={onSkip} />);
    await userEvent.click(screen.getByRole('button', { name: 'Skip' }));
    expect(onSkip).toHaveBeenCalledTimes(1);
    await userEvent.keyboard('{Escape}');
    expect(onSkip).toHaveBeenCalledTimes(2);
  });

  it('keeps focus inside the dialog', async () => {
    render(
      <>
        <button type="button">outside</button>
        <CsatModal open onSubmit={() => undefined} onSkip={() => undefined} />
      </>,
    );
    const d = screen.getByRole('dialog');
    for (let i = 0; i < 12; i++) {
      await userEvent.tab();
      expect(d.contains(document.activeElement)).toBe(true);
    }
  });

  it('shows the API error inline', () => {
    render(<CsatModal open onSubmit={() => undefined} onSkip={() => undefined} error="This session is already rated" />);
    expect(screen.getByRole('alert')).toHaveTextContent('This session is already rated');
  });
});
