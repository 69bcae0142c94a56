import closeWithGrace from 'close-with-grace';
import { buildApp } from './app.js';
import { createMediaStore } from './render/media/store.js';
import { fail, openConfiguredDatabase } from './db/configured.js';
import { AppError } from './errors.js';
import { loggerOptions } from './logging.js';

/** How long in-flight requests may take to finish after SIGTERM before the process gives up. */
const DRAIN_TIMEOUT_MS = 10_000;

/**
 * Indexes for search, in the background, the items saved before search existed (the first start
 * after an upgrade); searches answer meanwhile from what is indexed. An interrupted catch-up
 * resumes at the next start, or with `npm run search:reindex -- --missing`.
 */
function indexMissing(app: Awaited<ReturnType<typeof buildApp>>): void {
  const { searchIndex } = app.services;
  void (async () => {
    const missing = await searchIndex.missing();
    if (missing === 0) return;
    app.log.info({ missing }, 'indexing items saved before search existed');
    const done = await searchIndex.reindex('missing');
    app.log.info(done, 'search index caught up');
  })().catch((err: unknown) => app.log.warn({ err }, 'search catch-up stopped; it resumes at the next start, or run npm run search:reindex -- --missing'));
}

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
  indexMissing(app);
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : config.port;
  const base = config.publicBaseUrl.replace(`:${config.port}`, `:${port}`);
  app.log.info(
    { database: database.driver, timeZone: config.timeZone, site: `${base}/`, docs: `${base}/docs`, api: `${base}/api/v1`, content: `${base}/content/v1` },
    `Newsroom serving on ${database.driver === 'pglite' ? `embedded PGlite in ${config.dataDir}` : 'PostgreSQL'}: site ${base}/ · API reference ${base}/docs · API ${base}/api/v1`,
  );
}

await main();
