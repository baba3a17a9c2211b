// Thumbs up / down, as the design describes them: muted by default; the chosen one green (up)
// or red (down) with a fill, the other dimmed. Buttons named "Helpful" and "Not helpful" with
// `aria-pressed`. What a click means is `thumbTransition` (a pure state machine).
import { forwardRef, type ComponentPropsWithoutRef } from 'react';
import { ThumbsDown, ThumbsUp } from 'lucide-react';
import { cx } from './ui';

export type Thumb = 'up' | 'down' | null;

export type ThumbRequest = { kind: 'set'; helpful: boolean } | { kind: 'clear' };

/**
 * A click on `clicked` while `current` is shown: the next state and what to ask the API.
 * Nothing → the clicked one (set); the other one → flip (set); the same again → un-rate (clear).
 */
export function thumbTransition(current: Thumb, clicked: 'up' | 'down'): { next: Thumb; request: ThumbRequest } {
  if (current === clicked) return { next: null, request: { kind: 'clear' } };
  return { next: clicked, request: { kind: 'set', helpful: clicked === 'up' } };
}

type ButtonProps = Omit<ComponentPropsWithoutRef<'button'>, 'children' | 'value'> & { kind: 'up' | 'down'; current: Thumb; size?: 'sm' | 'md' };

/** One thumb button (forwardRef, so a popover trigger can wrap it). */
export const ThumbButton = forwardRef<HTMLButtonElement, ButtonProps>(function ThumbButton({ kind, current, size = 'md', className, ...rest }, ref) {
  const pressed = current === kind;
  const dimmed = current !== null && !pressed;
  const Icon = kind === 'up' ? ThumbsUp : ThumbsDown;
  return (
    <button
      ref={ref}
      type="button"
      aria-pressed={pressed}
      aria-label={kind === 'up' ? 'Helpful' : 'Not helpful'}
      title={kind === 'up' ? 'Helpful' : 'Not helpful'}
      data-state-thumb={pressed ? 'selected' : dimmed ? 'dimmed' : 'default'}
      className={cx(
        'inline-flex items-center justify-center rounded-md transition-[transform,color,opacity] hover:scale-110 hover:bg-muted disabled:cursor-not-allowed disabled:opacity-40 disabled:hover:scale-100 disabled:hover:bg-transparent',
        size === 'sm' ? 'p-1' : 'p-1.5',
        pressed ? (kind === 'up' ? 'text-emerald-400' : 'text-red-400') : 'text-muted-foreground hover:text-foreground',
        dimmed && 'opacity-40',
        className,
      )}
      {...rest}
    >
      <Icon className={size === 'sm' ? 'size-4' : 'size-[18px]'} fill={pressed ? 'currentColor' : 'none'} fillOpacity={pressed ? 0.25 : 0} aria-hidden />
    </button>
  );
});

/** Both thumbs side by side. */
export function Thumbs({
  value,
  onChoose,
  disabled,
  size,
  label,
}: {
  value: Thumb;
  onChoose: (kind: 'up' | 'down') => void;
  disabled?: boolean;
  size?: 'sm' | 'md';
  label: string;
}) {
  return (
    <div role="group" aria-label={label} className="inline-flex items-center gap-1">
      <ThumbButton kind="up" current={value} size={size} disabled={disabled} onClick={() => onChoose('up')} />
      <ThumbButton kind="down" current={value} size={size} disabled={disabled} onClick={() => onChoose('down')} />
    </div>
  );
}
