// Starts a throwaway PostgreSQL (scripts/pg.sh), a fresh database with the demo data
// (`insights seed-demo`, whose printed tokens the tests use) and `insights serve` on it.
import { execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdirSync, openSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { E2E, type E2EState } from './env';
import { EXTRA_PIDS } from './servers';

function run(cmd: string, args: string[], env: NodeJS.ProcessEnv = {}) {
  return execFileSync(cmd, args, { cwd: E2E.root, env: { ...process.env, ...env }, encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] });
}

async function waitReady(url: string, ms: number) {
  const until = Date.now() + ms;
  let last = '';
  while (Date.now() < until) {
    try {
      const r = await fetch(url);
      if (r.ok) return;
      last = `status ${r.status}`;
    } catch (e) {
      last = String(e);
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`the server did not become ready at ${url}: ${last}`);
}

export default async function globalSetup() {
  if (!existsSync(E2E.bin)) throw new Error(`${E2E.bin} is missing: run \`cargo build -p insights-server\` (make test does)`);
  if (!existsSync(path.join(E2E.root, 'web/dist/index.html'))) throw new Error('web/dist is missing: run `npm run build` in web/');
  mkdirSync(path.dirname(E2E.stateFile), { recursive: true });
  rmSync(EXTRA_PIDS, { force: true });

  run('scripts/pg.sh', ['up', E2E.pgDir, String(E2E.pgPort), '--fast']);
  run('psql', ['-q', E2E.adminUrl, '-c', 'DROP DATABASE IF EXISTS insights_e2e WITH (FORCE)']);
  run('psql', ['-q', E2E.adminUrl, '-c', 'CREATE DATABASE insights_e2e']);

  const env = { DATABASE_URL: E2E.databaseUrl, APP_ENV: 'development', NPS_ENABLED: 'true', BIND_ADDR: `127.0.0.1:${E2E.port}`, RUST_LOG: 'warn' };
  const seeded = run(E2E.bin, ['seed-demo'], env);
  const tokens: Record<string, string> = {};
  for (const line of seeded.split('\n')) {
    const m = /^\s+(\S+)\s+\S+@\S+\s+(\S+\.\S+\.\S+)\s*$/.exec(line);
    if (m) tokens[m[1]!] = m[2]!;
  }
  if (!tokens.team_admin || !tokens.engineer || !tokens.viewer) throw new Error(`seed-demo printed no tokens:\n${seeded}`);

  const log = openSync(path.join(E2E.root, 'target/e2e-server.log'), 'w');
  const server = spawn(E2E.bin, ['serve'], { cwd: E2E.root, env: { ...process.env, ...env }, stdio: ['ignore', log, log], detached: true });
  server.unref();
  const state: E2EState = { pid: server.pid ?? 0, tokens };
  writeFileSync(E2E.stateFile, JSON.stringify(state, null, 2));
  await waitReady(`${E2E.baseURL}/readyz`, 60_000);
}
