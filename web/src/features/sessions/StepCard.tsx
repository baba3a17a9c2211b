// One step of the session player with its thumbs at the bottom right. A click is optimistic;
// when the API refuses, the thumb goes back and the card says why.
import { useEffect, type ReactNode } from 'react';
import { AlertTriangle } from 'lucide-react';
import { Thumbs, thumbTransition, type Thumb } from '@/components/Thumbs';
import { useThumb } from './api';

export function StepCard({
  index,
  title,
  stepId,
  nodeId,
  sessionId,
  value,
  onThumb,
  hint,
}: {
  index: number;
  title: string;
  stepId: string | null;
  nodeId: string;
  sessionId: string;
  value: Thumb;
  onThumb?: () => void;
  hint?: ReactNode;
}) {
  const thumb = useThumb(sessionId);
  const { reset } = thumb;
  // An error stays until the next click.
  useEffect(() => () => reset(), [reset]);

  return (
    <li className="rounded-xl border border-border bg-card p-5" aria-labelledby={`step-${nodeId}`}>
      <div className="flex items-start gap-4">
        <span className="inline-flex size-7 shrink-0 items-center justify-center rounded-full bg-muted text-sm font-semibold tabular-nums" aria-hidden>
          {index}
        </span>
        <div className="min-w-0 flex-1">
          <h2 id={`step-${nodeId}`} className="font-medium">
            <span className="sr-only">Step {index}: </span>
            {title}
          </h2>
        </div>
      </div>
      <div className="mt-3 flex items-end justify-between gap-3">
        <div className="min-w-0 text-sm">
          {thumb.error && (
            <p role="alert" className="inline-flex items-center gap-1.5 text-escalated">
              <AlertTriangle className="size-4 shrink-0" aria-hidden />
              Your rating was not saved: {thumb.error.message}
            </p>
          )}
        </div>
        {stepId ? (
          <Thumbs
            label={`Rate step ${index}`}
            value={value}
            onChoose={(kind) => {
              const { request } = thumbTransition(value, kind);
              thumb.reset();
              thumb.mutate({ stepId, nodeId, helpful: request.kind === 'clear' ? null : request.helpful });
              onThumb?.();
            }}
          />
        ) : (
          <span className="text-xs text-muted-foreground">This step cannot be rated</span>
        )}
      </div>
      {hint}
    </li>
  );
}
