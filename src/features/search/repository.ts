import { sql, type SQL } from 'drizzle-orm';
import { rowsOf, type Database } from '../../db/client.js';
import type { Document } from '../../document/model.js';
import type { Column } from '../../tables/cells.js';
import { articleCredits, articles, noticeCredits, notices, noticeTables, people, photos, searchDocuments, sections, type ItemStatus, type SearchKind } from '../../db/schema/index.js';

/** Who is searching: the public sees published stories and notices; a reporter their own items and everything published; an editor all. */
export type Viewer = { public: true } | { public: false; userId: number; editor: boolean };

export interface SearchFilters {
  tsquery: string;
  /** The query's tokens ANDed (ParsedQuery.tokens), and whether they find exactly what `tsquery` does. */
  tokens: string;
  exact: boolean;
  /** How many of the newest items holding every token are checked for the phrases and exclusions. */
  checked: number;
  viewer: Viewer;
  kind?: SearchKind;
  status?: ItemStatus;
  sectionId?: number;
  from?: Date;
  to?: Date;
  /** How many of the newest matches are ranked. */
  candidates: number;
  limit: number;
  offset: number;
}

export interface RankedRow {
  kind: SearchKind;
  itemId: number;
  /** How many items match, up to the candidates ranked. */
  total: number;
}

export interface Ranked {
  rows: RankedRow[];
  /** How many items holding every token were taken to check (`checked` at most, when not exact). */
  scanned: number;
}

/** A reporter's own items: filed by them, or crediting them. */
function ownedBy(userId: number): SQL {
  return sql`(d.created_by = ${userId}
    or (d.kind = 'article' and exists (select 1 from ${articleCredits} c join ${people} p on p.id = c.person_id where c.article_id = d.item_id and p.user_id = ${userId}))
    or (d.kind = 'notice' and exists (select 1 from ${noticeCredits} c join ${people} p on p.id = c.person_id where c.notice_id = d.item_id and p.user_id = ${userId})))`;
}

/**
 * The ranked page of a search: the newest `candidates` items that match and the viewer may see,
 * ranked by cover density (heads weigh most, then subtitle and summary, text, byline) and by how
 * recent they are.
 */
export async function rankedMatches(db: Database, f: SearchFilters): Promise<Ranked> {
  // A phrase of common words can read the terms of many items before it finds its candidates:
  // past this, PostgreSQL stops it (a 503 saying to narrow the query) rather than let it hold
  // the database. PGlite, in this process, keeps no such timer.
  return db.transaction(async (tx) => {
    // Both for this transaction only. A word in nearly every item looks cheapest to the planner
    // as a scan of the whole table, but that reads every item's terms (about 9 KB each, out of
    // line): 262 ms for 聊城 on 20,000 stories (PGlite), where the GIN index answers it exactly
    // from its own entries.
    await tx.execute(sql`select set_config('statement_timeout', ${String(SEARCH_TIMEOUT_MS)}, true), set_config('enable_seqscan', 'off', true)`);
    return rankedIn(tx, f);
  });
}

/** The longest a search's query may run on PostgreSQL. */
export const SEARCH_TIMEOUT_MS = 5000;

/**
 * Two steps, so that no plan reads the terms of more items than `checked`: the GIN index finds
 * the items holding every token, exactly and from its own entries, and the newest of them are
 * taken (the table has no index on time that a plan could walk instead, reading every item's
 * terms on the way, as PostgreSQL chose to for phrases of common words it thought common); then,
 * for phrases and exclusions, those are checked against the whole query, newest first, until
 * enough match. Only the candidates' terms are read, to check and to rank them.
 */
