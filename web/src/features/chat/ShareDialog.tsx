// The owner's Share dialog (admin feedback & NPS document, Phase 3): users by email (suggested
// from the directory) and teams, each "Can view" (API `view`) or "Can edit" (API `comment`),
// "Can edit" by default; changeable and revocable after sharing; a "Share with everyone" row
// with its own permission. The API's errors show inline; nothing is confirmed in a browser
// dialog (a revoke is undone by sharing again).
import { useId, useState } from 'react';
import { Trash2, Users } from 'lucide-react';
import { Modal } from '@/components/Modal';
import { ErrorBanner, Loading } from '@/components/ui';
import { useDirectoryTeams, useDirectoryUsers, useShareActions, useSharing, type Permission } from './api';

export const PERMISSIONS: { value: Permission; label: string }[] = [
  { value: 'view', label: 'Can view' },
  { value: 'comment', label: 'Can edit' },
];
/** New shares default to "Can edit" (the design's default). */
export const DEFAULT_PERMISSION: Permission = 'comment';

function asPermission(p: string): Permission {
  return p === 'view' ? 'view' : 'comment';
}

function PermissionSelect({ label, value, onChange, disabled }: { label: string; value: Permission; onChange: (p: Permission) => void; disabled?: boolean }) {
  return (
    <select
      aria-label={label}
      value={value}
      disabled={disabled}
      onChange={(e) => onChange(asPermission(e.target.value))}
      className="rounded-md border border-input bg-background px-2 py-1.5 text-sm disabled:opacity-50"
    >
      {PERMISSIONS.map((p) => (
        <option key={p.value} value={p.value}>
          {p.label}
        </option>
      ))}
    </select>
  );
}

