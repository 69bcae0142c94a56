import type { Database } from '../../db/client.js';
import { decodeCursor, paginate } from '../../lib/pagination.js';
import { timeWindow } from '../../lib/time.js';
import { listAudit, type AuditRow } from './repository.js';
import type { AuditEvent, AuditPage, ListAuditQuery } from './schemas.js';

function toAuditEvent(row: AuditRow): AuditEvent {
  return { ...row, at: row.at.toISOString() };
}

export type AuditService = ReturnType<typeof createAuditService>;

/** Reading the audit trail: who did what to which item, and when, newest first. */
export function createAuditService({ db, timeZone }: { db: Database; timeZone: string }) {
  return {
    async list(query: ListAuditQuery): Promise<AuditPage> {
      const { limit = 50, cursor, from, to, ...filters } = query;
      const before = decodeCursor(cursor, ['number']);
      const rows = await listAudit(db, { ...filters, ...timeWindow({ from, to }, timeZone), beforeId: before?.[0], limit: limit + 1 });
      const page = paginate(rows, limit, (r) => [r.id]);
      return { items: page.items.map(toAuditEvent), nextCursor: page.nextCursor };
    },
  };
}
