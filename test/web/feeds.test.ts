import { parseFeed } from '@rowanmanning/feed-parser';
import { eq, sql } from 'drizzle-orm';
import type { LightMyRequestResponse } from 'fastify';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { rowsOf } from '../../src/db/client.js';
import { articles, editions, pages } from '../../src/db/schema/index.js';
import { newsUrlset, SITEMAP_LIMIT, urlset } from '../../src/features/web/feeds.js';
import { createTestApp, type TestApp } from '../helpers/app.js';
import { editionsClient, type ArticleRef } from '../helpers/editions.js';
import { type NoticeJson, type Status } from '../helpers/notices.js';
import { NOTIFIED } from '../helpers/notified.js';

const BASE = 'http://newsroom.test';
const SITE_NAME = 'Newsroom';
const DAY = 86_400_000;

interface ArticleJson {
  id: number;
  headline: string;
  summary: string | null;
  status: Status;
  version: number;
  publishedAt: string | null;
  updatedAt: string;
}

// ---------------------------------------------------------------------------------------------
// Reading the documents as a crawler or a feed reader would

/**
 * Fails unless `xml` is well-formed: fast-xml-parser's validator, plus the rules it does not
 * check (characters XML 1.0 cannot carry, `]]>` outside a CDATA section, entities XML does not
 * define).
 */
