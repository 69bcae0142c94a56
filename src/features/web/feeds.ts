import { and, desc, eq, isNotNull, sql } from 'drizzle-orm';
import { Feed } from 'feed';
import { escape } from 'html-escaper';
import type { Database } from '../../db/client.js';
import { articles, editions, notices, pages, sections } from '../../db/schema/index.js';
import { etagOf } from '../../lib/etag.js';
import type { ContentCache, Rendered } from '../../publishing/content-cache.js';
import { listPublished } from '../articles/repository.js';

/** How many articles the RSS feed carries. */
export const FEED_SIZE = 50;
/** The sitemaps protocol's limit of URLs in one file. */
export const SITEMAP_LIMIT = 50_000;
/** Google News reads at most 1,000 URLs, published in the last two days, from a news sitemap. */
export const NEWS_LIMIT = 1_000;
const NEWS_WINDOW_DAYS = 2;
const NEWS_WINDOW_MS = NEWS_WINDOW_DAYS * 86_400_000;

/** The feed's date when nothing is published, so that an empty feed is still the same bytes every time. */
const EPOCH = new Date(0);

/** The kind the sitemap is cached under: it shows articles, notices, editions and sections (see feed-routes.ts). */
export const SITE = 'site';

const DOCUMENTS = {
  feed: { entity: 'article', key: 'feed.xml' },
  sitemap: { entity: SITE, key: 'sitemap.xml' },
  news: { entity: 'article', key: 'news-sitemap.xml' },
} as const;

// ---------------------------------------------------------------------------------------------
// Queries: published items only, newest first

/** Published articles or notices: where they live and when they were published and last changed. */
function publishedItems(db: Database, table: typeof articles | typeof notices, limit: number) {
  return db
    .select({ id: table.id, publishedAt: table.publishedAt, updatedAt: table.updatedAt })
    .from(table)
    .where(and(eq(table.status, 'published'), isNotNull(table.publishedAt)))
    .orderBy(desc(table.publishedAt), desc(table.id))
    .limit(limit);
}

/** Public editions (released and made live), newest date first, one row per page (a page-less edition: one row, no label). */
function publicEditionPages(db: Database, limit: number) {
  return db
    .select({ date: editions.date, liveAt: editions.liveAt, updatedAt: editions.updatedAt, label: pages.label, pageUpdatedAt: pages.updatedAt })
    .from(editions)
    .leftJoin(pages, eq(pages.editionId, editions.id))
    .where(and(eq(editions.status, 'released'), isNotNull(editions.liveAt)))
    .orderBy(desc(editions.date), pages.label)
    .limit(limit);
}

/** Articles published within the news window by the database's clock, with that clock's now. */
function recentArticles(db: Database, limit: number) {
  return db
    .select({
      id: articles.id,
      headline: articles.headline,
      publishedAt: articles.publishedAt,
      now: sql`now()`.mapWith(articles.publishedAt),
    })
    .from(articles)
    .where(and(eq(articles.status, 'published'), sql`${articles.publishedAt} >= now() - make_interval(days => ${NEWS_WINDOW_DAYS})`))
    .orderBy(desc(articles.publishedAt), desc(articles.id))
    .limit(limit);
}

// ---------------------------------------------------------------------------------------------
// XML

