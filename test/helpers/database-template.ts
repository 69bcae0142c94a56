import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { PGlite } from '@electric-sql/pglite';
import type { TestProject } from 'vitest/node';
import { openDatabase } from '../../src/db/client.js';
import { migrateDatabase } from '../../src/db/migrate.js';
import { createEmptyPostgresDatabase } from './database.js';

declare module 'vitest' {
  export interface ProvidedContext {
    /** A file holding the data directory of a migrated PGlite database (`dumpDataDir()`). */
    pgliteTemplate?: string;
    /** A migrated database on the TEST_DATABASE_URL server, for `create database … template`. */
    postgresTemplate?: string;
  }
}

/**
 * vitest's globalSetup: migrates one database for the whole run, which every test file then
 * copies (see createTestDatabase) instead of creating and migrating its own. For PGlite the
 * copy also skips initdb, which costs several times what the migrations do.
 */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const serverUrl = process.env.TEST_DATABASE_URL;
  if (serverUrl) {
    const template = await createEmptyPostgresDatabase(serverUrl);
    const handle = await openDatabase({ driver: 'postgres', url: template.url, poolSize: 2 });
    try {
      await migrateDatabase(handle);
    } catch (error) {
      await handle.close();
      await template.drop();
      throw error;
    }
    // A template may have no connections while it is copied.
    await handle.close();
    project.provide('postgresTemplate', new URL(template.url).pathname.slice(1));
    return template.drop;
  }

  const handle = await openDatabase({ driver: 'pglite' });
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'newsroom-template-'));
  try {
    await migrateDatabase(handle);
    const client = (handle.db as unknown as { $client: PGlite }).$client;
    const file = path.join(dir, 'pglite.tar');
    await fs.writeFile(file, Buffer.from(await (await client.dumpDataDir('none')).arrayBuffer()));
    project.provide('pgliteTemplate', file);
  } finally {
    await handle.close();
  }
  return () => fs.rm(dir, { recursive: true, force: true });
}
