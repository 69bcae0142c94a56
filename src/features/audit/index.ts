import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { problems } from '../../lib/schemas.js';
import { AuditPage, ListAuditQuery } from './schemas.js';
import type { AuditService } from './service.js';

/** The audit trail, for admins: who did what to which item, and when. */
export const auditApi: FastifyPluginAsyncTypebox<{ audit: AuditService }> = async (app, { audit }) => {
  app.get(
    '/audit',
    {
      config: { roles: ['admin'] },
      schema: {
        tags: ['users'],
        summary: 'The audit trail',
        description: 'Admins only. Every change, newest first.',
        querystring: ListAuditQuery,
        response: { 200: AuditPage, ...problems(400, 401, 403) },
      },
    },
    async (request) => audit.list(request.query),
  );
};
