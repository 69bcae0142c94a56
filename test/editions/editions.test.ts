import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createTestApp, type TestApp } from '../helpers/app.js';
import {
  editionsClient,
  SEED_DATE,
  SEED_STORIES,
  type EditionJson,
  type PageJson,
  type PublicEditionJson,
  type ReleaseJson,
} from '../helpers/editions.js';
import { ifMatch } from '../helpers/notices.js';
import { NOTIFIED } from '../helpers/notified.js';
import { expectProblem } from '../helpers/problem.js';

let t: TestApp;
let api: ReturnType<typeof editionsClient>;

beforeAll(async () => {
  t = await createTestApp();
  api = editionsClient(t);
});
afterAll(async () => t?.close());

describe('the seed page as an edition', () => {
  it('places the two stories and the notice on A03, shows them in the plan, and releases all three', async () => {
    const section = await t.request('editor', { method: 'POST', url: '/api/v1/sections', payload: { name: '聊城新闻', slug: 'liaocheng' } });
    expect(section.statusCode, section.body).toBe(201);
    const sectionId = section.json<{ id: number }>().id;
    const pageEditor = await t.user('editor');

    const edition = await api.createEdition(SEED_DATE, 9876);
    expect(edition).toMatchObject({ date: SEED_DATE, issueNumber: 9876, status: 'planning', public: false, releaseAt: null, pages: [] });

    const first = await api.articleIn('edited', { ...SEED_STORIES[0] });
    const second = await api.articleIn('edited', { ...SEED_STORIES[1] });
    const notice = await api.seedNotice('edited');

    const created = await api.putPage(SEED_DATE, 'A03', {
      name: '聊城新闻',
      sectionId,
      editorId: pageEditor.id,
      grid: 'broadsheet-8',
      items: [
        { kind: 'article', id: first.id, columns: 8 },
        { kind: 'article', id: second.id },
        { kind: 'notice', id: notice.id, columns: 4 },
      ],
    });
    expect(created.statusCode, created.body).toBe(201);
    expect(created.headers.location).toBe(`/api/v1/editions/${SEED_DATE}/pages/A03`);
    const page = created.json<PageJson>();
    expect(created.headers.etag).toBe(`"${page.version}"`);
    expect(page).toMatchObject({
      label: 'A03',
      name: '聊城新闻',
      sectionId,
      editorId: pageEditor.id,
      grid: 'broadsheet-8',
      items: [
        { kind: 'article', id: first.id, columns: 8 },
        { kind: 'article', id: second.id, columns: null },
        { kind: 'notice', id: notice.id, columns: 4 },
      ],
    });

    // Reporters read the plan.
    const plan = await api.plan(SEED_DATE, 'reporter');
    expect(plan.pages.map((p) => p.label)).toEqual(['A03']);
    const [a03] = plan.pages;
    expect(a03).toMatchObject({ name: '聊城新闻', section: { id: sectionId, slug: 'liaocheng' }, editor: { id: pageEditor.id }, columns: 8 });
    expect(a03!.items.map((i) => [i.kind, i.id, i.status, i.title])).toEqual([
      ['article', first.id, 'edited', SEED_STORIES[0].headline],
      ['article', second.id, 'edited', SEED_STORIES[1].headline],
      ['notice', notice.id, 'edited', '赔款认领公示'],
    ]);
    expect(a03!.items[0]!.kicker).toBe(SEED_STORIES[0].kicker);
    for (const item of a03!.items) expect(item.characters).toBeGreaterThan(10);
    expect(a03!.items[2]!.rows).toBe(24);
    expect(a03!.characters).toBe(a03!.items.reduce((s, i) => s + i.characters, 0));
    expect(plan.summary).toMatchObject({ pages: 1, items: 3, statuses: { edited: 3 }, emptyPages: [], notReady: [], overdue: [] });

    // Nothing is public before the release.
    expectProblem(await t.request(null, { url: `/content/v1/editions/${SEED_DATE}` }), 404, 'not-found');
    for (const path of [`/content/v1/articles/${first.id}`, `/content/v1/articles/${second.id}`, `/content/v1/notices/${notice.id}`]) {
      expectProblem(await t.request(null, { url: path }), 404, 'not-found');
    }
    expect((await t.request(null, { url: '/content/v1/editions' })).json<{ items: unknown[] }>().items).toEqual([]);

    const released = await api.release(SEED_DATE, {}, 'editor', ifMatch(plan.version));
    expect(released.statusCode, released.body).toBe(200);
    const result = released.json<ReleaseJson>();
    expect(result.scheduled.map((r) => [r.kind, r.id, r.page])).toEqual([
      ['article', first.id, 'A03'],
      ['article', second.id, 'A03'],
      ['notice', notice.id, 'A03'],
    ]);
    expect(result).toMatchObject({ kept: [], published: [], skipped: [], edition: { status: 'released', public: false } });

    // Still not public until the publisher runs.
    expectProblem(await t.request(null, { url: `/content/v1/editions/${SEED_DATE}` }), 404, 'not-found');
    expect(await api.publishDue()).toBe(4);

    const shown = await vi.waitFor(async () => {
      const res = await t.request(null, { url: `/content/v1/editions/${SEED_DATE}` });
      expect(res.statusCode, res.body).toBe(200);
      return res;
    }, NOTIFIED);
    const body = shown.json<PublicEditionJson>();
    expect(body).toMatchObject({ date: SEED_DATE, issueNumber: 9876, url: `http://newsroom.test/editions/${SEED_DATE}` });
    expect(body.pages).toHaveLength(1);
    expect(body.pages[0]).toMatchObject({ label: 'A03', name: '聊城新闻', editor: a03!.editor!.name, section: { id: sectionId, slug: 'liaocheng' } });
    expect(body.pages[0]!.items).toEqual([
      {
        kind: 'article',
        id: first.id,
        kicker: SEED_STORIES[0].kicker,
        headline: SEED_STORIES[0].headline,
        subtitle: null,
        byline: '记者 国晓宁 通讯员 楚克伟',
        summary: null,
        url: `http://newsroom.test/articles/${first.id}`,
      },
      {
        kind: 'article',
        id: second.id,
        kicker: null,
        headline: SEED_STORIES[1].headline,
        subtitle: null,
        byline: '记者 国晓宁',
        summary: null,
        url: `http://newsroom.test/articles/${second.id}`,
      },
      { kind: 'notice', id: notice.id, kicker: null, headline: '赔款认领公示', subtitle: null, byline: '', summary: null, url: `http://newsroom.test/notices/${notice.id}` },
    ]);
    for (const path of [`/content/v1/articles/${first.id}`, `/content/v1/articles/${second.id}`, `/content/v1/notices/${notice.id}`]) {
      expect((await t.request(null, { url: path })).statusCode).toBe(200);
    }
    const list = await t.request(null, { url: '/content/v1/editions' });
    expect(list.json<{ items: { date: string; pageCount: number }[] }>().items).toEqual([expect.objectContaining({ date: SEED_DATE, pageCount: 1 })]);

    const after = await api.plan(SEED_DATE, 'editor');
    expect(after.summary.statuses).toEqual({ published: 3 });
    expect(after).toMatchObject({ status: 'released', public: true });
  });
});

