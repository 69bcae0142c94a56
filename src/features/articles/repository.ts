import { and, asc, desc, eq, exists, gte, inArray, lt, or, sql, type SQL } from 'drizzle-orm';
import type { PgUpdateSetSource } from 'drizzle-orm/pg-core';
import { rowsOf, type Database } from '../../db/client.js';
import { articleCredits, articles, corrections, people, sections, type CreditRole, type ItemStatus } from '../../db/schema/index.js';

export type ArticleRow = typeof articles.$inferSelect;
export type CorrectionRow = typeof corrections.$inferSelect;
export interface CreditRow {
  articleId: number;
  position: number;
  role: CreditRole;
  personId: number;
  name: string;
}

/** now() to the millisecond, so timestamps round-trip exactly through JSON and keyset cursors. */
export const NOW = sql`date_trunc('milliseconds', now())`;

export async function findArticle(db: Database, id: number, lock = false): Promise<ArticleRow | undefined> {
  const query = db.select().from(articles).where(eq(articles.id, id));
  const [row] = lock ? await query.for('update') : await query;
  return row;
}

export async function insertArticle(db: Database, values: typeof articles.$inferInsert): Promise<ArticleRow> {
  const [row] = await db.insert(articles).values({ createdAt: NOW, updatedAt: NOW, ...values }).returning();
  return row!;
}

/** Applies a change and bumps the version; the caller has locked the row and checked the version. */
export async function updateArticle(db: Database, id: number, values: PgUpdateSetSource<typeof articles>): Promise<ArticleRow> {
  const [row] = await db
    .update(articles)
    .set({ ...values, version: sql`${articles.version} + 1`, updatedAt: NOW })
    .where(eq(articles.id, id))
    .returning();
  return row!;
}

export async function creditsOf(db: Database, articleIds: number[]): Promise<CreditRow[]> {
  if (articleIds.length === 0) return [];
  return db
    .select({
      articleId: articleCredits.articleId,
      position: articleCredits.position,
      role: articleCredits.role,
      personId: articleCredits.personId,
      name: people.name,
    })
    .from(articleCredits)
    .innerJoin(people, eq(people.id, articleCredits.personId))
    .where(inArray(articleCredits.articleId, articleIds))
    .orderBy(asc(articleCredits.articleId), asc(articleCredits.position));
}

export async function replaceCredits(db: Database, articleId: number, credits: { role: CreditRole; personId: number }[]): Promise<void> {
  await db.delete(articleCredits).where(eq(articleCredits.articleId, articleId));
  if (credits.length) {
    await db.insert(articleCredits).values(credits.map((c, position) => ({ articleId, position, ...c })));
  }
}

export async function correctionsOf(db: Database, articleId: number): Promise<CorrectionRow[]> {
  return db.select().from(corrections).where(eq(corrections.articleId, articleId)).orderBy(asc(corrections.id));
}

export async function insertCorrection(db: Database, values: typeof corrections.$inferInsert): Promise<CorrectionRow> {
  const [row] = await db.insert(corrections).values({ createdAt: NOW, ...values }).returning();
  return row!;
}

export interface ArticleFilters {
  status?: ItemStatus;
  sectionId?: number;
  personId?: number;
  updatedSince?: Date;
  overdueBefore?: Date;
  /** Keyset: (updatedAt, id) of the last item of the previous page. */
  before?: readonly [string, number];
  limit: number;
}

/** Newsroom list: most recently changed first. */
export async function listArticles(db: Database, f: ArticleFilters): Promise<ArticleRow[]> {
  const where: (SQL | undefined)[] = [];
  if (f.status) where.push(eq(articles.status, f.status));
  if (f.sectionId !== undefined) where.push(eq(articles.sectionId, f.sectionId));
  if (f.personId !== undefined) {
    where.push(
      exists(
        db
          .select({ one: sql`1` })
          .from(articleCredits)
          .where(and(eq(articleCredits.articleId, articles.id), eq(articleCredits.personId, f.personId))),
      ),
    );
  }
  if (f.updatedSince) where.push(gte(articles.updatedAt, f.updatedSince));
  if (f.overdueBefore) where.push(and(eq(articles.status, 'scheduled'), lt(articles.publishAt, f.overdueBefore)));
  if (f.before) {
    const [updatedAt, id] = f.before;
    const at = sql`${updatedAt}::timestamptz`;
    where.push(or(lt(articles.updatedAt, at), and(eq(articles.updatedAt, at), lt(articles.id, id))));
  }
  return db
    .select()
    .from(articles)
    .where(and(...where))
    .orderBy(desc(articles.updatedAt), desc(articles.id))
    .limit(f.limit);
}