function expectWellFormed(xml: string): void {
  expect(XMLValidator.validate(xml)).toBe(true);
  expect(xml).not.toMatch(/[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/u);
  const outsideCdata = xml.replace(/<!\[CDATA\[[\s\S]*?\]\]>/g, '');
  expect(outsideCdata).not.toContain(']]>');
  for (const entity of outsideCdata.match(/&[^;]*;/g) ?? []) expect(entity).toMatch(/^&(amp|lt|gt|quot|apos|#\d+|#x[\da-f]+);$/i);
}

// Its HTML entities are the character references (&#39;) here: expectWellFormed allows no others.
const xml = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '@', parseTagValue: false, htmlEntities: true, isArray: (name) => name === 'url' });

interface UrlEntry {
  loc: string;
  lastmod?: string;
  'news:news'?: {
    'news:publication': { 'news:name': string; 'news:language': string };
    'news:publication_date': string;
    'news:title': string;
  };
}

function urlsOf(body: string): { namespaces: Record<string, string>; urls: UrlEntry[] } {
  expectWellFormed(body);
  const doc = xml.parse(body) as { urlset: Record<string, unknown> & { url?: UrlEntry[] } };
  const namespaces = Object.fromEntries(Object.entries(doc.urlset).filter(([k]) => k.startsWith('@')));
  return { namespaces: namespaces as Record<string, string>, urls: doc.urlset.url ?? [] };
}

const locsOf = (body: string) => urlsOf(body).urls.map((u) => u.loc);
const url = (path: string) => `${BASE}${path}`;
const articleUrl = (a: { id: number }) => url(`/articles/${a.id}`);
/** A time as the RSS pubDate carries it: to the second. */
const toSecond = (iso: string) => Math.floor(new Date(iso).getTime() / 1000) * 1000;

function siteOf(t: TestApp) {
  const api = editionsClient(t);
  const get = (path: string, headers: Record<string, string> = {}) => t.request(null, { url: path, headers });

  async function getOk(path: string): Promise<LightMyRequestResponse> {
    const res = await get(path);
    expect(res.statusCode, res.body).toBe(200);
    return res;
  }

  async function article(id: number): Promise<ArticleJson> {
    const res = await t.request('editor', { url: `/api/v1/articles/${id}` });
    expect(res.statusCode, res.body).toBe(200);
    return res.json<ArticleJson>();
  }

  /** Waits until `path` satisfies `done` (content changes reach the cache by NOTIFY, after commit) and returns its body. */
  async function when(path: string, done: (body: string) => boolean): Promise<string> {
    return vi.waitFor(async () => {
      const res = await get(path);
      expect(res.statusCode, res.body).toBe(200);
      expect(done(res.body), res.body).toBe(true);
      return res.body;
    }, NOTIFIED);
  }

  return { api, get, getOk, article, when };
}

// ---------------------------------------------------------------------------------------------

describe('sitemap XML', () => {
  it('escapes every URL and text, and drops what XML cannot carry', () => {
    const loc = "http://x.test/a?b=1&c=<2>&d='3'\u0001";
    const lastmod = new Date('2024-04-11T01:02:03.004Z');
    const plain = urlset([{ loc, lastmod }, { loc: 'http://x.test/' }]);
    expect(plain).toContain('<loc>http://x.test/a?b=1&amp;c=&lt;2&gt;&amp;d=&#39;3&#39;</loc><lastmod>2024-04-11T01:02:03.004Z</lastmod>');
    expect(urlsOf(plain).urls).toEqual([{ loc: "http://x.test/a?b=1&c=<2>&d='3'", lastmod: '2024-04-11T01:02:03.004Z' }, { loc: 'http://x.test/' }]);

    const news = newsUrlset([{ loc, title: '<标题> & “引号”]]>\uFFFE', publishedAt: lastmod }], '聊城日报 & Co');
    const [entry] = urlsOf(news).urls;
    expect(entry!['news:news']).toEqual({
      'news:publication': { 'news:name': '聊城日报 & Co', 'news:language': 'zh-cn' },
      'news:publication_date': '2024-04-11T01:02:03.004Z',
      'news:title': '<标题> & “引号”]]>',
    });
  });
});

describe('the feed and the sitemaps of a published site', () => {
  let t: TestApp;
  let site: ReturnType<typeof siteOf>;
  /** Published, oldest first. */
  let published: ArticleJson[];
  let unpublished: ArticleRef[];
  let notice: NoticeJson;
  let unpublishedNotice: NoticeJson;

  const SECTION = { name: '要闻', slug: 'yaowen' };
  const HEADLINES = {
    plain: '聊城市被评为省级商业秘密保护创新试点',
    marked: '“1+2+4”模式 <破解> 难题 & "商业秘密" 保护',
    hostile: '字符]]>测试]]>两次\u0007与\u000B控制符',
  };
  /** XML 1.0 cannot carry control characters: they are dropped. */
  const shown = (headline: string) => (headline === HEADLINES.hostile ? '字符]]>测试]]>两次与控制符' : headline);

  beforeAll(async () => {
    t = await createTestApp();
    site = siteOf(t);
    const { api } = site;

    const section = await t.request('editor', { method: 'POST', url: '/api/v1/sections', payload: SECTION });
    expect(section.statusCode, section.body).toBe(201);
    const sectionId = section.json<{ id: number }>().id;

    const first = await api.articleIn('published', {
      headline: HEADLINES.plain,
      summary: '聊城市紧紧围绕商业秘密保护工作安排，<b>不是标签</b> & 更多。',
      sectionId,
      credits: [
        { role: 'reporter', name: '国晓宁' },
        { role: 'correspondent', name: '楚克伟' },
        { role: 'photographer', name: '国晓宁' },
      ],
    });
    const second = await api.articleIn('published', { headline: HEADLINES.marked, credits: [{ role: 'reporter', name: '王小明' }] });
    const third = await api.articleIn('published', { headline: HEADLINES.hostile });
    unpublished = [
      await api.articleIn('draft', { headline: '草稿不应出现' }),
      await api.articleIn('edited', { headline: '已编辑但未发布' }),
      await api.articleIn('scheduled', { headline: '定时稿件' }),
      await api.articleIn('withdrawn', { headline: '撤回稿件' }),
    ];
    notice = await api.seedNotice('published');
    unpublishedNotice = await api.seedNotice('edited');

    // A public edition with two pages, one planned, and one released for an hour from now.
    await api.createEdition('2024-04-11', 1);
    await api.putPageOk('2024-04-11', 'A01', { name: '要闻', grid: 'broadsheet-8', items: [{ kind: 'article', id: first.id }] });
    await api.putPageOk('2024-04-11', 'A03', { name: '聊城新闻', grid: 'broadsheet-8', items: [{ kind: 'notice', id: notice.id }] });
    const released = await api.release('2024-04-11');
    expect(released.statusCode, released.body).toBe(200);
    await api.createEdition('2024-04-12', 2);
    await api.putPageOk('2024-04-12', 'A01', { name: '要闻', grid: 'broadsheet-8', items: [{ kind: 'article', id: second.id }] });
    await api.createEdition('2024-04-13', 3);
    await api.putPageOk('2024-04-13', 'A01', { name: '要闻', grid: 'broadsheet-8', items: [{ kind: 'article', id: third.id }] });
    const later = await api.release('2024-04-13', { at: new Date(Date.now() + 3_600_000).toISOString() });
    expect(later.statusCode, later.body).toBe(200);
    await api.publishDue();

    published = [await site.article(first.id), await site.article(second.id), await site.article(third.id)];
    notice = await api.notices.get(notice.id);
  });
  afterAll(async () => t?.close());

  it('serves the latest published articles as RSS 2.0, newest first', async () => {
    const res = await site.getOk('/feed.xml');
    expect(res.headers['content-type']).toBe('application/rss+xml; charset=utf-8');
    expect(res.headers['cache-control']).toBe('public, max-age=300, stale-while-revalidate=1500');
    expectWellFormed(res.body);

    const feed = parseFeed(res.body);
    expect(feed.title).toBe(SITE_NAME);
    expect(feed.url).toBe(`${BASE}/`);
    expect(feed.self).toBe(url('/feed.xml'));
    expect(feed.language).toBe('zh-CN');
    expect(feed.updated?.getTime()).toBe(toSecond(published.at(-1)!.publishedAt!));

    const newestFirst = [...published].reverse();
    expect(
      feed.items.map((item) => ({
        title: item.title,
        url: item.url,
        id: item.id,
        published: item.published?.getTime(),
        authors: item.authors.map((a) => a.name),
        categories: item.categories.map((c) => c.term),
        description: item.description,
      })),
    ).toEqual(
      newestFirst.map((a) => ({
        title: shown(a.headline),
        url: articleUrl(a),
        id: articleUrl(a),
        published: toSecond(a.publishedAt!),
        authors: a.id === published[0]!.id ? ['国晓宁', '楚克伟'] : a.id === published[1]!.id ? ['王小明'] : [],
        categories: a.id === published[0]!.id ? [SECTION.name] : [],
        description: a.summary,
      })),
    );
    expect(feed.items[2]!.title).toBe(HEADLINES.plain);
    expect(feed.items[1]!.title).toBe(HEADLINES.marked);
    for (const hidden of unpublished) expect(res.body).not.toContain(articleUrl(hidden));
  });

  it('names each credited person once in dc:creator, and carries no <author> (RSS 2.0 keeps it for one e-mail address)', async () => {
    const res = await site.getOk('/feed.xml');
    expectWellFormed(res.body);
    const rss = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '@', isArray: (name) => name === 'item' || name === 'dc:creator' || name === 'author' });
    const doc = rss.parse(res.body) as { rss: Record<string, string> & { channel: { item: Record<string, unknown>[] } } };
    expect(doc.rss['@xmlns:dc']).toBe('http://purl.org/dc/elements/1.1/');
    const items = doc.rss.channel.item;
    for (const item of items) expect(item).not.toHaveProperty('author');
    expect(items.map((item) => item['dc:creator'] ?? [])).toEqual([[], ['王小明'], ['国晓宁', '楚克伟']]);
  });

  it('lists every public URL in the sitemap, newest first, and nothing unpublished', async () => {
    const res = await site.getOk('/sitemap.xml');
    expect(res.headers['content-type']).toBe('application/xml; charset=utf-8');
    const { namespaces, urls } = urlsOf(res.body);
    expect(namespaces).toEqual({ '@xmlns': 'http://www.sitemaps.org/schemas/sitemap/0.9' });

    const [edition] = await t.database.db.select().from(editions).where(eq(editions.date, '2024-04-11'));
    const editionPages = await t.database.db.select().from(pages).where(eq(pages.editionId, edition!.id)).orderBy(pages.label);
    expect(urls).toEqual([
      { loc: url('/') },
      { loc: url(`/sections/${SECTION.slug}`) },
      // The edition went public last, then the notice, then the articles, newest first.
      { loc: url('/editions/2024-04-11'), lastmod: edition!.updatedAt.toISOString() },
      ...editionPages.map((p) => ({ loc: url(`/editions/2024-04-11/${p.label}`), lastmod: p.updatedAt.toISOString() })),
      { loc: url(`/notices/${notice.id}`), lastmod: notice.updatedAt },
      ...[...published].reverse().map((a) => ({ loc: articleUrl(a), lastmod: a.updatedAt })),
    ]);
    expect(editionPages.map((p) => p.label)).toEqual(['A01', 'A03']);
    for (const hidden of unpublished) expect(res.body).not.toContain(articleUrl(hidden));
    expect(res.body).not.toContain(url(`/notices/${unpublishedNotice.id}`));
    expect(res.body).not.toContain('2024-04-12');
    expect(res.body).not.toContain('2024-04-13');
  });

  it('lists the articles of the last two days in the news sitemap', async () => {
    const res = await site.getOk('/news-sitemap.xml');
    expect(res.headers['content-type']).toBe('application/xml; charset=utf-8');
    const { namespaces, urls } = urlsOf(res.body);
    expect(namespaces).toEqual({
      '@xmlns': 'http://www.sitemaps.org/schemas/sitemap/0.9',
      '@xmlns:news': 'http://www.google.com/schemas/sitemap-news/0.9',
    });
    expect(urls).toEqual(
      [...published].reverse().map((a) => ({
        loc: articleUrl(a),
        'news:news': {
          'news:publication': { 'news:name': SITE_NAME, 'news:language': 'zh-cn' },
          'news:publication_date': a.publishedAt,
          'news:title': shown(a.headline),
        },
      })),
    );
    expect(res.body).toContain('&lt;破解&gt; 难题 &amp; &quot;商业秘密&quot;');
  });

  it('answers If-None-Match with 304 on each document', async () => {
    for (const path of ['/feed.xml', '/sitemap.xml', '/news-sitemap.xml']) {
      const first = await site.getOk(path);
      const etag = first.headers.etag as string;
      expect(etag, path).toMatch(/^"[\w-]+"$/);
      const again = await site.get(path, { 'if-none-match': etag });
      expect(again.statusCode, path).toBe(304);
      expect(again.body).toBe('');
      expect(again.headers.etag).toBe(etag);
      expect((await site.get(path, { 'if-none-match': '"other"' })).statusCode).toBe(200);
    }
  });

  it('ignores query parameters it does not know, as a shared link carries them', async () => {
    const plain = await site.get('/feed.xml');
    const tagged = await site.get('/feed.xml?utm_source=weibo&utm_medium=share');
    expect(tagged.statusCode).toBe(200);
    expect(tagged.body).toBe(plain.body);
  });
});

