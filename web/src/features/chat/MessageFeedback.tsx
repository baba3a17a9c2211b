// Thumbs on an assistant message, with a popover of reasons and an optional comment (admin
// feedback & NPS document: FeedbackButton). A thumb is saved at once (PUT); the popover then
// adds a reason and a comment to it; the same thumb again removes the feedback (DELETE).
import { useRef, useState } from 'react';
import * as Popover from '@radix-ui/react-popover';
import { CommentField, commentTooLong } from '@/components/CommentField';
import { ThumbButton, thumbTransition, type Thumb } from '@/components/Thumbs';
import { cx } from '@/components/ui';
import { useMessageFeedback, type Message } from './api';

export const REASONS: Record<'positive' | 'negative', string[]> = {
  positive: ['Accurate', 'Clear and specific', 'Solved my problem', 'Pointed at the right place'],
  negative: ['Not accurate', 'Not specific enough', 'Did not solve the problem', 'Too vague', 'Other'],
};
export const COMMENT_MAX = 1000;
export const DISCLAIMER = 'Feedback is shared with your admin team to help improve the experience.';

function thumbOf(m: Message): Thumb {
  if (!m.feedback) return null;
  return m.feedback.rating === 'positive' ? 'up' : 'down';
}

export function MessageFeedback({ message, conversationId, disabled }: { message: Message; conversationId: string; disabled?: boolean }) {
  const fb = useMessageFeedback(conversationId);
  const value = thumbOf(message);
  const [open, setOpen] = useState(false);
  const [reason, setReason] = useState<string | null>(null);
  const [comment, setComment] = useState('');
  const upRef = useRef<HTMLButtonElement>(null);
  const downRef = useRef<HTMLButtonElement>(null);
  const rating = value === 'up' ? 'positive' : value === 'down' ? 'negative' : null;

  const choose = (kind: 'up' | 'down') => {
    const { request } = thumbTransition(value, kind);
    fb.reset();
    if (request.kind === 'clear') {
      setOpen(false);
      fb.mutate({ messageId: message.id, rating: null });
      return;
    }
    const r = request.helpful ? 'positive' : 'negative';
    setReason(null);
    setComment('');
    fb.mutate({ messageId: message.id, rating: r });
    setOpen(true);
  };

  const tooLong = commentTooLong(comment, COMMENT_MAX);

  return (
    <Popover.Root open={open && rating !== null} onOpenChange={setOpen}>
      <Popover.Anchor asChild>
        <div role="group" aria-label="Rate this answer" className="inline-flex items-center gap-0.5">
          <ThumbButton ref={upRef} kind="up" current={value} size="sm" disabled={disabled} onClick={() => choose('up')} />
          <ThumbButton ref={downRef} kind="down" current={value} size="sm" disabled={disabled} onClick={() => choose('down')} />
        </div>
      </Popover.Anchor>
      {fb.error && (
        <span role="alert" className="ml-2 text-xs text-escalated">
          Feedback not saved: {fb.error.message}
        </span>
      )}
      <Popover.Portal>
        <Popover.Content
          side="bottom"
          align="start"
          sideOffset={6}
          aria-label={rating === 'positive' ? 'What was helpful?' : 'What went wrong?'}
          onCloseAutoFocus={(e) => {
            e.preventDefault();
            (value === 'down' ? downRef : upRef).current?.focus();
          }}
          className="z-50 w-80 rounded-xl border border-border bg-popover p-4 text-sm shadow-2xl"
        >
          <form
            onSubmit={(e) => {
              e.preventDefault();
              if (!rating || tooLong) return;
              const c = comment.trim();
              fb.mutate(
                { messageId: message.id, rating, reason, comment: c === '' ? null : c },
                { onSuccess: () => setOpen(false) },
              );
            }}
          >
            <p className="font-medium">{rating === 'positive' ? 'What was helpful?' : 'What went wrong?'}</p>
            <div role="group" aria-label="Reason" className="mt-2 flex flex-wrap gap-1.5">
              {(rating ? REASONS[rating] : []).map((r) => (
                <button
                  key={r}
                  type="button"
                  aria-pressed={reason === r}
                  onClick={() => setReason(reason === r ? null : r)}
                  className={cx(
                    'rounded-full border px-2.5 py-1 text-xs',
                    reason === r ? 'border-primary bg-primary/20 text-foreground' : 'border-border text-muted-foreground hover:bg-muted hover:text-foreground',
                  )}
                >
                  {r}
                </button>
              ))}
            </div>
            <CommentField label="Comment (optional)" value={comment} onChange={setComment} max={COMMENT_MAX} rows={3} className="mt-3" />
            <p className="mt-2 text-xs text-muted-foreground">{DISCLAIMER}</p>
            {fb.error && (
              <p role="alert" className="mt-2 text-xs text-escalated">
                {fb.error.message}
              </p>
            )}
            <div className="mt-3 flex justify-end gap-2">
              <Popover.Close className="rounded-md px-3 py-1.5 text-muted-foreground hover:bg-muted hover:text-foreground">Close</Popover.Close>
              <button
                type="submit"
                disabled={fb.isPending || tooLong}
                className="rounded-md bg-primary px-3 py-1.5 font-medium text-primary-foreground hover:opacity-90 disabled:opacity-50"
              >
                Send feedback
              </button>
            </div>
          </form>
        </Popover.Content>
      </Popover.Portal>
    </Popover.Root>
  );
}
