import { ChevronLeft, ChevronRight } from 'lucide-react';

/** "Page 2 of 5" with Previous / Next. */
export function Pagination({
  page,
  totalPages,
  total,
  onPage,
  label,
}: {
  page: number;
  totalPages: number;
  total: number;
  onPage: (p: number) => void;
  label: string;
}) {
  if (totalPages <= 1) return <p className="mt-3 text-xs text-muted-foreground">{total} in all</p>;
  const btn = 'inline-flex items-center gap-1 rounded-md border border-border px-2.5 py-1 text-sm hover:bg-muted disabled:cursor-not-allowed disabled:opacity-40';
  return (
    <nav aria-label={label} className="mt-3 flex items-center justify-between gap-3 text-sm">
      <span className="text-muted-foreground">
        Page {page} of {totalPages} · {total} in all
      </span>
      <span className="flex gap-2">
        <button type="button" className={btn} disabled={page <= 1} onClick={() => onPage(page - 1)}>
          <ChevronLeft className="size-4" aria-hidden />
          Previous
        </button>
        <button type="button" className={btn} disabled={page >= totalPages} onClick={() => onPage(page + 1)}>
          Next
          <ChevronRight className="size-4" aria-hidden />
        </button>
      </span>
    </nav>
  );
}
