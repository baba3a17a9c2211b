// The session player (/sessions/:id): the flow's nodes as step cards in order, thumbs on each,
// "Complete session" → the outcome modal → the CSAT modal. The server decides whether the
// session is rated (`rating` of GET /sessions/{id}); a skipped prompt is remembered here.
import { useState } from 'react';
import { Link, useParams } from 'react-router';
import { ArrowLeft, CheckCircle2, Lightbulb, Star, X } from 'lucide-react';
import { EmptyState, ErrorBanner, Loading, PageHeader, isForbidden, isNotFound } from '@/components/ui';
import type { Thumb } from '@/components/Thumbs';
import { formatDateTime } from '@/lib/format';
import { useMe } from '@/lib/me';
import { useComplete, useRate, useSession, useTree, type SessionDetail } from './api';
import { CsatModal } from './CsatModal';
import { StepCard } from './StepCard';
import { OUTCOMES, OutcomeModal } from './OutcomeModal';
import { csatSkipped, markCsatSkipped, markThumbsHintDone, thumbsHintDone } from './storage';

/** The thumb shown on a node: the session's thumb for that node (or for its step, when the
 * thumb names no node). */
export function thumbOf(feedback: SessionDetail['step_feedback'], nodeId: string, stepId: string | null): Thumb {
  const f = feedback.find((x) => x.node_id === nodeId) ?? (stepId ? feedback.find((x) => x.node_id === null && x.step_id === stepId) : undefined);
  if (!f) return null;
  return f.was_helpful ? 'up' : 'down';
}

export default function SessionPlayerPage() {
  const { id = '' } = useParams();
  const me = useMe();
  const tz = me.data?.account.timezone ?? 'UTC';
  const session = useSession(id);
  const tree = useTree(session.data?.tree_id);
  const complete = useComplete(id);
  const rate = useRate(id);
  const [outcomeOpen, setOutcomeOpen] = useState(false);
  const [hintDone, setHintDone] = useState(thumbsHintDone);
  // null: follow the rule (completed, unrated, not skipped); false: closed in this view.
  const [csatOpen, setCsatOpen] = useState<boolean | null>(null);
  const [skipped, setSkipped] = useState(() => csatSkipped(id));

  if (session.error) {
    if (isNotFound(session.error) || isForbidden(session.error)) {
      return (
        <div>
          <PageHeader title="Session not found" />
          <EmptyState>This session does not exist, or it is not yours.</EmptyState>
        </div>
      );
    }
    return <ErrorBanner error={session.error} onRetry={() => session.refetch()} />;
  }
  const s = session.data;
  if (!s) return <Loading />;

  const completed = s.completed_at !== null;
  const promptByRule = completed && s.rating === null && !skipped;
  const showCsat = s.rating === null && (csatOpen ?? promptByRule);
  const outcome = OUTCOMES.find((o) => o.value === s.outcome);
  const nodes = tree.data ? [...tree.data.nodes].sort((a, b) => a.position - b.position) : [];

  const dismissHint = () => {
    markThumbsHintDone();
    setHintDone(true);
  };
  const skip = () => {
    markCsatSkipped(id);
    setSkipped(true);
    setCsatOpen(false);
  };

  return (
    <div className="mx-auto max-w-3xl">
      <Link to="/sessions" className="mb-3 inline-flex items-center gap-1 text-sm text-muted-foreground hover:text-foreground">
        <ArrowLeft className="size-4" aria-hidden />
        Sessions
      </Link>
      <PageHeader
        title={tree.data?.name ?? (tree.error ? 'Session' : 'Loading flow…')}
        subtitle={
          <>
            Started {formatDateTime(s.started_at, tz)}
            {completed && s.completed_at && <> · completed {formatDateTime(s.completed_at, tz)}</>}
          </>
        }
      >
        {!completed ? (
          <button
            type="button"
            onClick={() => {
              complete.reset();
              setOutcomeOpen(true);
            }}
            className="inline-flex items-center gap-1.5 rounded-md bg-primary px-3 py-1.5 text-sm font-medium text-primary-foreground hover:opacity-90"
          >
            <CheckCircle2 className="size-4" aria-hidden />
            Complete session
          </button>
        ) : (
          <>
            <span className="inline-flex items-center gap-2 rounded-md border border-border px-2.5 py-1 text-sm">
              <span className={`size-2.5 rounded-full ${outcome?.dot ?? 'bg-unresolved'}`} aria-hidden />
              {outcome?.label ?? 'Completed'}
            </span>
            {s.rating ? (
              <span className="inline-flex items-center gap-1 rounded-md bg-muted px-2.5 py-1 text-sm" aria-label={`You rated this flow ${s.rating.rating} of 5`}>
                <Star className="size-3.5 text-workaround" fill="currentColor" aria-hidden />
                {s.rating.rating}/5
              </span>
            ) : (
              <button
                type="button"
                onClick={() => {
                  rate.reset();
                  setCsatOpen(true);
                }}
                className="rounded-md border border-border px-3 py-1.5 text-sm hover:bg-muted"
              >
                Rate this flow
              </button>
            )}
          </>
        )}
      </PageHeader>

      {tree.error && <ErrorBanner error={tree.error} onRetry={() => tree.refetch()} />}
      {!tree.data && !tree.error && <Loading label="Loading steps…" />}
      {tree.data && nodes.length === 0 && <EmptyState>This flow has no steps yet</EmptyState>}
      {tree.data && nodes.length > 0 && (
        <ol className="space-y-3" aria-label="Steps">
          {nodes.map((n, i) => (
            <StepCard
              key={n.node_id}
              index={i + 1}
              title={n.title}
              stepId={n.step_id}
              nodeId={n.node_id}
              sessionId={id}
              value={thumbOf(s.step_feedback, n.node_id, n.step_id)}
              onThumb={hintDone ? undefined : dismissHint}
              hint={
                i === 0 && !hintDone ? (
                  <div className="mt-3 flex items-center gap-2 rounded-md border border-primary/40 bg-primary/10 px-3 py-2 text-sm">
                    <Lightbulb className="size-4 shrink-0 text-primary" aria-hidden />
                    <span className="flex-1">New: Rate steps with thumbs to help improve flows</span>
                    <button type="button" onClick={dismissHint} aria-label="Dismiss hint" className="rounded p-0.5 text-muted-foreground hover:text-foreground">
                      <X className="size-4" aria-hidden />
                    </button>
                  </div>
                ) : undefined
              }
            />
          ))}
        </ol>
      )}

      <OutcomeModal
        open={outcomeOpen}
        onOpenChange={setOutcomeOpen}
        pending={complete.isPending}
        error={complete.error?.message}
        onChoose={(o) =>
          complete.mutate(o, {
            onSuccess: () => {
              setOutcomeOpen(false);
              // The CSAT prompt follows unless the server already holds a rating.
              setCsatOpen(true);
            },
          })
        }
      />
      <CsatModal
        key={showCsat ? 'open' : 'closed'}
        open={showCsat && !outcomeOpen}
        pending={rate.isPending}
        error={rate.error?.message}
        onSkip={skip}
        onSubmit={(v) =>
          rate.mutate(v, {
            onSuccess: () => setCsatOpen(false),
            onError: (e) => {
              // Rated elsewhere in the meantime: the server's answer wins.
              if ('code' in e && (e as { code: string }).code === 'ALREADY_RATED') void session.refetch();
            },
          })
        }
      />
    </div>
  );
}

