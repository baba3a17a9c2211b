// The harness of the browser tests, reusable by every page: sign in as a demo role, call the
// API with that role's token, save a full-page screenshot after each test, and fail on any
// CSP violation or uncaught page error.
import { readFileSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { test as base, expect, type APIRequestContext, type Page } from '@playwright/test';
import { E2E, type E2EState, type Role } from './env';

let cached: E2EState | null = null;
export function state(): E2EState {
  cached ??= JSON.parse(readFileSync(E2E.stateFile, 'utf8')) as E2EState;
  return cached;
}

export function tokenOf(role: Role): string {
  const t = state().tokens[role];
  if (!t) throw new Error(`no demo token for ${role}`);
  return t;
}

type Fixtures = {
  /** Automatic: after each test, a full-page screenshot and the page-error check. */
  afterEachTest: void;
  /** Opens `path` (under /console) signed in as `role`, through the `#token=` fragment. */
  signInAs: (role: Role, path?: string) => Promise<void>;
  /** An API client with `role`'s token: `api(role).get('/api/v1/…')`. */
  api: (role: Role) => Promise<APIRequestContext>;
  pageErrors: string[];
  /** Automatic: a full-page screenshot after every test, and no CSP violation or page error. */
  screenshotAndErrors: void;
};

export const test = base.extend<Fixtures>({
  // A full-page screenshot of every test, named after the project (width) and the test, then no
  // CSP violation or page error. A fixture, not a module-level `test.afterEach`: a hook declared
  // in this shared module registers only for the first spec file a worker loads.
  afterEachTest: [
    async ({ page, pageErrors }, use, info) => {
      await use();
      const dir = path.join(E2E.screenshots, info.project.name);
      mkdirSync(dir, { recursive: true });
      const name = info.titlePath.slice(1).join(' - ').replace(/[^a-zA-Z0-9 _-]+/g, '').replace(/\s+/g, '-').slice(0, 140);
      await page.screenshot({ path: path.join(dir, `${name}.png`), fullPage: true }).catch(() => undefined);
      expect(pageErrors, 'no CSP violation or page error').toEqual([]);
    },
    { auto: true },
  ],
  pageErrors: async ({ page }, use) => {
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(`pageerror: ${e.message}`));
    page.on('console', (m) => {
      if (m.type() === 'error' && /Content Security Policy|Refused to/i.test(m.text())) errors.push(`csp: ${m.text()}`);
    });
    await use(errors);
  },
  signInAs: async ({ page, pageErrors }, use) => {
    void pageErrors;
    await use(async (role, p = '/console/') => {
      await page.goto(`${p}#token=${tokenOf(role)}`);
    });
  },
  screenshotAndErrors: [
    async ({ page, pageErrors }, use, info) => {
      await use();
      const dir = path.join(E2E.screenshots, info.project.name);
      mkdirSync(dir, { recursive: true });
      const name = info.titlePath.slice(1).join(' - ').replace(/[^a-zA-Z0-9 _-]+/g, '').replace(/\s+/g, '-').slice(0, 140);
      await page.screenshot({ path: path.join(dir, `${name}.png`), fullPage: true }).catch(() => undefined);
      expect(pageErrors, 'no CSP violation or page error').toEqual([]);
    },
    { auto: true },
  ],
  api: async ({ playwright }, use) => {
    const made: APIRequestContext[] = [];
    await use(async (role) => {
      const ctx = await playwright.request.newContext({
        baseURL: E2E.baseURL,
        extraHTTPHeaders: { Authorization: `Bearer ${tokenOf(role)}` },
      });
      made.push(ctx);
      return ctx;
    });
    for (const c of made) await c.dispose();
  },
});

export { expect };

/** GET `url` as JSON through `ctx`, asserting 200. */
export async function getJson<T = unknown>(ctx: APIRequestContext, url: string): Promise<T> {
  const r = await ctx.get(url);
  expect(r.status(), `${url} answers 200`).toBe(200);
  return (await r.json()) as T;
}

/** The value shown on the stat card labelled `label`. */
export function statValue(page: Page, label: string) {
  return page.getByRole('group', { name: label, exact: true }).locator('[data-stat-value]');
}

/** Waits until the page's data has settled (no query fetching, no placeholder). */
export async function settled(page: Page) {
  await expect(page.locator('[aria-busy="true"]')).toHaveCount(0);
  await expect(page.getByRole('status').filter({ hasText: 'Loading' })).toHaveCount(0);
}
