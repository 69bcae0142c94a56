import { and, asc, count, desc, eq, gte, inArray, isNotNull, lt, lte, ne, or, sql, type SQL } from 'drizzle-orm';
import type { PgUpdateSetSource } from 'drizzle-orm/pg-core';
import type { Database } from '../../db/client.js';
import { articles, editions, notices, pages, placements, users, type EditionStatus } from '../../db/schema/index.js';
import { NOW } from '../../db/versioned.js';

export type EditionRow = typeof editions.$inferSelect;
export type PageRow = typeof pages.$inferSelect;
/** A released edition due to go public, as the publisher claims it: `publishAt` is its release time. */
export type DueEdition = EditionRow & { publishAt: Date | null };
export type ItemKind = 'article' | 'notice';

/** A placement as the services read it: the item by kind and id. */
export interface PlacementRow {
  pageId: number;
  position: number;
  kind: ItemKind;
  id: number;
  columns: number | null;
}

export async function findEdition(db: Database, date: string, lock = false): Promise<EditionRow | undefined> {
  const query = db.select().from(editions).where(eq(editions.date, date));
  const [row] = lock ? await query.for('update') : await query;
  return row;
}

export async function findEditionByIssue(db: Database, issueNumber: number): Promise<EditionRow | undefined> {
  const [row] = await db.select().from(editions).where(eq(editions.issueNumber, issueNumber));
  return row;
}

export async function insertEdition(db: Database, values: typeof editions.$inferInsert): Promise<EditionRow> {
  const [row] = await db.insert(editions).values({ createdAt: NOW, updatedAt: NOW, ...values }).returning();
  return row!;
}

/** Applies a change and bumps the version; the caller holds the row's lock. */
export async function updateEdition(db: Database, id: number, values: PgUpdateSetSource<typeof editions>): Promise<EditionRow> {
  const [row] = await db
    .update(editions)
    .set({ ...values, version: sql`${editions.version} + 1`, updatedAt: NOW })
    .where(eq(editions.id, id))
    .returning();
  return row!;
}

export async function deleteEdition(db: Database, id: number): Promise<void> {
  await db.delete(editions).where(eq(editions.id, id));
}

export interface EditionFilters {
  status?: EditionStatus;
  from?: string;
  to?: string;
  /** Only editions that are public: released, and made live by the publisher. */
  publicOnly?: boolean;
  /** Keyset: the date of the last edition of the previous page. */
  before?: string;
  limit: number;
}

/** Editions newest date first, with their page counts. */
export async function listEditions(db: Database, f: EditionFilters) {
  const where: (SQL | undefined)[] = [];
  if (f.status) where.push(eq(editions.status, f.status));
  if (f.publicOnly) where.push(eq(editions.status, 'released'), isNotNull(editions.liveAt));
  if (f.from) where.push(gte(editions.date, f.from));
  if (f.to) where.push(lte(editions.date, f.to));
  if (f.before) where.push(lt(editions.date, f.before));
  const pageCount = db.$with('page_count').as(db.select({ editionId: pages.editionId, n: count().as('n') }).from(pages).groupBy(pages.editionId));
  const rows = await db
    .with(pageCount)
    .select({ edition: editions, pageCount: pageCount.n })
    .from(editions)
    .leftJoin(pageCount, eq(pageCount.editionId, editions.id))
    .where(and(...where))
    .orderBy(desc(editions.date))
    .limit(f.limit);
  return rows.map((r) => ({ ...r.edition, pageCount: Number(r.pageCount ?? 0) }));
}

export async function pagesOf(db: Database, editionId: number): Promise<PageRow[]> {
  return db.select().from(pages).where(eq(pages.editionId, editionId)).orderBy(asc(pages.label));
}

export async function findPage(db: Database, editionId: number, label: string): Promise<PageRow | undefined> {
  const [row] = await db.select().from(pages).where(and(eq(pages.editionId, editionId), eq(pages.label, label)));
  return row;
}

export async function insertPage(db: Database, values: typeof pages.$inferInsert): Promise<PageRow> {
  const [row] = await db.insert(pages).values({ createdAt: NOW, updatedAt: NOW, ...values }).returning();
  return row!;
}

export async function updatePage(db: Database, id: number, values: PgUpdateSetSource<typeof pages>): Promise<PageRow> {
  const [row] = await db
    .update(pages)
    .set({ ...values, version: sql`${pages.version} + 1`, updatedAt: NOW })
    .where(eq(pages.id, id))
    .returning();
  return row!;
}

export async function deletePage(db: Database, id: number): Promise<void> {
  await db.delete(pages).where(eq(pages.id, id));
}