describe('placements', () => {
  it('refuses a second place for an item in one edition, naming the page that holds it', async () => {
    await api.createEdition('2024-05-01', 10001);
    const article = await api.articleIn('draft');
    await api.putPageOk('2024-05-01', 'A01', { name: '要闻', grid: 'broadsheet-8', items: [{ kind: 'article', id: article.id }] });
    const twice = await api.putPage('2024-05-01', 'A02', { name: '综合', grid: 'broadsheet-8', items: [{ kind: 'article', id: article.id }] });
    const problem = expectProblem(twice, 409, 'conflict');
    expect(problem.detail).toContain('A01');
    expect((await t.request('editor', { url: '/api/v1/editions/2024-05-01/pages/A02' })).statusCode).toBe(404);
  });

  it('lets two editors saving one page with the same If-Match have one win and the other get 412, with nothing half-written', async () => {
    await api.createEdition('2024-05-02', 10002);
    const [a, b, c] = [await api.articleIn('draft'), await api.articleIn('draft'), await api.articleIn('draft')];
    const page = await api.putPageOk('2024-05-02', 'A01', { name: '要闻', grid: 'broadsheet-8', items: [{ kind: 'article', id: a.id }] });
    const [one, two] = await Promise.all([
      api.putPage('2024-05-02', 'A01', { name: '要闻一', grid: 'broadsheet-8', items: [{ kind: 'article', id: b.id }] }, page.version),
      api.putPage('2024-05-02', 'A01', { name: '要闻二', grid: 'tabloid-5', items: [{ kind: 'article', id: c.id }, { kind: 'article', id: a.id }] }, page.version),
    ]);
    const codes = [one.statusCode, two.statusCode].sort();
    expect(codes).toEqual([200, 412]);
    const winner = (one.statusCode === 200 ? one : two).json<PageJson>();
    const stored = (await t.request('editor', { url: '/api/v1/editions/2024-05-02/pages/A01' })).json<PageJson>();
    expect(stored).toEqual(winner);
  });
});