describe('when content changes', () => {
  let t: TestApp;
  let site: ReturnType<typeof siteOf>;

  beforeAll(async () => {
    t = await createTestApp();
    site = siteOf(t);
  });
  afterAll(async () => t?.close());

  it('renders a new feed when another article is published, with a new ETag', async () => {
    const first = await site.api.articleIn('published');
    const before = await site.when('/feed.xml', (body) => body.includes(articleUrl(first)));
    const etag = (await site.getOk('/feed.xml')).headers.etag as string;
    expect((await site.get('/feed.xml', { 'if-none-match': etag })).statusCode).toBe(304);

    const next = await site.api.articleIn('published');
    const after = await site.when('/feed.xml', (body) => body.includes(articleUrl(next)));
    expect(after).not.toBe(before);
    expect(parseFeed(after).items[0]!.url).toBe(articleUrl(next));
    const res = await site.get('/feed.xml', { 'if-none-match': etag });
    expect(res.statusCode).toBe(200);
    expect(res.headers.etag).not.toBe(etag);
  });

  it('drops a withdrawn article from the feed and both sitemaps', async () => {
    const gone = await site.api.articleIn('published');
    const shows = (body: string) => body.includes(`<loc>${articleUrl(gone)}</loc>`) || body.includes(`<link>${articleUrl(gone)}</link>`);
    for (const path of ['/feed.xml', '/sitemap.xml', '/news-sitemap.xml']) await site.when(path, shows);

    await site.api.moveArticle(await site.article(gone.id), 'withdrawn');
    for (const path of ['/feed.xml', '/sitemap.xml', '/news-sitemap.xml']) await site.when(path, (body) => !shows(body));
  });

  it('adds a notice to the sitemap once published, and an edition once it is public', async () => {
    const notice = await site.api.seedNotice('edited');
    const placed = await site.api.articleIn('edited');
    const date = '2025-03-01';
    await site.api.createEdition(date, 2001);
    await site.api.putPageOk(date, 'A01', { name: '要闻', grid: 'broadsheet-8', items: [{ kind: 'article', id: placed.id }] });
    const hasNotice = (body: string) => locsOf(body).includes(url(`/notices/${notice.id}`));
    const hasEdition = (body: string) => locsOf(body).includes(url(`/editions/${date}`));
    const before = (await site.getOk('/sitemap.xml')).body;
    expect(hasNotice(before) || hasEdition(before)).toBe(false);

    await site.api.notices.moveOk(notice, 'published');
    await site.when('/sitemap.xml', hasNotice);

    expect((await site.api.release(date)).statusCode).toBe(200);
    await site.api.publishDue();
    const after = await site.when('/sitemap.xml', hasEdition);
    expect(locsOf(after)).toEqual(expect.arrayContaining([url(`/editions/${date}/A01`), articleUrl(placed)]));
  });

  it('drops an article from the news sitemap once it was published more than two days ago', async () => {
    const old = await site.api.articleIn('published');
    const recent = await site.api.articleIn('published');
    await site.when('/news-sitemap.xml', (body) => locsOf(body).includes(articleUrl(old)));

    await t.database.db.update(articles).set({ publishedAt: sql`now() - interval '3 days'` }).where(eq(articles.id, old.id));
    t.app.contentCache.clear();

    const news = locsOf((await site.getOk('/news-sitemap.xml')).body);
    expect(news).toContain(articleUrl(recent));
    expect(news).not.toContain(articleUrl(old));
    // Still published: still in the sitemap and the feed.
    expect(locsOf((await site.getOk('/sitemap.xml')).body)).toContain(articleUrl(old));
    expect((await site.getOk('/feed.xml')).body).toContain(`<link>${articleUrl(old)}</link>`);
  });

  it('re-renders the cached news sitemap by itself when its oldest article leaves the window', async () => {
    const invalidations = vi.spyOn(t.app.contentCache, 'invalidate');
    try {
      const ageing = await site.api.articleIn('published');
      // Every notification of the publication has arrived: nothing will drop the cache behind the test's back.
      await vi.waitFor(() => expect(invalidations).toHaveBeenCalledWith('article', ageing.id), NOTIFIED);
      expect(locsOf((await site.getOk('/news-sitemap.xml')).body)).toContain(articleUrl(ageing));

      // Two days pass for the database; no change is announced, so the cached sitemap stands…
      await t.database.db.update(articles).set({ publishedAt: sql`now() - interval '3 days'` }).where(eq(articles.id, ageing.id));
      expect(locsOf((await site.getOk('/news-sitemap.xml')).body)).toContain(articleUrl(ageing));

      // …until two days pass for the application too.
      vi.useFakeTimers({ toFake: ['Date'] });
      vi.setSystemTime(Date.now() + 2 * DAY + 60_000);
      expect(locsOf((await site.getOk('/news-sitemap.xml')).body)).not.toContain(articleUrl(ageing));
    } finally {
      vi.useRealTimers();
      invalidations.mockRestore();
    }
  });
});

