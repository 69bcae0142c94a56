/**
 * The search API as its callers meet it: who finds what in which state, publication and
 * withdrawal reaching the public search in their own transactions, filters and pages, photos,
 * rebuilding the index, and queries that must never reach the database as syntax (or a log as
 * an ID number).
 */
import { Writable } from 'node:stream';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SearchPage } from '../../src/features/search/schemas.js';
import { createSearchService } from '../../src/features/search/service.js';
import { loggerOptions } from '../../src/logging.js';
import { createTestApp, type TestApp } from '../helpers/app.js';
import { plainJpeg } from '../helpers/photo-files.js';
import { expectProblem } from '../helpers/problem.js';

describe('the search API', () => {
  let t: TestApp;
  let alice: { id: number; token: string };
  let bob: { id: number; token: string };
  const lines: string[] = [];

  const search = async (who: string | null, query: string) => {
    const res = await t.request(who, { method: 'GET', url: `${who === null ? '/content/v1' : '/api/v1'}/search?${query}` });
    expect(res.statusCode, res.body).toBe(200);
    return res.json() as SearchPage;
  };
  const ids = async (who: string | null, query: string) => (await search(who, query)).items.map((h) => `${h.kind}:${h.id}`);
  const file = async (token: string, fields: Record<string, unknown>) => {
    const res = await t.request(token, { method: 'POST', url: '/api/v1/articles', payload: fields });
    expect(res.statusCode, res.body).toBe(201);
    return res.json() as { id: number; version: number };
  };
  const move = async (article: { id: number; version: number }, status: string) => {
    const res = await t.request('editor', { method: 'POST', url: `/api/v1/articles/${article.id}/status`, headers: { 'if-match': `"${article.version}"` }, payload: { status } });
    expect(res.statusCode, res.body).toBe(200);
    return res.json() as { id: number; version: number };
  };

  beforeAll(async () => {
    const stream = new Writable({
      write(chunk, _encoding, done) {
        lines.push(String(chunk));
        done();
      },
    });
    t = await createTestApp({ logger: { ...loggerOptions('trace'), stream } });
    alice = await t.user('reporter');
    bob = await t.user('reporter');
  });
  afterAll(() => t.close());

  it('shows a draft to its reporter and the editors only, and the public only from publication until withdrawal', async () => {
    const draft = await file(alice.token, { headline: '独角兽企业落户高新区', body: '一家独角兽企业今天签约。' });
    const key = `article:${draft.id}`;
    expect(await ids(alice.token, 'q=独角兽')).toEqual([key]);
    expect(await ids('editor', 'q=独角兽')).toEqual([key]);
    expect(await ids(bob.token, 'q=独角兽')).toEqual([]);
    expect(await ids(null, 'q=独角兽')).toEqual([]);

    const published = await move(draft, 'published');
    expect(await ids(null, 'q=独角兽')).toEqual([key]);
    expect(await ids(bob.token, 'q=独角兽')).toEqual([key]);
    const hit = (await search(null, 'q=独角兽')).items[0]!;
    expect(hit.url).toBe(`http://newsroom.test/articles/${draft.id}`);
    expect(hit).not.toHaveProperty('status');

    await move(published, 'withdrawn');
    expect(await ids(null, 'q=独角兽')).toEqual([]);
    expect(await ids(bob.token, 'q=独角兽')).toEqual([]);
    expect((await search('editor', 'q=独角兽')).items[0]).toMatchObject({ id: draft.id, status: 'withdrawn', url: null });
  });

  it('finds a story by its new words the moment an edit is acknowledged, and no longer by its old ones', async () => {
    const story = await file('editor', { headline: '春季植树活动启动', body: '市民踊跃参加植树。' });
    const res = await t.request('editor', { method: 'PATCH', url: `/api/v1/articles/${story.id}`, headers: { 'if-match': `"${story.version}"` }, payload: { headline: '秋季护绿活动启动' } });
    expect(res.statusCode, res.body).toBe(200);
    expect(await ids('editor', 'q=秋季护绿')).toEqual([`article:${story.id}`]);
    expect(await ids('editor', 'q=春季植树')).toEqual([]);
    // A refused edit changes nothing in the index either.
    const refused = await t.request('editor', { method: 'PATCH', url: `/api/v1/articles/${story.id}`, headers: { 'if-match': '"2"' }, payload: { headline: '冬季滑雪活动', sectionId: 999_999 } });
    expect(refused.statusCode).toBe(422);
    expect(await ids('editor', 'q=冬季滑雪')).toEqual([]);
  });

  it('cuts a snippet from the body as it is now, after an edit of a story already found', async () => {
    const story = await file('editor', { headline: '湿地公园开园', body: '湿地公园今天开园，游客可以看到白鹭。' });
    const snippet = async () => (await search('editor', 'q=湿地公园')).items.find((h) => h.id === story.id)!.snippet.text;
    expect(await snippet()).toContain('白鹭');
    const res = await t.request('editor', { method: 'PATCH', url: `/api/v1/articles/${story.id}`, headers: { 'if-match': `"${story.version}"` }, payload: { body: '湿地公园今天开园，游客可以看到苍鹭。' } });
    expect(res.statusCode, res.body).toBe(200);
    const now = await snippet();
    expect(now).toContain('苍鹭');
    expect(now).not.toContain('白鹭');
  });

  it('finds a story by its byline, and by the new name once the person is renamed', async () => {
    const story = await file('editor', { headline: '湿地观鸟季开幕', credits: [{ role: 'reporter', name: '欧阳晓岚' }] });
    expect(await ids('editor', 'q=欧阳晓岚')).toEqual([`article:${story.id}`]);
    const person = ((await t.request('editor', { method: 'GET', url: `/api/v1/articles/${story.id}` })).json() as { credits: { personId: number }[] }).credits[0]!.personId;
    const version = ((await t.request('editor', { method: 'GET', url: `/api/v1/people/${person}` })).json() as { version: number }).version;
    const renamed = await t.request('editor', { method: 'PATCH', url: `/api/v1/people/${person}`, headers: { 'if-match': `"${version}"` }, payload: { name: '欧阳晓峰' } });
    expect(renamed.statusCode, renamed.body).toBe(200);
    expect(await ids('editor', 'q=欧阳晓峰')).toEqual([`article:${story.id}`]);
    expect(await ids('editor', 'q=欧阳晓岚')).toEqual([]);
  });

  it('filters by kind, state, section and time, and pages through every hit once', async () => {
    const section = (await t.request('editor', { method: 'POST', url: '/api/v1/sections', payload: { name: '经济', slug: 'economy' } })).json() as { id: number };
    const made = [];
    for (let i = 0; i < 5; i++) made.push(await file('editor', { headline: `翻页测试第${i + 1}篇`, body: '翻页测试的正文。', ...(i < 2 && { sectionId: section.id }) }));
    const seen: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const page = await search('editor', `q=翻页测试&limit=2${cursor ? `&cursor=${cursor}` : ''}`);
      expect(page.total).toBe(5);
      expect(page.bounded).toBe(false);
      seen.push(...page.items.map((h) => `${h.id}`));
      cursor = page.nextCursor;
      pages++;
    } while (cursor);
    expect(pages).toBe(3);
    expect(seen.sort()).toEqual(made.map((m) => `${m.id}`).sort());
    expect(await ids('editor', `q=翻页测试&section=${section.id}`)).toHaveLength(2);
    expect(await ids('editor', 'q=翻页测试&status=draft')).toHaveLength(5);
    expect(await ids('editor', 'q=翻页测试&status=published')).toHaveLength(0);
    expect(await ids('editor', 'q=翻页测试&kind=notice')).toHaveLength(0);
    expect(await ids('editor', 'q=翻页测试&to=2000-01-01')).toHaveLength(0);
    expect(await ids('editor', `q=翻页测试&from=${new Date(Date.now() - 3_600_000).toISOString()}`)).toHaveLength(5);
    expectProblem(await t.request('editor', { method: 'GET', url: '/api/v1/search?q=翻页测试&from=2030-01-01&to=2020-01-01' }), 400, 'validation-failed');
    expectProblem(await t.request('editor', { method: 'GET', url: '/api/v1/search?q=翻页测试&cursor=WzUwMDBd' }), 400, 'bad-request');
  });

  it('ranks only the newest matches when more match, says so, and pages no further', async () => {
    const bounded = createSearchService({ db: t.database.db, withSettings: t.database.withSettings, baseUrl: 'http://newsroom.test', ranked: 3 });
    const made = [];
    for (let i = 0; i < 5; i++) made.push(await file('editor', { headline: `限量排序第${i + 1}篇` }));
    const first = await bounded.newsroom({ userId: alice.id, editor: true }, { q: '限量排序', limit: 2 });
    expect(first).toMatchObject({ total: 3, bounded: true });
    const second = await bounded.newsroom({ userId: alice.id, editor: true }, { q: '限量排序', limit: 2, cursor: first.nextCursor! });
    expect(second.nextCursor).toBeNull();
    // The newest three, filed last.
    expect([...first.items, ...second.items].map((h) => h.id).sort()).toEqual(made.slice(2).map((m) => m.id).sort());
    const narrowed = await bounded.newsroom({ userId: alice.id, editor: true }, { q: '限量排序第1篇' });
    expect(narrowed).toMatchObject({ total: 1, bounded: false });
  });

  it('checks a phrase against the newest items holding its characters, and says when older ones were left', async () => {
    const checking = createSearchService({ db: t.database.db, withSettings: t.database.withSettings, baseUrl: 'http://newsroom.test', checked: 2 });
    const phrase = await file('editor', { headline: '海岸线保护条例' });
    // Newer: every character pair of 海岸线保护 is there, never in that order.
    for (let i = 0; i < 2; i++) await file('editor', { headline: `保护海岸，线上报名第${i + 1}期`, body: '岸线保护。' });
    const viewer = { userId: alice.id, editor: true };
    expect(await checking.newsroom(viewer, { q: '"海岸线保护"' })).toMatchObject({ items: [], total: 0, bounded: true });
    const wide = await checking.newsroom(viewer, { q: '"海岸线保护"', to: new Date(Date.now() + 60_000).toISOString(), from: '2000-01-01' });
    expect(wide.bounded).toBe(true);
    // With every candidate checked, the phrase is found and nothing is bounded.
    const all = await search('editor', `q=${encodeURIComponent('"海岸线保护"')}`);
    expect(all).toMatchObject({ total: 1, bounded: false });
    expect(all.items[0]!.id).toBe(phrase.id);
  });

  it('finds photos by caption for the newsroom, never for the public', async () => {
    const upload = await t.request('editor', { method: 'POST', url: '/api/v1/photos', headers: { 'content-type': 'image/jpeg' }, payload: await plainJpeg(40, 30) });
    expect(upload.statusCode, upload.body).toBe(201);
    const photo = upload.json() as { id: number; version: number };
    const patched = await t.request('editor', { method: 'PATCH', url: `/api/v1/photos/${photo.id}`, headers: { 'if-match': `"${photo.version}"` }, payload: { caption: '白鹭在湿地公园觅食', alt: '两只白鹭' } });
    expect(patched.statusCode, patched.body).toBe(200);
    expect(await ids(alice.token, 'q=白鹭&kind=photo')).toEqual([`photo:${photo.id}`]);
    expect(await ids(null, 'q=白鹭')).toEqual([]);
    expectProblem(await t.request(null, { method: 'GET', url: '/content/v1/search?q=白鹭&kind=photo' }), 400, 'validation-failed');
  });

  it('rebuilds the index from the items, all of it or what is missing, to the same answers', async () => {
    const before = await ids('editor', 'q=翻页测试&limit=50');
    const { db } = t.database;
    await db.execute(sql`delete from search_documents where kind = 'article'`);
    expect(await ids('editor', 'q=翻页测试')).toEqual([]);
    expect(await t.app.services.searchIndex.missing()).toBeGreaterThanOrEqual(5);
    const done = await t.app.services.searchIndex.reindex('missing');
    expect(done.article).toBeGreaterThanOrEqual(5);
    expect(done.photo).toBe(0);
    expect(await t.app.services.searchIndex.missing()).toBe(0);
    expect(await ids('editor', 'q=翻页测试&limit=50')).toEqual(before);
    const all = await t.app.services.searchIndex.reindex('all');
    expect(all.photo).toBe(1);
    expect(await ids('editor', 'q=翻页测试&limit=50')).toEqual(before);
  });

  /** A query as a URL carries it; a lone surrogate as the bytes a careless client would send. */
  const escaped = (q: string) => [...q].map((c) => (/[\ud800-\udfff]/u.test(c) && c.length === 1 ? '%ED%A0%80' : encodeURIComponent(c))).join('');

  it('answers hostile queries with a clear 400 or an empty page, never a 500 or a tsquery error', async () => {
    const hostile = [
      'x'.repeat(10_240),
      '字'.repeat(5000),
      '&|!:*()<->',
      "'&' | '!'",
      'a:* & !b <-> c',
      '\\',
      '\\\\\\\'',
      '\u0000',
      'abc\u0000def',
      '\ud800\udc00\ud800',
      '\udfff商业',
      "'; drop table articles; --",
      '1 OR 1=1',
      '"unclosed phrase',
      '---',
      '- -',
      '"" ""',
      '　',
      '％２７',
    ];
    for (const q of hostile) {
      for (const base of ['/api/v1/search', '/content/v1/search']) {
        const res = await t.request(base.startsWith('/api') ? 'editor' : null, { method: 'GET', url: `${base}?q=${escaped(q)}` });
        expect([200, 400], `${q.slice(0, 40)}: ${res.body.slice(0, 300)}`).toContain(res.statusCode);
        expect(res.body).not.toMatch(/tsquery|syntax error/iu);
        if (res.statusCode === 400) expect(String(res.headers['content-type'])).toMatch(/^application\/problem\+json/u);
      }
    }
  });

  it('refuses a whole ID number with a reason, and never writes it to the log', async () => {
    const id = '372501196603214816';
    for (const q of [id, `肖凤臣 ${id}`, '３７２５０１１９６６０３２１４８１６']) {
      const res = await t.request(null, { method: 'GET', url: `/content/v1/search?q=${encodeURIComponent(q)}` });
      const problem = expectProblem(res, 400, 'bad-request');
      expect(problem).toMatchObject({ reason: 'full-id-number' });
      expect(res.body).not.toContain(id);
    }
    const log = lines.join('');
    expect(log).toContain('/content/v1/search?q=[Redacted]');
    expect(log).not.toContain(id);
    expect(log).not.toContain(encodeURIComponent('３７２５'));
  });

  it('says why a query cannot be searched', async () => {
    for (const [q, reason] of [
      ['王', 'single-character'],
      ['，。！', 'only-marks'],
      ['-暴雨', 'only-excluded'],
      ['', 'empty'],
    ] as const) {
      const problem = expectProblem(await t.request('editor', { method: 'GET', url: `/api/v1/search?q=${encodeURIComponent(q)}` }), 400, 'bad-request');
      expect(problem, q).toMatchObject({ reason, errors: [{ in: 'query', pointer: '/q' }] });
    }
    expectProblem(await t.request('editor', { method: 'GET', url: '/api/v1/search' }), 400, 'validation-failed');
    expectProblem(await t.request('editor', { method: 'GET', url: '/api/v1/search?q=商业&sort=new' }), 400, 'validation-failed');
  });
});
