import { useId } from 'react';
import { cx } from './ui';

/** Characters as the API counts them: Unicode scalar values, after trimming. */
export function commentLength(text: string): number {
  return [...text.trim()].length;
}

/** Whether `text` is over the API's limit of `max` characters (counted as the API does). */
export function commentTooLong(text: string, max: number): boolean {
  return commentLength(text) > max;
}

/**
 * The optional comment of a rating (message feedback, the NPS survey, CSAT): a labelled text
 * area, marked invalid past `max` characters, with either a live counter (`counter`) or a line
 * saying the limit once it is passed. `size` "sm" for popovers and cards, "md" for a dialog.
 */
export function CommentField({
  label,
  value,
  onChange,
  max,
  rows,
  size = 'sm',
  counter = false,
  className,
}: {
  label: string;
  value: string;
  onChange: (value: string) => void;
  max: number;
  rows: number;
  size?: 'sm' | 'md';
  counter?: boolean;
  /** Classes of the label (its margin above). */
  className?: string;
}) {
  const id = useId();
  const countId = useId();
  const length = commentLength(value);
  const tooLong = length > max;
  const md = size === 'md';
  return (
    <>
      <label htmlFor={id} className={cx('block', md ? 'text-sm font-medium' : 'text-xs font-medium text-muted-foreground', className)}>
        {label}
      </label>
      <textarea
        id={id}
        rows={rows}
        value={value}
        onChange={(e) => onChange(e.target.value)}
        aria-describedby={counter ? countId : undefined}
        aria-invalid={tooLong}
        className={cx(
          'w-full resize-y rounded-md border bg-background text-sm',
          md ? 'mt-1.5 px-3 py-2' : 'mt-1 px-2.5 py-1.5',
          tooLong ? 'border-escalated' : 'border-input',
        )}
      />
      {counter ? (
        <p id={countId} aria-live="polite" className={cx('mt-1 text-right text-xs tabular-nums', tooLong ? 'text-escalated' : 'text-muted-foreground')}>
          {length}/{max}
          {tooLong && ` (${length - max} too many)`}
        </p>
      ) : (
        tooLong && <p className="text-xs text-escalated">At most {max} characters.</p>
      )}
    </>
  );
}
