import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { createPublicArticles } from './public.js';
import { publicArticlesRoutes } from './public-routes.js';
import * as schema from '../../db/schema/index.js';
import { claimDue, overdueScheduled } from '../../publishing/status.js';
import { articlesRoutes } from './routes.js';
import { createArticlesService } from './service.js';

/** Articles under the newsroom API; registers them with the scheduled-publication loop. */
export const articlesApi: FastifyPluginAsyncTypebox<{ timeZone: string }> = async (app, { timeZone }) => {
  const articles = createArticlesService({ db: app.db, timeZone });
  app.publishableKinds.push({
    name: 'article',
    claimDue: (tx, limit) => claimDue(tx, schema.articles, limit),
    publish: articles.publishDue,
    overdue: (db, before) => overdueScheduled(db, schema.articles, before),
  });
  await app.register(articlesRoutes, { articles });
};

/** Published articles under the public content API. */
export const articlesContent: FastifyPluginAsyncTypebox<{ baseUrl: string; timeZone: string }> = async (app, { baseUrl, timeZone }) => {
  await app.register(publicArticlesRoutes, { published: createPublicArticles({ db: app.db, cache: app.contentCache, baseUrl, timeZone }) });
};
