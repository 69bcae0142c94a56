import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { PrintPool, type PrintPoolOptions } from '../../render/print/pool.js';
import { printRoutes } from './routes.js';
import { createPrintService } from './service.js';

export interface PrintOptions extends PrintPoolOptions {
  /** The paper's name in each page's header. */
  paper: string;
}

/**
 * Print under the newsroom API. Its render pool starts workers only when a first PDF is asked
 * for, and stops them when the app closes.
 */
export const printApi: FastifyPluginAsyncTypebox<PrintOptions> = async (app, { paper, ...pool }) => {
  const renderers = new PrintPool(pool);
  app.addHook('onClose', async () => renderers.close());
  await app.register(printRoutes, { print: createPrintService({ db: app.db, pool: renderers, paper }) });
};
