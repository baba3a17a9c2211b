// Small shared building blocks: cards, page header, states (loading, empty, error, not
// permitted), tables.
import type { ReactNode } from 'react';
import { AlertTriangle, Lock, RotateCw } from 'lucide-react';
import { ApiError } from '@/lib/api/client';

export function cx(...parts: (string | false | null | undefined)[]): string {
  return parts.filter(Boolean).join(' ');
}

export function Card({ title, children, className, actions }: { title?: string; children: ReactNode; className?: string; actions?: ReactNode }) {
  return (
    <section
      aria-label={title}
      className={cx('min-w-0 rounded-xl border border-border bg-card p-5 text-card-foreground shadow-sm', className)}
    >
      {(title || actions) && (
        <div className="mb-4 flex items-center justify-between gap-3">
          {title && <h2 className="text-sm font-semibold tracking-wide text-foreground">{title}</h2>}
          {actions}
        </div>
      )}
      {children}
    </section>
  );
}

export function PageHeader({ title, subtitle, children }: { title: string; subtitle?: ReactNode; children?: ReactNode }) {
  return (
    <header className="mb-6 flex flex-wrap items-start justify-between gap-4">
      <div className="min-w-0">
        <h1 className="truncate text-2xl font-semibold tracking-tight">{title}</h1>
        {subtitle && <p className="mt-1 text-sm text-muted-foreground">{subtitle}</p>}
      </div>
      {children && <div className="flex flex-wrap items-center gap-3">{children}</div>}
    </header>
  );
}

export function Loading({ label = 'Loading…' }: { label?: string }) {
  return (
    <div role="status" aria-live="polite" className="flex items-center gap-3 p-6 text-sm text-muted-foreground">
      <span className="size-4 animate-spin rounded-full border-2 border-muted-foreground border-t-transparent" aria-hidden />
      {label}
    </div>
  );
}

export function Skeleton({ className }: { className?: string }) {
  return <div aria-hidden className={cx('animate-pulse rounded-md bg-muted', className)} />;
}

export function EmptyState({ children }: { children: ReactNode }) {
  return <p className="rounded-lg border border-dashed border-border p-6 text-center text-sm text-muted-foreground">{children}</p>;
}

/** The API's message and a retry. */
export function ErrorBanner({ error, onRetry }: { error: unknown; onRetry?: () => void }) {
  const message = error instanceof Error ? error.message : 'Something went wrong.';
  return (
    <div role="alert" className="flex items-start gap-3 rounded-lg border border-escalated/40 bg-escalated/10 p-4 text-sm">
      <AlertTriangle className="mt-0.5 size-4 shrink-0 text-escalated" aria-hidden />
      <div className="min-w-0 flex-1">
        <p className="font-medium text-foreground">Could not load this view</p>
        <p className="mt-1 break-words text-muted-foreground">{message}</p>
      </div>
      {onRetry && (
        <button
          type="button"
          onClick={onRetry}
          className="inline-flex items-center gap-1.5 rounded-md border border-border px-3 py-1.5 text-foreground hover:bg-muted"
        >
          <RotateCw className="size-3.5" aria-hidden />
          Retry
        </button>
      )}
    </div>
  );
}

export function NotPermitted({ what = 'this page' }: { what?: string }) {
  return (
    <div className="mx-auto mt-16 max-w-md rounded-xl border border-border bg-card p-8 text-center">
      <Lock className="mx-auto mb-3 size-8 text-muted-foreground" aria-hidden />
      <h1 className="text-xl font-semibold">Not permitted</h1>
      <p className="mt-2 text-sm text-muted-foreground">Your role is not permitted to view {what}.</p>
    </div>
  );
}

export function isForbidden(error: unknown): boolean {
  return error instanceof ApiError && error.status === 403;
}

export function isNotFound(error: unknown): boolean {
  return error instanceof ApiError && error.status === 404;
}

export function Table({ caption, children }: { caption: string; children: ReactNode }) {
  return (
    <div className="-mx-1 overflow-x-auto">
      <table className="w-full min-w-0 border-collapse text-sm">
        <caption className="sr-only">{caption}</caption>
        {children}
      </table>
    </div>
  );
}

export function Th({ children, align = 'left', className }: { children?: ReactNode; align?: 'left' | 'right'; className?: string }) {
  return (
    <th
      scope="col"
      className={cx(
        'border-b border-border px-2 py-2 text-xs font-medium uppercase tracking-wide text-muted-foreground',
        align === 'right' ? 'text-right' : 'text-left',
        className,
      )}
    >
      {children}
    </th>
  );
}

export function Td({ children, align = 'left', className }: { children?: ReactNode; align?: 'left' | 'right'; className?: string }) {
  return (
    <td className={cx('border-b border-border/60 px-2 py-2.5', align === 'right' ? 'text-right tabular-nums' : '', className)}>
      {children}
    </td>
  );
}
