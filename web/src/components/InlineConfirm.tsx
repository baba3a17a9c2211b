// A destructive action confirmed in place (never a browser dialog): the trigger button turns
// into a question with the confirming button and Cancel; Escape cancels; focus moves to the
// question's buttons and back to the trigger.
import { useEffect, useId, useRef, useState, type ReactNode } from 'react';
import { cx } from './ui';

export function InlineConfirm({
  trigger,
  triggerLabel,
  question,
  confirmLabel,
  onConfirm,
  pending = false,
  error,
  className,
}: {
  /** The trigger's visible content. */
  trigger: ReactNode;
  /** The trigger's accessible name ("Stop Q1 NPS"). */
  triggerLabel: string;
  question: string;
  confirmLabel: string;
  onConfirm: () => void;
  pending?: boolean;
  /** The API's message when the action failed. */
  error?: string | null;
  className?: string;
}) {
  const [open, setOpen] = useState(false);
  const confirmRef = useRef<HTMLButtonElement>(null);
  const triggerRef = useRef<HTMLButtonElement>(null);
  const wasOpen = useRef(false);
  const qId = useId();

  useEffect(() => {
    if (open) confirmRef.current?.focus();
    else if (wasOpen.current) triggerRef.current?.focus();
    wasOpen.current = open;
  }, [open]);

  const btn = 'inline-flex items-center gap-1.5 rounded-md px-2.5 py-1 text-sm font-medium disabled:cursor-not-allowed disabled:opacity-50';

  if (!open) {
    return (
      <button
        ref={triggerRef}
        type="button"
        aria-label={triggerLabel}
        onClick={() => setOpen(true)}
        className={cx(btn, 'border border-border text-muted-foreground hover:border-escalated/60 hover:text-escalated', className)}
      >
        {trigger}
      </button>
    );
  }
  return (
    <div
      role="group"
      aria-labelledby={qId}
      className="inline-flex flex-wrap items-center justify-end gap-2"
      onKeyDown={(e) => {
        if (e.key === 'Escape') {
          e.preventDefault();
          setOpen(false);
        }
      }}
    >
      <span id={qId} className="text-sm text-foreground">
        {question}
      </span>
      <button
        ref={confirmRef}
        type="button"
        disabled={pending}
        onClick={onConfirm}
        className={cx(btn, 'bg-destructive text-white hover:opacity-90')}
      >
        {pending ? 'Working…' : confirmLabel}
      </button>
      <button type="button" disabled={pending} onClick={() => setOpen(false)} className={cx(btn, 'border border-border hover:bg-muted')}>
        Cancel
      </button>
      {error && (
        <span role="alert" className="basis-full text-right text-sm text-escalated">
          {error}
        </span>
      )}
    </div>
  );
}
