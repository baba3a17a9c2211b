// Where "Back to Feedback" goes from a conversation opened in audit mode. The contract with the
// Admin page (see README.md): the admin inbox links to `/chat/:id?back=<its query string>`,
// e.g. `/chat/123?back=tab%3Dfeedback%26rating%3Dnegative`; Back to Feedback then opens
// `/admin?<that query string>` with `tab=feedback` enforced. Without `back` (or with router
// state only, see below) it opens `/admin?tab=feedback`. Router state `{ adminSearch: '?…' }`
// is read too when no `back` is given (it does not survive a reload, `?back=` does).
// The target is always the Admin page: `back` is a query string, never a URL.

export function backToFeedback(search: string, state: unknown): string {
  const params = new URLSearchParams(search);
  let back = params.get('back');
  if (back === null && state && typeof state === 'object' && 'adminSearch' in state) {
    const s = (state as { adminSearch: unknown }).adminSearch;
    if (typeof s === 'string') back = s;
  }
  const q = new URLSearchParams((back ?? '').replace(/^\?/, ''));
  const rest = [...q.entries()].filter(([k]) => k !== 'tab');
  const out = new URLSearchParams([['tab', 'feedback'], ...rest]);
  return `/admin?${out.toString()}`;
}
