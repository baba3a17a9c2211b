import { defineConfig } from '@playwright/test';
import { E2E } from './e2e/env';

// Browser tests in Debian's Chromium against the real `insights serve` (global setup starts a
// throwaway PostgreSQL, seeds the demo account and starts the server). Every page is checked at
// 1280 and 1024 px wide; every test saves a full-page screenshot under target/e2e-screenshots/.
export default defineConfig({
  testDir: './e2e',
  testMatch: /.*\.spec\.ts/,
  globalSetup: './e2e/global-setup.ts',
  globalTeardown: './e2e/global-teardown.ts',
  fullyParallel: false,
  workers: 1,
  retries: 0,
  timeout: 30_000,
  expect: { timeout: 7_000 },
  outputDir: '../target/e2e-results',
  reporter: [['list']],
  use: {
    baseURL: E2E.baseURL,
    trace: 'off',
    launchOptions: {
      executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
      args: ['--disable-quic', '--disable-gpu'],
    },
  },
  projects: [
    { name: 'w1280', use: { viewport: { width: 1280, height: 800 } } },
    { name: 'w1024', use: { viewport: { width: 1024, height: 768 } } },
  ],
});