describe('bad input', () => {
  it('names the problem: unknown grid, bad label, impossible date, items that do not exist', async () => {
    await api.createEdition('2024-06-01', 20001);
    const grid = expectProblem(await api.putPage('2024-06-01', 'A01', { name: '要闻', grid: 'broadsheet-9', items: [] }), 400, 'validation-failed');
    expect(JSON.stringify(grid.errors)).toContain('/grid');
    const label = expectProblem(await api.putPage('2024-06-01', 'A1', { name: '要闻', grid: 'broadsheet-8', items: [] }), 400, 'validation-failed');
    expect(JSON.stringify(label.errors)).toContain('label');
    const date = expectProblem(await t.request('editor', { method: 'POST', url: '/api/v1/editions', payload: { date: '2024-02-30', issueNumber: 5 } }), 400, 'validation-failed');
    expect(JSON.stringify(date.errors)).toContain('/date');
    const missing = expectProblem(
      await api.putPage('2024-06-01', 'A01', { name: '要闻', grid: 'broadsheet-8', items: [{ kind: 'article', id: 999999 }, { kind: 'notice', id: 888888 }] }),
      422,
      'unprocessable',
    );
    expect(missing.errors).toEqual([
      expect.objectContaining({ pointer: '/items/0/id', message: 'no article 999999' }),
      expect.objectContaining({ pointer: '/items/1/id', message: 'no notice 888888' }),
    ]);
    expect((await t.request('editor', { url: '/api/v1/editions/2024-06-01' })).json<EditionJson>().pages).toEqual([]);
  });
});

describe('the page editor', () => {
  it('stays on a page once deactivated, so the page can still be saved, but cannot be given a new page', async () => {
    await api.createEdition('2024-07-01', 30001);
    const pageEditor = await t.user('editor');
    const page = await api.putPageOk('2024-07-01', 'A01', { name: '要闻', grid: 'broadsheet-8', editorId: pageEditor.id, items: [] });
    const user = await t.request('admin', { url: `/api/v1/users/${pageEditor.id}` });
    const off = await t.request('admin', { method: 'PATCH', url: `/api/v1/users/${pageEditor.id}`, payload: { active: false }, headers: { 'if-match': user.headers.etag as string } });
    expect(off.statusCode, off.body).toBe(200);

    const resaved = await api.putPage('2024-07-01', 'A01', { name: '要闻（改）', grid: 'broadsheet-8', editorId: pageEditor.id, items: [] }, page.version);
    expect(resaved.statusCode, resaved.body).toBe(200);
    expect(resaved.json<PageJson>()).toMatchObject({ name: '要闻（改）', editorId: pageEditor.id });

    const another = expectProblem(await api.putPage('2024-07-01', 'A02', { name: '综合', grid: 'broadsheet-8', editorId: pageEditor.id, items: [] }), 422, 'unprocessable');
    expect(another.errors).toEqual([expect.objectContaining({ pointer: '/editorId', message: expect.stringContaining('inactive') })]);
  });
});
