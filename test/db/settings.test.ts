// A database with settings of its own (DatabaseHandle.withSettings), as search runs on: its
// statements see the settings, the service's other statements never do, on either engine.
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rowsOf, type DatabaseHandle } from '../../src/db/client.js';
import { createTestDatabase } from '../helpers/database.js';

describe('withSettings', () => {
  let database: DatabaseHandle;
  beforeAll(async () => {
    database = await createTestDatabase();
  });
  afterAll(() => database.close());

  const settings = async (db: DatabaseHandle['db']) =>
    rowsOf<{ seqscan: string; workers: string }>(
      await db.execute(sql`select current_setting('enable_seqscan') as seqscan, current_setting('max_parallel_workers_per_gather') as workers`),
    )[0];

  it('runs its statements with the settings, and leaves everyone else’s as they were', async () => {
    const run = database.withSettings({ enable_seqscan: 'off', max_parallel_workers_per_gather: '0' });
    const before = await settings(database.db);
    expect(before?.seqscan).toBe('on');
    // Several at once, as concurrent searches are, each on a connection set so.
    const seen = await Promise.all(Array.from({ length: 6 }, () => run((db) => settings(db))));
    for (const s of seen) expect(s).toEqual({ seqscan: 'off', workers: '0' });
    expect(await settings(database.db)).toEqual(before);
  });

  it('refuses a setting that is not a plain name and value, before any statement', () => {
    expect(() => database.withSettings({ 'enable_seqscan=off -c x': 'on' })).toThrow(/Not a plain setting/);
    expect(() => database.withSettings({ statement_timeout: '5s; drop table users' })).toThrow(/Not a plain setting/);
  });

  it('stops a statement past its timeout on PostgreSQL (57014), which the service answers with a 503', async (context) => {
    if (database.driver !== 'postgres') {
      context.skip('PGlite runs in this process and keeps no statement timer');
      return;
    }
    const run = database.withSettings({ statement_timeout: '50' });
    await expect(run((db) => db.execute(sql`select pg_sleep(1)`))).rejects.toMatchObject({ cause: { code: '57014' } });
    // The same statement elsewhere runs to its end.
    await expect(database.db.execute(sql`select pg_sleep(0.1)`)).resolves.toBeDefined();
  });
});