export function ShareDialog({ conversationId, open, onOpenChange }: { conversationId: string; open: boolean; onOpenChange: (o: boolean) => void }) {
  const sharing = useSharing(conversationId, open);
  const { share, update, revoke } = useShareActions(conversationId);
  const [email, setEmail] = useState('');
  const [userPerm, setUserPerm] = useState<Permission>(DEFAULT_PERMISSION);
  const [teamId, setTeamId] = useState('');
  const [teamPerm, setTeamPerm] = useState<Permission>(DEFAULT_PERMISSION);
  const [publicPerm, setPublicPerm] = useState<Permission | null>(null);
  const [error, setError] = useState<string | null>(null);
  const users = useDirectoryUsers(email.trim(), open);
  const teams = useDirectoryTeams(open);
  const emailId = useId();
  const listId = useId();
  const teamSelectId = useId();
  const publicId = useId();
  const busy = share.isPending || update.isPending || revoke.isPending;
  const s = sharing.data;
  const pubPerm = publicPerm ?? (s ? asPermission(s.public_permission) : DEFAULT_PERMISSION);

  const handlers = {
    onSuccess: () => setError(null),
    onError: (e: Error) => setError(e.message),
  };

  return (
    <Modal
      open={open}
      onOpenChange={(o) => {
        if (!o) setError(null);
        onOpenChange(o);
      }}
      title="Share conversation"
      description='"Can view" lets people read it; "Can edit" also lets them add messages.'
      className="w-[min(40rem,calc(100vw-2rem))]"
    >
      {error && (
        <p role="alert" className="mb-4 rounded-md border border-escalated/40 bg-escalated/10 px-3 py-2 text-sm">
          {error}
        </p>
      )}
      <form
        aria-label="Share with a person"
        className="flex flex-wrap items-end gap-2"
        onSubmit={(e) => {
          e.preventDefault();
          const v = email.trim();
          if (!v) return;
          share.mutate({ user_emails: [v], permission: userPerm }, { ...handlers, onSuccess: () => (setError(null), setEmail(''), setUserPerm(DEFAULT_PERMISSION)) });
        }}
      >
        <div className="flex min-w-56 flex-1 flex-col gap-1">
          <label htmlFor={emailId} className="text-xs font-medium text-muted-foreground">
            Email
          </label>
          <input
            id={emailId}
            type="email"
            list={listId}
            autoComplete="off"
            value={email}
            onChange={(e) => setEmail(e.target.value)}
            placeholder="name@company.com"
            className="rounded-md border border-input bg-background px-3 py-1.5 text-sm"
          />
          <datalist id={listId}>
            {(users.data?.items ?? []).map((u) => (
              <option key={u.id} value={u.email} label={u.name}>
                {u.name}
              </option>
            ))}
          </datalist>
        </div>
        <PermissionSelect label="Permission for the person" value={userPerm} onChange={setUserPerm} />
        <button
          type="submit"
          disabled={busy || email.trim() === ''}
          className="rounded-md bg-primary px-3 py-1.5 text-sm font-medium text-primary-foreground hover:opacity-90 disabled:opacity-50"
        >
          Share
        </button>
      </form>

      <form
        aria-label="Share with a team"
        className="mt-3 flex flex-wrap items-end gap-2"
        onSubmit={(e) => {
          e.preventDefault();
          if (!teamId) return;
          share.mutate({ team_ids: [teamId], permission: teamPerm }, { ...handlers, onSuccess: () => (setError(null), setTeamId(''), setTeamPerm(DEFAULT_PERMISSION)) });
        }}
      >
        <div className="flex min-w-56 flex-1 flex-col gap-1">
          <label htmlFor={teamSelectId} className="text-xs font-medium text-muted-foreground">
            Team
          </label>
          <select
            id={teamSelectId}
            value={teamId}
            onChange={(e) => setTeamId(e.target.value)}
            className="rounded-md border border-input bg-background px-2 py-1.5 text-sm"
          >
            <option value="">Choose a team…</option>
            {(teams.data?.items ?? []).map((t) => (
              <option key={t.id} value={t.id}>
                {t.name} ({t.member_count} {t.member_count === 1 ? 'member' : 'members'})
              </option>
            ))}
          </select>
        </div>
        <PermissionSelect label="Permission for the team" value={teamPerm} onChange={setTeamPerm} />
        <button
          type="submit"
          disabled={busy || !teamId}
          className="rounded-md border border-border px-3 py-1.5 text-sm font-medium hover:bg-muted disabled:opacity-50"
        >
          Share with team
        </button>
      </form>

      <div className="mt-6">
        <h3 className="mb-2 text-sm font-semibold">Who has access</h3>
        {sharing.error && <ErrorBanner error={sharing.error} onRetry={() => sharing.refetch()} />}
        {!s && !sharing.error && <Loading />}
        {s && (
          <ul className="divide-y divide-border/60 rounded-lg border border-border" aria-label="Who has access">
            {s.users.map((u) => (
              <li key={u.user_id} className="flex items-center gap-3 px-3 py-2 text-sm">
                <div className="min-w-0 flex-1">
                  <p className="truncate font-medium">{u.name}</p>
                  <p className="truncate text-xs text-muted-foreground">{u.email}</p>
                </div>
                <PermissionSelect
                  label={`Permission for ${u.name}`}
                  value={asPermission(u.permission)}
                  disabled={busy}
                  onChange={(p) => update.mutate({ permission: p, email: u.email }, handlers)}
                />
                <button
                  type="button"
                  aria-label={`Revoke access of ${u.name}`}
                  title="Revoke access"
                  disabled={busy}
                  onClick={() => revoke.mutate({ userId: u.user_id }, handlers)}
                  className="rounded-md p-1.5 text-muted-foreground hover:bg-muted hover:text-escalated disabled:opacity-50"
                >
                  <Trash2 className="size-4" aria-hidden />
                </button>
              </li>
            ))}
            {s.teams.map((t) => (
              <li key={t.team_id} className="flex items-center gap-3 px-3 py-2 text-sm">
                <Users className="size-4 shrink-0 text-muted-foreground" aria-hidden />
                <p className="min-w-0 flex-1 truncate font-medium">
                  {t.name} <span className="font-normal text-muted-foreground">(team)</span>
                </p>
                <PermissionSelect
                  label={`Permission for team ${t.name}`}
                  value={asPermission(t.permission)}
                  disabled={busy}
                  onChange={(p) => update.mutate({ permission: p, team_id: t.team_id }, handlers)}
                />
                <button
                  type="button"
                  aria-label={`Revoke access of team ${t.name}`}
                  title="Revoke access"
                  disabled={busy}
                  onClick={() => revoke.mutate({ teamId: t.team_id }, handlers)}
                  className="rounded-md p-1.5 text-muted-foreground hover:bg-muted hover:text-escalated disabled:opacity-50"
                >
                  <Trash2 className="size-4" aria-hidden />
                </button>
              </li>
            ))}
            {s.users.length === 0 && s.teams.length === 0 && <li className="px-3 py-2 text-sm text-muted-foreground">Not shared with anyone yet</li>}
          </ul>
        )}
      </div>

      {s && (
        <div className="mt-4 flex items-center gap-3 rounded-lg border border-border px-3 py-2.5 text-sm">
          <input
            id={publicId}
            type="checkbox"
            checked={s.is_public}
            disabled={busy}
            onChange={(e) =>
              share.mutate(e.target.checked ? { is_public: true, public_permission: pubPerm } : { is_public: false }, handlers)
            }
            className="size-4 accent-primary"
          />
          <label htmlFor={publicId} className="flex-1">
            <span className="font-medium">Share with everyone</span>
            <span className="block text-xs text-muted-foreground">Everyone in your account can open it</span>
          </label>
          <PermissionSelect
            label="Permission for everyone"
            value={pubPerm}
            disabled={busy}
            onChange={(p) => {
              setPublicPerm(p);
              if (s.is_public) update.mutate({ permission: p, public: true }, handlers);
            }}
          />
        </div>
      )}
    </Modal>
  );
}
