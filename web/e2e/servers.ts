// More `insights serve` processes for the journeys that need another configuration (a feature
// flag off) or their own copy of the demo data (a journey whose change would leak into the
// others): same binary and secret as the main server (so the demo tokens work), each on its own
// port next to the main one (E2E_PORT + n). Each journey stops what it started; the global
// teardown stops any left behind (their pids are recorded).
import { execFileSync, spawn } from 'node:child_process';
import { appendFileSync, openSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { E2E } from './env';

export const EXTRA_PIDS = path.join(E2E.root, 'target/e2e-extra-pids');

export type ExtraServer = { baseURL: string; stop: () => Promise<void> };

function psql(sql: string) {
  execFileSync('psql', ['-q', E2E.adminUrl, '-c', sql], { cwd: E2E.root, stdio: ['ignore', 'ignore', 'inherit'] });
}

/** Takes a stopped server's pid out of the record (the teardown then leaves that pid alone). */
function forget(pid: number | undefined) {
  try {
    const rest = readFileSync(EXTRA_PIDS, 'utf8').split('\n').filter((l) => l && Number(l) !== pid);
    writeFileSync(EXTRA_PIDS, rest.map((l) => `${l}\n`).join(''));
  } catch {
    // no record
  }
}

/**
 * Starts `insights serve` on `E2E_PORT + offset` with `env` over the main server's environment.
 * With `database`, on a fresh database of that name with the demo data (`insights seed-demo`).
 */
export async function startServer({ offset, env = {}, database }: { offset: number; env?: Record<string, string>; database?: string }): Promise<ExtraServer> {
  const port = E2E.port + offset;
  const databaseUrl = database ? `postgres://postgres@127.0.0.1:${E2E.pgPort}/${database}` : E2E.databaseUrl;
  const full = {
    ...process.env,
    DATABASE_URL: databaseUrl,
    APP_ENV: 'development',
    NPS_ENABLED: 'true',
    RUST_LOG: 'warn',
    ...env,
    BIND_ADDR: `127.0.0.1:${port}`,
  };
  if (database) {
    psql(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`);
    psql(`CREATE DATABASE ${database}`);
    execFileSync(E2E.bin, ['seed-demo'], { cwd: E2E.root, env: full, stdio: ['ignore', 'ignore', 'inherit'] });
  }
  const log = openSync(path.join(E2E.root, `target/e2e-server-${port}.log`), 'w');
  const child = spawn(E2E.bin, ['serve'], { cwd: E2E.root, env: full, stdio: ['ignore', log, log], detached: true });
  child.unref();
  if (child.pid) appendFileSync(EXTRA_PIDS, `${child.pid}\n`);
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const baseURL = `http://127.0.0.1:${port}`;

  const until = Date.now() + 60_000;
  let last = '';
  for (;;) {
    try {
      const r = await fetch(`${baseURL}/readyz`);
      if (r.ok) break;
      last = `status ${r.status}`;
    } catch (e) {
      last = String(e);
    }
    if (child.exitCode !== null) throw new Error(`insights serve on ${port} exited with ${child.exitCode}: see target/e2e-server-${port}.log`);
    if (Date.now() > until) throw new Error(`the server on ${port} did not become ready: ${last}`);
    await new Promise((r) => setTimeout(r, 200));
  }

  return {
    baseURL,
    stop: async () => {
      if (child.exitCode === null) {
        child.kill('SIGTERM');
        await Promise.race([exited, new Promise((r) => setTimeout(r, 10_000))]);
      }
      forget(child.pid);
      if (database) psql(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`);
    },
  };
}
