import { defineConfig } from '@playwright/test';
import { E2E } from '../e2e/env';

// `make console-bench`: the spec's budgets measured (not asserted) on the release binary, with
// the browser tests' global setup (throwaway PostgreSQL, demo data, `insights serve`), or
// against the server of BENCH_BASE_URL with BENCH_TOKEN (scripts/console-bench.sh, SCALE=1m).
const external = process.env.BENCH_BASE_URL !== undefined;
export default defineConfig({
  testDir: '.',
  testMatch: /.*\.bench\.ts/,
  ...(external ? {} : { globalSetup: '../e2e/global-setup.ts', globalTeardown: '../e2e/global-teardown.ts' }),
  workers: 1,
  timeout: 120_000,
  outputDir: '../../target/e2e-results',
  reporter: [['list']],
  use: {
    baseURL: process.env.BENCH_BASE_URL ?? E2E.baseURL,
    viewport: { width: 1280, height: 800 },
    launchOptions: { executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium', args: ['--disable-quic', '--disable-gpu'] },
  },
});
