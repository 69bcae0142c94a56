import { parse } from 'parse5';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../helpers/app.js';
import { attr, elements, text, type Element } from '../helpers/html-tree.js';
import { browserSkipReason, formatViolations, horizontalOverflow, launchBrowser, listen, newPage, runAxe, seriousViolations } from '../helpers/browser.js';
import { editionsClient, type ArticleRef } from '../helpers/editions.js';
import { SEED_FIELDS, type NoticeJson } from '../helpers/notices.js';
import { checkHtml, formatVnuResults, vnuSkipReason } from '../helpers/vnu.js';

/**
 * The public search page, `/search?q=`, and the search box in every page's header: hits with
 * their words marked, only what is published, a notice's matching rows with ID numbers masked,
 * pages of hits, refused queries explained in Chinese, valid HTML and nothing serious for axe.
 */


/** A whole ID number (its check character right) and how a published table prints it. */
const FULL_ID = '11010519491231002X';
const MASKED_ID = '1101051949****002X';
/** More hits than one page (20) holds. */
const MANY = 23;

let t: TestApp;
let api: ReturnType<typeof editionsClient>;
let published: ArticleRef;
let notice: NoticeJson;

const byClass = (all: Element[], name: string) => all.filter((e) => attr(e, 'class')?.split(' ').includes(name));

async function searchPage(url: string) {
  const res = await t.request(null, { url });
  const all = elements(parse(res.body));
  const hits = byClass(all, 'hit');
  return {
    res,
    all,
    hits,
    /** Each hit's headline link, its text and the text of its `<mark>`s. */
    headlines: hits.map((h) => elements(h).find((e) => e.tagName === 'h2')!).map((h2) => ({ href: attr(elements(h2).find((e) => e.tagName === 'a')!, 'href'), text: text(h2), marks: elements(h2).filter((e) => e.tagName === 'mark').map(text) })),
    input: all.find((e) => attr(e, 'id') === 'search-q')!,
    next: all.find((e) => e.tagName === 'a' && text(e) === '下一页'),
    first: all.find((e) => e.tagName === 'a' && text(e) === '回到第一页'),
  };
}
const q = (query: string, extra = '') => `/search?q=${encodeURIComponent(query)}${extra}`;

beforeAll(async () => {
  t = await createTestApp();
  api = editionsClient(t);
  published = await api.articleIn('published', { kicker: '创新模式破解难题', headline: '聊城市被评为省级商业秘密保护创新试点', body: '聊城市大力维护公平竞争市场环境，商业秘密保护工作走在前列。' });
  await api.articleIn('draft', { headline: '草稿里的锦鲤养殖秘诀', body: '锦鲤养殖秘诀尚未发表。' });
  for (let i = 1; i <= MANY; i++) await api.articleIn('published', { headline: `黄河湿地观鸟第${i}篇`, body: `黄河湿地今年观鸟记录第${i}次更新。` });
  notice = await api.notices.bringTo(
    await api.notices.create({
      ...SEED_FIELDS,
      rows: [
        [1, '肖凤臣', FULL_ID, '冠县', '定远寨', '温庄村', 2021, '10.00'],
        [2, '王某某', null, '冠县', '定远寨', '前屯村', 2021, '20.00'],
        ...Array.from({ length: 6 }, (_, i) => [i + 3, `户主${i + 3}`, null, '冠县', '定远寨', '温庄村', 2021, '5.00']),
      ],
    }),
    'published',
  );
});
afterAll(async () => t?.close());

