// The bearer token: kept in sessionStorage, taken from a `#token=` fragment (removed from the
// address bar at once) or pasted on the sign-in page; forgotten on sign-out or on any 401.
import { useSyncExternalStore } from 'react';

const TOKEN_KEY = 'insights.token';
const ENDED_KEY = 'insights.session-ended';

type Listener = () => void;
const listeners = new Set<Listener>();

function emit() {
  for (const l of listeners) l();
}

export function getToken(): string | null {
  try {
    return sessionStorage.getItem(TOKEN_KEY);
  } catch {
    return null;
  }
}

export function setToken(token: string) {
  sessionStorage.setItem(TOKEN_KEY, token.trim());
  sessionStorage.removeItem(ENDED_KEY);
  emit();
}

/** "Sign out": forget the token. */
export function signOut() {
  sessionStorage.removeItem(TOKEN_KEY);
  sessionStorage.removeItem(ENDED_KEY);
  emit();
}

/** A 401: forget the token and tell the sign-in page why. */
export function expireSession() {
  if (getToken() === null) return;
  sessionStorage.removeItem(TOKEN_KEY);
  sessionStorage.setItem(ENDED_KEY, '1');
  emit();
}

export function sessionEnded(): boolean {
  return sessionStorage.getItem(ENDED_KEY) === '1';
}

/**
 * Takes a token from `#token=<jwt>` into sessionStorage and removes the fragment from the
 * address bar (replaceState: it never reaches a server, a log or the history). Call before the
 * router reads the location.
 */
export function captureFragmentToken(loc: Location = window.location, hist: History = window.history): boolean {
  const hash = loc.hash.startsWith('#') ? loc.hash.slice(1) : loc.hash;
  if (!hash) return false;
  const params = new URLSearchParams(hash);
  const token = params.get('token');
  if (!token) return false;
  params.delete('token');
  const rest = params.toString();
  hist.replaceState(hist.state, '', `${loc.pathname}${loc.search}${rest ? `#${rest}` : ''}`);
  setToken(token);
  return true;
}

function subscribe(l: Listener) {
  listeners.add(l);
  return () => listeners.delete(l);
}

/** The current token (re-renders on sign-in, sign-out and expiry). */
export function useToken(): string | null {
  return useSyncExternalStore(subscribe, getToken, () => null);
}