describe('a sitemap past the protocol’s limit', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(async () => t?.close());

  it(`keeps the newest ${SITEMAP_LIMIT} URLs`, async () => {
    const [user] = rowsOf<{ id: number }>(await t.database.db.execute(sql`select id from users order by id limit 1`));
    const total = SITEMAP_LIMIT + 10;
    await t.database.db.execute(sql`
      insert into articles (headline, document, figures, status, published_at, created_by, updated_by, created_at, updated_at)
      select 'Archive ' || g, '{"blocks":[]}'::jsonb, '{}'::jsonb, 'published',
             timestamptz '2000-01-01 00:00:00+00' + g * interval '1 minute', ${user!.id}, ${user!.id},
             timestamptz '2000-01-01 00:00:00+00', timestamptz '2000-01-01 00:00:00+00' + g * interval '1 minute'
      from generate_series(1, ${total}) as g`);
    const newest = await t.database.db.select({ id: articles.id }).from(articles).orderBy(sql`${articles.publishedAt} desc`);
    expect(newest).toHaveLength(total);

    const res = await t.request(null, { url: '/sitemap.xml' });
    expect(res.statusCode).toBe(200);
    const locs = locsOf(res.body);
    expect(locs).toHaveLength(SITEMAP_LIMIT);
    expect(locs).toEqual([url('/'), ...newest.slice(0, SITEMAP_LIMIT - 1).map(articleUrl)]);
    // Two days' news from 2000 is no news.
    expect(locsOf((await t.request(null, { url: '/news-sitemap.xml' })).body)).toEqual([]);
  });
});
