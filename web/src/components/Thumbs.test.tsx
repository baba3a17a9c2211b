import { describe, expect, it } from 'vitest';
import { useState } from 'react';
import { render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { Thumbs, thumbTransition, type Thumb } from './Thumbs';

describe('thumbTransition', () => {
  it('rates, flips and un-rates', () => {
    expect(thumbTransition(null, 'up')).toEqual({ next: 'up', request: { kind: 'set', helpful: true } });
    expect(thumbTransition(null, 'down')).toEqual({ next: 'down', request: { kind: 'set', helpful: false } });
    expect(thumbTransition('up', 'down')).toEqual({ next: 'down', request: { kind: 'set', helpful: false } });
    expect(thumbTransition('down', 'up')).toEqual({ next: 'up', request: { kind: 'set', helpful: true } });
    expect(thumbTransition('up', 'up')).toEqual({ next: null, request: { kind: 'clear' } });
    expect(thumbTransition('down', 'down')).toEqual({ next: null, request: { kind: 'clear' } });
  });
});

function Harness() {
  const [v, setV] = useState<Thumb>(null);
  return <Thumbs label="Rate step 1" value={v} onChoose={(k) => setV(thumbTransition(v, k).next)} />;
}

describe('Thumbs', () => {
  it('are buttons named Helpful / Not helpful whose aria-pressed and look follow the state', async () => {
    render(<Harness />);
    const up = screen.getByRole('button', { name: 'Helpful' });
    const down = screen.getByRole('button', { name: 'Not helpful' });
    // Muted by default.
    expect(up).toHaveAttribute('aria-pressed', 'false');
    expect(down).toHaveAttribute('aria-pressed', 'false');
    expect(up).toHaveClass('text-muted-foreground');
    expect(down).toHaveClass('text-muted-foreground');

    await userEvent.click(up);
    expect(up).toHaveAttribute('aria-pressed', 'true');
    expect(up).toHaveClass('text-emerald-400');
    expect(up.querySelector('svg')).toHaveAttribute('fill', 'currentColor');
    expect(down).toHaveClass('opacity-40');

    // Flip.
    await userEvent.click(down);
    expect(down).toHaveAttribute('aria-pressed', 'true');
    expect(down).toHaveClass('text-red-400');
    expect(up).toHaveAttribute('aria-pressed', 'false');
    expect(up).toHaveClass('opacity-40');

    // The same again un-rates.
    await userEvent.click(down);
    expect(down).toHaveAttribute('aria-pressed', 'false');
    expect(up).not.toHaveClass('opacity-40');
    expect(down).toHaveClass('text-muted-foreground');
  });

  it('work with the keyboard', async () => {
    render(<Harness />);
    await userEvent.tab();
    expect(screen.getByRole('button', { name: 'Helpful' })).toHaveFocus();
    await userEvent.keyboard('{Enter}');
    expect(screen.getByRole('button', { name: 'Helpful' })).toHaveAttribute('aria-pressed', 'true');
    await userEvent.tab();
    await userEvent.keyboard(' ');
    expect(screen.getByRole('button', { name: 'Not helpful' })).toHaveAttribute('aria-pressed', 'true');
  });
});
