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
    const templatePath = inject('pgliteTemplate');
    const handle = await openDatabase({ driver: 'pglite', loadDataDir: templatePath ? await templateData(templatePath) : undefined });
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

/**
 * The template's data directory as PGlite takes it: a Blob, which it reads whole with
 * `arrayBuffer()`. The tarball (40 MB) is read from disk once per worker, which runs file after
 * file in one process (isolate: false), and each database gets a fresh copy of those bytes.
 * Node's own `arrayBuffer()` reads a Blob back in small chunks and joins them, twice as slow as
 * one copy; with reading the file and making the Blob for each database, that was about 0.35 s of
 * the 2 s a file spends building its app.
 */
class TemplateBlob extends Blob {
  readonly #bytes: Uint8Array<ArrayBuffer>;
  constructor(bytes: Uint8Array<ArrayBuffer>) {
    super([bytes]);
    this.#bytes = bytes;
  }
  override arrayBuffer(): Promise<ArrayBuffer> {
    return Promise.resolve(this.#bytes.buffer.slice(this.#bytes.byteOffset, this.#bytes.byteOffset + this.#bytes.byteLength));
  }
}

let template: { path: string; blob: Promise<Blob> } | undefined;
function templateData(path: string): Promise<Blob> {
  if (template?.path !== path) template = { path, blob: fs.readFile(path).then((bytes) => new TemplateBlob(bytes)) };
  return template.blob;
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
