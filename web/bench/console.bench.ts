// First load of /console/analytics (and of /console/, which sends an admin there) as a team
// admin, cold cache, RUNS times each: the compressed JavaScript and CSS transferred, the time
// from navigation start to the chart drawn (the first area path of the outcome chart in the DOM,
// seen by a MutationObserver), and where that time goes (the
// Resource Timing entries of the page's requests, and the main thread's busy time from the
// DevTools protocol's Performance domain).
//
// Against the browser tests' harness (demo data) by default; with BENCH_BASE_URL and BENCH_TOKEN
// (scripts/console-bench.sh, `make console-bench SCALE=1m`) against another server, e.g. one
// serving a database of 1M sessions. BENCH_SCALE names the result (target/console-bench-<scale>.json).
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { loadavg } from 'node:os';
import { test, type Browser } from '@playwright/test';
import { E2E } from '../e2e/env';
import { tokenOf } from '../e2e/support';

const RUNS = Number(process.env.RUNS ?? 7);
const SCALE = process.env.BENCH_SCALE ?? 'demo';
const BASE = process.env.BENCH_BASE_URL ?? E2E.baseURL;

function median(xs: number[]) {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)] ?? 0;
}

type Timing = { name: string; start: number; end: number };
type Run = {
  chart: number;
  dom: number;
  resources: Timing[];
  scriptMs: number;
  taskMs: number;
  layoutMs: number;
  encodings: string[];
};

/** The milestones of one run, in ms from navigation start (the end of a request unless named). */
function milestones(r: Run): Record<string, number> {
  const find = (re: RegExp) => r.resources.find((t) => re.test(t.name));
  const at = (re: RegExp, which: 'start' | 'end' = 'end') => {
    const t = find(re);
    return t ? Math.round(t[which]) : -1;
  };
  return {
    'index.js': at(/\/assets\/index-[^/]*\.js$/),
    'css': at(/\/assets\/index-[^/]*\.css$/),
    'GET /me start': at(/\/api\/v1\/me$/, 'start'),
    'GET /me': at(/\/api\/v1\/me$/),
    'page chunk': at(/\/assets\/TeamAnalyticsPage-[^/]*\.js$/),
    'all chunks': Math.round(Math.max(...r.resources.filter((t) => t.name.endsWith('.js')).map((t) => t.end))),
    'GET /analytics/team start': at(/\/api\/v1\/analytics\/team/, 'start'),
    'GET /analytics/team': at(/\/api\/v1\/analytics\/team/),
    'DOMContentLoaded': Math.round(r.dom),
    'chart drawn': Math.round(r.chart),
  };
}

/** The time from the page having all it needs (the last chunk and the data in) to the chart drawn. */
function afterData(r: Run): number {
  const ends = r.resources.filter((t) => t.name.endsWith('.js') || t.name.includes('/api/v1/analytics/team') || t.name.endsWith('/api/v1/me')).map((t) => t.end);
  return r.chart - Math.max(...ends);
}

