import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { createArticlesService } from '../articles/service.js';
import { createNoticesService } from '../notices/service.js';
import { createPublicEditions } from './public.js';
import { publicEditionsRoutes } from './public-routes.js';
import * as repo from './repository.js';
import { editionsRoutes } from './routes.js';
import { createEditionsService } from './service.js';

/**
 * Editions and their pages under the newsroom API. Registers editions with the
 * scheduled-publication loop after articles and notices, so that a released edition goes
 * public in the same round as the items due with it.
 */
export const editionsApi: FastifyPluginAsyncTypebox = async (app) => {
  const editions = createEditionsService({ db: app.db, articles: createArticlesService({ db: app.db }), notices: createNoticesService({ db: app.db }) });
  app.publishableKinds.push({
    name: 'edition',
    claimDue: repo.claimDueEditions,
    publish: editions.goLive,
    overdue: repo.overdueEditions,
  });
  await app.register(editionsRoutes, { editions });
};

/** Released editions under the public content API. */
export const editionsContent: FastifyPluginAsyncTypebox<{ baseUrl: string }> = async (app, { baseUrl }) => {
  // A public edition lists its published articles and notices: any change of one may change it.
  app.contentCache.dependOn('edition', ['article', 'notice']);
  await app.register(publicEditionsRoutes, { published: createPublicEditions({ db: app.db, cache: app.contentCache, baseUrl }) });
};
