import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { importsRoutes } from './routes.js';
import { createImportsService } from './service.js';

/** Page imports under the newsroom API. */
export const importsApi: FastifyPluginAsyncTypebox<{ pageLimit: number }> = async (app, { pageLimit }) => {
  await app.register(importsRoutes, { imports: createImportsService({ db: app.db }), pageLimit });
};
