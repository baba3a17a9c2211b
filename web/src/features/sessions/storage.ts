// What this browser remembers about sessions (localStorage): the once-per-browser thumbs hint,
// and the sessions whose CSAT prompt was skipped. Whether a session is rated is the server's
// answer (`GET /sessions/{id}` → `rating`), never this.

const HINT_KEY = 'insights.thumbs-hint-done';
const SKIP_KEY = 'insights.csat-skipped';

function read(key: string): string | null {
  try {
    return localStorage.getItem(key);
  } catch {
    return null;
  }
}

function write(key: string, value: string) {
  try {
    localStorage.setItem(key, value);
  } catch {
    // storage unavailable: the hint or prompt may show again, nothing else changes
  }
}

export function thumbsHintDone(): boolean {
  return read(HINT_KEY) === '1';
}

export function markThumbsHintDone() {
  write(HINT_KEY, '1');
}

function skipped(): string[] {
  try {
    const v = JSON.parse(read(SKIP_KEY) ?? '[]') as unknown;
    return Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : [];
  } catch {
    return [];
  }
}

export function csatSkipped(sessionId: string): boolean {
  return skipped().includes(sessionId);
}

export function markCsatSkipped(sessionId: string) {
  const list = skipped().filter((s) => s !== sessionId);
  // The newest 200 are enough: older sessions are long finished.
  write(SKIP_KEY, JSON.stringify([...list, sessionId].slice(-200)));
}
