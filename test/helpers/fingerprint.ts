import { sql } from 'drizzle-orm';
import { rowsOf, type DatabaseHandle } from '../../src/db/client.js';

/**
 * Columns a request may change without changing anything it asked for: a token's last use is
 * stamped on every signed-in request (at most once a minute), refused or not.
 */
const BOOKKEEPING_COLUMNS = ['last_used_at'];

/** Per table of the public schema: its row count and the sum of its rows' md5s, e.g. `{ articles: "3:2817…" }`. */
export type Fingerprint = Record<string, string>;

/**
 * A cheap fingerprint of the whole database, to prove a refused request wrote nothing: one
 * query over every table of the public schema (migration bookkeeping lives in its own schema
 * and is left out by name too). Each row, as JSON, is hashed with md5 and the hashes summed:
 * a change to any column of any row changes the sum (all but certainly), and no sort is needed.
 */
export async function databaseFingerprint(database: DatabaseHandle): Promise<Fingerprint> {
  const tables = await publicTables(database);
  const dropped = BOOKKEEPING_COLUMNS.map((c) => ` - '${c}'`).join('');
  const parts = tables.map(
    (table) =>
      `select '${table}' as name, count(*)::text || ':' || coalesce(sum(('x' || left(md5(r), 15))::bit(60)::bigint), 0)::text as print ` +
      `from (select (to_jsonb(t)${dropped})::text as r from "${table}" t) rows`,
  );
  const result = await database.db.execute(sql.raw(parts.join(' union all ')));
  return Object.fromEntries(rowsOf<{ name: string; print: string }>(result).map((row) => [row.name, row.print]));
}

const known = new WeakMap<DatabaseHandle, string[]>();

async function publicTables(database: DatabaseHandle): Promise<string[]> {
  let tables = known.get(database);
  if (tables === undefined) {
    const result = await database.db.execute(sql`select tablename from pg_tables where schemaname = 'public' and tablename !~ 'migrations' order by tablename`);
    tables = rowsOf<{ tablename: string }>(result).map((row) => row.tablename);
    if (!tables.every((name) => /^[a-z_][a-z0-9_]*$/.test(name))) throw new Error(`unexpected table names: ${tables.join(', ')}`);
    known.set(database, tables);
  }
  return tables;
}

/** The tables whose fingerprints differ, with both prints, for a failure message. */
export function fingerprintDiff(before: Fingerprint, after: Fingerprint): Record<string, [string | undefined, string | undefined]> {
  const names = new Set([...Object.keys(before), ...Object.keys(after)]);
  return Object.fromEntries([...names].filter((n) => before[n] !== after[n]).map((n) => [n, [before[n], after[n]]]));
}
