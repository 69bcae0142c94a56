import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { PublicArticlesService } from './public.js';
import { publicArticlesRoutes } from './public-routes.js';
import { articlesRoutes } from './routes.js';
import type { ArticlesService } from './service.js';

/** Articles under the newsroom API. */
export const articlesApi: FastifyPluginAsyncTypebox<{ articles: ArticlesService }> = async (app, { articles }) => {
  await app.register(articlesRoutes, { articles });
};

/** Published articles under the public content API. */
export const articlesContent: FastifyPluginAsyncTypebox<{ published: PublicArticlesService }> = async (app, { published }) => {
  await app.register(publicArticlesRoutes, { published });
};
