import { buildApp } from '../../src/app.js';
import { openDatabase, type DatabaseHandle } from '../../src/db/client.js';
import type { MediaStore } from '../../src/render/media/store.js';
import { testAppOver, type TestApp } from './app.js';
import { createTestDatabase } from './database.js';

const CONFIG = { bodyLimit: 65_536, publicBaseUrl: 'http://newsroom.test' };

export interface TwoInstances {
  /** The first instance, with the test helpers' tokens. */
  a: TestApp;
  /** Another instance of the service on the same database, with caches of its own. */
  b: Awaited<ReturnType<typeof buildApp>>;
  /** B's database: on PostgreSQL a pool of its own, as another process would have; PGlite is one process, so the same handle. */
  second: DatabaseHandle;
  close(): Promise<void>;
}

/** Two instances of the service sharing one fresh database (and `media`, when given), both ready. */
export async function twoInstances(media?: MediaStore): Promise<TwoInstances> {
  const database = await createTestDatabase();
  const second = database.url ? await openDatabase({ driver: 'postgres', url: database.url, poolSize: 2 }) : { ...database, close: async () => {} };
  const first = await buildApp({ config: CONFIG, database, media });
  const b = await buildApp({ config: CONFIG, database: second, media });
  await first.ready();
  await b.ready();
  const a = await testAppOver(first, database, () => first.close());
  return {
    a,
    b,
    second,
    async close() {
      await b.close();
      await a.close();
    },
  };
}

/** A further instance on B's database, not yet ready; it does not close the database. */
export const anotherInstance = (second: DatabaseHandle) => buildApp({ config: CONFIG, database: { ...second, close: async () => {} } });
