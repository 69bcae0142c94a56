import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { createArticlesService } from '../articles/service.js';
import { createNoticesService } from '../notices/service.js';
import { createPublicEditions } from './public.js';
import { publicEditionsRoutes } from './public-routes.js';
import * as repo from './repository.js';
import { editionsRoutes } from './routes.js';
import { createReleases } from './release.js';
import { createEditionsService } from './service.js';

/**
 * Editions and their pages under the newsroom API. Registers editions with the
 * scheduled-publication loop after articles and notices; a released edition goes public only
 * once every item due with it is published (see claimDueEditions).
 */
export const editionsApi: FastifyPluginAsyncTypebox<{ timeZone: string }> = async (app, { timeZone }) => {
  const releases = createReleases({
    db: app.db,
    articles: createArticlesService({ db: app.db, timeZone }),
    notices: createNoticesService({ db: app.db, timeZone }),
    timeZone,
  });
  app.publishableKinds.push({
    name: 'edition',
    claimDue: repo.claimDueEditions,
    publish: releases.goLive,
    overdue: repo.overdueEditions,
  });
  await app.register(editionsRoutes, { editions: createEditionsService({ db: app.db }), releases, db: app.db });
};

/** Released editions under the public content API. */
export const editionsContent: FastifyPluginAsyncTypebox<{ baseUrl: string }> = async (app, { baseUrl }) => {
  // A public edition lists its published articles and notices and names its page editors: any change of one may change it.
  app.contentCache.dependOn('edition', ['article', 'notice', 'user']);
  await app.register(publicEditionsRoutes, { published: createPublicEditions({ db: app.db, cache: app.contentCache, baseUrl }) });
};