export interface PublicFilters {
  /** Only this section, by slug. */
  sectionSlug?: string;
  from?: Date;
  to?: Date;
  /** Keyset: (publishedAt, id) of the last item of the previous page. */
  before?: readonly [string, number];
  limit: number;
}

export interface PublishedSummaryRow {
  id: number;
  kicker: string | null;
  headline: string;
  subtitle: string | null;
  summary: string | null;
  publishedAt: Date;
  updatedAt: Date;
  section: { id: number; name: string; slug: string } | null;
  credits: { role: CreditRole; personId: number; name: string }[];
}

/**
 * Published articles, newest first, with their section and credits, in one round trip.
 * The partial index on (section_id, published_at, id) serves it, scanned backwards.
 */
export async function listPublished(db: Database, f: PublicFilters): Promise<PublishedSummaryRow[]> {
  const where: SQL[] = [sql`a.status = 'published'`];
  if (f.sectionSlug !== undefined) where.push(sql`a.section_id = (select id from sections where slug = ${f.sectionSlug})`);
  if (f.from) where.push(sql`a.published_at >= ${f.from.toISOString()}::timestamptz`);
  if (f.to) where.push(sql`a.published_at < ${f.to.toISOString()}::timestamptz`);
  if (f.before) {
    const [publishedAt, id] = f.before;
    where.push(sql`(a.published_at, a.id) < (${publishedAt}::timestamptz, ${id}::int)`);
  }
  const result = await db.execute(sql`
    select a.id, a.kicker, a.headline, a.subtitle, a.summary,
           a.published_at as "publishedAt", a.updated_at as "updatedAt",
           case when s.id is null then null else json_build_object('id', s.id, 'name', s.name, 'slug', s.slug) end as section,
           coalesce((select json_agg(json_build_object('role', c.role, 'personId', c.person_id, 'name', p.name) order by c.position)
                     from article_credits c join people p on p.id = c.person_id
                     where c.article_id = a.id), '[]'::json) as credits
    from articles a
    left join sections s on s.id = a.section_id
    where ${sql.join(where, sql` and `)}
    order by a.published_at desc, a.id desc
    limit ${f.limit}`);
  return rowsOf<PublishedSummaryRow & { publishedAt: Date | string; updatedAt: Date | string }>(result).map((row) => ({
    ...row,
    publishedAt: new Date(row.publishedAt),
    updatedAt: new Date(row.updatedAt),
  }));
}

export async function findPublished(db: Database, id: number): Promise<ArticleRow | undefined> {
  const [row] = await db
    .select()
    .from(articles)
    .where(and(eq(articles.id, id), eq(articles.status, 'published')));
  return row;
}

export async function sectionsByIds(db: Database, ids: number[]) {
  if (ids.length === 0) return [];
  return db.select({ id: sections.id, name: sections.name, slug: sections.slug }).from(sections).where(inArray(sections.id, ids));
}

/** Scheduled articles due now, locked for this transaction; rows another instance holds are skipped. */
export async function claimDue(db: Database, limit: number): Promise<ArticleRow[]> {
  return db
    .select()
    .from(articles)
    .where(and(eq(articles.status, 'scheduled'), sql`${articles.publishAt} <= now()`, eq(articles.version, articles.scheduledVersion)))
    .orderBy(asc(articles.publishAt))
    .limit(limit)
    .for('update', { skipLocked: true });
}

export async function overdueScheduled(db: Database, before: Date): Promise<{ id: number; publishAt: Date | null }[]> {
  return db
    .select({ id: articles.id, publishAt: articles.publishAt })
    .from(articles)
    .where(and(eq(articles.status, 'scheduled'), lt(articles.publishAt, before)))
    .orderBy(asc(articles.publishAt))
    .limit(100);
}
