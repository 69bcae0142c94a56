import { and, desc, eq, gte, lt, type SQL } from 'drizzle-orm';
import type { Database } from '../../db/client.js';
import { auditEvents } from '../../db/schema/index.js';
import type { Actor } from '../../lib/actor.js';

export interface AuditEntry {
  action: string;
  entity: string;
  entityId: number | string;
  details?: Record<string, unknown>;
}

/** Appends an audit event in the caller's transaction, so it commits with the change it records. */
export async function recordAudit(db: Database, actor: Actor | null, entry: AuditEntry): Promise<void> {
  await db.insert(auditEvents).values({
    actorId: actor?.userId ?? null,
    action: entry.action,
    entity: entry.entity,
    entityId: String(entry.entityId),
    details: entry.details ?? null,
    requestId: actor?.requestId ?? null,
  });
}

export type AuditRow = typeof auditEvents.$inferSelect;

export async function listAudit(
  db: Database,
  params: { entity?: string; entityId?: string; actorId?: number; from?: Date; to?: Date; beforeId?: number; limit: number },
): Promise<AuditRow[]> {
  const where: SQL[] = [];
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