/** Characters XML 1.0 cannot carry at all (C0 controls but tab and newlines, lone surrogates, U+FFFE/U+FFFF): dropped. */
const NOT_XML = /[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu;

export const xmlSafe = (text: string): string => text.replace(NOT_XML, '');

/** Text as XML character data. */
const xmlText = (text: string): string => escape(xmlSafe(text));

/** W3C datetime (ISO 8601 in UTC), as sitemaps want it. */
const w3c = (date: Date): string => date.toISOString();

export interface SitemapUrl {
  loc: string;
  lastmod?: Date;
}

export interface NewsUrl {
  loc: string;
  title: string;
  publishedAt: Date;
}

const SITEMAP_NS = 'http://www.sitemaps.org/schemas/sitemap/0.9';
const DC_NS = 'http://purl.org/dc/elements/1.1/';

/**
 * The RSS document with `xmlns:<prefix>` declared on its root. The feed library declares the
 * Dublin Core namespace only for items with content, and never for extensions.
 */
function withNamespace(rss: string, prefix: string, uri: string): string {
  const root = /<rss\b[^>]*>/u.exec(rss)?.[0] ?? '';
  if (root.includes(`xmlns:${prefix}=`)) return rss;
  return rss.replace(/<rss\b/u, `<rss xmlns:${prefix}="${uri}"`);
}
const NEWS_NS = 'http://www.google.com/schemas/sitemap-news/0.9';

export function urlset(urls: readonly SitemapUrl[]): string {
  const lines = urls.map(
    (u) => `<url><loc>${xmlText(u.loc)}</loc>${u.lastmod ? `<lastmod>${w3c(u.lastmod)}</lastmod>` : ''}</url>`,
  );
  return `<?xml version="1.0" encoding="UTF-8"?>\n<urlset xmlns="${SITEMAP_NS}">\n${lines.map((l) => `${l}\n`).join('')}</urlset>\n`;
}

export function newsUrlset(urls: readonly NewsUrl[], siteName: string): string {
  const publication = `<news:publication><news:name>${xmlText(siteName)}</news:name><news:language>zh-cn</news:language></news:publication>`;
  const lines = urls.map(
    (u) =>
      `<url><loc>${xmlText(u.loc)}</loc><news:news>${publication}` +
      `<news:publication_date>${w3c(u.publishedAt)}</news:publication_date><news:title>${xmlText(u.title)}</news:title></news:news></url>`,
  );
  return (
    `<?xml version="1.0" encoding="UTF-8"?>\n<urlset xmlns="${SITEMAP_NS}" xmlns:news="${NEWS_NS}">\n` +
    `${lines.map((l) => `${l}\n`).join('')}</urlset>\n`
  );
}

/**
 * Feed readers take an RSS title and description as HTML, so plain text is HTML-escaped for
 * them. That also keeps `]]>` out of the CDATA sections the feed library writes them in, which
 * it splits at the first `]]>` only.
 */
const feedText = (text: string): string => escape(xmlSafe(text));

// ---------------------------------------------------------------------------------------------
// The documents, through the content cache

export type FeedsService = ReturnType<typeof createFeeds>;

/**
 * The RSS feed, the sitemap and the Google News sitemap of the public web site, each rendered
 * once and kept in the content cache until something it shows changes. The news sitemap also
 * goes stale by itself, when its oldest article leaves the two-day window, and is dropped then.
 */
export function createFeeds({ db, cache, baseUrl, siteName }: { db: Database; cache: ContentCache; baseUrl: string; siteName: string }) {
  // The sitemap lists articles, notices, editions and sections: a change of any drops it.
  cache.dependOn(SITE, ['article', 'notice', 'edition', 'section']);
  const url = (path: string) => `${baseUrl}${path}`;
  const articleUrl = (id: number) => url(`/articles/${id}`);
  /** When a cached rendering stops being true by itself, in this process's clock. */
  const expiries = new WeakMap<Rendered, number>();
  /** Renderings under way, so that a burst of requests after a change renders a document once. */
  const inflight = new Map<string, { ticket: number; done: Promise<Rendered> }>();

  function through(document: { entity: string; key: string }, render: () => Promise<{ body: string; expiresAt?: number }>): Promise<Rendered> {
    const hit = cache.getList(document.entity, document.key);
    if (hit && (expiries.get(hit) ?? Infinity) > Date.now()) return Promise.resolve(hit);
    const ticket = cache.ticket();
    const running = inflight.get(document.key);
    // A rendering begun before the last change may be stale: only one begun since is shared.
    if (running && running.ticket === ticket) return running.done;
    const entry = { ticket, done: renderAndKeep(document, render, ticket) };
    inflight.set(document.key, entry);
    const settle = () => {
      if (inflight.get(document.key) === entry) inflight.delete(document.key);
    };
    entry.done.then(settle, settle);
    return entry.done;
  }

  async function renderAndKeep(
    document: { entity: string; key: string },
    render: () => Promise<{ body: string; expiresAt?: number }>,
    ticket: number,
  ): Promise<Rendered> {
    const { body, expiresAt } = await render();
    const rendered = { body, etag: etagOf(body) };
    if (expiresAt !== undefined) expiries.set(rendered, expiresAt);
    cache.setList(document.entity, document.key, rendered, ticket);
    return rendered;
  }

  async function renderFeed(): Promise<{ body: string }> {
    const rows = await listPublished(db, { limit: FEED_SIZE });
    const feed = new Feed({
      title: xmlSafe(siteName),
      description: xmlSafe(siteName),
      link: baseUrl,
      feed: url('/feed.xml'),
      language: 'zh-CN',
      updated: rows[0]?.publishedAt ?? EPOCH,
      generator: false,
    });
    for (const row of rows) {
      const people = new Map(row.credits.map((c) => [c.personId, c.name]));
      feed.addItem({
        title: feedText(row.headline),
        // No guid given: the library makes the link the guid, marked as a permalink.
        link: articleUrl(row.id),
        date: row.publishedAt,
        description: row.summary === null ? undefined : feedText(row.summary),
        // RSS 2.0's <author> is one e-mail address; names go in Dublin Core's creator, one per person
        // credited. The library writes an extension's objects with xml-js, which repeats the element for an array.
        extensions: people.size ? [{ name: 'dc:creator', objects: [...people.values()].map((name) => ({ _text: xmlSafe(name) })) as unknown as Record<string, unknown> }] : undefined,
        category: row.section ? [{ name: xmlSafe(row.section.name) }] : undefined,
      });
    }
    return { body: withNamespace(feed.rss2(), 'dc', DC_NS) };
  }

  async function renderSitemap(): Promise<{ body: string }> {
    const [sectionRows, articleRows, noticeRows, editionRows] = await Promise.all([
      db.select({ slug: sections.slug }).from(sections).orderBy(sections.position, sections.id),
      publishedItems(db, articles, SITEMAP_LIMIT),
      publishedItems(db, notices, SITEMAP_LIMIT),
      publicEditionPages(db, SITEMAP_LIMIT),
    ]);
    const fixed: SitemapUrl[] = [{ loc: url('/') }, ...sectionRows.map((s) => ({ loc: url(`/sections/${encodeURIComponent(s.slug)}`) }))];
    // Dated URLs, each with the time it went public: capped, the newest stay.
    const dated: (SitemapUrl & { at: Date })[] = [
      ...articleRows.map((r) => ({ loc: articleUrl(r.id), lastmod: r.updatedAt, at: r.publishedAt! })),
      ...noticeRows.map((r) => ({ loc: url(`/notices/${r.id}`), lastmod: r.updatedAt, at: r.publishedAt! })),
    ];
    let previous: string | undefined;
    for (const r of editionRows) {
      const edition = url(`/editions/${r.date}`);
      if (edition !== previous) dated.push({ loc: edition, lastmod: r.updatedAt, at: r.liveAt! });
      previous = edition;
      if (r.label !== null) dated.push({ loc: `${edition}/${encodeURIComponent(r.label)}`, lastmod: r.pageUpdatedAt!, at: r.liveAt! });
    }
    // A stable sort: an edition stays before its pages, items of one time in the queries' order.
    dated.sort((a, b) => b.at.getTime() - a.at.getTime());
    return { body: urlset([...fixed, ...dated].slice(0, SITEMAP_LIMIT)) };
  }

  async function renderNewsSitemap(): Promise<{ body: string; expiresAt?: number }> {
    const rows = await recentArticles(db, NEWS_LIMIT);
    const body = newsUrlset(
      rows.map((r) => ({ loc: articleUrl(r.id), title: r.headline, publishedAt: r.publishedAt! })),
      siteName,
    );
    const oldest = rows.at(-1);
    if (!oldest) return { body };
    // The oldest article leaves the window then, by the database's clock; translated to ours.
    return { body, expiresAt: Date.now() + (oldest.publishedAt!.getTime() + NEWS_WINDOW_MS - oldest.now.getTime()) };
  }

  return {
    /** RSS 2.0: the latest published articles, newest first. */
    feed: (): Promise<Rendered> => through(DOCUMENTS.feed, renderFeed),
    /** Every public URL of the site, newest first, up to the protocol's limit. */
    sitemap: (): Promise<Rendered> => through(DOCUMENTS.sitemap, renderSitemap),
    /** Articles published in the last two days, for Google News. */
    newsSitemap: (): Promise<Rendered> => through(DOCUMENTS.news, renderNewsSitemap),
  };
}
