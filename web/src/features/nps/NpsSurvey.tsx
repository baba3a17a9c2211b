// The NPS survey card (console page 7, admin feedback & NPS document): in a corner of every
// page, for every role, while `GET /nps/active` says a campaign is active and the user has not
// answered. Campaign name, the API's question, 0-10, an optional comment, the disclaimer,
// Submit, and Dismiss (hidden for this browser session). Never shown when NPS is off.
import { useId, useState } from 'react';
import { CommentField, commentTooLong } from '@/components/CommentField';
import { cx } from '@/components/ui';
import { useMe } from '@/lib/me';
import { useActiveSurvey, useAnswerSurvey } from './api';

export const NPS_DISCLAIMER = 'Responses are tied to your account to help us follow up.';
export const NPS_COMMENT_MAX = 1000;
const DISMISS_KEY = 'insights.nps-dismissed';

function dismissedFor(campaignId: string): boolean {
  try {
    return sessionStorage.getItem(DISMISS_KEY) === campaignId;
  } catch {
    return false;
  }
}

function rememberDismissed(campaignId: string) {
  try {
    sessionStorage.setItem(DISMISS_KEY, campaignId);
  } catch {
    // storage unavailable: hidden until the page reloads
  }
}

export function NpsSurvey() {
  const me = useMe();
  const enabled = me.data?.features.nps_enabled === true;
  const active = useActiveSurvey(enabled);
  const answer = useAnswerSurvey();
  const [score, setScore] = useState<number | null>(null);
  const [comment, setComment] = useState('');
  const [hidden, setHidden] = useState<string | null>(null);
  const headingId = useId();
  const questionId = useId();

  const a = active.data;
  if (!enabled || !a || !a.active || !a.campaign || a.already_responded !== false) return null;
  const campaign = a.campaign;
  if (hidden === campaign.id || dismissedFor(campaign.id)) return null;
  const tooLong = commentTooLong(comment, NPS_COMMENT_MAX);

  return (
    <section
      aria-labelledby={headingId}
      className="fixed bottom-4 right-4 z-30 w-[22rem] max-w-[calc(100vw-2rem)] rounded-xl border border-border bg-popover p-4 text-sm shadow-2xl"
    >
      <div className="flex items-start gap-2">
        <div className="min-w-0 flex-1">
          <h2 id={headingId} className="text-xs font-semibold uppercase tracking-wide text-primary">
            {campaign.name}
          </h2>
          <p id={questionId} className="mt-1 font-medium">
            {a.question}
          </p>
        </div>
      </div>
      <form
        className="mt-3"
        onSubmit={(e) => {
          e.preventDefault();
          if (score === null || tooLong) return;
          const c = comment.trim();
          answer.mutate({ score, comment: c === '' ? null : c, campaign_id: campaign.id });
        }}
      >
        <div role="group" aria-labelledby={questionId} className="grid grid-cols-11 gap-1">
          {Array.from({ length: 11 }, (_, n) => (
            <button
              key={n}
              type="button"
              aria-pressed={score === n}
              onClick={() => setScore(n)}
              className={cx(
                'h-8 rounded-md border text-xs font-semibold tabular-nums',
                score === n ? 'border-primary bg-primary text-primary-foreground' : 'border-border bg-background/40 hover:bg-muted',
              )}
            >
              {n}
            </button>
          ))}
        </div>
        <div className="mt-1 flex justify-between text-[11px] text-muted-foreground" aria-hidden>
          <span>Not at all</span>
          <span>Extremely well</span>
        </div>
        <CommentField label="Comment (optional)" value={comment} onChange={setComment} max={NPS_COMMENT_MAX} rows={2} className="mt-3" />
        <p className="mt-2 text-xs text-muted-foreground">{NPS_DISCLAIMER}</p>
        {answer.error && (
          <p role="alert" className="mt-2 text-xs text-escalated">
            {answer.error.message}
          </p>
        )}
        <div className="mt-3 flex justify-end gap-2">
          <button
            type="button"
            onClick={() => {
              rememberDismissed(campaign.id);
              setHidden(campaign.id);
            }}
            className="rounded-md px-3 py-1.5 text-muted-foreground hover:bg-muted hover:text-foreground"
          >
            Dismiss
          </button>
          <button
            type="submit"
            disabled={score === null || tooLong || answer.isPending}
            className="rounded-md bg-primary px-3 py-1.5 font-medium text-primary-foreground hover:opacity-90 disabled:opacity-50"
          >
            Submit
          </button>
        </div>
      </form>
    </section>
  );
}
