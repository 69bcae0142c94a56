import { and, asc, eq, gt, inArray, isNull, max, or, sql, type SQL } from 'drizzle-orm';
import { rowsOf, type Database } from '../../db/client.js';
import { articles, pages, sections } from '../../db/schema/index.js';

export type SectionRow = typeof sections.$inferSelect;

export async function findSection(db: Database, id: number): Promise<SectionRow | undefined> {
  const [row] = await db.select().from(sections).where(eq(sections.id, id));
  return row;
}

/** The sections of `ids` by id, as items refer to them: id, name, slug. */
export async function sectionsByIds(db: Database, ids: number[]) {
  if (ids.length === 0) return new Map<number, { id: number; name: string; slug: string }>();
  const rows = await db.select({ id: sections.id, name: sections.name, slug: sections.slug }).from(sections).where(inArray(sections.id, ids));
  return new Map(rows.map((r) => [r.id, r]));
}

export async function findSectionBySlug(db: Database, slug: string): Promise<SectionRow | undefined> {
  const [row] = await db.select().from(sections).where(eq(sections.slug, slug));
  return row;
}

export async function insertSection(db: Database, values: typeof sections.$inferInsert): Promise<SectionRow> {
  const [row] = await db.insert(sections).values(values).returning();
  return row!;
}

/** The position after the last child of `parentId` (null: top level). */
export async function nextPosition(db: Database, parentId: number | null): Promise<number> {
  const [row] = await db
    .select({ last: max(sections.position) })
    .from(sections)
    .where(parentId === null ? isNull(sections.parentId) : eq(sections.parentId, parentId));
  return row?.last === null || row?.last === undefined ? 0 : row.last + 1;
}

export async function listSections(
  db: Database,
  params: { parentId?: number | null; after?: readonly [number, number]; limit: number },
): Promise<SectionRow[]> {
  const where: (SQL | undefined)[] = [];
  if (params.parentId === null) where.push(isNull(sections.parentId));
  else if (params.parentId !== undefined) where.push(eq(sections.parentId, params.parentId));
  if (params.after) {
    const [position, id] = params.after;
    where.push(or(gt(sections.position, position), and(eq(sections.position, position), gt(sections.id, id))));
  }
  return db
    .select()
    .from(sections)
    .where(and(...where))
    .orderBy(asc(sections.position), asc(sections.id))
    .limit(params.limit);
}

export async function allSections(db: Database): Promise<SectionRow[]> {
  return db.select().from(sections).orderBy(asc(sections.position), asc(sections.id));
}

export async function hasChildren(db: Database, id: number): Promise<boolean> {
  const rows = await db.select({ id: sections.id }).from(sections).where(eq(sections.parentId, id)).limit(1);
  return rows.length > 0;
}

/** How many articles and edition pages belong to the section. */
export async function contentCounts(db: Database, id: number): Promise<{ articles: number; pages: number }> {
  return { articles: await db.$count(articles, eq(articles.sectionId, id)), pages: await db.$count(pages, eq(pages.sectionId, id)) };
}

/** True when `candidate` is `id` itself or lies below it. */
export async function isSelfOrDescendant(db: Database, id: number, candidate: number): Promise<boolean> {
  const result = await db.execute(sql`
    with recursive below(id) as (
      select ${id}::int
      union
      select s.id from ${sections} s join below b on s.parent_id = b.id
    )
    select exists(select 1 from below where id = ${candidate}::int) as found`);
  return rowsOf<{ found: boolean }>(result)[0]?.found === true;
}
