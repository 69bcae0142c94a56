import { and, eq, sql } from 'drizzle-orm';
import type { PgColumn, PgTable, PgUpdateSetSource } from 'drizzle-orm/pg-core';
import { NotFound, PreconditionFailed } from '../errors.js';
import type { Database } from './client.js';

/** now() to the millisecond, so timestamps round-trip exactly through JSON and keyset cursors. */
export const NOW = sql`date_trunc('milliseconds', now())`;

/** A table whose rows carry an integer id, a version bumped on every change, and updated_at. */
export type VersionedTable = PgTable & { id: PgColumn; version: PgColumn; updatedAt: PgColumn };

/**
 * Optimistic concurrency for every versioned item: the write applies only if the row is
 * still at `expected`; otherwise 404 (no such row) or 412 naming the current version.
 */
export async function updateVersioned<T extends VersionedTable>(
  db: Database,
  table: T,
  label: string,
  id: number,
  expected: number,
  values: PgUpdateSetSource<T>,
): Promise<T['$inferSelect']> {
  const set = { ...values, version: sql`${table.version} + 1`, updatedAt: sql`now()` } as PgUpdateSetSource<T>;
  const rows = (await db
    .update(table)
    .set(set)
    .where(and(eq(table.id, id), eq(table.version, expected)))
    .returning()) as T['$inferSelect'][];
  if (rows[0]) return rows[0];
  throw await missOrStale(db, table, label, id, expected);
}

/** Deletes the row if it is still at `expected`; 404 or 412 otherwise. */
export async function deleteVersioned(db: Database, table: VersionedTable, label: string, id: number, expected: number): Promise<void> {
  const rows = await db
    .delete(table)
    .where(and(eq(table.id, id), eq(table.version, expected)))
    .returning({ id: table.id });
  if (rows.length === 0) throw await missOrStale(db, table, label, id, expected);
}

/** Locks the row for the rest of the transaction after checking its version, and returns it. */
export async function lockVersioned<T extends VersionedTable>(
  db: Database,
  table: T,
  label: string,
  id: number,
  expected: number,
): Promise<T['$inferSelect']> {
  const rows = (await db.select().from(table as VersionedTable).where(eq(table.id, id)).for('update')) as T['$inferSelect'][];
  const row = rows[0] as (T['$inferSelect'] & { version: number }) | undefined;
  if (!row) throw new NotFound(`No ${label} ${id}`);
  if (row.version !== expected) throw new PreconditionFailed(row.version, expected);
  return row;
}

async function missOrStale(db: Database, table: VersionedTable, label: string, id: number, expected: number): Promise<Error> {
  const rows = await db.select({ version: table.version }).from(table).where(eq(table.id, id));
  const row = rows[0] as { version: number } | undefined;
  return row ? new PreconditionFailed(row.version, expected) : new NotFound(`No ${label} ${id}`);
}
