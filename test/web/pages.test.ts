import { parse } from 'parse5';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createTestApp, type TestApp } from '../helpers/app.js';
import { attr, elements, text } from '../helpers/html-tree.js';
import { editionsClient, SEED_DATE, SEED_STORIES, type ArticleRef } from '../helpers/editions.js';
import { ifMatch, type NoticeJson } from '../helpers/notices.js';
import { NOTIFIED } from '../helpers/notified.js';


let t: TestApp;
let api: ReturnType<typeof editionsClient>;
let first: ArticleRef;
let second: ArticleRef;
let notice: NoticeJson;
let sectionId: number;




async function page(url: string) {
  const res = await t.request(null, { url });
  const document = parse(res.body);
  const all = elements(document);
  return {
    res,
    all,
    find: (tag: string) => all.filter((e) => e.tagName === tag),
    meta: (property: string) => attr(all.find((e) => e.tagName === 'meta' && (attr(e, 'property') === property || attr(e, 'name') === property))!, 'content'),
  };
}

beforeAll(async () => {
  t = await createTestApp();
  api = editionsClient(t);
  const section = await t.request('editor', { method: 'POST', url: '/api/v1/sections', payload: { name: '聊城新闻', slug: 'liaocheng' } });
  sectionId = section.json<{ id: number }>().id;
  first = await api.articleIn('edited', { ...SEED_STORIES[0], sectionId, summary: '聊城市被评为省级商业秘密保护创新试点。' });
  second = await api.articleIn('edited', { ...SEED_STORIES[1], sectionId });
  notice = await api.seedNotice('edited');
  await api.createEdition(SEED_DATE, 9876);
  await api.putPageOk(SEED_DATE, 'A03', {
    name: '聊城新闻',
    grid: 'broadsheet-8',
    items: [
      { kind: 'article', id: first.id },
      { kind: 'article', id: second.id },
      { kind: 'notice', id: notice.id },
    ],
  });
});
afterAll(async () => t?.close());

describe('before the release', () => {
  it('shows the same 404 page for the unpublished stories, notice, edition and page as for ones that do not exist', async () => {
    const missing = await t.request(null, { url: '/articles/999999' });
    expect(missing.statusCode).toBe(404);
    expect(missing.headers['content-type']).toMatch(/^text\/html/);
    for (const url of [`/articles/${first.id}`, `/notices/${notice.id}`, `/editions/${SEED_DATE}`, `/editions/${SEED_DATE}/A03`, '/articles/abc', '/editions/2024-02-30', '/editions/2024-04-11/a3', '/sections/nope']) {
      const res = await t.request(null, { url });
      expect(res.statusCode, url).toBe(404);
      expect(res.body, url).toBe(missing.body);
    }
  });
});

