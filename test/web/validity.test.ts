import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createTestApp, type TestApp } from '../helpers/app.js';
import { editionsClient, publishSeedPaper, SEED_DATE, SEED_LONG_BODY, type SeedPaper } from '../helpers/editions.js';
import { SEED_FIELDS, type Cell, type NoticeJson } from '../helpers/notices.js';
import { NOTIFIED } from '../helpers/notified.js';
import { checkHtml, formatVnuResults, vnuSkipReason, type HtmlDocument } from '../helpers/vnu.js';

/**
 * Issue 6: every kind of page the web site serves is valid HTML, as the Nu Html Checker
 * reads it — all of them checked in one run of the checker.
 */

const javaSkip = vnuSkipReason();
if (javaSkip) console.log(`skipping web page validity tests: ${javaSkip}`);

describe.skipIf(javaSkip !== undefined)('web pages under the Nu Html Checker', () => {
  let t: TestApp;
  let paper: SeedPaper;
  let statement: NoticeJson;
  let long: NoticeJson;
  const documents: HtmlDocument[] = [];

  /** The page at `url` once it is served with `status` (the public cache is dropped asynchronously). */
  async function fetchPage(name: string, url: string, status = 200, done: (body: string) => boolean = () => true): Promise<string> {
    const res = await vi.waitFor(async () => {
      const served = await t.request(null, { url });
      expect(served.statusCode, `${name} ${url}`).toBe(status);
      expect(done(served.body), `${name} ${url}`).toBe(true);
      return served;
    }, NOTIFIED);
    expect(res.headers['content-type'], url).toBe('text/html; charset=utf-8');
    documents.push({ name: `${name} (${url})`, html: res.body });
    return res.body;
  }

  beforeAll(async () => {
    t = await createTestApp();
    const api = editionsClient(t);
    paper = await publishSeedPaper(t, { firstBody: SEED_LONG_BODY });

    const corrected = await t.request('editor', {
      method: 'POST',
      url: `/api/v1/articles/${paper.second.id}/corrections`,
      payload: { text: '本报4月11日A03版《在景区救起两名落水儿童 悄然离去的他被找到了》一文中，“邯济铁路冠县货场”应为“邯济铁路冠县站货场”，特此更正。' },
    });
    expect(corrected.statusCode, corrected.body).toBe(201);

    // More than a page (20) of articles in the section, so that its front links to the next.
    for (let i = 1; i <= 21; i++) await api.articleIn('published', { headline: `聊城新闻稿件第${i}篇`, sectionId: paper.sectionId });

    statement = await api.notices.bringTo(
      await api.notices.create({
        kind: 'statement',
        title: '遗失声明',
        issuer: '本报',
        issuedOn: '2024-04-10',
        rows: [
          '聊城市东昌府区某某商店遗失营业执照正本，统一社会信用代码92371502MA3C8Q7L1R，声明作废。',
          '张三遗失道路运输证，证号371502000001，声明作废。',
          '聊城某某建材有限公司遗失公章一枚，声明作废。',
        ],
      }),
      'published',
    );

    const rowOf = (i: number): Cell[] => [i, `户主${i}`, null, '冠县', '定远寨', `村庄${i % 37}`, 2021, `${i}.01`];
    long = await api.notices.bringTo(await api.notices.create({ ...SEED_FIELDS, rows: Array.from({ length: 1005 }, (_, i) => rowOf(i + 1)) }), 'published');
  });
  afterAll(async () => t?.close());

  it('finds no error on any page: front, editions, edition index and page, articles, section front, notices, the row pager and the 404 page', async () => {
    const { first, second, notice } = paper;
    await fetchPage('front page', '/', 200, (body) => body.includes(`/editions/${SEED_DATE}/A03`) && body.includes('聊城新闻稿件第21篇'));
    await fetchPage('edition list', '/editions');
    await fetchPage('edition index', `/editions/${SEED_DATE}`);
    await fetchPage('edition page', `/editions/${SEED_DATE}/A03`);
    const article = await fetchPage('first article', `/articles/${first.id}`);
    for (const tag of ['<h2>', '<ul>', '<blockquote>', '<table>', '<a href="https://amr.shandong.gov.cn/"', 'class="kicker"', 'class="byline"', 'class="section-link"']) {
      expect(article, tag).toContain(tag);
    }
    await fetchPage('second article, corrected', `/articles/${second.id}`, 200, (body) => body.includes('class="corrections"'));

    const section = await fetchPage('section front', '/sections/liaocheng', 200, (body) => body.includes('聊城新闻稿件第21篇'));
    const next = /href="(\/sections\/liaocheng\?cursor=[^"]+)"/.exec(section)?.[1];
    expect(next, 'the section front links to its next page').toBeDefined();
    await fetchPage('section front, next page', next!.replace(/&amp;/g, '&'));

    await fetchPage('seed notice', `/notices/${notice.id}`);
    const list = await fetchPage('statement', `/notices/${statement.id}`);
    expect(list).toContain('class="statement-list"');
    const firstRows = await fetchPage('1,005-row notice', `/notices/${long.id}`);
    expect(firstRows).toContain('户主1000<');
    expect(firstRows).not.toContain('户主1001<');
    const more = new RegExp(`href="(/notices/${long.id}\\?rows=[^"]+)"`).exec(firstRows)?.[1];
    expect(more, 'the notice links to its further rows').toBeDefined();
    const rest = await fetchPage('1,005-row notice, rows 1001–1005', more!.replace(/&amp;/g, '&'));
    expect(rest).toContain('户主1005<');
    expect(rest).not.toContain('户主1000<');

    await fetchPage('404 page', '/articles/999999', 404);

    expect(documents).toHaveLength(13);
    const results = await checkHtml(documents);
    expect(results.map((r) => r.name)).toEqual(documents.map((d) => d.name));
    for (const result of results) expect.soft(result.messages, formatVnuResults([result])).toEqual([]);
    expect(formatVnuResults(results)).toBe('');
  });
});
