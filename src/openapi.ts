import { buildApp } from './app.js';
import { openDatabase } from './db/client.js';

/** The OpenAPI document as `openapi/openapi.json` holds it: built from the route schemas. */
export async function renderOpenApi(): Promise<string> {
  const database = await openDatabase({ driver: 'pglite' });
  const app = await buildApp({ config: { bodyLimit: 1_048_576, publicBaseUrl: 'http://localhost:3000' }, database });
  try {
    await app.ready();
    return `${JSON.stringify(app.swagger(), null, 2)}\n`;
  } finally {
    await app.close();
  }
}
