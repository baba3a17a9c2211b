// "New campaign" (admins): name, first and last day (days of the account's time zone: the
// campaign runs from the first day's midnight to the last day's 23:59:59). Checked here as the
// API checks it (name trimmed, 1..=200 characters; both dates; the end not before the start);
// the API's own answer (an overlap, naming the other campaign) shows inline under the form.
import { useId, useState, type FormEvent } from 'react';
import { Plus } from 'lucide-react';
import { isDay } from '@/lib/period';
import type { CreateCampaignBody } from './api';
import { endOfDayIn, startOfDayIn } from './shape';

export type CampaignDraft = { name: string; start: string; end: string };
export type CampaignErrors = Partial<Record<keyof CampaignDraft, string>>;

export const NAME_MAX = 200;

/** The form's own checks; an empty object when the draft may be sent. */
export function validateCampaign(d: CampaignDraft): CampaignErrors {
  const errors: CampaignErrors = {};
  const name = d.name.trim();
  if (!name) errors.name = 'Enter a name.';
  else if ([...name].length > NAME_MAX) errors.name = `At most ${NAME_MAX} characters.`;
  if (!isDay(d.start)) errors.start = 'Choose the first day.';
  if (!isDay(d.end)) errors.end = 'Choose the last day.';
  else if (isDay(d.start) && d.end < d.start) errors.end = 'The last day must not be before the first.';
  return errors;
}

/** The API's body for a valid draft. */
export function campaignBody(d: CampaignDraft, timeZone: string): CreateCampaignBody {
  return { name: d.name.trim(), starts_at: startOfDayIn(d.start, timeZone), ends_at: endOfDayIn(d.end, timeZone) };
}

export function CampaignForm({
  timeZone,
  onCreate,
  pending = false,
  error,
}: {
  timeZone: string;
  /** Resolves when the API created the campaign (the form then empties), rejects otherwise. */
  onCreate: (body: CreateCampaignBody) => Promise<unknown>;
  pending?: boolean;
  /** The API's message when the last attempt failed (hidden while the form's own checks fail). */
  error?: string | null;
}) {
  const [draft, setDraft] = useState<CampaignDraft>({ name: '', start: '', end: '' });
  const [errors, setErrors] = useState<CampaignErrors>({});
  const id = useId();

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const found = validateCampaign(draft);
    setErrors(found);
    if (Object.keys(found).length > 0) return;
    try {
      await onCreate(campaignBody(draft, timeZone));
      setDraft({ name: '', start: '', end: '' });
    } catch {
      // the parent shows the API's message
    }
  };
  const field = (k: keyof CampaignDraft) => ({
    id: `${id}-${k}`,
    value: draft[k],
    'aria-invalid': errors[k] ? true : undefined,
    'aria-describedby': errors[k] ? `${id}-${k}-error` : undefined,
    onChange: (e: { target: { value: string } }) => setDraft((d) => ({ ...d, [k]: e.target.value })),
    className: 'rounded-md border border-input bg-background px-2 py-1.5 text-sm text-foreground aria-[invalid=true]:border-escalated',
  });
  const fieldError = (k: keyof CampaignDraft) =>
    errors[k] ? (
      <span id={`${id}-${k}-error`} className="text-xs text-escalated">
        {errors[k]}
      </span>
    ) : null;

  return (
    <form aria-label="New campaign" noValidate onSubmit={submit} className="rounded-lg border border-border/60 bg-background/40 p-4">
      <h3 className="mb-3 text-sm font-semibold">New campaign</h3>
      <div className="flex flex-wrap items-start gap-3">
        <div className="flex min-w-36 flex-1 flex-col gap-1">
          <label htmlFor={`${id}-name`} className="text-xs font-medium text-muted-foreground">
            Name
          </label>
          <input type="text" placeholder="Q1 NPS" autoComplete="off" {...field('name')} />
          {fieldError('name')}
        </div>
        <div className="flex flex-col gap-1">
          <label htmlFor={`${id}-start`} className="text-xs font-medium text-muted-foreground">
            Start
          </label>
          <input type="date" {...field('start')} />
          {fieldError('start')}
        </div>
        <div className="flex flex-col gap-1">
          <label htmlFor={`${id}-end`} className="text-xs font-medium text-muted-foreground">
            End
          </label>
          <input type="date" min={draft.start || undefined} {...field('end')} />
          {fieldError('end')}
        </div>
        <div className="flex flex-col gap-1">
          <span className="text-xs" aria-hidden>
            &nbsp;
          </span>
          <button
            type="submit"
            disabled={pending}
            className="inline-flex items-center gap-1.5 rounded-md bg-primary px-3 py-1.5 text-sm font-medium text-primary-foreground hover:opacity-90 disabled:opacity-50"
          >
            <Plus className="size-4" aria-hidden />
            {pending ? 'Creating…' : 'Create campaign'}
          </button>
        </div>
      </div>
      <p className="mt-2 text-xs text-muted-foreground">Days are in the account's time zone ({timeZone}); the campaign runs through the whole last day.</p>
      {error && Object.keys(errors).length === 0 && (
        <p role="alert" className="mt-3 rounded-md border border-escalated/40 bg-escalated/10 px-3 py-2 text-sm text-foreground">
          {error}
        </p>
      )}
    </form>
  );
}
