import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { IdParams, problems } from '../../lib/schemas.js';
import type { PublicArticlesService } from './public.js';
import { PublicArticle, PublicArticleList, PublicArticleQuery, PublicListQuery } from '../../contracts/articles.js';

const tags = ['content'];

export const publicArticlesRoutes: FastifyPluginAsyncTypebox<{ published: PublicArticlesService }> = async (app, { published }) => {
  app.get(
    '/articles',
    {
      schema: {
        tags,
        summary: 'Published articles, newest first',
        description: 'Public. Filter by section slug and publication time; keyset pagination. Cacheable (`ETag`, 304).',
        querystring: PublicListQuery,
        response: { 200: PublicArticleList, 304: Type.Null({ description: 'Not modified' }), ...problems(400, 404) },
      },
    },
    async (request, reply) => reply.sendRendered(await published.list(request.query), { maxAge: 30, keys: ['articles'] }),
  );

  app.get(
    '/articles/:id',
    {
      schema: {
        tags,
        summary: 'A published article',
        description:
          'Public. Anything not published (a draft, a scheduled article before its time, a withdrawn one) is 404. ' +
          '`?format=ninjs` returns IPTC ninjs 2.2; `?lang=en` gives English role labels in the byline. Cacheable (`ETag`, 304).',
        params: IdParams,
        querystring: PublicArticleQuery,
        response: { 200: PublicArticle, 304: Type.Null({ description: 'Not modified' }), ...problems(400, 404) },
      },
    },
    async (request, reply) => {
      const { format = 'json', lang = 'zh' } = request.query;
      return reply.sendRendered(await published.render(request.params.id, format, lang), { keys: [`article-${request.params.id}`] });
    },
  );
};
