import fs from 'node:fs';
import path from 'node:path';
import type { PGlite } from '@electric-sql/pglite';
import { sql } from 'drizzle-orm';
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';
import { drizzle as drizzlePg } from 'drizzle-orm/node-postgres';
import pg from 'pg';
import * as schema from './schema/index.js';

export type Schema = typeof schema;
/** The drizzle database or a transaction inside it: repositories accept either. */
export type Database = PgDatabase<PgQueryResultHKT, Schema>;

/** Runs work on a database whose statements have settings of their own (DatabaseHandle.withSettings). */
export type SettledDatabase = <T>(work: (db: Database) => Promise<T>) => Promise<T>;

/**
 * The embedded database shares the service's process, so its buffer cache is the service's
 * memory: 32 MB instead of PostgreSQL's 128 MB keeps the whole process small (measured: a
 * PGlite holding 100,000 fresh rows, 330 MB → about 180 MB RSS) at no cost to the import speed.
 */
const PGLITE_SETTINGS = ['shared_buffers=32MB'];

export type DatabaseTarget =
  | { readonly driver: 'postgres'; readonly url: string; readonly poolSize?: number }
  /**
   * `dataDir` undefined: an in-memory database, gone when closed (tests). `loadDataDir`: a
   * tarball of a data directory (PGlite's `dumpDataDir()`) to start from instead of an empty one.
   */
  | { readonly driver: 'pglite'; readonly dataDir?: string; readonly loadDataDir?: Blob };

export interface DatabaseHandle {
  readonly db: Database;
  readonly driver: DatabaseTarget['driver'];
  /** Resolves when the database answers a query. */
  ping(): Promise<void>;
  /**
   * Runs `fn` while holding a session-level advisory lock, so only one process of all
   * those sharing the database runs it at a time (PGlite has a single process anyway).
   */
  exclusive<T>(lockKey: number, fn: () => Promise<T>): Promise<T>;
  /**
   * Calls `onNotify` for every NOTIFY on `channel`, from any process on the database.
   * `onGap` runs when notifications may have been missed (a lost connection, reconnected).
   * Resolves to a function that stops listening.
   */
  listen(channel: string, onNotify: (payload: string) => void, onGap?: () => void): Promise<() => Promise<void>>;
  /**
   * Runs `work` on a database whose statements run with `settings` in force (parameter names
   * and values, words and numbers only). On PostgreSQL that is a pool of its own, each
   * connection set so as it opens, so a statement is one round trip with no transaction around
   * it; on PGlite, one session for everything, a transaction that sets them for itself.
   * Call it once per set of settings: each call on PostgreSQL opens a pool.
   */
  withSettings(settings: Readonly<Record<string, string>>): SettledDatabase;
  close(): Promise<void>;
}

const SETTING = /^[a-z_][a-z0-9_.]*$/;
const SETTING_VALUE = /^[A-Za-z0-9_.]+$/;

/** The settings' names and values, each checked to be a plain word or number. */
function plainSettings(settings: Readonly<Record<string, string>>): [string, string][] {
  const entries = Object.entries(settings);
  for (const [name, value] of entries) {
    if (!SETTING.test(name) || !SETTING_VALUE.test(value)) throw new Error(`Not a plain setting: ${name}=${value}`);
  }
  return entries;
}

/** Settings as PostgreSQL's connection `options` (`-c name=value`). */
const settingOptions = (settings: Readonly<Record<string, string>>) =>
  plainSettings(settings)
    .map(([name, value]) => `-c ${name}=${value}`)
    .join(' ');

/**
 * A pool on `url` whose connections open with `settings`. A connection lost while idle in the
 * pool is reported to the pool, which replaces it; one lost while checked out (inside a
 * transaction, or holding a lock) is reported to its client, and an unheard 'error' event would
 * end the process. The query under way fails on its own (the request answers 503) and the pool
 * drops the broken client when it is released.
 */
function postgresPool(url: string, max: number, settings: Readonly<Record<string, string>>): { pool: pg.Pool; checkOut: () => Promise<pg.PoolClient> } {
  const pool = new pg.Pool({
    connectionString: url,
    max,
    // A database that does not answer fails a request within seconds (503) instead of holding it.
    connectionTimeoutMillis: 5_000,
    idleTimeoutMillis: 30_000,
    options: settingOptions(settings),
  });
  pool.on('error', () => {});
  pool.on('connect', (client) => client.on('error', () => {}));
  // Checked out as it is, for holders that release the client themselves whatever happens.
  const checkOut = pool.connect.bind(pool) as () => Promise<pg.PoolClient>;
  givesBackOnFailedBegin(pool);
  return { pool, checkOut };
}

