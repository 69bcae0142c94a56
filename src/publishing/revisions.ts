import { and, asc, eq } from 'drizzle-orm';
import type { Database } from '../db/client.js';
import { revisions, type ItemStatus } from '../db/schema/index.js';
import { NotFound } from '../errors.js';

export type RevisionRow = typeof revisions.$inferSelect;

/** Kinds of item that keep revisions. */
export type RevisedEntity = 'article' | 'notice';

/** Stores the full snapshot of a saved version, in the transaction that saved it. */
export async function recordRevision(
  db: Database,
  entry: { entity: RevisedEntity; entityId: number; version: number; status: ItemStatus; snapshot: Record<string, unknown>; createdBy: number | null },
): Promise<void> {
  await db.insert(revisions).values(entry);
}

export async function listRevisions(db: Database, entity: RevisedEntity, entityId: number): Promise<RevisionRow[]> {
  return db
    .select()
    .from(revisions)
    .where(and(eq(revisions.entity, entity), eq(revisions.entityId, entityId)))
    .orderBy(asc(revisions.version));
}

export async function findRevision(db: Database, entity: RevisedEntity, entityId: number, version: number): Promise<RevisionRow | undefined> {
  const [row] = await db
    .select()
    .from(revisions)
    .where(and(eq(revisions.entity, entity), eq(revisions.entityId, entityId), eq(revisions.version, version)));
  return row;
}

/** Every saved version of an item, oldest first, as the API lists them; 404 when `exists` finds no item. */
export async function revisionList(db: Database, entity: RevisedEntity, entityId: number, exists: () => Promise<unknown>) {
  if (!(await exists())) throw new NotFound(`No ${entity} ${entityId}`);
  return (await listRevisions(db, entity, entityId)).map(summary);
}

/** One saved version in full, the item's snapshot under its kind's name (`article`, `notice`). */
export async function revisionOf(db: Database, entity: RevisedEntity, entityId: number, version: number) {
  const row = await findRevision(db, entity, entityId, version);
  if (!row) throw new NotFound(`${entity[0]!.toUpperCase()}${entity.slice(1)} ${entityId} has no version ${version}`);
  return { ...summary(row), [entity]: row.snapshot };
}

function summary(row: RevisionRow) {
  return { version: row.version, status: row.status, createdBy: row.createdBy, createdAt: row.createdAt.toISOString() };
}