describe('the search page', () => {
  it('finds a published story, its words in <mark> in the headline and the snippet, linked to its page, with kicker and date, uncached and noindex', async () => {
    const page = await searchPage(q('商业秘密'));
    expect(page.res.statusCode).toBe(200);
    expect(page.res.headers['cache-control']).toBe('no-cache');
    expect(page.res.body).toContain('<meta name="robots" content="noindex"/>');
    expect(text(page.all.find((e) => e.tagName === 'title')!)).toBe('“商业秘密”的搜索结果 - Newsroom');
    expect(page.headlines).toEqual([{ href: `http://newsroom.test/articles/${published.id}`, text: '聊城市被评为省级商业秘密保护创新试点', marks: ['商业秘密'] }]);
    const hit = page.hits[0]!;
    expect(byClass(elements(hit), 'kicker').map(text)).toEqual(['创新模式破解难题']);
    expect(elements(hit).some((e) => e.tagName === 'time' && attr(e, 'datetime'))).toBe(true);
    const snippet = byClass(elements(hit), 'summary')[0]!;
    expect(elements(snippet).filter((e) => e.tagName === 'mark').map(text)).toEqual(['商业秘密']);
    expect(text(byClass(page.all, 'search-count')[0]!)).toContain('共 1 条');
  });

  it('shows no draft', async () => {
    const page = await searchPage(q('锦鲤养殖'));
    expect(page.res.statusCode).toBe(200);
    expect(page.hits).toHaveLength(0);
    expect(page.res.body).toContain('没有找到相关内容');
  });

  it('drops a story from the very next search once it is withdrawn', async () => {
    const story = await api.articleIn('published', { headline: '稻田画引来八方游客', body: '今年的稻田画引来游客。' });
    expect((await searchPage(q('稻田画'))).headlines.map((h) => h.href)).toEqual([`http://newsroom.test/articles/${story.id}`]);
    await api.moveArticle(story, 'withdrawn');
    const page = await searchPage(q('稻田画'));
    expect(page.hits).toHaveLength(0);
    expect(page.res.body).not.toContain('稻田画引来八方游客');
  });

  it('shows a notice’s matching row as a table under its column labels, the ID number masked, never whole', async () => {
    const page = await searchPage(q('肖凤臣'));
    expect(page.headlines.map((h) => h.href)).toEqual([`http://newsroom.test/notices/${notice.id}`]);
    const table = elements(page.hits[0]!).find((e) => e.tagName === 'table')!;
    expect(elements(table).filter((e) => e.tagName === 'th').map((th) => [text(th), attr(th, 'scope')])).toEqual(SEED_COLUMNS.map((label) => [label, 'col']));
    const cells = elements(table).filter((e) => e.tagName === 'td').map(text);
    expect(cells).toContain('肖凤臣');
    expect(cells).toContain(MASKED_ID);
    expect(cells).not.toContain('王某某');
    expect(page.res.body).not.toContain(FULL_ID);
    const marked = elements(table).filter((e) => e.tagName === 'mark').map(text);
    expect(marked).toEqual(['肖凤臣']);
  });

  it('shows five of a notice’s matching rows and says how many more match', async () => {
    const page = await searchPage(q('温庄村'));
    const rows = elements(page.hits[0]!).filter((e) => e.tagName === 'tbody').flatMap((b) => elements(b).filter((e) => e.tagName === 'tr'));
    expect(rows).toHaveLength(5);
    expect(text(page.hits[0]!)).toContain('另有 2 行匹配');
  });

  it('pages through the hits: the next link carries the query, leads to the rest, repeats none, and links back to the first page', async () => {
    const first = await searchPage(q('黄河湿地'));
    expect(first.hits).toHaveLength(20);
    expect(text(byClass(first.all, 'search-count')[0]!)).toContain(`共 ${MANY} 条`);
    expect(first.first).toBeUndefined();
    const href = attr(first.next!, 'href')!;
    expect(new URL(href, 'http://x').searchParams.get('q')).toBe('黄河湿地');
    const second = await searchPage(href);
    expect(second.res.statusCode).toBe(200);
    expect(second.next).toBeUndefined();
    expect(attr(second.first!, 'href')).toBe(q('黄河湿地'));
    const seen = [...first.headlines, ...second.headlines].map((h) => h.text);
    expect(new Set(seen).size).toBe(MANY);
    expect(seen.every((s) => s.startsWith('黄河湿地观鸟'))).toBe(true);
  });

  it('keeps the query on reload: the form is a plain GET to /search and its input is filled in from the URL', async () => {
    const page = await searchPage(q('黄河湿地', '&kind=article'));
    const form = page.all.find((e) => e.tagName === 'form' && attr(e, 'class') === 'search-form')!;
    expect([attr(form, 'action'), attr(form, 'method')]).toEqual(['/search', 'get']);
    expect([attr(page.input, 'name'), attr(page.input, 'type'), attr(page.input, 'value')]).toEqual(['q', 'search', '黄河湿地']);
    const selected = page.all.find((e) => e.tagName === 'option' && attr(e, 'selected') !== undefined)!;
    expect(attr(selected, 'value')).toBe('article');
    expect(new URL(attr(page.next!, 'href')!, 'http://x').searchParams.get('kind')).toBe('article');
    // The same address again shows the same page.
    expect((await searchPage(q('黄河湿地', '&kind=article'))).headlines).toEqual(page.headlines);
  });

  it('shows the empty form without a query, and escapes what is typed', async () => {
    const blank = await searchPage('/search');
    expect(blank.res.statusCode).toBe(200);
    expect(attr(blank.input, 'value') ?? '').toBe('');
    expect(blank.hits).toHaveLength(0);
    const typed = await searchPage(q('<script>alert(1)</script> 商业秘密'));
    expect(typed.res.body).not.toContain('<script>alert(1)');
    expect(attr(typed.input, 'value')).toBe('<script>alert(1)</script> 商业秘密');
  });

  it.each([
    ['single-character', '秘', '请输入至少两个字；单个汉字几乎处处都有'],
    ['full-id-number', FULL_ID, '为保护个人信息，不能按完整身份证号搜索；可以输入身份证号的后四位'],
    ['only-marks', '，。！', '只有标点或符号'],
    ['too-long', '商'.repeat(201), '200 字以内'],
    ['too-many-terms', Array.from({ length: 13 }, (_, i) => `词语${i}`).join(' '), '最多 12 个词'],
    ['only-excluded', '-商业秘密', '请再加上要找的词'],
    ['empty', '   ', '请输入要搜索的词'],
  ])('refuses a %s query with 400 and says why in Chinese', async (reason, query, words) => {
    const page = await searchPage(q(query));
    expect(page.res.statusCode).toBe(400);
    expect(page.res.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(text(byClass(page.all, 'search-refused')[0]!)).toContain(words);
    if (reason === 'full-id-number') {
      expect(attr(page.input, 'value') ?? '').toBe('');
      expect(page.res.body).not.toContain(FULL_ID);
    } else {
      expect(attr(page.input, 'value')).toBe(query);
    }
  });

  it('answers a cursor it did not hand out with the form and a link-expired note, status 400', async () => {
    const page = await searchPage(q('黄河湿地', '&cursor=bm9wZQ'));
    expect(page.res.statusCode).toBe(400);
    expect(text(byClass(page.all, 'search-refused')[0]!)).toContain('翻页链接已失效');
  });

  it('puts a labelled search form, role=search, GET /search with q, in the header of every page', async () => {
    for (const url of ['/', `/articles/${published.id}`, '/search']) {
      const all = elements(parse((await t.request(null, { url })).body));
      const header = all.find((e) => e.tagName === 'header' && attr(e, 'class') === 'masthead')!;
      const form = elements(header).find((e) => e.tagName === 'form')!;
      expect([attr(form, 'role'), attr(form, 'action'), attr(form, 'method')], url).toEqual(['search', '/search', 'get']);
      const input = elements(form).find((e) => e.tagName === 'input')!;
      const label = elements(form).find((e) => e.tagName === 'label')!;
      expect([attr(input, 'name'), attr(label, 'for')], url).toEqual(['q', attr(input, 'id')]);
      expect(text(label).trim(), url).not.toBe('');
    }
  });
});

const SEED_COLUMNS = ['序号', '姓名', '身份证号', '区县', '乡镇', '村庄', '赔款年度', '金额(元)'];

const javaSkip = vnuSkipReason();
describe.skipIf(javaSkip !== undefined)('the search pages under the Nu Html Checker', () => {
  it('finds no error on the blank form, hits with a notice’s rows, a later page and a refused query', async () => {
    const urls = ['/search', q('肖凤臣'), q('黄河湿地'), attr((await searchPage(q('黄河湿地'))).next!, 'href')!, q('秘')];
    const documents = await Promise.all(urls.map(async (url) => ({ name: url, html: (await t.request(null, { url })).body })));
    const results = await checkHtml(documents);
    expect(formatVnuResults(results)).toBe('');
  });
});

const browserSkip = browserSkipReason();
describe.skipIf(browserSkip !== undefined)('the search page in Chromium', () => {
  let browser: Browser;
  let base: string;
  beforeAll(async () => {
    base = (await listen(t.app)).url;
    browser = await launchBrowser();
  });
  afterAll(async () => browser?.close());

  it.each([375, 1280])('at %i px: a search typed into the header leads to the hits, which fit the width and pass axe', async (width) => {
    const page = await newPage(browser, width);
    try {
      await page.goto(`${base}/`);
      await page.getByRole('search').getByRole('searchbox').fill('肖凤臣');
      await Promise.all([page.waitForURL(/\/search\?q=/), page.getByRole('search').getByRole('button', { name: '搜索' }).click()]);
      expect(await page.locator('.hit h2').innerText()).toBe(SEED_FIELDS.title);
      expect(await page.locator('#search-q').inputValue()).toBe('肖凤臣');
      // Reload keeps the query and the hits.
      await page.reload();
      expect(await page.locator('#search-q').inputValue()).toBe('肖凤臣');
      expect(await page.locator('.hit').count()).toBe(1);
      expect(await horizontalOverflow(page), 'sideways scrolling').toBeLessThanOrEqual(0);
      const serious = seriousViolations(await runAxe(page));
      expect(serious, formatViolations(serious)).toEqual([]);
    } finally {
      await page.context().close();
    }
  });
});
