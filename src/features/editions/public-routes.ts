import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { problems } from '../../lib/schemas.js';
import { editionKey } from './dates.js';
import type { PublicEditionsService } from './public.js';
import { PublicEdition, PublicEditionList, PublicEditionsQuery } from '../../contracts/editions.js';
import { EditionParams } from './schemas.js';

const tags = ['content'];

export const publicEditionsRoutes: FastifyPluginAsyncTypebox<{ published: PublicEditionsService }> = async (app, { published }) => {
  app.get(
    '/editions',
    {
      schema: {
        tags,
        summary: 'Released editions, newest first',
        description: 'Public. Only editions released and whose release time has come. Keyset pagination; cacheable (`ETag`, 304).',
        querystring: PublicEditionsQuery,
        response: { 200: PublicEditionList, 304: Type.Null({ description: 'Not modified' }), ...problems(400) },
      },
    },
    async (request, reply) => reply.sendRendered(await published.list(request.query), { maxAge: 30, keys: ['editions', 'articles', 'notices'] }),
  );

  app.get(
    '/editions/:date',
    {
      schema: {
        tags,
        summary: 'A released edition: its pages and their published items',
        description:
          'Public. Each page with its published stories and notices in page order: ids, headlines and urls. An edition not released, ' +
          'or released for a time still to come, is 404. Cacheable (`ETag`, 304).',
        params: EditionParams,
        response: { 200: PublicEdition, 304: Type.Null({ description: 'Not modified' }), ...problems(400, 404) },
      },
    },
    async (request, reply) =>
      reply.sendRendered(await published.render(request.params.date), { maxAge: 30, keys: [`edition-${editionKey(request.params.date)}`, 'articles', 'notices'] }),
  );
};
