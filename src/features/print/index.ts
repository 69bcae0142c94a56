import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { printRoutes } from './routes.js';

/** Print proofs, PDFs and copy-fit reports, over the app's print service. */
export const printApi: FastifyPluginAsyncTypebox = async (app) => {
  await app.register(printRoutes, { print: app.print });
};
