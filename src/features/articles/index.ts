import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { createPublicArticles } from './public.js';
import { publicArticlesRoutes } from './public-routes.js';
import * as repo from './repository.js';
import { articlesRoutes } from './routes.js';
import { createArticlesService } from './service.js';

/** Articles under the newsroom API; registers them with the scheduled-publication loop. */
export const articlesApi: FastifyPluginAsyncTypebox = async (app) => {
  const articles = createArticlesService({ db: app.db });
  app.publishableKinds.push({ name: 'article', claimDue: repo.claimDue, publish: articles.publishDue, overdue: repo.overdueScheduled });
  await app.register(articlesRoutes, { articles });
};

/** Published articles under the public content API. */
export const articlesContent: FastifyPluginAsyncTypebox<{ baseUrl: string }> = async (app, { baseUrl }) => {
  await app.register(publicArticlesRoutes, { published: createPublicArticles({ db: app.db, cache: app.contentCache, baseUrl }) });
};
