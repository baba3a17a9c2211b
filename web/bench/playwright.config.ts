import { defineConfig } from '@playwright/test';
import { E2E } from '../e2e/env';

// `make console-bench`: the spec's budgets measured (not asserted) on the release binary, with
// the browser tests' global setup (throwaway PostgreSQL, demo data, `insights serve`).
export default defineConfig({
  testDir: '.',
  testMatch: /.*\.bench\.ts/,
  globalSetup: '../e2e/global-setup.ts',
  globalTeardown: '../e2e/global-teardown.ts',
  workers: 1,
  timeout: 120_000,
  outputDir: '../../target/e2e-results',
  reporter: [['list']],
  use: {
    baseURL: E2E.baseURL,
    viewport: { width: 1280, height: 800 },
    launchOptions: { executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium', args: ['--disable-quic', '--disable-gpu'] },
  },
});