async function measure(browser: Browser, token: string, page_: string) {
  const runs: Run[] = [];
  let transfer = { js: 0, css: 0, html: 0, files: 0 };
  for (let i = 0; i < RUNS; i++) {
    const context = await browser.newContext({ baseURL: BASE });
    const page = await context.newPage();
    await page.addInitScript(() => {
      const w = window as unknown as { __chartAt?: number };
      new MutationObserver((_, obs) => {
        if (document.querySelector('[data-chart-area], .recharts-area-area, .recharts-area path')) {
          w.__chartAt = performance.now();
          obs.disconnect();
        }
      }).observe(document, { subtree: true, childList: true });
    });
    const cdp = await context.newCDPSession(page);
    await cdp.send('Network.enable');
    await cdp.send('Performance.enable');
    const types = new Map<string, string>();
    const encodings = new Set<string>();
    const sizes = { js: 0, css: 0, html: 0, files: 0 };
    cdp.on('Network.responseReceived', (e) => {
      types.set(e.requestId, e.response.mimeType);
      const h = e.response.headers as Record<string, string>;
      const enc = h['content-encoding'] ?? h['Content-Encoding'];
      if (/javascript|css/.test(e.response.mimeType)) encodings.add(enc ?? 'identity');
    });
    cdp.on('Network.loadingFinished', (e) => {
      const t = types.get(e.requestId) ?? '';
      if (t.includes('javascript')) sizes.js += e.encodedDataLength;
      else if (t.includes('css')) sizes.css += e.encodedDataLength;
      else if (t.includes('html')) sizes.html += e.encodedDataLength;
      else return;
      sizes.files += 1;
    });
    await page.goto(`${page_}#token=${token}`);
    await page.waitForFunction(() => (window as unknown as { __chartAt?: number }).__chartAt !== undefined, null, { timeout: 30_000 });
    const seen = await page.evaluate(() => {
      const nav = performance.getEntriesByType('navigation')[0] as PerformanceNavigationTiming | undefined;
      return {
        chart: (window as unknown as { __chartAt: number }).__chartAt,
        dom: nav?.domContentLoadedEventEnd ?? 0,
        resources: performance
          .getEntriesByType('resource')
          .map((r) => ({ name: r.name.replace(/[?#].*$/, ''), start: r.startTime, end: (r as PerformanceResourceTiming).responseEnd })),
      };
    });
    const metrics = (await cdp.send('Performance.getMetrics')).metrics;
    const metric = (n: string) => (metrics.find((m) => m.name === n)?.value ?? 0) * 1000;
    runs.push({
      ...seen,
      scriptMs: metric('ScriptDuration'),
      taskMs: metric('TaskDuration'),
      layoutMs: metric('LayoutDuration') + metric('RecalcStyleDuration'),
      encodings: [...encodings],
    });
    transfer = sizes;
    await context.close();
  }

  const marks = runs.map(milestones);
  const breakdown: Record<string, number> = {};
  for (const k of Object.keys(marks[0] ?? {})) breakdown[k] = median(marks.map((m) => m[k]!));
  const times = runs.map((r) => r.chart);
  return {
    js_css_kb: Math.round(((transfer.js + transfer.css) / 1024) * 10) / 10,
    js_kb: Math.round((transfer.js / 1024) * 10) / 10,
    css_kb: Math.round((transfer.css / 1024) * 10) / 10,
    files: transfer.files,
    encodings: [...new Set(runs.flatMap((r) => r.encodings))],
    time_to_chart_ms: {
      median: Math.round(median(times)),
      min: Math.round(Math.min(...times)),
      max: Math.round(Math.max(...times)),
      all: times.map(Math.round),
    },
    team_api_ms_median: Math.round(
      median(
        runs.map((r) => {
          const t = r.resources.find((x) => x.name.includes('/api/v1/analytics/team'));
          return t ? t.end - t.start : 0;
        }),
      ),
    ),
    render_after_data_ms_median: Math.round(median(runs.map(afterData))),
    main_thread_ms_median: {
      script: Math.round(median(runs.map((r) => r.scriptMs))),
      task: Math.round(median(runs.map((r) => r.taskMs))),
      style_layout: Math.round(median(runs.map((r) => r.layoutMs))),
    },
    milestones_ms_median: breakdown,
  };
}

// Two ways in: Team Analytics' own address (the spec's budget), and the console's root as
// `make run` prints it for the team admin (the root sends an admin to Team Analytics once GET
// /me answers).
test('Team Analytics first load: transfer and time to data', async ({ browser }) => {
  const token = process.env.BENCH_TOKEN ?? tokenOf('team_admin');
  const loadBefore = loadavg();
  const analytics = await measure(browser, token, '/console/analytics');
  const root = await measure(browser, token, '/console/');
  const result = {
    scale: SCALE,
    runs: RUNS,
    base: BASE,
    loadavg_before: loadBefore.map((x) => Math.round(x * 100) / 100),
    loadavg_after: loadavg().map((x) => Math.round(x * 100) / 100),
    '/console/analytics': analytics,
    '/console/ (the printed link)': root,
  };
  console.log(`console-bench: ${JSON.stringify(result, null, 2)}`);
  writeFileSync(path.join(E2E.root, `target/console-bench-${SCALE}.json`), JSON.stringify(result, null, 2));
});