/** The placements of the given pages, by page and position. */
export async function placementsOf(db: Database, pageIds: number[]): Promise<PlacementRow[]> {
  if (pageIds.length === 0) return [];
  const rows = await db
    .select()
    .from(placements)
    .where(inArray(placements.pageId, pageIds))
    .orderBy(asc(placements.pageId), asc(placements.position));
  return rows.map((r) => ({
    pageId: r.pageId,
    position: r.position,
    kind: r.articleId !== null ? 'article' : 'notice',
    id: (r.articleId ?? r.noticeId)!,
    columns: r.columns,
  }));
}

export async function replacePlacements(
  db: Database,
  page: { id: number; editionId: number },
  items: readonly { kind: ItemKind; id: number; columns?: number | null }[],
): Promise<void> {
  await db.delete(placements).where(eq(placements.pageId, page.id));
  if (items.length === 0) return;
  await db.insert(placements).values(
    items.map((item, i) => ({
      pageId: page.id,
      position: i + 1,
      editionId: page.editionId,
      articleId: item.kind === 'article' ? item.id : null,
      noticeId: item.kind === 'notice' ? item.id : null,
      columns: item.columns ?? null,
    })),
  );
}

/** Where in the edition, other than on `exceptPageId`, any of the items is placed already. */
export async function placedElsewhere(
  db: Database,
  editionId: number,
  exceptPageId: number | null,
  items: readonly { kind: ItemKind; id: number }[],
): Promise<{ kind: ItemKind; id: number; label: string; name: string }[]> {
  const articleIds = items.filter((i) => i.kind === 'article').map((i) => i.id);
  const noticeIds = items.filter((i) => i.kind === 'notice').map((i) => i.id);
  if (articleIds.length + noticeIds.length === 0) return [];
  const rows = await db
    .select({ articleId: placements.articleId, noticeId: placements.noticeId, label: pages.label, name: pages.name })
    .from(placements)
    .innerJoin(pages, eq(pages.id, placements.pageId))
    .where(
      and(
        eq(placements.editionId, editionId),
        exceptPageId === null ? undefined : ne(placements.pageId, exceptPageId),
        or(
          articleIds.length ? inArray(placements.articleId, articleIds) : undefined,
          noticeIds.length ? inArray(placements.noticeId, noticeIds) : undefined,
        ),
      ),
    );
  return rows.map((r) => ({
    kind: r.articleId !== null ? 'article' : 'notice',
    id: (r.articleId ?? r.noticeId)!,
    label: r.label,
    name: r.name,
  }));
}

export { itemFacts, type ItemFacts } from './item-facts.js';

/**
 * Locks the given articles and notices for the rest of the transaction, in id order. The lock
 * is FOR NO KEY UPDATE, which the release's writes need and no more: it does not conflict with
 * the key-share locks that placing an item on a page takes, in page order, on another edition.
 */
export async function lockItems(db: Database, items: readonly { kind: ItemKind; id: number }[]) {
  const articleIds = [...new Set(items.filter((i) => i.kind === 'article').map((i) => i.id))];
  const noticeIds = [...new Set(items.filter((i) => i.kind === 'notice').map((i) => i.id))];
  const [articleRows, noticeRows] = [
    articleIds.length ? await db.select().from(articles).where(inArray(articles.id, articleIds)).orderBy(asc(articles.id)).for('no key update') : [],
    noticeIds.length ? await db.select().from(notices).where(inArray(notices.id, noticeIds)).orderBy(asc(notices.id)).for('no key update') : [],
  ];
  return { articles: new Map(articleRows.map((r) => [r.id, r])), notices: new Map(noticeRows.map((r) => [r.id, r])) };
}

export { sectionsByIds } from '../sections/repository.js';

export async function usersByIds(db: Database, ids: number[]) {
  if (ids.length === 0) return new Map<number, { id: number; name: string; role: string; active: boolean }>();
  const rows = await db.select({ id: users.id, name: users.name, role: users.role, active: users.active }).from(users).where(inArray(users.id, ids));
  return new Map(rows.map((r) => [r.id, r]));
}

/**
 * An edition's items due by its release that the publisher has still to publish: while there
 * is one, the edition waits, so that it never goes public with items missing.
 */
const itemsStillDue = sql`exists (
  select 1 from ${placements} p
  left join ${articles} a on a.id = p.article_id
  left join ${notices} n on n.id = p.notice_id
  where p.edition_id = ${editions.id}
    and (
      (a.status = 'scheduled' and a.version = a.scheduled_version and a.publish_at <= ${editions.releaseAt})
      or (n.status = 'scheduled' and n.version = n.scheduled_version and n.publish_at <= ${editions.releaseAt})
    )
)`;

