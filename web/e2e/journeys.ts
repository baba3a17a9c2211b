// Helpers of the feedback journeys: API writes as a role, and named screenshots of modals and
// popovers (the harness saves one full page per test after it ends).
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import type { APIRequestContext, Page, TestInfo } from '@playwright/test';
import { E2E } from './env';
import { expect } from './support';

/** POST (or PUT/PATCH) `data` as JSON, asserting the status; the JSON answer. */
export async function send<T = unknown>(
  ctx: APIRequestContext,
  method: 'post' | 'put' | 'patch',
  url: string,
  data: unknown,
  status: number,
): Promise<T> {
  const r = await ctx[method](url, { data });
  expect(r.status(), `${method.toUpperCase()} ${url} answers ${status}: ${await r.text()}`).toBe(status);
  const text = await r.text();
  return (text ? JSON.parse(text) : null) as T;
}

/** A screenshot named `name` of the page as it is now (a modal open, say). */
export async function snap(page: Page, info: TestInfo, name: string) {
  const dir = path.join(E2E.screenshots, info.project.name);
  mkdirSync(dir, { recursive: true });
  await page.screenshot({ path: path.join(dir, `${name}.png`), fullPage: false });
}
