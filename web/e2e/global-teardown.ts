import { execFileSync } from 'node:child_process';
import { readFileSync, rmSync } from 'node:fs';
import { E2E, type E2EState } from './env';
import { EXTRA_PIDS } from './servers';

export default async function globalTeardown() {
  try {
    const state = JSON.parse(readFileSync(E2E.stateFile, 'utf8')) as E2EState;
    if (state.pid) process.kill(state.pid, 'SIGTERM');
  } catch {
    // nothing started
  }
  // Servers a journey started with other settings and did not stop (it failed half-way).
  try {
    for (const pid of readFileSync(EXTRA_PIDS, 'utf8').split('\n').map(Number).filter(Boolean)) {
      try {
        process.kill(pid, 'SIGTERM');
      } catch {
        // already stopped
      }
    }
    rmSync(EXTRA_PIDS, { force: true });
  } catch {
    // none started
  }
  if (!process.env.E2E_KEEP_DB) {
    execFileSync('scripts/pg.sh', ['down', E2E.pgDir], { cwd: E2E.root, stdio: 'inherit' });
  }
}
