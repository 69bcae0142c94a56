import type { Database } from '../../db/client.js';
import type { ContentCache, Rendered } from '../../publishing/content-cache.js';
import { etagOf } from '../../plugins/caching.js';
import { renderDocument, type Site } from '../../render/web/layout.js';
import { ArticlePage } from '../../render/web/pages/article.js';
import { EditionIndex, EditionList, EditionPageView } from '../../render/web/pages/edition.js';
import { HomePage, NotFoundPage, SectionPage } from '../../render/web/pages/front.js';
import { NoticePage } from '../../render/web/pages/notice.js';
import type { PublicArticlesService } from '../articles/public.js';
import { editionKey } from '../editions/model.js';
import type { PublicEditionsService } from '../editions/public.js';
import type { PublicNoticesService } from '../notices/public.js';
import { findSectionBySlug } from '../sections/repository.js';

const html = (text: string) => text;

export type WebPages = ReturnType<typeof createWebPages>;

/**
 * The web site's pages, rendered from what the content API delivers. Each page is kept in the
 * content cache under the item it shows (a variant `html`), so it is dropped exactly when the
 * API's JSON is. Null: nothing public there — a 404 page, the same for unpublished and missing.
 */
export function createWebPages(deps: {
  db: Database;
  cache: ContentCache;
  site: Site;
  articles: PublicArticlesService;
  notices: PublicNoticesService;
  editions: PublicEditionsService;
}) {
  const { db, cache, site, articles, notices, editions } = deps;
  const notFound = renderDocument(<NotFoundPage site={site} />);
  const notFoundPage: Rendered = { body: notFound, etag: etagOf(notFound) };

  return {
    notFound: notFoundPage,

    article: (id: number) =>
      cache.readItem(
        'article',
        id,
        'html',
        async () => {
          const loaded = await articles.load(id);
          return loaded && { version: loaded.version, value: renderDocument(<ArticlePage site={site} article={loaded.value} />) };
        },
        html,
      ),

    /** A notice with its first rows (cached), or the page of rows a cursor starts (read afresh, as the rows API does). */
    async notice(id: number, rows?: string): Promise<Rendered | null> {
      if (rows !== undefined) {
        const notice = await notices.loadRows(id, rows);
        if (!notice) return null;
        const first = notice.table?.rows?.[0]?.row ?? 1;
        const body = renderDocument(<NoticePage site={site} notice={notice} pager={{ first, next: notice.table?.nextCursor ?? null }} />);
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
          return { version: loaded.version, value: renderDocument(<NoticePage site={site} notice={loaded.value} pager={pager} />) };
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
          return loaded && { version: loaded.version, value: renderDocument(<EditionIndex site={site} edition={loaded.value} />) };
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
          return renderDocument(<EditionList site={site} editions={list.items} next={list.nextCursor} />);
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
          return renderDocument(<HomePage site={site} edition={edition?.value ?? null} articles={recent.items} />);
        },
        html,
      ),

    /** A section front, page by page; null when there is no such section. */
    async section(slug: string, cursor?: string): Promise<Rendered | null> {
      const section = await findSectionBySlug(db, slug);
      if (!section) return null;
      return cache.readList(
        'article',
        `html:section:${slug}:${cursor ?? ''}`,
        async () => {
          const page = await articles.page({ section: slug, cursor, limit: 20 });
          return renderDocument(<SectionPage site={site} section={section} articles={page.items} next={page.nextCursor} />);
        },
        html,
      );
    },
  };
}
