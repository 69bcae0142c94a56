import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { importsRoutes } from './routes.js';
import { createImportsService } from './service.js';

/** Page imports under the newsroom API. */
export const importsApi: FastifyPluginAsyncTypebox<{ pageLimit: number; timeZone: string }> = async (app, { pageLimit, timeZone }) => {
  await app.register(importsRoutes, { imports: createImportsService({ db: app.db, timeZone }), pageLimit });
};
