// The CSAT prompt after a session (analytics design §6): "How would you rate this flow?",
// buttons 1-5, an optional comment with a live 500-character counter, Submit and a Skip link.
import { useState } from 'react';
import { CommentField, commentTooLong } from '@/components/CommentField';
import { Modal } from '@/components/Modal';
import { cx } from '@/components/ui';

export const CSAT_COMMENT_MAX = 500;

export function CsatModal({
  open,
  onSubmit,
  onSkip,
  pending,
  error,
}: {
  open: boolean;
  onSubmit: (v: { rating: number; comment: string | null }) => void;
  /** Skip, Escape or the close button: the prompt is not shown again in this browser. */
  onSkip: () => void;
  pending?: boolean;
  error?: string | null;
}) {
  const [rating, setRating] = useState<number | null>(null);
  const [comment, setComment] = useState('');
  const tooLong = commentTooLong(comment, CSAT_COMMENT_MAX);

  return (
    <Modal
      open={open}
      onOpenChange={(o) => {
        if (!o) onSkip();
      }}
      title="How would you rate this flow?"
      description="Your feedback helps flow authors improve"
      closeLabel={null}
    >
      <form
        onSubmit={(e) => {
          e.preventDefault();
          if (rating === null || tooLong || pending) return;
          const c = comment.trim();
          onSubmit({ rating, comment: c === '' ? null : c });
        }}
      >
        <div role="group" aria-label="Rating, 1 to 5" className="flex justify-between gap-2">
          {[1, 2, 3, 4, 5].map((n) => (
            <button
              key={n}
              type="button"
              aria-pressed={rating === n}
              onClick={() => setRating(n)}
              className={cx(
                'h-12 flex-1 rounded-lg border text-lg font-semibold tabular-nums transition-colors',
                rating === n ? 'border-primary bg-primary text-primary-foreground' : 'border-border bg-background/40 hover:bg-muted',
              )}
            >
              {n}
            </button>
          ))}
        </div>
        <div className="mt-1.5 flex justify-between text-xs text-muted-foreground" aria-hidden>
          <span>Poor</span>
          <span>Excellent</span>
        </div>
        <CommentField
          label="Any comments? (optional)"
          value={comment}
          onChange={setComment}
          max={CSAT_COMMENT_MAX}
          rows={4}
          size="md"
          counter
          className="mt-5"
        />
        {error && (
          <p role="alert" className="mt-2 rounded-md border border-escalated/40 bg-escalated/10 px-3 py-2 text-sm">
            {error}
          </p>
        )}
        <div className="mt-5 flex items-center justify-end gap-4">
          <button type="button" onClick={onSkip} className="text-sm text-muted-foreground underline-offset-2 hover:text-foreground hover:underline">
            Skip
          </button>
          <button
            type="submit"
            disabled={rating === null || tooLong || pending}
            className="rounded-md bg-primary px-4 py-2 text-sm font-medium text-primary-foreground hover:opacity-90 disabled:cursor-not-allowed disabled:opacity-50"
          >
            Submit
          </button>
        </div>
      </form>
    </Modal>
  );
}
