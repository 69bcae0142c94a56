import { and, asc, desc, eq, gt, gte, inArray, lt, or, sql, type SQL } from 'drizzle-orm';
import type { PgUpdateSetSource } from 'drizzle-orm/pg-core';
import { rowsOf, type Database } from '../../db/client.js';
import { noticeKinds, noticeRows, notices, noticeTables, type ItemStatus } from '../../db/schema/index.js';
import { NOW } from '../../db/versioned.js';
import type { CellValue, Column } from '../../tables/cells.js';

export type NoticeRow = typeof notices.$inferSelect;
export type NoticeTableRow = typeof noticeTables.$inferSelect;
export type NoticeKindRow = typeof noticeKinds.$inferSelect;

/** Rows per INSERT: one JSON parameter each, so the statement count, not the row count, sets the round trips. */
const ROWS_PER_STATEMENT = 5000;

/** Notices by id, each locked against change until the caller's transaction ends (see articlesByIdsForShare). */
export async function noticesByIdsForShare(db: Database, ids: readonly number[]): Promise<NoticeRow[]> {
  if (ids.length === 0) return [];
  return db.select().from(notices).where(inArray(notices.id, [...ids])).orderBy(asc(notices.id)).for('share');
}

export async function findNotice(db: Database, id: number): Promise<NoticeRow | undefined> {
  const [row] = await db.select().from(notices).where(eq(notices.id, id));
  return row;
}

export async function insertNotice(db: Database, values: typeof notices.$inferInsert): Promise<NoticeRow> {
  const [row] = await db.insert(notices).values({ createdAt: NOW, updatedAt: NOW, ...values }).returning();
  return row!;
}

/** Applies a change and bumps the version; the caller has locked the row and checked the version. */
export async function updateNotice(db: Database, id: number, values: PgUpdateSetSource<typeof notices>): Promise<NoticeRow> {
  const [row] = await db
    .update(notices)
    .set({ ...values, version: sql`${notices.version} + 1`, updatedAt: NOW })
    .where(eq(notices.id, id))
    .returning();
  return row!;
}

/** Points a notice just created at its first table; part of the creating write, so no new version. */
export async function attachFirstTable(db: Database, id: number, tableId: number): Promise<NoticeRow> {
  const [row] = await db.update(notices).set({ tableId }).where(eq(notices.id, id)).returning();
  return row!;
}

export async function findTable(db: Database, id: number | null): Promise<NoticeTableRow | undefined> {
  if (id === null) return undefined;
  const [row] = await db.select().from(noticeTables).where(eq(noticeTables.id, id));
  return row;
}

export async function tablesByIds(db: Database, ids: number[]): Promise<NoticeTableRow[]> {
  if (ids.length === 0) return [];
  return db.select().from(noticeTables).where(inArray(noticeTables.id, ids));
}

/**
 * Writes a new table with its rows. The rows go in batches, each one JSON array unpacked by
 * the database, so a 100,000-row table is twenty statements; the caller's transaction makes
 * the table appear whole or not at all.
 */
export async function insertTable(
  db: Database,
  table: { noticeId: number; columns: Column[]; totals: Record<string, number>; createdBy: number | null },
  values: CellValue[][],
): Promise<NoticeTableRow> {
  const [row] = await db
    .insert(noticeTables)
    .values({ ...table, rowCount: values.length, createdAt: NOW })
    .returning();
  for (let start = 0; start < values.length; start += ROWS_PER_STATEMENT) {
    const batch = JSON.stringify(values.slice(start, start + ROWS_PER_STATEMENT));
    await db.execute(sql`
      insert into ${noticeRows} (table_id, position, cells)
      select ${row!.id}, ${start}::int + r.ord::int, r.cells
      from jsonb_array_elements(${batch}::jsonb) with ordinality as r(cells, ord)`);
  }
  return row!;
}

/** A new table with other columns (labels, required flags) and the same rows, copied by the database. */
export async function copyTable(db: Database, from: NoticeTableRow, columns: Column[], createdBy: number): Promise<NoticeTableRow> {
  const [row] = await db
    .insert(noticeTables)
    .values({ noticeId: from.noticeId, columns, totals: from.totals, rowCount: from.rowCount, createdBy, createdAt: NOW })
    .returning();
  await db.execute(sql`
    insert into ${noticeRows} (table_id, position, cells)
    select ${row!.id}, position, cells from ${noticeRows} where table_id = ${from.id}`);
  return row!;
}

/** Positions (1-based) of rows whose cell `index` is empty: a column about to become required. */
export async function rowsMissing(db: Database, tableId: number, index: number, limit: number): Promise<number[]> {
  const rows = await db
    .select({ position: noticeRows.position })
    .from(noticeRows)
    .where(and(eq(noticeRows.tableId, tableId), sql`jsonb_typeof(${noticeRows.cells} -> ${index}::int) is distinct from 'string' and jsonb_typeof(${noticeRows.cells} -> ${index}::int) is distinct from 'number'`))
    .orderBy(asc(noticeRows.position))
    .limit(limit);
  return rows.map((r) => r.position);
}

