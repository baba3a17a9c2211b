import { describe, expect, it } from 'vitest';
import { captureFragmentToken, expireSession, getToken, sessionEnded, setToken, signOut } from './auth';

describe('the token', () => {
  it('is taken from the fragment, which leaves the address bar at once', () => {
    window.history.replaceState(null, '', '/console/analytics?period=7d#token=aaa.bbb.ccc');
    expect(captureFragmentToken()).toBe(true);
    expect(getToken()).toBe('aaa.bbb.ccc');
    expect(window.location.pathname + window.location.search + window.location.hash).toBe('/console/analytics?period=7d');
  });
  it('ignores a fragment without a token', () => {
    window.history.replaceState(null, '', '/console/#section');
    expect(captureFragmentToken()).toBe(false);
    expect(getToken()).toBeNull();
    expect(window.location.hash).toBe('#section');
  });
  it('is forgotten on sign-out, and on a 401 with the reason kept', () => {
    setToken('a.b.c');
    signOut();
    expect(getToken()).toBeNull();
    expect(sessionEnded()).toBe(false);
    setToken('a.b.c');
    expireSession();
    expect(getToken()).toBeNull();
    expect(sessionEnded()).toBe(true);
  });
});
