import { describe, expect, it } from 'vitest';
import { screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { PeriodSelector } from './PeriodSelector';
import { renderAt } from '@/test/render';

const routes = [{ path: '/analytics', element: <PeriodSelector /> }];
const location = () => screen.getByRole('status', { hidden: true, name: 'location' });

describe('PeriodSelector', () => {
  it('shows the URL period pressed and writes a new one into the URL, keeping other parameters', async () => {
    renderAt('/analytics?engineer_id=e1&period=90d', routes);
    expect(screen.getByRole('button', { name: '90d' })).toHaveAttribute('aria-pressed', 'true');
    expect(screen.getByRole('button', { name: '30d' })).toHaveAttribute('aria-pressed', 'false');
    await userEvent.click(screen.getByRole('button', { name: '7d' }));
    expect(location()).toHaveTextContent('/analytics?engineer_id=e1&period=7d');
    expect(screen.getByRole('button', { name: '7d' })).toHaveAttribute('aria-pressed', 'true');
  });

  it('applies a custom range as from/to and reads it back', async () => {
    const { router } = renderAt('/analytics?period=7d', routes);
    await userEvent.click(screen.getByRole('button', { name: 'Custom' }));
    const from = screen.getByLabelText('From');
    const to = screen.getByLabelText('To');
    await userEvent.clear(from);
    await userEvent.type(from, '2026-01-05');
    await userEvent.clear(to);
    await userEvent.type(to, '2026-01-20');
    await userEvent.click(screen.getByRole('button', { name: 'Apply' }));
    expect(router.state.location.search).toBe('?from=2026-01-05&to=2026-01-20');
    expect(screen.getByRole('button', { name: 'Custom' })).toHaveAttribute('aria-pressed', 'true');
  });

  it('refuses a range that ends before it starts', async () => {
    const { router } = renderAt('/analytics?from=2026-01-05&to=2026-01-20', routes);
    const from = screen.getByLabelText('From');
    await userEvent.clear(from);
    await userEvent.type(from, '2026-02-01');
    await userEvent.click(screen.getByRole('button', { name: 'Apply' }));
    expect(screen.getByRole('alert')).toHaveTextContent('The start must not be after the end.');
    expect(router.state.location.search).toBe('?from=2026-01-05&to=2026-01-20');
  });

  it('is used with the keyboard: arrows move between choices, Enter picks', async () => {
    const { router } = renderAt('/analytics', routes);
    await userEvent.tab();
    expect(screen.getByRole('button', { name: '7d' })).toHaveFocus();
    await userEvent.keyboard('{ArrowRight}{ArrowRight}');
    expect(screen.getByRole('button', { name: '90d' })).toHaveFocus();
    await userEvent.keyboard('{Enter}');
    expect(router.state.location.search).toBe('?period=90d');
    await userEvent.keyboard('{ArrowLeft}{ArrowLeft}{ArrowLeft}');
    expect(screen.getByRole('button', { name: 'Custom' })).toHaveFocus();
    await userEvent.keyboard('{Home}');
    expect(screen.getByRole('button', { name: '7d' })).toHaveFocus();
  });
});
