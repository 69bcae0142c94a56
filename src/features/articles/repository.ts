import { and, asc, desc, eq, getTableColumns, gte, lt, or, sql, type SQL } from 'drizzle-orm';
import type { PgUpdateSetSource } from 'drizzle-orm/pg-core';
import type { Database } from '../../db/client.js';
import { articleCredits, articles, corrections, people, sections, type ItemStatus } from '../../db/schema/index.js';
import { NOW } from '../../db/versioned.js';
import type { CreditRole } from '../../document/credit-roles.js';
import { creditsPerson } from '../people/credits.js';

export type ArticleRow = typeof articles.$inferSelect;
export type CorrectionRow = typeof corrections.$inferSelect;

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
  /** Read the bodies too; a list without them reads no body (blank) and never the parsed document. */
  withBody?: boolean;
}

/** A row as a list reads it: never the parsed document, and the body only when asked for. */
export type ArticleListRow = Omit<ArticleRow, 'document'>;

/** Newsroom list: most recently changed first. */
export async function listArticles(db: Database, f: ArticleFilters): Promise<ArticleListRow[]> {
  const where: (SQL | undefined)[] = [];
  if (f.status) where.push(eq(articles.status, f.status));
  if (f.sectionId !== undefined) where.push(eq(articles.sectionId, f.sectionId));
  if (f.personId !== undefined) {
    where.push(creditsPerson(db, 'article', articles.id, f.personId));
  }
  if (f.updatedSince) where.push(gte(articles.updatedAt, f.updatedSince));
  if (f.overdueBefore) where.push(and(eq(articles.status, 'scheduled'), lt(articles.publishAt, f.overdueBefore)));
  if (f.before) {
    const [updatedAt, id] = f.before;
    const at = sql`${updatedAt}::timestamptz`;
    where.push(or(lt(articles.updatedAt, at), and(eq(articles.updatedAt, at), lt(articles.id, id))));
  }
  const { document: _document, ...columns } = getTableColumns(articles);
  return db
    .select({ ...columns, body: f.withBody ? articles.body : sql<string>`''` })
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

const creditsJson = sql<{ role: CreditRole; personId: number; name: string }[]>`coalesce((
  select json_agg(json_build_object('role', c.role, 'personId', c.person_id, 'name', p.name) order by c.position)
  from ${articleCredits} c join ${people} p on p.id = c.person_id
  where c.article_id = ${articles.id}), '[]'::json)`;

function publishedQuery(db: Database, variant: { section: boolean; from: boolean; to: boolean; before: boolean }) {
  const where: SQL[] = [sql`${articles.status} = 'published'`];
  if (variant.section) where.push(sql`${articles.sectionId} = (select id from ${sections} where slug = ${sql.placeholder('section')})`);
  if (variant.from) where.push(sql`${articles.publishedAt} >= ${sql.placeholder('from')}::timestamptz`);
  if (variant.to) where.push(sql`${articles.publishedAt} < ${sql.placeholder('to')}::timestamptz`);
  if (variant.before) {
    where.push(sql`(${articles.publishedAt}, ${articles.id}) < (${sql.placeholder('beforeAt')}::timestamptz, ${sql.placeholder('beforeId')}::int)`);
  }
  const key = `published_${Number(variant.section)}${Number(variant.from)}${Number(variant.to)}${Number(variant.before)}`;
  return db
    .select({
      id: articles.id,
      kicker: articles.kicker,
      headline: articles.headline,
      subtitle: articles.subtitle,
      summary: articles.summary,
      publishedAt: articles.publishedAt,
      updatedAt: articles.updatedAt,
      sectionId: sections.id,
      sectionName: sections.name,
      sectionSlug: sections.slug,
      credits: creditsJson,
    })
    .from(articles)
    .leftJoin(sections, eq(sections.id, articles.sectionId))
    .where(and(...where))
    .orderBy(desc(articles.publishedAt), desc(articles.id))
    .limit(sql.placeholder('limit'))
    .prepare(key);
}

/** The public list is the hottest query: its statements are prepared once per database, per filter combination. */
const preparedLists = new WeakMap<Database, Map<string, ReturnType<typeof publishedQuery>>>();

/**
 * Published articles, newest first, with their section and credits, in one round trip.
 * The partial index on (section_id, published_at, id) serves it, scanned backwards.
 */
export async function listPublished(db: Database, f: PublicFilters): Promise<PublishedSummaryRow[]> {
  const variant = { section: f.sectionSlug !== undefined, from: f.from !== undefined, to: f.to !== undefined, before: f.before !== undefined };
  const key = JSON.stringify(variant);
  let cache = preparedLists.get(db);
  if (!cache) preparedLists.set(db, (cache = new Map()));
  let query = cache.get(key);
  if (!query) cache.set(key, (query = publishedQuery(db, variant)));
  const rows = await query.execute({
    section: f.sectionSlug,
    from: f.from?.toISOString(),
    to: f.to?.toISOString(),
    beforeAt: f.before?.[0],
    beforeId: f.before?.[1],
    limit: f.limit,
  });
  return rows.map(({ sectionId, sectionName, sectionSlug, publishedAt, ...row }) => ({
    ...row,
    publishedAt: publishedAt!,
    section: sectionId === null ? null : { id: sectionId, name: sectionName!, slug: sectionSlug! },
  }));
}

export async function findPublished(db: Database, id: number): Promise<ArticleRow | undefined> {
  const [row] = await db
    .select()
    .from(articles)
    .where(and(eq(articles.id, id), eq(articles.status, 'published')));
  return row;
}
