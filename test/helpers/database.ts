import { randomBytes } from 'node:crypto';
import fs from 'node:fs/promises';
import pg from 'pg';
import { inject } from 'vitest';
import { openDatabase, type DatabaseHandle } from '../../src/db/client.js';
import { migrateDatabase } from '../../src/db/migrate.js';

/**
 * A fresh, migrated database for one test file: in-memory PGlite by default, or a new
 * database on the PostgreSQL server named by TEST_DATABASE_URL, dropped again on close.
 * Each is a copy of the run's template (test/helpers/database-template.ts) when there is one;
 * migrating it then finds nothing to do.
 */
export async function createTestDatabase(): Promise<DatabaseHandle & { url?: string }> {
  const serverUrl = process.env.TEST_DATABASE_URL;
  if (!serverUrl) {
    const template = inject('pgliteTemplate');
    const handle = await openDatabase({ driver: 'pglite', loadDataDir: template ? new Blob([await fs.readFile(template)]) : undefined });
    await migrateDatabase(handle);
    return handle;
  }
  const created = await createPostgresDatabase(serverUrl, inject('postgresTemplate'));
  const handle = await openDatabase({ driver: 'postgres', url: created.url, poolSize: 5 });
  await migrateDatabase(handle);
  return {
    ...handle,
    url: created.url,
    close: async () => {
      await handle.close();
      await created.drop();
    },
  };
}

/** A new, empty database on the server `serverUrl` points at. */
export function createEmptyPostgresDatabase(serverUrl: string): Promise<{ url: string; drop(): Promise<void> }> {
  return createPostgresDatabase(serverUrl);
}

/** A new database on the server `serverUrl` points at: empty, or a copy of the database `template`. */
async function createPostgresDatabase(serverUrl: string, template?: string): Promise<{ url: string; drop(): Promise<void> }> {
  const name = `newsroom_test_${randomBytes(6).toString('hex')}`;
  await adminQuery(serverUrl, `create database "${name}"${template ? ` template "${template}"` : ''}`);
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return { url: url.href, drop: () => adminQuery(serverUrl, `drop database if exists "${name}" with (force)`) };
}

async function adminQuery(serverUrl: string, text: string): Promise<void> {
  const client = new pg.Client({ connectionString: serverUrl });
  await client.connect();
  try {
    await client.query(text);
  } finally {
    await client.end();
  }
}
