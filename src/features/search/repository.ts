import { inArray, sql, type SQL } from 'drizzle-orm';
import { rowsOf, type Database, type SettledDatabase } from '../../db/client.js';
import { spanLexemes, spanQuery, utcMidnight } from '../../lib/search/time-lexemes.js';
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
  /** What heads are scored by (ParsedQuery.rank). */
  rank: string;
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
  /** False when the check of phrases and exclusions stopped at `checked` items: older ones may match too. */
  checkedAll: boolean;
}

/** A reporter's own items: filed by them, or crediting them. */
function ownedBy(userId: number): SQL {
  return sql`(d.created_by = ${userId}
    or (d.kind = 'article' and exists (select 1 from ${articleCredits} c join ${people} p on p.id = c.person_id where c.article_id = d.item_id and p.user_id = ${userId}))
    or (d.kind = 'notice' and exists (select 1 from ${noticeCredits} c join ${people} p on p.id = c.person_id where c.notice_id = d.item_id and p.user_id = ${userId})))`;
}

/** Runs a search's statements with SEARCH_SETTINGS in force (DatabaseHandle.withSettings). */
export type Searching = SettledDatabase;

/** The longest a search's query may run on PostgreSQL. */
export const SEARCH_TIMEOUT_MS = 5000;

/**
 * What a search's statements run with. A word in nearly every item looks cheapest to the
 * planner as a scan of the whole table, but that reads every item's terms (about 9 KB each, out
 * of line), where the GIN index answers from its own entries. A plan priced with scans switched
 * off looks dear enough to compile (JIT), which costs more than any search. A phrase of common
 * words can read the terms of many items before it finds its candidates: past the timeout,
 * PostgreSQL stops it (a 503 saying to narrow the query) rather than let it hold the database;
 * PGlite, in this process, keeps no such timer. Parallel workers cost more to start than they
 * save a statement that reads at most a few thousand rows, while concurrent searches already
 * keep every core busy.
 */
export const SEARCH_SETTINGS = { enable_seqscan: 'off', jit: 'off', max_parallel_workers_per_gather: '0', statement_timeout: String(SEARCH_TIMEOUT_MS) } as const;

/**
 * The ranked page of a search: the newest `candidates` items that match and the viewer may see,
 * ranked by their heads (headline and kicker weigh most, then subtitle and summary, byline),
 * a match in the text alone counting a little, and by how recent they are.
 */
export async function rankedMatches(searching: Searching, f: SearchFilters, now = new Date()): Promise<Ranked> {
  const found = await searching((db) => newestMatches(db, f, now));
  return { rows: pageOf(found.items, f), checkedAll: found.checkedAll };
}

const DAY_MS = 86_400_000;
/**
 * The spans of time a search may reach back to with time lexemes, in days before today (UTC),
 * newest first; then all before, without them. Each span is named by at most MAX_COVER lexemes
 * (a longer one by the months or years it touches, see spanLexemes): the GIN index checks every
 * item holding the rarest token against each lexeme named. Measured on 200,000 stories, three
 * words ANDed with 5 matches a day took 13.5 ms over everything older than the last 2 days, to
 * find the newest 190, and 5 ms over the three months that held them; the same three months
 * named by 32 day and month lexemes took 12 ms. Past a year, a span holds most of the archive.
 */
const SPAN_DAYS = [2, 7, 31, 92, 365];

/**
 * How far back the next span of a search reaches, having found `found` of the `wanted` matches
 * in the last `covered` days: the nearest of SPAN_DAYS where as many a day as so far would make
 * up the rest, else everything older (null), which for so rare a query is a short list. For a
 * phrase, having also read `holders` of the `budget` items it may check: no further than where
 * as many holders a day as so far would spend the budget.
 */
export function nextSpanDays(covered: number, found: number, wanted: number, holders = 0, budget = Infinity): number | null {
  const perDay = found / covered;
  const holdersPerDay = holders / covered;
  return SPAN_DAYS.find((days) => days > covered && (perDay * days >= wanted || holdersPerDay * days >= budget)) ?? null;
}

/** A match, with its score: heads matched (cover density, by weight), then how recent. */
type Candidate = { kind: SearchKind; itemId: number; score: number; sortMs: number };

/** What a match in an item's text alone scores: below a headline's, about a byline's. */
const TEXT_MATCH = 0.05;

/** The score and time of the items a query selects as `d`, to rank them by; an item dated ahead counts as today's. */
const scored = (f: SearchFilters) => sql`d.kind, d.item_id as "itemId",
  (${sql.raw(String(TEXT_MATCH))} + ts_rank_cd('{0.1, 0.2, 0.4, 1.0}', d.heads, ${f.rank}::tsquery, 1))
    * (1 + 1 / (1 + greatest(0, extract(epoch from (now() - d.sort_at))) / 2592000.0))::float8 as score,
  (extract(epoch from d.sort_at) * 1000)::float8 as "sortMs"`;

/** The page of the candidates, best first; the newest first among equals. */
function pageOf(candidates: Candidate[], f: SearchFilters): RankedRow[] {
  const order = [...candidates].sort((a, b) => b.score - a.score || b.sortMs - a.sortMs || a.kind.localeCompare(b.kind) || a.itemId - b.itemId);
  return order.slice(f.offset, f.offset + f.limit).map((c) => ({ kind: c.kind, itemId: c.itemId, total: candidates.length }));
}

