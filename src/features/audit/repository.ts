import { and, desc, eq, gte, lt, type SQL } from 'drizzle-orm';
import type { Database } from '../../db/client.js';
import { auditEvents } from '../../db/schema/index.js';

export type AuditRow = typeof auditEvents.$inferSelect;

export async function listAudit(
  db: Database,
  params: { action?: string; entity?: string; entityId?: string; actorId?: number; from?: Date; to?: Date; beforeId?: number; limit: number },
): Promise<AuditRow[]> {
  const where: SQL[] = [];
  if (params.action) where.push(eq(auditEvents.action, params.action));
  if (params.entity) where.push(eq(auditEvents.entity, params.entity));
  if (params.entityId) where.push(eq(auditEvents.entityId, params.entityId));
  if (params.actorId !== undefined) where.push(eq(auditEvents.actorId, params.actorId));
  if (params.from) where.push(gte(auditEvents.at, params.from));
  if (params.to) where.push(lt(auditEvents.at, params.to));
  if (params.beforeId !== undefined) where.push(lt(auditEvents.id, params.beforeId));
  return db
    .select()
    .from(auditEvents)
    .where(and(...where))
    .orderBy(desc(auditEvents.id))
    .limit(params.limit);
}
