// A client drizzle checks out for a transaction must go back to the pool even when BEGIN fails
// (a connection lost at that moment), or each outage could keep one until the pool is empty.
import type pg from 'pg';
import { describe, expect, it } from 'vitest';
import { givesBackOnFailedBegin } from '../../src/db/client.js';

/** A pool that hands out one scripted client and records what comes back. */
function scriptedPool(answers: (() => Promise<unknown>)[]) {
  const released: (Error | undefined)[] = [];
  const client = {
    query: (..._args: unknown[]) => answers.shift()!(),
    release: (error?: Error) => released.push(error),
  };
  const viaCallback: unknown[] = [];
  const pool = {
    connect: (callback?: (err: Error | undefined, c: unknown) => void) => {
      if (callback) {
        viaCallback.push(callback);
        callback(undefined, client);
        return undefined;
      }
      return Promise.resolve(client);
    },
  };
  givesBackOnFailedBegin(pool as unknown as pg.Pool);
  return { pool: pool as unknown as pg.Pool, client, released, viaCallback };
}

describe('givesBackOnFailedBegin', () => {
  it('gives a client back, to be discarded, when its first query fails, and passes the error on', async () => {
    const lost = new Error('Connection terminated unexpectedly');
    const { pool, released } = scriptedPool([() => Promise.reject(lost)]);
    const client = await pool.connect();
    await expect(client.query('begin')).rejects.toBe(lost);
    expect(released).toEqual([lost]);
  });

  it('leaves the client to its holder once its first query succeeded', async () => {
    const { pool, released } = scriptedPool([() => Promise.resolve({ rows: [] }), () => Promise.reject(new Error('later'))]);
    const client = await pool.connect();
    await client.query('begin');
    await expect(client.query('insert …')).rejects.toThrow('later');
    expect(released).toEqual([]);
    client.release();
    expect(released).toEqual([undefined]);
  });

  it('leaves checkouts with a callback (node-postgres’s own pool.query) alone', async () => {
    const { pool, client, viaCallback } = scriptedPool([() => Promise.reject(new Error('no'))]);
    const query = client.query;
    pool.connect(() => {});
    expect(viaCallback).toHaveLength(1);
    expect(client.query).toBe(query);
  });
});
