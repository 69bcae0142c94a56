import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { IdParams, problems } from '../../lib/schemas.js';
import type { PublicNoticesService } from './public.js';
import { PublicNotice, PublicNoticeList, PublicNoticeListQuery, PublicRowsPage } from '../../contracts/notices.js';
import { RowsQuery } from './schemas.js';

const tags = ['content'];
const notModified = { 304: Type.Null({ description: 'Not modified' }) };

export const publicNoticesRoutes: FastifyPluginAsyncTypebox<{ published: PublicNoticesService }> = async (app, { published }) => {
  app.get(
    '/notices',
    {
      schema: {
        tags,
        summary: 'Published notices, newest first',
        description: 'Public. Filter by kind; keyset pagination. Cacheable (`ETag`, 304).',
        querystring: PublicNoticeListQuery,
        response: { 200: PublicNoticeList, ...notModified, ...problems(400) },
      },
    },
    async (request, reply) => reply.sendRendered(await published.list(request.query), { maxAge: 30, keys: ['notices'] }),
  );

  app.get(
    '/notices/:id',
    {
      schema: {
        tags,
        summary: 'A published notice',
        description:
          'Public. Columns, the first 1,000 rows (stored value and display string: money in yuan, ID numbers masked), ' +
          'derived totals and the claim deadline. Anything not published is 404. Cacheable (`ETag`, 304).',
        params: IdParams,
        response: { 200: PublicNotice, ...notModified, ...problems(400, 404) },
      },
    },
    async (request, reply) => reply.sendRendered(await published.render(request.params.id), { keys: [`notice-${request.params.id}`] }),
  );

  app.get(
    '/notices/:id/rows',
    {
      schema: {
        tags,
        summary: 'Rows of a published notice’s table',
        description: 'Public. For tables longer than the 1,000 rows a notice carries. Cacheable (`ETag`, 304).',
        params: IdParams,
        querystring: RowsQuery,
        response: { 200: PublicRowsPage, ...notModified, ...problems(400, 404) },
      },
    },
    async (request, reply) =>
      reply.sendRendered(await published.rows(request.params.id, request.query), { keys: [`notice-${request.params.id}`] }),
  );
};