const RECONNECT_MS = 1000;

/** LISTEN on a connection of its own, reconnecting after a loss (and reporting the gap). */
async function listenPostgres(
  url: string,
  channel: string,
  onNotify: (payload: string) => void,
  onGap: () => void,
): Promise<() => Promise<void>> {
  let client: pg.Client | undefined;
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;

  const connect = async (): Promise<void> => {
    const next = new pg.Client({ connectionString: url });
    next.on('notification', (message) => {
      if (message.channel === channel) onNotify(message.payload ?? '');
    });
    const lost = () => {
      if (stopped || client !== next) return;
      client = undefined;
      onGap();
      next.end().catch(() => {});
      timer = setTimeout(retry, RECONNECT_MS);
    };
    next.on('error', lost);
    next.on('end', lost);
    client = next;
    await next.connect();
    await next.query(`LISTEN "${channel.replaceAll('"', '""')}"`);
  };
  const retry = () => {
    connect().then(onGap, () => {
      client = undefined;
      if (!stopped) timer = setTimeout(retry, RECONNECT_MS);
    });
  };

  await connect();
  return async () => {
    stopped = true;
    clearTimeout(timer);
    await client?.end().catch(() => {});
  };
}

/**
 * drizzle's `transaction()` checks a client out of the pool and sends BEGIN before the
 * try/finally that gives it back, so a connection lost at that moment is never returned: each
 * outage could keep a client, until none is left and the service waits for the pool forever.
 * Here a client checked out with `connect()` (as drizzle does) goes back by itself, to be
 * discarded, when its first query fails; its holder never gets it back to release twice.
 * node-postgres's own `pool.query()` checks out with a callback and is left as it is.
 */
export function givesBackOnFailedBegin(pool: pg.Pool): void {
  const connect = pool.connect.bind(pool) as (callback?: unknown) => Promise<pg.PoolClient> | undefined;
  (pool as { connect: unknown }).connect = (callback?: unknown) => {
    if (callback !== undefined) return connect(callback);
    return connect()!.then((client) => {
      const query = client.query;
      client.query = function (this: pg.PoolClient, ...args: unknown[]) {
        client.query = query;
        const sent = (query as (...a: unknown[]) => unknown).apply(this, args);
        if (!(sent instanceof Promise)) return sent;
        return sent.catch((error: unknown) => {
          client.release(error instanceof Error ? error : new Error(String(error)));
          throw error;
        });
      } as typeof client.query;
      return client;
    });
  };
}

export class DatabaseLockedError extends Error {
  constructor(dir: string, pid: number) {
    super(`The embedded database in ${dir} is in use by process ${pid}; stop it first or set DATABASE_URL`);
    this.name = 'DatabaseLockedError';
  }
}

/** The target a configuration names: PostgreSQL when DATABASE_URL is set, PGlite under DATA_DIR otherwise. */
export function targetFromConfig(config: { databaseUrl: string | undefined; dataDir: string }): DatabaseTarget {
  return config.databaseUrl
    ? { driver: 'postgres', url: config.databaseUrl }
    : { driver: 'pglite', dataDir: path.join(config.dataDir, 'pglite') };
}

