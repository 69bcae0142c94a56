import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { Planner } from './plan.js';
import type { PublicEditionsService } from './public.js';
import { publicEditionsRoutes } from './public-routes.js';
import type { Releases } from './release.js';
import { editionsRoutes } from './routes.js';
import type { EditionsService } from './service.js';

/** Editions and their pages, plans and releases under the newsroom API. */
export const editionsApi: FastifyPluginAsyncTypebox<{ editions: EditionsService; releases: Releases; planner: Planner }> = async (app, options) => {
  await app.register(editionsRoutes, options);
};

/** Released editions under the public content API. */
export const editionsContent: FastifyPluginAsyncTypebox<{ published: PublicEditionsService }> = async (app, { published }) => {
  await app.register(publicEditionsRoutes, { published });
};