/**
 * Whether anything placed in the edition is published: an edition with nothing to show (every
 * item taken back after the release) does not go public, where it would stand as the latest
 * paper with blank pages; it stays overdue, which the publisher logs, until it is released again.
 */
const itemsPublished = sql`exists (
  select 1 from ${placements} p
  left join ${articles} a on a.id = p.article_id
  left join ${notices} n on n.id = p.notice_id
  where p.edition_id = ${editions.id} and (a.status = 'published' or n.status = 'published')
)`;

/**
 * Released editions whose time has come, not yet public, none of whose items due with them is
 * still to publish and something of which is published; locked, and rows other instances hold
 * are skipped. `publishAt` is the release time, as the publisher logs it.
 */
export async function claimDueEditions(db: Database, limit: number): Promise<DueEdition[]> {
  const rows = await db
    .select()
    .from(editions)
    .where(and(eq(editions.status, 'released'), sql`${editions.liveAt} is null`, sql`${editions.releaseAt} <= now()`, sql`not ${itemsStillDue}`, itemsPublished))
    .orderBy(asc(editions.releaseAt))
    .limit(limit)
    .for('update', { skipLocked: true });
  return rows.map((row) => ({ ...row, publishAt: row.releaseAt }));
}

export async function overdueEditions(db: Database, before: Date): Promise<{ id: number; publishAt: Date | null }[]> {
  return db
    .select({ id: editions.id, publishAt: editions.releaseAt })
    .from(editions)
    .where(and(eq(editions.status, 'released'), sql`${editions.liveAt} is null`, lt(editions.releaseAt, before)))
    .orderBy(asc(editions.releaseAt))
    .limit(100);
}

/** A public edition's published items, by page and position. */
export async function publishedPlacements(db: Database, editionId: number) {
  return db
    .select({
      pageId: placements.pageId,
      position: placements.position,
      articleId: articles.id,
      kicker: articles.kicker,
      headline: articles.headline,
      subtitle: articles.subtitle,
      summary: articles.summary,
      noticeId: notices.id,
      title: notices.title,
    })
    .from(placements)
    .leftJoin(articles, and(eq(articles.id, placements.articleId), eq(articles.status, 'published')))
    .leftJoin(notices, and(eq(notices.id, placements.noticeId), eq(notices.status, 'published')))
    .where(and(eq(placements.editionId, editionId), sql`(${articles.id} is not null or ${notices.id} is not null)`))
    .orderBy(asc(placements.pageId), asc(placements.position));
}

/**
 * Where an item is placed in the latest edition (by date) that places it: the edition and the
 * page, or undefined when no edition does.
 */
/**
 * The page of the latest edition that places an item, with everything placed on it in page order
 * and each placed item's version, in one query: what a live copy-fit reads at every pause in
 * typing. Undefined when no edition places the item.
 */
export async function latestPageOf(
  db: Database,
  kind: ItemKind,
  id: number,
): Promise<{ edition: EditionRow; page: PageRow; placed: PlacementRow[]; versions: Map<string, { version: number }> } | undefined> {
  const latest = db
    .select({ pageId: placements.pageId })
    .from(placements)
    .innerJoin(editions, eq(editions.id, placements.editionId))
    .where(kind === 'article' ? eq(placements.articleId, id) : eq(placements.noticeId, id))
    .orderBy(desc(editions.date))
    .limit(1);
  const rows = await db
    .select({ edition: editions, page: pages, placement: placements, articleVersion: articles.version, noticeVersion: notices.version })
    .from(placements)
    .innerJoin(pages, eq(pages.id, placements.pageId))
    .innerJoin(editions, eq(editions.id, placements.editionId))
    .leftJoin(articles, eq(articles.id, placements.articleId))
    .leftJoin(notices, eq(notices.id, placements.noticeId))
    .where(eq(placements.pageId, sql`(${latest})`))
    .orderBy(asc(placements.position));
  const [first] = rows;
  if (!first) return undefined;
  const placed = rows.map(({ placement: r }): PlacementRow => ({
    pageId: r.pageId,
    position: r.position,
    kind: r.articleId !== null ? 'article' : 'notice',
    id: (r.articleId ?? r.noticeId)!,
    columns: r.columns,
  }));
  const versions = new Map(rows.map((r, i) => [`${placed[i]!.kind}:${placed[i]!.id}`, { version: (r.articleVersion ?? r.noticeVersion)! }]));
  return { edition: first.edition, page: first.page, placed, versions };
}