export async function openDatabase(target: DatabaseTarget): Promise<DatabaseHandle> {
  if (target.driver === 'postgres') {
    const max = target.poolSize ?? 10;
    // Only statements prepared by name (the hot public lists) are affected: they are planned
    // once per connection instead of at every call, which costs more than running them.
    const { pool, checkOut } = postgresPool(target.url, max, { plan_cache_mode: 'force_generic_plan' });
    const pools = [pool];
    const db = drizzlePg({ client: pool, schema }) as unknown as Database;
    const listeners = new Set<() => Promise<void>>();
    return {
      db,
      driver: 'postgres',
      ping: async () => {
        await db.execute(sql`select 1`);
      },
      exclusive: async (lockKey, fn) => {
        const client = await checkOut();
        try {
          await client.query('select pg_advisory_lock($1)', [lockKey]);
          try {
            return await fn();
          } finally {
            await client.query('select pg_advisory_unlock($1)', [lockKey]);
          }
        } finally {
          client.release();
        }
      },
      listen: async (channel, onNotify, onGap = () => {}) => {
        const stop = await listenPostgres(target.url, channel, onNotify, onGap);
        const unlisten = async () => {
          listeners.delete(unlisten);
          await stop();
        };
        listeners.add(unlisten);
        return unlisten;
      },
      withSettings: (settings) => {
        const { pool: settled } = postgresPool(target.url, max, settings);
        pools.push(settled);
        const settledDb = drizzlePg({ client: settled, schema }) as unknown as Database;
        return (work) => work(settledDb);
      },
      close: async () => {
        await Promise.all([...listeners].map((stop) => stop()));
        await Promise.all(pools.map((p) => p.end()));
      },
    };
  }

  const release = target.dataDir ? lockDirectory(target.dataDir) : () => {};
  let client: PGlite;
  try {
    if (target.dataDir) fs.mkdirSync(target.dataDir, { recursive: true });
    // Loaded only here: a service on PostgreSQL never pays for the embedded database's memory.
    const { PGlite } = await import('@electric-sql/pglite');
    client = await PGlite.create(target.dataDir, { postgresqlconf: PGLITE_SETTINGS, loadDataDir: target.loadDataDir });
  } catch (err) {
    release();
    throw err;
  }
  const { drizzle: drizzlePglite } = await import('drizzle-orm/pglite');
  const db = drizzlePglite({ client, schema }) as unknown as Database;
  return {
    db,
    driver: 'pglite',
    ping: async () => {
      await db.execute(sql`select 1`);
    },
    exclusive: (_lockKey, fn) => fn(),
    listen: async (channel, onNotify) => {
      const stop = await client.listen(channel, onNotify);
      return async () => stop();
    },
    withSettings: (settings) => {
      const setting = plainSettings(settings).map(([name, value]) => sql`set_config(${name}, ${value}, true)`);
      return (work) =>
        db.transaction(async (tx) => {
          await tx.execute(sql`select ${sql.join(setting, sql`, `)}`);
          return work(tx);
        });
    },
    close: async () => {
      try {
        await client.close();
      } finally {
        release();
      }
    },
  };
}

/**
 * PGlite is a single-process database: two processes on one directory would corrupt it.
 * A lock file holding the owner's pid keeps a second process out; a stale one is taken over.
 */
function lockDirectory(dir: string): () => void {
  fs.mkdirSync(path.dirname(dir), { recursive: true });
  const lockFile = `${dir}.lock`;
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      fs.writeFileSync(lockFile, String(process.pid), { flag: 'wx' });
      return () => fs.rmSync(lockFile, { force: true });
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      const owner = Number(fs.readFileSync(lockFile, 'utf8').trim());
      if (Number.isInteger(owner) && owner > 0 && owner !== process.pid && isAlive(owner)) {
        throw new DatabaseLockedError(dir, owner);
      }
      fs.rmSync(lockFile, { force: true });
    }
  }
  throw new Error(`Could not lock ${dir}`);
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** SQLSTATEs of a lost or refused database connection: connection exceptions, shutdown, no room. */
const UNAVAILABLE_STATES = /^(08...|57P0[1-3]|53300)$/;
/** Socket errors of a database that is down or unreachable. */
const UNAVAILABLE_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'ETIMEDOUT', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH']);
/** node-postgres's own words for a connection that broke or never came. */
const UNAVAILABLE_MESSAGES = /Connection terminated|timeout exceeded when trying to connect|Client has encountered a connection error|Connection closed|not queryable/i;

/**
 * Whether an error means the database cannot be reached right now (it is down, restarting or
 * full), as against a query it refused: the request may succeed when retried later. Answers
 * the error that says so (a driver's or a socket's, never drizzle's wrapper, whose message
 * carries the query's parameters), or undefined.
 */
export function databaseUnavailable(error: unknown): { code?: string; message: string } | undefined {
  let e = error as { code?: unknown; message?: unknown; cause?: unknown; errors?: unknown } | undefined;
  for (let depth = 0; e && typeof e === 'object' && depth < 5; depth++) {
    const message = typeof e.message === 'string' ? e.message : '';
    const wrapper = message.startsWith('Failed query:');
    if (typeof e.code === 'string' && (UNAVAILABLE_STATES.test(e.code) || UNAVAILABLE_CODES.has(e.code))) {
      return { code: e.code, message: wrapper ? '' : message.slice(0, 200) };
    }
    if (!wrapper && UNAVAILABLE_MESSAGES.test(message)) return { message: message.slice(0, 200) };
    // A connection attempt to several addresses fails with one AggregateError of them all.
    if (Array.isArray(e.errors)) {
      for (const inner of e.errors) {
        const found = databaseUnavailable(inner);
        if (found) return found;
      }
    }
    e = e.cause as typeof e;
  }
  return undefined;
}

/** The rows of a raw `db.execute()` result; node-postgres and PGlite both return them as `rows`. */
export function rowsOf<T>(result: unknown): T[] {
  return (result as { rows: T[] }).rows;
}
