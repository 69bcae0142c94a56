import { buildApp } from './app.js';
import { openDatabase } from './db/client.js';
import { migrateDatabase } from './db/migrate.js';

/** The OpenAPI document as `openapi/openapi.json` holds it: built from the route schemas. */
export async function renderOpenApi(): Promise<string> {
  // Migrated, because starting the app may read the database (the token cache loads at start).
  const database = await openDatabase({ driver: 'pglite' });
  await migrateDatabase(database);
  const app = await buildApp({ config: { bodyLimit: 1_048_576, publicBaseUrl: 'http://localhost:3000' }, database });
  try {
    await app.ready();
    return `${JSON.stringify(app.swagger(), null, 2)}\n`;
  } finally {
    await app.close();
  }
}
