import type { Database } from '../db/client.js';
import { auditEvents } from '../db/schema/index.js';
import type { Actor } from '../lib/actor.js';

/** What an audit event records: the action, the item it was done to, and what changed. */
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
