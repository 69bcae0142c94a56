import { LRUCache } from 'lru-cache';
import type { Database, DatabaseHandle } from '../../db/client.js';
import type { SearchKind } from '../../db/schema/index.js';
import { plainText } from '../../document/markdown.js';
import { BadRequest } from '../../errors.js';
import { decodeCursor, encodeCursor } from '../../lib/pagination.js';
import { highlight, holdsAll, snippet, type MarkedText } from '../../lib/search/highlight.js';
import { fold } from '../../lib/search/normalize.js';
import { parseQuery, QueryRefused, type ParsedQuery, type QueryTerm } from '../../lib/search/query.js';
import { DEFAULT_TIME_ZONE, timeWindow } from '../../lib/time.js';
import { displayCell } from '../../tables/cells.js';
import { tableRows } from '../notices/repository.js';
import * as repo from './repository.js';
import { CHECKED_CANDIDATES, RANKED_CANDIDATES, type PublicSearchQuery, type SearchHit, type SearchPage, type SearchQuery } from './schemas.js';

/** A notice's rows read for matches, at most: a table's first rows when it is longer. */
const ROWS_READ = 5000;
/** A notice's matching rows shown with its hit. */
const ROWS_SHOWN = 20;
/** How much stories' text (UTF-16 units) is kept for snippets: about 8,000 stories of 1,000 characters. */
const TEXT_KEPT = 8_000_000;

export type SearchService = ReturnType<typeof createSearchService>;

/** A query search refused, as the 400 a client gets: what is wrong with it and its `reason`. */
function refused(error: QueryRefused): BadRequest {
  return new BadRequest(error.message, { reason: error.reason, errors: [{ in: 'query', pointer: '/q', message: error.message }] });
}

/** Reads the query, or throws the 400 saying why it cannot be searched. */
export function readQuery(q: string): ParsedQuery {
  try {
    return parseQuery(q);
  } catch (error) {
    throw error instanceof QueryRefused ? refused(error) : error;
  }
}

/** The rows of a notice's table that hold every term (else any), each cell as printed with its matches marked. */
async function matchingRows(db: Database, row: repo.NoticeHitRow, terms: readonly QueryTerm[]) {
  if (row.tableId === null || !row.columns) return { rows: [], rowsMatched: 0 };
  const columns = row.columns;
  const looked = terms.filter((t) => !t.exclude);
  const wanted = looked.map((t) => squeezed(t.folded));
  const rows = (await tableRows(db, row.tableId, 0, ROWS_READ)).flatMap((r) => {
    const cells = columns.map((c, i) => ({ label: c.label, text: displayCell(c.type, r.cells[i] ?? null) }));
    const text = cells.map((c) => c.text).join('；');
    // A cheap first look (the terms' letters and digits in the row's, in order), then the exact one.
    const letters = squeezed(fold(text));
    return wanted.some((w) => letters.includes(w)) ? [{ row: r.position, cells, text }] : [];
  });
  let matched = rows.filter((r) => holdsAll(r.text, looked));
  // The words may be spread over rows ("温庄村 肖凤臣" where 肖凤臣 is of another village): show the rows with any.
  if (matched.length === 0) matched = rows.filter((r) => looked.some((term) => holdsAll(r.text, [term])));
  return {
    rows: matched.slice(0, ROWS_SHOWN).map((r) => ({ row: r.row, cells: r.cells.map((c) => ({ label: c.label, ...highlight(c.text, looked) })) })),
    rowsMatched: matched.length,
  };
}

/** Folded text's letters and digits alone: any stretch the tokens match is a substring of it. */
const squeezed = (folded: string) => folded.replace(/[^\p{L}\p{N}]/gu, '');

/** The first of the texts in which the query matches, as a snippet; else the first text's start. */
function bestSnippet(texts: (string | null | undefined)[], terms: readonly QueryTerm[]): MarkedText {
  const present = texts.filter((t): t is string => !!t?.trim());
  for (const text of present) {
    const cut = snippet(text, terms);
    if (cut.marks.length > 0) return cut;
  }
  return present[0] ? snippet(present[0], terms) : { text: '', marks: [] };
}

/**
 * Search over stories, notices and photos: the newsroom's (every state the viewer may see, with
 * filters) and the public's (published stories and notices). Ranked by the index; snippets and
 * matching table rows are cut here from the items as stored.
 */