/** A page of a table's rows after position `after`. */
export async function tableRows(db: Database, tableId: number, after: number, limit: number): Promise<{ position: number; cells: CellValue[] }[]> {
  return db
    .select({ position: noticeRows.position, cells: noticeRows.cells })
    .from(noticeRows)
    .where(and(eq(noticeRows.tableId, tableId), gt(noticeRows.position, after)))
    .orderBy(asc(noticeRows.position))
    .limit(limit);
}

export interface NoticeFilters {
  status?: ItemStatus;
  kind?: string;
  updatedSince?: Date;
  /** Keyset: (updatedAt, id) of the last item of the previous page. */
  before?: readonly [string, number];
  limit: number;
}

/** Newsroom list: most recently changed first. */
export async function listNotices(db: Database, f: NoticeFilters): Promise<NoticeRow[]> {
  const where: (SQL | undefined)[] = [];
  if (f.status) where.push(eq(notices.status, f.status));
  if (f.kind) where.push(eq(notices.kind, f.kind));
  if (f.updatedSince) where.push(gte(notices.updatedAt, f.updatedSince));
  if (f.before) {
    const [updatedAt, id] = f.before;
    const at = sql`${updatedAt}::timestamptz`;
    where.push(or(lt(notices.updatedAt, at), and(eq(notices.updatedAt, at), lt(notices.id, id))));
  }
  return db
    .select()
    .from(notices)
    .where(and(...where))
    .orderBy(desc(notices.updatedAt), desc(notices.id))
    .limit(f.limit);
}

export interface PublishedNoticeFilters {
  kind?: string;
  /** Published at or after. */
  from?: Date;
  /** Published before. */
  to?: Date;
  /** Keyset: (publishedAt, id) of the last item of the previous page. */
  before?: readonly [string, number];
  limit: number;
}

/** Published notices, newest first. */
export async function listPublished(db: Database, f: PublishedNoticeFilters) {
  const where: SQL[] = [sql`${notices.status} = 'published'`];
  if (f.kind) where.push(eq(notices.kind, f.kind));
  if (f.from) where.push(gte(notices.publishedAt, f.from));
  if (f.to) where.push(lt(notices.publishedAt, f.to));
  if (f.before) {
    where.push(sql`(${notices.publishedAt}, ${notices.id}) < (${f.before[0]}::timestamptz, ${f.before[1]}::int)`);
  }
  return db
    .select({
      id: notices.id,
      kind: notices.kind,
      title: notices.title,
      issuer: notices.issuer,
      issuedOn: notices.issuedOn,
      deadline: notices.deadline,
      publishedAt: notices.publishedAt,
      updatedAt: notices.updatedAt,
      kindName: sql<string>`(select name from ${noticeKinds} k where k.key = ${notices.kind})`,
      rowCount: sql<number | null>`(select row_count from ${noticeTables} t where t.id = ${notices.tableId})`,
    })
    .from(notices)
    .where(and(...where))
    .orderBy(desc(notices.publishedAt), desc(notices.id))
    .limit(f.limit);
}

export async function findPublished(db: Database, id: number): Promise<NoticeRow | undefined> {
  const [row] = await db
    .select()
    .from(notices)
    .where(and(eq(notices.id, id), eq(notices.status, 'published')));
  return row;
}

export async function listKinds(db: Database): Promise<NoticeKindRow[]> {
  return db.select().from(noticeKinds).orderBy(asc(noticeKinds.key));
}

export async function findKind(db: Database, key: string): Promise<NoticeKindRow | undefined> {
  const [row] = await db.select().from(noticeKinds).where(eq(noticeKinds.key, key));
  return row;
}

export async function insertKind(db: Database, values: typeof noticeKinds.$inferInsert): Promise<NoticeKindRow> {
  const [row] = await db.insert(noticeKinds).values(values).returning();
  return row!;
}

/** Changes a kind if it is still at `expected`; undefined when it is not (or does not exist). */
export async function updateKind(db: Database, key: string, expected: number, values: Partial<typeof noticeKinds.$inferInsert>): Promise<NoticeKindRow | undefined> {
  const [row] = await db
    .update(noticeKinds)
    .set({ ...values, version: sql`${noticeKinds.version} + 1`, updatedAt: NOW })
    .where(and(eq(noticeKinds.key, key), eq(noticeKinds.version, expected)))
    .returning();
  return row;
}

/**
 * The distinct values of a table's columns at `columns` (0-based), in the order they first
 * appear: what search indexes of a table, each name or village once however often it repeats.
 */
export async function distinctCells(db: Database, tableId: number, columns: number[]): Promise<string[]> {
  if (columns.length === 0) return [];
  const result = await db.execute(sql`select d.value from (
      select e.value, min(r.position * 32 + e.i) as first
      from ${noticeRows} r cross join lateral jsonb_array_elements_text(r.cells) with ordinality as e(value, i)
      where r.table_id = ${tableId} and e.i - 1 = any(${sql.raw(`array[${columns.map(Number).join(',')}]::int[]`)}) and e.value <> ''
      group by e.value
    ) d order by d.first`);
  return rowsOf<{ value: string }>(result).map((r) => r.value);
}
