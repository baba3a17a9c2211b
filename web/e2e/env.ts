// Where the browser tests' server and database live (ports 2546x, never the dev ports).
import { fileURLToPath } from 'node:url';
import path from 'node:path';

const root = path.resolve(fileURLToPath(new URL('.', import.meta.url)), '../..');
const port = Number(process.env.E2E_PORT ?? 25465);
const pgPort = Number(process.env.E2E_PG_PORT ?? 25464);

export const E2E = {
  root,
  port,
  pgPort,
  baseURL: `http://127.0.0.1:${port}`,
  bin: process.env.INSIGHTS_BIN ?? path.join(root, 'target/debug/insights'),
  pgDir: process.env.E2E_PG_DIR ?? path.join(root, 'target/pg-e2e'),
  stateFile: path.join(root, 'target/e2e-state.json'),
  screenshots: path.join(root, 'target/e2e-screenshots'),
  databaseUrl: `postgres://postgres@127.0.0.1:${pgPort}/insights_e2e`,
  adminUrl: `postgres://postgres@127.0.0.1:${pgPort}/postgres`,
};

/** The demo roles `insights seed-demo` prints a token for. */
export type Role = 'super_admin' | 'team_admin' | 'engineer' | 'viewer' | 'admin_viewer' | 'engineer2' | 'engineer3' | 'engineer4' | 'engineer5' | 'engineer6';

export type E2EState = { pid: number; tokens: Record<string, string> };
