// "Complete session": how did it end? (resolved / escalated / workaround / unresolved)
import { Modal } from '@/components/Modal';
import type { Outcome } from './api';

export const OUTCOMES: { value: Outcome; label: string; hint: string; dot: string }[] = [
  { value: 'resolved', label: 'Resolved', hint: 'The issue is fixed', dot: 'bg-resolved' },
  { value: 'escalated', label: 'Escalated', hint: 'Handed to another tier or team', dot: 'bg-escalated' },
  { value: 'workaround', label: 'Workaround', hint: 'Worked around, not fixed', dot: 'bg-workaround' },
  { value: 'unresolved', label: 'Unresolved', hint: 'Not fixed', dot: 'bg-unresolved' },
];

export function OutcomeModal({
  open,
  onOpenChange,
  onChoose,
  pending,
  error,
}: {
  open: boolean;
  onOpenChange: (open: boolean) => void;
  onChoose: (o: Outcome) => void;
  pending?: boolean;
  error?: string | null;
}) {
  return (
    <Modal open={open} onOpenChange={onOpenChange} title="Complete session" description="How did this session end?" closeLabel="Cancel">
      <div role="group" aria-label="Outcome" className="grid grid-cols-2 gap-3">
        {OUTCOMES.map((o) => (
          <button
            key={o.value}
            type="button"
            disabled={pending}
            onClick={() => onChoose(o.value)}
            className="flex flex-col items-start gap-1 rounded-lg border border-border bg-background/40 p-3 text-left hover:border-primary hover:bg-muted disabled:opacity-50"
          >
            <span className="inline-flex items-center gap-2 font-medium">
              <span className={`size-2.5 rounded-full ${o.dot}`} aria-hidden />
              {o.label}
            </span>
            <span className="text-xs text-muted-foreground">{o.hint}</span>
          </button>
        ))}
      </div>
      {error && (
        <p role="alert" className="mt-4 rounded-md border border-escalated/40 bg-escalated/10 px-3 py-2 text-sm">
          {error}
        </p>
      )}
    </Modal>
  );
}