async function rankedIn(db: Database, f: SearchFilters): Promise<Ranked> {
  const where: SQL[] = [sql`d.terms @@ ${f.tokens}::tsquery`];
  if (f.viewer.public) where.push(sql`d.status = 'published' and d.kind in ('article', 'notice')`);
  else if (!f.viewer.editor) where.push(sql`(d.status = 'published' or d.kind = 'photo' or ${ownedBy(f.viewer.userId)})`);
  if (f.kind) where.push(sql`d.kind = ${f.kind}`);
  if (f.status) where.push(sql`d.status = ${f.status}`);
  if (f.sectionId !== undefined) where.push(sql`d.section_id = ${f.sectionId}`);
  if (f.from) where.push(sql`d.sort_at >= ${f.from.toISOString()}`);
  if (f.to) where.push(sql`d.sort_at < ${f.to.toISOString()}`);
  const result = await db.execute(sql`with holding as (
      select d.kind, d.item_id, d.sort_at, d.terms from ${searchDocuments} d
      where ${sql.join(where, sql` and `)}
      order by d.sort_at desc
      limit ${f.exact ? f.candidates : f.checked}
    ), candidates as (
      select kind, item_id, sort_at, terms from holding
      ${f.exact ? sql`` : sql`where terms @@ ${f.tsquery}::tsquery`}
      order by sort_at desc
      limit ${f.candidates}
    ), page as (
      select kind, item_id, (count(*) over ())::int as total,
        ts_rank_cd('{0.1, 0.2, 0.4, 1.0}', terms, ${f.tsquery}::tsquery, 1)
          * (1 + 1 / (1 + extract(epoch from (now() - sort_at)) / 2592000.0)) as score,
        sort_at
      from candidates
      order by score desc, sort_at desc, kind, item_id
      limit ${f.limit} offset ${f.offset}
    )
    -- One row even when the page is empty, for what was scanned.
    select p.kind, p.item_id as "itemId", p.total, s.scanned
    from (select count(*)::int as scanned from holding) s left join page p on true
    order by p.score desc, p.sort_at desc, p.kind, p.item_id`);
  const rows = rowsOf<{ kind: SearchKind | null; itemId: number | null; total: number | null; scanned: number }>(result);
  return {
    rows: rows.flatMap((r) => (r.kind === null || r.itemId === null ? [] : [{ kind: r.kind, itemId: r.itemId, total: r.total ?? 0 }])),
    scanned: rows[0]?.scanned ?? 0,
  };
}

export interface ArticleHitRow {
  id: number;
  kicker: string | null;
  headline: string;
  summary: string | null;
  document: Document;
  status: ItemStatus;
  sectionId: number | null;
  sectionName: string | null;
  publishedAt: Date | null;
  updatedAt: Date;
}

export async function articlesForHits(db: Database, ids: number[]): Promise<ArticleHitRow[]> {
  if (ids.length === 0) return [];
  return db
    .select({
      id: articles.id,
      kicker: articles.kicker,
      headline: articles.headline,
      summary: articles.summary,
      document: articles.document,
      status: articles.status,
      sectionId: articles.sectionId,
      sectionName: sections.name,
      publishedAt: articles.publishedAt,
      updatedAt: articles.updatedAt,
    })
    .from(articles)
    .leftJoin(sections, sql`${sections.id} = ${articles.sectionId}`)
    .where(sql`${articles.id} = any(${sql.raw(`array[${ids.map(Number).join(',')}]::int[]`)})`);
}

export interface NoticeHitRow {
  id: number;
  title: string;
  issuer: string;
  preambleDocument: Document;
  status: ItemStatus;
  publishedAt: Date | null;
  updatedAt: Date;
  tableId: number | null;
  columns: Column[] | null;
}

export async function noticesForHits(db: Database, ids: number[]): Promise<NoticeHitRow[]> {
  if (ids.length === 0) return [];
  return db
    .select({
      id: notices.id,
      title: notices.title,
      issuer: notices.issuer,
      preambleDocument: notices.preambleDocument,
      status: notices.status,
      publishedAt: notices.publishedAt,
      updatedAt: notices.updatedAt,
      tableId: notices.tableId,
      columns: noticeTables.columns,
    })
    .from(notices)
    .leftJoin(noticeTables, sql`${noticeTables.id} = ${notices.tableId}`)
    .where(sql`${notices.id} = any(${sql.raw(`array[${ids.map(Number).join(',')}]::int[]`)})`);
}

export interface PhotoHitRow {
  id: number;
  caption: string | null;
  alt: string | null;
  bylineName: string | null;
  updatedAt: Date;
}

export async function photosForHits(db: Database, ids: number[]): Promise<PhotoHitRow[]> {
  if (ids.length === 0) return [];
  return db
    .select({ id: photos.id, caption: photos.caption, alt: photos.alt, bylineName: people.name, updatedAt: photos.updatedAt })
    .from(photos)
    .leftJoin(people, sql`${people.id} = ${photos.bylinePersonId}`)
    .where(sql`${photos.id} = any(${sql.raw(`array[${ids.map(Number).join(',')}]::int[]`)})`);
}