describe('the published paper', () => {
  beforeAll(async () => {
    const released = await api.release(SEED_DATE, {});
    expect(released.statusCode, released.body).toBe(200);
    expect(await api.publishDue()).toBe(4);
  });

  it('serves the article with its section, kicker, headline, byline, times, body, canonical link, OpenGraph and JSON-LD', async () => {
    const { res, find, meta, all } = await vi.waitFor(async () => {
      const p = await page(`/articles/${first.id}`);
      expect(p.res.statusCode).toBe(200);
      return p;
    }, NOTIFIED);
    expect(res.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(attr(find('html')[0]!, 'lang')).toBe('zh-CN');
    const url = `http://newsroom.test/articles/${first.id}`;
    expect(find('link').find((l) => attr(l, 'rel') === 'canonical') && attr(find('link').find((l) => attr(l, 'rel') === 'canonical')!, 'href')).toBe(url);
    expect(meta('og:url')).toBe(url);
    expect(meta('og:type')).toBe('article');
    expect(meta('og:title')).toBe(SEED_STORIES[0].headline);
    expect(text(find('h1')[0]!)).toBe(SEED_STORIES[0].headline);
    expect(all.some((e) => attr(e, 'class') === 'kicker' && text(e) === SEED_STORIES[0].kicker)).toBe(true);
    expect(all.some((e) => attr(e, 'class') === 'byline' && text(e) === '记者 国晓宁 通讯员 楚克伟')).toBe(true);
    expect(find('h2').map(text)).toContain('高度重视，完善商业秘密保护工作顶层设计');
    expect(find('time').map((e) => attr(e, 'datetime'))).toContain(meta('article:published_time'));
    expect(find('a').some((a) => attr(a, 'href') === '/sections/liaocheng')).toBe(true);

    const ld = JSON.parse(text(find('script').find((s) => attr(s, 'type') === 'application/ld+json')!)) as Record<string, unknown>;
    expect(ld).toMatchObject({
      '@type': 'NewsArticle',
      headline: SEED_STORIES[0].headline,
      author: [
        { '@type': 'Person', name: '国晓宁' },
        { '@type': 'Person', name: '楚克伟' },
      ],
      publisher: { '@type': 'Organization', name: 'Newsroom' },
    });
    expect(typeof ld.datePublished).toBe('string');
    expect(typeof ld.dateModified).toBe('string');
  });

  it('serves the notice with its text and an accessible table: caption, header cells with scope, 24 rows, a totals row, money right-aligned', async () => {
    const { res, find, all } = await page(`/notices/${notice.id}`);
    expect(res.statusCode).toBe(200);
    const table = find('table')[0]!;
    const inTable = elements(table);
    expect(text(inTable.find((e) => e.tagName === 'caption')!)).toContain('赔款认领公示');
    const headers = inTable.filter((e) => e.tagName === 'th' && attr(e, 'scope') === 'col').map(text);
    expect(headers).toEqual(['序号', '姓名', '身份证号', '区县', '乡镇', '村庄', '赔款年度', '金额(元)']);
    const body = inTable.find((e) => e.tagName === 'tbody')!;
    const rows = elements(body).filter((e) => e.tagName === 'tr');
    expect(rows).toHaveLength(24);
    const amount = elements(rows[0]!).filter((e) => e.tagName === 'td')[7]!;
    expect(attr(amount, 'class')).toBe('num');
    const foot = inTable.find((e) => e.tagName === 'tfoot')!;
    expect(text(foot)).toContain('合计');
    expect(text(foot)).toContain('2,394.26');
    expect(res.body).not.toMatch(/\d{17}[\dX]/);
    expect(all.some((e) => attr(e, 'class') === 'salutation' && text(e) === '尊敬的客户:')).toBe(true);
    expect(text(find('main')[0]!)).toContain('中国人民财产保险股份有限公司聊城市分公司');
    expect(text(find('main')[0]!)).toContain('0635-8242056');
  });

  it('serves the edition index and page A03 with its stories and notice in page order', async () => {
    const index = await page(`/editions/${SEED_DATE}`);
    expect(index.res.statusCode).toBe(200);
    expect(index.find('a').some((a) => attr(a, 'href') === `/editions/${SEED_DATE}/A03`)).toBe(true);

    const a03 = await page(`/editions/${SEED_DATE}/A03`);
    expect(a03.res.statusCode).toBe(200);
    const teasers = a03.all.filter((e) => e.tagName === 'li' && attr(e, 'class') === 'teaser');
    expect(teasers.map((li) => text(elements(li).find((e) => e.tagName === 'h2')!))).toEqual([SEED_STORIES[0].headline, SEED_STORIES[1].headline, '赔款认领公示']);
    expect(text(teasers[0]!)).toContain('记者 国晓宁 通讯员 楚克伟');
    expect(text(teasers[0]!)).toContain('聊城市被评为省级商业秘密保护创新试点。');
    expect(elements(teasers[2]!).some((e) => e.tagName === 'a' && attr(e, 'href') === `http://newsroom.test/notices/${notice.id}`)).toBe(true);
    expect((await t.request(null, { url: `/editions/${SEED_DATE}/A04` })).statusCode).toBe(404);
  });

  it('serves the front page with the latest edition and articles, and the section front', async () => {
    const home = await page('/');
    expect(home.res.statusCode).toBe(200);
    expect(home.find('a').some((a) => attr(a, 'href') === `/editions/${SEED_DATE}/A03`)).toBe(true);
    expect(home.find('a').some((a) => attr(a, 'href') === `http://newsroom.test/articles/${second.id}`)).toBe(true);
    const section = await page('/sections/liaocheng');
    expect(section.res.statusCode).toBe(200);
    expect(section.find('h2').map(text)).toEqual([SEED_STORIES[1].headline, SEED_STORIES[0].headline]);
  });

  it('pages a section front with a cursor', async () => {
    const extra = [];
    for (let i = 0; i < 21; i++) extra.push(await api.articleIn('published', { headline: `栏目稿件 ${i}`, sectionId }));
    const one = await vi.waitFor(async () => {
      const p = await page('/sections/liaocheng');
      expect(p.find('h2')).toHaveLength(20);
      return p;
    }, NOTIFIED);
    const next = one.find('a').find((a) => attr(a, 'href')?.startsWith('/sections/liaocheng?cursor='));
    expect(next).toBeDefined();
    const two = await page(attr(next!, 'href')!);
    expect(two.find('h2')).toHaveLength(3);
    const shown = [...one.find('h2'), ...two.find('h2')].map(text);
    expect(new Set(shown).size).toBe(23);
    expect(shown).toContain(SEED_STORIES[0].headline);
  });

  it('sends ETag, answers 304, and strict security headers', async () => {
    const res = await t.request(null, { url: `/articles/${first.id}` });
    expect(res.headers['cache-control']).toMatch(/public, max-age=\d+, stale-while-revalidate=\d+/);
    const etag = res.headers.etag as string;
    expect(etag).toMatch(/^"/);
    expect((await t.request(null, { url: `/articles/${first.id}`, headers: { 'if-none-match': etag } })).statusCode).toBe(304);
    // A shared link's tracking parameters change nothing.
    for (const url of [`/articles/${first.id}?utm_source=weibo`, '/sections/liaocheng?from=share', `/notices/${notice.id}?utm_medium=x`]) {
      const tagged = await t.request(null, { url });
      expect(tagged.statusCode, url).toBe(200);
    }
    const csp = res.headers['content-security-policy'] as string;
    expect(csp).toContain("default-src 'none'");
    expect(csp).toContain("script-src 'none'");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    const css = stylesheetOf(res.body);
    const sheet = await t.request(null, { url: css });
    expect(sheet.statusCode).toBe(200);
    expect(sheet.headers['content-type']).toMatch(/^text\/css/);
    expect(sheet.headers['cache-control']).toContain('immutable');
    expect(sheet.body).toContain('line-break: strict');
  });

  it('shows an edit at once: the cached page is dropped when the article changes', async () => {
    const before = await t.request(null, { url: `/articles/${second.id}` });
    const current = await t.request('editor', { url: `/api/v1/articles/${second.id}` });
    const edited = await t.request('editor', {
      method: 'PATCH',
      url: `/api/v1/articles/${second.id}`,
      headers: ifMatch(current.json<{ version: number }>().version),
      payload: { headline: '悄然离去的他被找到了（更新）' },
    });
    expect(edited.statusCode, edited.body).toBe(200);
    const after = await vi.waitFor(async () => {
      const res = await t.request(null, { url: `/articles/${second.id}` });
      expect(res.body).toContain('悄然离去的他被找到了（更新）');
      return res;
    }, NOTIFIED);
    expect(after.headers.etag).not.toBe(before.headers.etag);
    await vi.waitFor(async () => {
      const a03 = await t.request(null, { url: `/editions/${SEED_DATE}/A03` });
      expect(a03.body).toContain('悄然离去的他被找到了（更新）');
    }, NOTIFIED);
  });

  it('escapes user text everywhere: a headline, kicker, summary and body full of markup stay text', async () => {
    const vectors = '<script>alert(1)</script><img src=x onerror=alert(1)>';
    const article = await api.articleIn('published', {
      kicker: `引题${vectors}`,
      headline: `标题${vectors}"'`,
      summary: `摘要</script>${vectors}`,
      body: `${vectors}\n\n[a](javascript:alert(1))`,
      sectionId,
    });
    const shown = await vi.waitFor(async () => {
      const p = await page(`/articles/${article.id}`);
      expect(p.res.statusCode).toBe(200);
      return p;
    }, NOTIFIED);
    const tags = shown.all.map((e) => e.tagName);
    expect(tags.filter((tag) => tag === 'img' || tag === 'svg')).toEqual([]);
    expect(shown.find('script').map((s) => attr(s, 'type'))).toEqual(['application/ld+json']);
    for (const e of shown.all) for (const a of e.attrs) expect(a.name).not.toMatch(/^on/i);
    expect(text(shown.find('h1')[0]!)).toBe(`标题${vectors}"'`);
    const ld = JSON.parse(text(shown.find('script')[0]!)) as { headline: string; description: string };
    expect(ld.headline).toBe(`标题${vectors}"'`);
    expect(ld.description).toBe(`摘要</script>${vectors}`);
  });
});

function stylesheetOf(html: string): string {
  const match = /<link rel="stylesheet" href="([^"]+)"/.exec(html);
  expect(match).not.toBeNull();
  return match![1]!;
}
