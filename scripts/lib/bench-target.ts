import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

/** The PostgreSQL server a benchmark makes its database on. */
export const serverUrl = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

/** Where a benchmarked service keeps its data: the environment to start it with, and how to clean up. */
export interface Target {
  name: 'PGlite' | 'PostgreSQL';
  env: Record<string, string>;
  describe: string;
  cleanup(): Promise<void>;
}

async function adminQuery(server: string, text: string): Promise<string> {
  const client = new pg.Client({ connectionString: server });
  await client.connect();
  try {
    const result = await client.query<Record<string, unknown>>(text);
    return String(Object.values(result.rows[0] ?? {})[0] ?? '');
  } finally {
    await client.end();
  }
}

/** The database a benchmark's `--db` option names. */
export function databaseOption(db: string | undefined): 'pglite' | 'postgres' {
  if (db !== 'pglite' && db !== 'postgres') throw new Error(`--db must be pglite or postgres, got ${db}`);
  return db;
}

/**
 * A fresh data directory (PGlite), or a fresh database on the server `server` as well
 * (PostgreSQL), dropped by `cleanup`.
 */
export async function prepareTarget(db: 'pglite' | 'postgres', label: string, server = serverUrl): Promise<Target> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), `newsroom-bench-${label}-`));
  const removeDir = async () => fs.rmSync(dataDir, { recursive: true, force: true });
  if (db === 'pglite') {
    const version = JSON.parse(fs.readFileSync(path.join(root, 'node_modules/@electric-sql/pglite/package.json'), 'utf8')) as { version: string };
    return { name: 'PGlite', env: { DATA_DIR: dataDir }, describe: `embedded PGlite ${version.version} (file database in ${os.tmpdir()})`, cleanup: removeDir };
  }
  const name = `newsroom_bench_${randomBytes(4).toString('hex')}`;
  const version = await adminQuery(server, 'show server_version');
  await adminQuery(server, `create database "${name}"`);
  const url = new URL(server);
  url.pathname = `/${name}`;
  return {
    name: 'PostgreSQL',
    env: { DATA_DIR: dataDir, DATABASE_URL: url.href },
    describe: `PostgreSQL ${version} at ${url.host} (database ${name}, dropped afterwards)`,
    cleanup: async () => {
      await adminQuery(server, `drop database if exists "${name}" with (force)`);
      await removeDir();
    },
  };
}