export function createSearchService({
  db,
  withSettings,
  baseUrl,
  timeZone = DEFAULT_TIME_ZONE,
  ranked: rankedCount = RANKED_CANDIDATES,
  checked: checkedCount = CHECKED_CANDIDATES,
}: {
  db: Database;
  /** The database with settings of its own: the index is searched with repo.SEARCH_SETTINGS. */
  withSettings: DatabaseHandle['withSettings'];
  baseUrl: string;
  timeZone?: string;
  /** How many of the newest matches are ranked (RANKED_CANDIDATES; fewer in tests). */
  ranked?: number;
  /** How many of the newest items holding a phrase's tokens are checked for it (CHECKED_CANDIDATES; fewer in tests). */
  checked?: number;
}) {
  const searching = withSettings(repo.SEARCH_SETTINGS);
  /**
   * Stories' bodies as plain text, by id and version, for their snippets: the hits of most
   * searches are the newest stories, and reading and walking a body's stored document cost more
   * than the rest of a hit (measured: 20 hits' documents, 1 ms of the service's CPU on
   * PostgreSQL and 3 ms on PGlite, of a search's 4 and 13). A new version is a new key.
   */
  const texts = new LRUCache<string, string>({ maxSize: TEXT_KEPT, sizeCalculation: (text) => Math.max(1, text.length) });

  /** The page's stories, each with its body's text: kept, else read for those not kept. */
  async function articleHits(ids: number[]) {
    const rows = await repo.articlesForHits(db, ids);
    const key = (r: { id: number; version: number }) => `${r.id}:${r.version}`;
    const read = new Map<number, string>();
    for (const d of await repo.articleDocuments(db, rows.filter((r) => !texts.has(key(r))).map((r) => r.id))) {
      const text = plainText(d.document);
      texts.set(key(d), text);
      read.set(d.id, text);
    }
    // A story saved between the two reads: its newer text, which the next search's row names.
    return rows.map((r) => ({ ...r, text: texts.get(key(r)) ?? read.get(r.id) ?? '' }));
  }

  async function hits(viewer: repo.Viewer, query: SearchQuery): Promise<SearchPage> {
    const parsed = readQuery(query.q);
    const [offset] = decodeCursor(query.cursor, ['number']) ?? [0];
    if (offset < 0 || offset >= rankedCount) throw new BadRequest('The cursor is not one this list handed out');
    // Pages end with the last candidate ranked.
    const limit = Math.min(query.limit ?? 20, rankedCount - offset);
    const { rows: ranked, checkedAll } = await repo.rankedMatches(searching, {
      tsquery: parsed.tsquery,
      tokens: parsed.tokens,
      exact: parsed.exact,
      rank: parsed.rank,
      checked: checkedCount,
      viewer,
      kind: query.kind,
      status: query.status,
      sectionId: query.section,
      ...timeWindow(query, timeZone),
      // One more than are ranked, to know whether more match.
      candidates: rankedCount + 1,
      limit: limit + 1,
      offset,
    });
    const page = ranked.slice(0, limit);
    const ids = (kind: SearchKind) => page.filter((r) => r.kind === kind).map((r) => r.itemId);
    const [articles, notices, photos] = await Promise.all([
      articleHits(ids('article')),
      repo.noticesForHits(db, ids('notice')),
      viewer.public ? [] : repo.photosForHits(db, ids('photo')),
    ]);
    const { terms } = parsed;
    const shown = new Map<string, SearchHit>();
    for (const a of articles) {
      shown.set(`article:${a.id}`, {
        kind: 'article',
        id: a.id,
        title: highlight(a.headline, terms),
        kicker: a.kicker,
        snippet: bestSnippet([a.text, a.summary], terms),
        status: a.status,
        section: a.sectionId === null ? null : { id: a.sectionId, name: a.sectionName ?? '' },
        publishedAt: a.publishedAt?.toISOString() ?? null,
        updatedAt: a.updatedAt.toISOString(),
        url: a.status === 'published' ? `${baseUrl}/articles/${a.id}` : null,
      });
    }
    const rows = await Promise.all(notices.map((n) => matchingRows(db, n, terms)));
    for (const [i, n] of notices.entries()) {
      shown.set(`notice:${n.id}`, {
        kind: 'notice',
        id: n.id,
        title: highlight(n.title, terms),
        kicker: null,
        snippet: bestSnippet([plainText(n.preambleDocument), n.issuer], terms),
        status: n.status,
        section: null,
        publishedAt: n.publishedAt?.toISOString() ?? null,
        updatedAt: n.updatedAt.toISOString(),
        url: n.status === 'published' ? `${baseUrl}/notices/${n.id}` : null,
        ...rows[i],
      });
    }
    for (const p of photos) {
      shown.set(`photo:${p.id}`, {
        kind: 'photo',
        id: p.id,
        title: highlight(p.caption ?? p.alt ?? '', terms),
        kicker: null,
        snippet: bestSnippet([p.alt, p.bylineName], terms),
        status: null,
        section: null,
        publishedAt: null,
        updatedAt: p.updatedAt.toISOString(),
        url: null,
      });
    }
    const matched = ranked[0]?.total ?? 0;
    return {
      items: page.flatMap((r) => shown.get(`${r.kind}:${r.itemId}`) ?? []),
      nextCursor: ranked.length > limit && offset + limit < rankedCount ? encodeCursor([offset + limit]) : null,
      total: Math.min(matched, rankedCount),
      // A phrase's check stopped at the newest items holding its words: older ones may match too.
      bounded: matched > rankedCount || !checkedAll,
    };
  }

  return {
    /** The newsroom's search: everything an editor may see; a reporter's own items and everything published. */
    newsroom: (viewer: { userId: number; editor: boolean }, query: SearchQuery) => hits({ public: false, ...viewer }, query),

    /** The public's search: published stories and notices only. */
    async published(query: PublicSearchQuery) {
      const page = await hits({ public: true }, query);
      return { ...page, items: page.items.map(({ status: _status, section: _section, updatedAt: _updatedAt, ...hit }) => hit) };
    },
  };
}
