import { and, asc, desc, eq, exists, getTableColumns, gte, inArray, lt, or, sql, type SQL } from 'drizzle-orm';
import { union } from 'drizzle-orm/pg-core';
import type { PgUpdateSetSource } from 'drizzle-orm/pg-core';
import { rowsOf, type Database } from '../../db/client.js';
import { articleCredits, articles, corrections, editions, pages, people, placements, sections, users, type ItemStatus } from '../../db/schema/index.js';
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

/** What print needs of a stored article to set a draft of it in its place: its head and who filed it, not its body. */
export type ArticleHead = { id: number; kicker: string | null; subtitle: string | null; createdBy: number };

export async function findArticleHead(db: Database, id: number): Promise<ArticleHead | undefined> {
  const [row] = await db
    .select({ id: articles.id, kicker: articles.kicker, subtitle: articles.subtitle, createdBy: articles.createdBy })
    .from(articles)
    .where(eq(articles.id, id));
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

/**
 * Articles by id, each locked against change until the caller's transaction ends, so that what
 * is read of them (to index them for search) is not overtaken by an edit saved meanwhile.
 */
export async function articlesByIdsForShare(db: Database, ids: readonly number[]): Promise<ArticleRow[]> {
  if (ids.length === 0) return [];
  return db.select().from(articles).where(inArray(articles.id, [...ids])).orderBy(asc(articles.id)).for('share');
}

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

export interface QueueFilters {
  /** Only these states; all when absent. */
  statuses?: readonly ItemStatus[];
  sectionId?: number;
  /** Only stories this user filed or that credit the person linked to them. */
  userId?: number;
  /** Only stories crediting this person. */
  personId?: number;
  /** Keyset: (updatedAt, id) of the last story of the previous page. */
  before?: readonly [string, number];
  limit: number;
}

/** A story as the desk's queue lists it: never the body, its byline and where it is placed. Times as PostgreSQL writes them in JSON. */
export interface QueueRow {
  id: number;
  kicker: string | null;
  headline: string;
  status: ItemStatus;
  figures: ArticleRow['figures'];
  publishAt: string | null;
  updatedAt: string;
  createdBy: number;
  section: { id: number; name: string } | null;
  credits: { role: CreditRole; personId: number; name: string }[];
  /** Pages it is placed on, latest edition first. */
  placements: { date: string; label: string }[];
}

const queueColumns = {
  id: articles.id,
  kicker: articles.kicker,
  headline: articles.headline,
  status: articles.status,
  figures: articles.figures,
  publishAt: articles.publishAt,
  updatedAt: articles.updatedAt,
  createdBy: articles.createdBy,
  sectionId: articles.sectionId,
};

/** Which filters a queue query has: one statement is prepared for each such shape. */
interface QueueShape {
  statuses?: readonly ItemStatus[];
  section: boolean;
  user: boolean;
  person: boolean;
  before: boolean;
}

/**
 * The page of stories a shape of filters chooses, newest change first. A user's stories are
 * those they filed and those crediting the person who is them: each is a short ordered read of
 * its own index ((created_by, updated_at, id); the person's credits), cut to the page and
 * merged, so a user with few stories among many costs no more than one with many.
 */
function queuePage(db: Database, shape: QueueShape) {
  const where: SQL[] = [];
  if (shape.statuses) where.push(inArray(articles.status, [...shape.statuses]));
  if (shape.section) where.push(eq(articles.sectionId, sql.placeholder('section')));
  if (shape.person) {
    const credit = db
      .select({ one: sql`1` })
      .from(articleCredits)
      .where(and(eq(articleCredits.articleId, articles.id), eq(articleCredits.personId, sql.placeholder('person'))));
    where.push(exists(credit));
  }
  if (shape.before) where.push(sql`(${articles.updatedAt}, ${articles.id}) < (${sql.placeholder('beforeAt')}::timestamptz, ${sql.placeholder('beforeId')}::int)`);
  const newestFirst = [desc(articles.updatedAt), desc(articles.id)];
  const limit = sql.placeholder('limit');
  if (!shape.user) return db.select(queueColumns).from(articles).where(and(...where)).orderBy(...newestFirst).limit(limit).as('page');
  const filed = db
    .select(queueColumns)
    .from(articles)
    .where(and(...where, eq(articles.createdBy, sql.placeholder('user'))))
    .orderBy(...newestFirst)
    .limit(limit);
  const credited = db
    .select(queueColumns)
    .from(articles)
    .innerJoin(articleCredits, eq(articleCredits.articleId, articles.id))
    .innerJoin(people, eq(people.id, articleCredits.personId))
    .where(and(...where, eq(people.userId, sql.placeholder('user'))))
    .orderBy(...newestFirst)
    .limit(limit);
  return union(filed, credited).orderBy(...newestFirst).limit(limit).as('page');
}

/**
 * The queue's statement for a shape: the page of stories, then only its rows joined to their
 * section, credits and pages. The page comes back as one JSON array: a list row costs the
 * driver far more to decode column by column than JSON does, and the timestamps stay exactly as
 * stored for the cursor.
 */
function queueQuery(db: Database, shape: QueueShape, name: string) {
  const page = queuePage(db, shape);
  return db
    .select({
      rows: sql<QueueRow[]>`coalesce(json_agg(json_build_object(
        'id', ${page.id}, 'kicker', ${page.kicker}, 'headline', ${page.headline}, 'status', ${page.status}, 'figures', ${page.figures},
        'publishAt', ${page.publishAt}, 'updatedAt', ${page.updatedAt}, 'createdBy', ${page.createdBy},
        'section', case when ${sections.id} is null then null else json_build_object('id', ${sections.id}, 'name', ${sections.name}) end,
        'credits', coalesce((
          select json_agg(json_build_object('role', c.role, 'personId', c.person_id, 'name', (select p.name from ${people} p where p.id = c.person_id)) order by c.position)
          from ${articleCredits} c where c.article_id = ${page.id}), '[]'::json),
        'placements', coalesce((
          select json_agg(json_build_object('date', e.date, 'label', g.label) order by e.date desc, g.label)
          from ${placements} x join ${pages} g on g.id = x.page_id join ${editions} e on e.id = x.edition_id
          where x.article_id = ${page.id}), '[]'::json)
      ) order by ${page.updatedAt} desc, ${page.id} desc), '[]'::json)`,
    })
    .from(page)
    .leftJoin(sections, eq(sections.id, page.sectionId))
    .prepare(name);
}

/** The queue is the desk's busiest page: its statements are built once per database and shape of filters. */
const preparedQueues = new WeakMap<Database, Map<string, ReturnType<typeof queueQuery>>>();

/**
 * The desk's story queue, most recently changed first, in one round trip: the page of stories
 * is chosen first (read backwards from the index on (updated_at, id), on (status, …) or
 * (section_id, …) before it, or from the user's own stories), and only its rows are joined to
 * what the list shows.
 */
export async function listQueue(db: Database, f: QueueFilters): Promise<QueueRow[]> {
  const shape: QueueShape = { statuses: f.statuses, section: f.sectionId !== undefined, user: f.userId !== undefined, person: f.personId !== undefined, before: f.before !== undefined };
  const key = `queue_${shape.statuses?.join('_') ?? 'all'}_${Number(shape.section)}${Number(shape.user)}${Number(shape.person)}${Number(shape.before)}`;
  let cache = preparedQueues.get(db);
  if (!cache) preparedQueues.set(db, (cache = new Map()));
  let query = cache.get(key);
  if (!query) cache.set(key, (query = queueQuery(db, shape, key)));
  const [result] = await query.execute({
    section: f.sectionId,
    user: f.userId,
    person: f.personId,
    beforeAt: f.before?.[0],
    beforeId: f.before?.[1],
    limit: f.limit,
  });
  return result?.rows ?? [];
}

/** What the queue's filters offer: every section in order, and every user (active first) as a reporter. */
export async function queueChoices(db: Database): Promise<{ sections: { id: number; name: string }[]; users: { id: number; name: string; active: boolean }[] }> {
  const result = await db.execute(sql`select
    coalesce((select json_agg(json_build_object('id', s.id, 'name', s.name) order by s.position, s.id) from ${sections} s), '[]'::json) as sections,
    coalesce((select json_agg(json_build_object('id', u.id, 'name', u.name, 'active', u.active) order by u.active desc, u.name, u.id) from ${users} u), '[]'::json) as users`);
  return rowsOf<{ sections: { id: number; name: string }[]; users: { id: number; name: string; active: boolean }[] }>(result)[0]!;
}
