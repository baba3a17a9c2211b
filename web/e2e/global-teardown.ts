import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { E2E, type E2EState } from './env';

export default async function globalTeardown() {
  try {
    const state = JSON.parse(readFileSync(E2E.stateFile, 'utf8')) as E2EState;
    if (state.pid) process.kill(state.pid, 'SIGTERM');
  } catch {
    // nothing started
  }
  if (!process.env.E2E_KEEP_DB) {
    execFileSync('scripts/pg.sh', ['down', E2E.pgDir], { cwd: E2E.root, stdio: 'inherit' });
  }
}
