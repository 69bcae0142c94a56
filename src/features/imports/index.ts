import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { importsRoutes } from './routes.js';
import type { ImportsService } from './service.js';

/** Page imports under the newsroom API. */
export const importsApi: FastifyPluginAsyncTypebox<{ imports: ImportsService; pageLimit: number }> = async (app, options) => {
  await app.register(importsRoutes, options);
};
