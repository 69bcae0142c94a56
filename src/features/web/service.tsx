import type { Database } from '../../db/client.js';
import { etagOf } from '../../lib/etag.js';
import type { ContentCache, Rendered } from '../../publishing/content-cache.js';
import { renderDocument, type Site } from '../../render/web/layout.js';
import { ArticleView } from '../../render/web/views/article.js';
import { EditionIndexView, EditionListView, EditionPageView } from '../../render/web/views/edition.js';
import { HomeView, NotFoundView, SectionView } from '../../render/web/views/front.js';
import { NoticeView } from '../../render/web/views/notice.js';
import { SearchView, type SearchKindFilter, type SearchOutcome } from '../../render/web/views/search.js';
import { BadRequest } from '../../errors.js';
import { highlight } from '../../lib/search/highlight.js';
import { parseQuery, type QueryRefusal } from '../../lib/search/query.js';
import type { PublicArticlesService } from '../articles/public.js';
import { editionKey } from '../editions/dates.js';
import type { PublicEditionsService } from '../editions/public.js';
import type { PublicNoticesService } from '../notices/public.js';
import { shareImage } from '../photos/thumbnails.js';
import type { SearchService } from '../search/service.js';
import { findSectionBySlug } from '../sections/repository.js';

const html = (text: string) => text;
/** Hits on one page of search results. */
const SEARCH_PAGE_SIZE = 20;
/** A notice's matching rows shown with its hit: a list of hits stays a list; the notice has the rest. */
const SEARCH_ROWS_SHOWN = 5;

export type WebService = ReturnType<typeof createWebService>;

/**
 * The web site's HTML documents, rendered from what the content API delivers. Each is kept in
 * the content cache under the item it shows (a variant `html`), so it is dropped exactly when
 * the API's JSON is. Null: nothing public there — a 404 page, the same for unpublished and missing.
 */
export function createWebService(deps: {
  db: Database;
  cache: ContentCache;
  site: Site;
  articles: PublicArticlesService;
  notices: PublicNoticesService;
  editions: PublicEditionsService;
  search: Pick<SearchService, 'published'>;
}) {
  const { db, cache, site, articles, notices, editions, search } = deps;
  const notFound = renderDocument(<NotFoundView site={site} />);
  const notFoundDocument: Rendered = { body: notFound, etag: etagOf(notFound) };

  return {
    notFound: notFoundDocument,

    article: (id: number) =>
      cache.readItem(
        'article',
        id,
        'html',
        async () => {
          const loaded = await articles.load(id);
          if (!loaded) return null;
          const article = loaded.value;
          // Shared with the lead photo, or the first figure's when there is no lead.
          const pictured = article.leadPhoto ?? article.photos[0];
          const image = pictured ? shareImage(pictured, site.baseUrl) : null;
          return { version: loaded.version, value: renderDocument(<ArticleView site={site} article={article} image={image} />) };
        },
        html,
      ),

    /** A notice with its first rows (cached), or the page of rows a cursor starts (read afresh, as the rows API does). */
    async notice(id: number, rows?: string): Promise<Rendered | null> {
      if (rows !== undefined) {
        const notice = await notices.loadRows(id, rows);
        if (!notice) return null;
        const first = notice.table?.rows?.[0]?.row ?? 1;
        const body = renderDocument(<NoticeView site={site} notice={notice} pager={{ first, next: notice.table?.nextCursor ?? null }} />);
        return { body, etag: etagOf(body) };
      }
      return cache.readItem(
        'notice',
        id,
        'html',
        async () => {
          const loaded = await notices.load(id);
          if (!loaded) return null;
          const table = loaded.value.table;
          const pager = table?.nextCursor ? { first: 1, next: table.nextCursor } : null;
          return { version: loaded.version, value: renderDocument(<NoticeView site={site} notice={loaded.value} pager={pager} />) };
        },
        html,
      );
    },

    edition: (date: string) =>
      cache.readItem(
        'edition',
        editionKey(date),
        'html',
        async () => {
          const loaded = await editions.load(date);
          return loaded && { version: loaded.version, value: renderDocument(<EditionIndexView site={site} edition={loaded.value} />) };
        },
        html,
      ),

    editionPage: (date: string, label: string) =>
      cache.readItem(
        'edition',
        editionKey(date),
        `html:${label}`,
        async () => {
          const loaded = await editions.load(date);
          const page = loaded?.value.pages.find((p) => p.label === label);
          return loaded && page ? { version: loaded.version, value: renderDocument(<EditionPageView site={site} edition={loaded.value} page={page} />) } : null;
        },
        html,
      ),

    editionList: (cursor?: string) =>
      cache.readList(
        'edition',
        `html:${cursor ?? ''}`,
        async () => {
          const list = await editions.page({ cursor, limit: 30 });
          return renderDocument(<EditionListView site={site} editions={list.items} next={list.nextCursor} />);
        },
        html,
      ),

    /** The front page is kept with the editions' lists: any edition, article or notice change drops it. */
    home: () =>
      cache.readList(
        'edition',
        'html:home',
        async () => {
          const latest = await editions.page({ limit: 1 });
          const edition = latest.items[0] ? await editions.load(latest.items[0].date) : null;
          const recent = await articles.page({ limit: 20 });
          return renderDocument(<HomeView site={site} edition={edition?.value ?? null} articles={recent.items} />);
        },
        html,
      ),

    /**
     * The search page for `q` (none: the form alone), rendered afresh every time and never
     * cached, so that an item withdrawn is gone from the next search. A query search refuses,
     * and a cursor it did not hand out, are the form again with the reason: status 400.
     */
    async search(query: { q?: string; kind?: SearchKindFilter; cursor?: string }): Promise<{ status: 200 | 400; body: string }> {
      const { q, kind, cursor } = query;
      const page = (status: 200 | 400, outcome: SearchOutcome) => ({ status, body: renderDocument(<SearchView site={site} q={q ?? ''} kind={kind} outcome={outcome} />) });
      if (q === undefined) return page(200, { state: 'blank' });
      try {
        const found = await search.published({ q, kind, cursor, limit: SEARCH_PAGE_SIZE });
        // The search took the query, so it parses; its words are marked in the rows shown too.
        const { terms } = parseQuery(q);
        const items = found.items.map((hit) =>
          hit.rows ? { ...hit, rows: hit.rows.slice(0, SEARCH_ROWS_SHOWN).map((r) => ({ row: r.row, cells: r.cells.map((c) => ({ label: c.label, ...highlight(c.text, terms) })) })) } : hit,
        );
        return page(200, { state: 'found', ...found, items, later: cursor !== undefined });
      } catch (error) {
        if (!(error instanceof BadRequest)) throw error;
        const reason = error.extensions.reason as QueryRefusal | undefined;
        // Without a reason, the query was fine and the cursor is what the service could not read.
        if (reason === undefined && cursor === undefined) throw error;
        return page(400, { state: 'refused', reason: reason ?? 'cursor' });
      }
    },

    /** A section front, page by page; null when there is no such section. */
    async section(slug: string, cursor?: string): Promise<Rendered | null> {
      const section = await findSectionBySlug(db, slug);
      if (!section) return null;
      return cache.readList(
        'article',
        `html:section:${slug}:${cursor ?? ''}`,
        async () => {
          const page = await articles.page({ section: slug, cursor, limit: 20 });
          return renderDocument(<SectionView site={site} section={section} articles={page.items} next={page.nextCursor} />);
        },
        html,
      );
    },
  };
}
