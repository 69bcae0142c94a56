import closeWithGrace from 'close-with-grace';
import { buildApp } from './app.js';
import { createMediaStore } from './render/media/store.js';
import { fail, openConfiguredDatabase } from './db/configured.js';
import { AppError } from './errors.js';
import { loggerOptions } from './logging.js';

/** How long in-flight requests may take to finish after SIGTERM before the process gives up. */
const DRAIN_TIMEOUT_MS = 10_000;

async function main(): Promise<void> {
  const { config, database } = await openConfiguredDatabase();

  const media = createMediaStore({ dataDir: config.dataDir, url: config.mediaStore });
  const app = await buildApp({ config, database, media, logger: loggerOptions(config.logLevel, process.stdout.isTTY), publisher: {} });

  if (config.adminToken) {
    try {
      const admin = await app.services.users.bootstrapAdmin(config.adminToken);
      if (admin) app.log.info({ userId: admin.id }, 'created user "admin" for ADMIN_TOKEN');
    } catch (err) {
      if (!(err instanceof AppError)) throw err;
      await app.close();
      fail(err.message);
    }
  }

  closeWithGrace({ delay: DRAIN_TIMEOUT_MS }, async ({ signal, err }) => {
    if (err) app.log.error({ err }, 'shutting down after an error');
    else app.log.info({ signal }, 'shutting down: draining requests');
    await app.close();
  });

  await app.listen({ port: config.port, host: config.host });
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : config.port;
  const base = config.publicBaseUrl.replace(`:${config.port}`, `:${port}`);
  app.log.info(
    { database: database.driver, timeZone: config.timeZone, site: `${base}/`, docs: `${base}/docs`, api: `${base}/api/v1`, content: `${base}/content/v1` },
    `Newsroom serving on ${database.driver === 'pglite' ? `embedded PGlite in ${config.dataDir}` : 'PostgreSQL'}: site ${base}/ · API reference ${base}/docs · API ${base}/api/v1`,
  );
}

await main();
