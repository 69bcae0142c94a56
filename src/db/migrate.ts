import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { migrate as migratePg } from 'drizzle-orm/node-postgres/migrator';
import type { NodePgDatabase } from 'drizzle-orm/node-postgres';
import type { PgliteDatabase } from 'drizzle-orm/pglite';
import type { DatabaseHandle, Schema } from './client.js';

export const MIGRATIONS_FOLDER = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../migrations');

/** An arbitrary constant: the advisory lock that serialises migrations across service instances. */
const MIGRATION_LOCK = 7_311_204_001;

/** Applies every pending migration from `migrations/`; safe to call from several instances at once. */
export async function migrateDatabase(handle: DatabaseHandle, migrationsFolder = MIGRATIONS_FOLDER): Promise<void> {
  await handle.exclusive(MIGRATION_LOCK, async () => {
    if (handle.driver === 'pglite') {
      // Loaded only here, so a service on PostgreSQL never loads the embedded database.
      const { migrate: migratePglite } = await import('drizzle-orm/pglite/migrator');
      await migratePglite(handle.db as unknown as PgliteDatabase<Schema>, { migrationsFolder });
    } else {
      await migratePg(handle.db as unknown as NodePgDatabase<Schema>, { migrationsFolder });
    }
  });
}