/**
 * The newest `candidates` items the viewer may see that match, span by span of time, newest
 * first, until enough are found. In each span the GIN index finds the items holding every token
 * (with the span's time lexemes, so a common word costs what the span holds, not what the whole
 * archive does); for phrases and exclusions those are checked against the whole query, newest
 * first, reading their terms, `checked` of them at most in all.
 */
async function newestMatches(db: Database, f: SearchFilters, now: Date): Promise<{ items: Candidate[]; checkedAll: boolean }> {
  const filters: SQL[] = [];
  if (f.viewer.public) filters.push(sql`d.status = 'published' and d.kind in ('article', 'notice')`);
  else if (!f.viewer.editor) filters.push(sql`(d.status = 'published' or d.kind = 'photo' or ${ownedBy(f.viewer.userId)})`);
  if (f.kind) filters.push(sql`d.kind = ${f.kind}`);
  if (f.status) filters.push(sql`d.status = ${f.status}`);
  if (f.sectionId !== undefined) filters.push(sql`d.section_id = ${f.sectionId}`);
  if (f.to) filters.push(sql`d.sort_at < ${f.to.toISOString()}`);
  // Spans are counted back from today, or from the end of the dates searched; the first has no
  // end but the search's own, which its lexemes reach (today's, or the day `to` falls in).
  const ending = f.to && f.to < now ? f.to : now;
  const today = utcMidnight(ending).getTime();
  const items: Candidate[] = [];
  let checkLeft = f.checked;
  let until: Date | null = null;
  let covered = 0;
  for (;;) {
    const days = covered === 0 ? SPAN_DAYS[0]! : nextSpanDays(covered, items.length, f.candidates, f.checked - checkLeft, f.checked);
    const back = days === null ? null : new Date(today - days * DAY_MS);
    const last = !back || (f.from !== undefined && back <= f.from);
    const from = last ? (f.from ?? null) : back;
    const need = f.candidates - items.length;
    const where = [...filters, sql`d.terms @@ ${from && days !== null ? `(${f.tokens}) & ${spanQuery(spanLexemes(from, until, ending))}` : f.tokens}::tsquery`];
    if (from) where.push(sql`d.sort_at >= ${from.toISOString()}`);
    if (until) where.push(sql`d.sort_at < ${until.toISOString()}`);
    const holding = sql`select d.kind, d.item_id, d.sort_at, d.heads, d.terms from ${searchDocuments} d where ${sql.join(where, sql` and `)} order by d.sort_at desc, d.kind, d.item_id`;
    if (f.exact) {
      items.push(...rowsOf<Candidate>(await db.execute(sql`select ${scored(f)} from (${holding} limit ${need}) d`)));
    } else {
      // The holders are taken newest first, and checked in that order only until enough match.
      const rows = rowsOf<{ holders: number } & { [K in keyof Candidate]: Candidate[K] | null }>(
        await db.execute(sql`with holding as materialized (${holding} limit ${checkLeft + 1})
          select s.holders, h.*
          from (select count(*)::int as holders from holding) s
          left join lateral (select ${scored(f)} from (select * from holding limit ${checkLeft}) d where d.terms @@ ${f.tsquery}::tsquery limit ${need}) h on true`),
      );
      for (const r of rows) if (r.kind !== null && r.itemId !== null) items.push({ kind: r.kind, itemId: r.itemId, score: r.score!, sortMs: r.sortMs! });
      const holders = rows[0]?.holders ?? 0;
      if (holders > checkLeft) return { items, checkedAll: false };
      checkLeft -= holders;
    }
    if (last || items.length >= f.candidates) return { items, checkedAll: true };
    until = from;
    covered = days!;
  }
}

export interface ArticleHitRow {
  id: number;
  version: number;
  kicker: string | null;
  headline: string;
  summary: string | null;
  status: ItemStatus;
  sectionId: number | null;
  sectionName: string | null;
  publishedAt: Date | null;
  updatedAt: Date;
}

/** The hits' stories, their bodies left out (articleDocuments reads those). */
export async function articlesForHits(db: Database, ids: number[]): Promise<ArticleHitRow[]> {
  if (ids.length === 0) return [];
  return db
    .select({
      id: articles.id,
      version: articles.version,
      kicker: articles.kicker,
      headline: articles.headline,
      summary: articles.summary,
      status: articles.status,
      sectionId: articles.sectionId,
      sectionName: sections.name,
      publishedAt: articles.publishedAt,
      updatedAt: articles.updatedAt,
    })
    .from(articles)
    .leftJoin(sections, sql`${sections.id} = ${articles.sectionId}`)
    .where(inArray(articles.id, ids));
}

/** Stories' bodies, each with the version it belongs to. */
export async function articleDocuments(db: Database, ids: number[]): Promise<{ id: number; version: number; document: Document }[]> {
  if (ids.length === 0) return [];
  return db.select({ id: articles.id, version: articles.version, document: articles.document }).from(articles).where(inArray(articles.id, ids));
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
    .where(inArray(notices.id, ids));
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
    .where(inArray(photos.id, ids));
}
