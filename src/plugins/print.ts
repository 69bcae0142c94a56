import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { createPrintService, type PrintService } from '../features/print/service.js';
import { PrintPool, type PrintPoolOptions } from '../render/print/pool.js';

declare module 'fastify' {
  interface FastifyInstance {
    /** Print PDFs and copy-fit reports, rendered in a pool of worker processes. */
    print: PrintService;
  }
}

export interface PrintOptions extends PrintPoolOptions {
  /** The paper's name in each page's header. */
  paper: string;
}

/** The print service and its render pool, which starts workers only when a first render is asked for and stops them when the app closes. */
async function printPlugin(app: FastifyInstance, { paper, ...pool }: PrintOptions): Promise<void> {
  const renderers = new PrintPool(pool);
  const print = createPrintService({ db: app.db, pool: renderers, paper });
  app.decorate('print', print);
  // A change of everything (a credited person renamed) reaches bylines without new item versions.
  app.contentCache.onClear(() => print.forget());
  app.addHook('onClose', async () => renderers.close());
}

export default fp(printPlugin, { name: 'print', fastify: '5.x', dependencies: ['database', 'publishing'] });
