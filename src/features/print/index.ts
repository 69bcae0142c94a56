import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { printRoutes } from './routes.js';
import type { PrintService } from './service.js';

/** Print proofs, PDFs and copy-fit reports. */
export const printApi: FastifyPluginAsyncTypebox<{ print: PrintService }> = async (app, { print }) => {
  await app.register(printRoutes, { print });
};
