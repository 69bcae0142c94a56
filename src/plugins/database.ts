import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import type { Database, DatabaseHandle } from '../db/client.js';

declare module 'fastify' {
  interface FastifyInstance {
    /** The drizzle database every feature queries. */
    db: Database;
    database: DatabaseHandle;
  }
}

/** Hands the opened database to the app and closes it when the app closes. */
async function databasePlugin(app: FastifyInstance, opts: { database: DatabaseHandle }): Promise<void> {
  app.decorate('database', opts.database);
  app.decorate('db', opts.database.db);
  app.addHook('onClose', async () => {
    await opts.database.close();
  });
}

export default fp(databasePlugin, { name: 'database', fastify: '5.x' });
