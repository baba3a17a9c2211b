// First load of /console/analytics as the team admin, cold cache, RUNS times: the compressed
// JavaScript and CSS transferred, and the time from navigation start to the chart drawn
// (the first `.recharts-area` path in the DOM, seen by a MutationObserver).
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { test } from '@playwright/test';
import { E2E } from '../e2e/env';
import { tokenOf } from '../e2e/support';

const RUNS = Number(process.env.RUNS ?? 7);

function median(xs: number[]) {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}

test('Team Analytics first load: transfer and time to data', async ({ browser }) => {
  const token = tokenOf('team_admin');
  const times: number[] = [];
  const apiTimes: number[] = [];
  let transfer = { js: 0, css: 0, html: 0, files: 0 };
  for (let i = 0; i < RUNS; i++) {
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.addInitScript(() => {
      const w = window as unknown as { __chartAt?: number };
      new MutationObserver((_, obs) => {
        if (document.querySelector('.recharts-area-area, .recharts-area path')) {
          w.__chartAt = performance.now();
          obs.disconnect();
        }
      }).observe(document, { subtree: true, childList: true });
    });
    const cdp = await context.newCDPSession(page);
    await cdp.send('Network.enable');
    const types = new Map<string, string>();
    const sizes = { js: 0, css: 0, html: 0, files: 0 };
    cdp.on('Network.responseReceived', (e) => types.set(e.requestId, e.response.mimeType));
    cdp.on('Network.loadingFinished', (e) => {
      const t = types.get(e.requestId) ?? '';
      if (t.includes('javascript')) sizes.js += e.encodedDataLength;
      else if (t.includes('css')) sizes.css += e.encodedDataLength;
      else if (t.includes('html')) sizes.html += e.encodedDataLength;
      else return;
      sizes.files += 1;
    });
    await page.goto(`/console/analytics#token=${token}`);
    await page.waitForFunction(() => (window as unknown as { __chartAt?: number }).__chartAt !== undefined, null, { timeout: 30_000 });
    const at = await page.evaluate(() => (window as unknown as { __chartAt: number }).__chartAt);
    const api = await page.evaluate(() => {
      const e = performance.getEntriesByType('resource').find((r) => r.name.includes('/api/v1/analytics/team'));
      return e ? e.duration : 0;
    });
    times.push(at);
    apiTimes.push(api);
    transfer = sizes;
    await context.close();
  }
  const result = {
    runs: RUNS,
    js_css_kb: Math.round(((transfer.js + transfer.css) / 1024) * 10) / 10,
    js_kb: Math.round((transfer.js / 1024) * 10) / 10,
    css_kb: Math.round((transfer.css / 1024) * 10) / 10,
    files: transfer.files,
    time_to_chart_ms: { median: Math.round(median(times)), min: Math.round(Math.min(...times)), max: Math.round(Math.max(...times)) },
    team_api_ms_median: Math.round(median(apiTimes)),
  };
  console.log(`console-bench: ${JSON.stringify(result)}`);
  writeFileSync(path.join(E2E.root, 'target/console-bench.json'), JSON.stringify(result, null, 2));
});
