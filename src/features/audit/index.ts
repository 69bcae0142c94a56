import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { decodeCursor, paginate } from '../../lib/pagination.js';
import { problems } from '../../lib/schemas.js';
import { timeWindow } from '../../lib/time.js';
import { listAudit, type AuditRow } from './repository.js';
import { AuditPage, ListAuditQuery, type AuditEvent } from './schemas.js';

function toAuditEvent(row: AuditRow): AuditEvent {
  return { ...row, at: row.at.toISOString() };
}

/** The audit trail, for admins: who did what to which item, and when. */
export const auditApi: FastifyPluginAsyncTypebox<{ timeZone: string }> = async (app, { timeZone }) => {
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
    async (request) => {
      const { limit = 50, cursor, from, to, ...filters } = request.query;
      const before = decodeCursor(cursor, ['number']);
      const rows = await listAudit(app.db, {
        ...filters,
        ...timeWindow({ from, to }, timeZone),
        beforeId: before?.[0],
        limit: limit + 1,
      });
      const page = paginate(rows, limit, (r) => [r.id]);
      return { items: page.items.map(toAuditEvent), nextCursor: page.nextCursor };
    },
  );
};
