import { eq, sql } from 'drizzle-orm';
import type { InjectOptions, LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { articles, editions } from '../../src/db/schema/index.js';
import { createTestApp, type TestApp } from '../helpers/app.js';
import {
  editionsClient,
  type EditionJson,
  type ItemRefJson,
  type PageJson,
  type PlacementJson,
  type PublicEditionJson,
  type ReleaseJson,
} from '../helpers/editions.js';
import { ifMatch, SEED_FIELDS, type Status } from '../helpers/notices.js';
import { NOTIFIED } from '../helpers/notified.js';
import { expectProblem, type ProblemJson } from '../helpers/problem.js';

let t: TestApp;
let api: ReturnType<typeof editionsClient>;

beforeAll(async () => {
  t = await createTestApp();
  api = editionsClient(t);
});
afterAll(async () => t?.close());

// ---------------------------------------------------------------------------------------------
// Helpers

/** Issue numbers are unique across editions: each test takes fresh ones. */
let issue = 70_000;
const newEdition = (date: string, token = 'editor') => api.createEdition(date, ++issue, token);

interface ArticleJson {
  id: number;
  headline: string;
  status: Status;
  version: number;
  publishAt: string | null;
  publishedAt: string | null;
}

type Problem409 = ProblemJson & { notReady?: ItemRefJson[] };

const art = (a: { id: number }, columns?: number | null): PlacementJson => ({ kind: 'article', id: a.id, ...(columns !== undefined && { columns }) });
const pageBody = (items: PlacementJson[], fields: Record<string, unknown> = {}) => ({ name: '要闻', grid: 'broadsheet-8', items, ...fields });
const ref = (a: { id: number; headline: string }, page: string, status: Status): ItemRefJson => ({ kind: 'article', id: a.id, page, status, title: a.headline });
const inHours = (h: number) => new Date(Date.now() + h * 3_600_000).toISOString();
const sameInstant = (a: string | null | undefined, b: string | null | undefined) => {
  expect(a).toBeTruthy();
  expect(b).toBeTruthy();
  expect(new Date(a!).getTime()).toBe(new Date(b!).getTime());
};

async function article(id: number): Promise<ArticleJson> {
  const res = await t.request('editor', { url: `/api/v1/articles/${id}` });
  expect(res.statusCode, res.body).toBe(200);
  return res.json<ArticleJson>();
}

async function getEdition(date: string): Promise<{ body: EditionJson; etag: string }> {
  const res = await t.request('editor', { url: `/api/v1/editions/${date}` });
  expect(res.statusCode, res.body).toBe(200);
  return { body: res.json<EditionJson>(), etag: res.headers.etag as string };
}

async function getPage(date: string, label: string): Promise<PageJson> {
  const res = await t.request('editor', { url: `/api/v1/editions/${date}/pages/${label}` });
  expect(res.statusCode, res.body).toBe(200);
  return res.json<PageJson>();
}

async function allPages(date: string): Promise<PageJson[]> {
  const res = await t.request('editor', { url: `/api/v1/editions/${date}/pages` });
  expect(res.statusCode, res.body).toBe(200);
  return res.json<{ items: PageJson[] }>().items;
}

async function releaseOk(date: string, body: Record<string, unknown> = {}, headers: Record<string, string> = {}): Promise<ReleaseJson> {
  const res = await api.release(date, body, 'editor', headers);
  expect(res.statusCode, res.body).toBe(200);
  return res.json<ReleaseJson>();
}

const readPublic = (date: string, headers: Record<string, string> = {}) => t.request(null, { url: `/content/v1/editions/${date}`, headers });

async function publicDates(): Promise<string[]> {
  const res = await t.request(null, { url: '/content/v1/editions?limit=100' });
  expect(res.statusCode, res.body).toBe(200);
  return res.json<{ items: { date: string }[] }>().items.map((i) => i.date);
}

/** Waits until the public edition satisfies `done` and returns it. */
async function publicWhen(date: string, done: (e: PublicEditionJson) => boolean): Promise<PublicEditionJson> {
  return vi.waitFor(async () => {
    const res = await readPublic(date);
    expect(res.statusCode, res.body).toBe(200);
    const body = res.json<PublicEditionJson>();
    expect(done(body), JSON.stringify(body)).toBe(true);
    return body;
  }, NOTIFIED);
}

/** An edition whose page A01 holds `items`, released now (force: skipping what is not ready) and made public by the publisher. */
async function publicEdition(date: string, items: PlacementJson[], fields: Record<string, unknown> = {}): Promise<PublicEditionJson> {
  await newEdition(date);
  await api.putPageOk(date, 'A01', pageBody(items, fields));
  await releaseOk(date, { force: true });
  await api.publishDue();
  return publicWhen(date, () => true);
}

const publicIds = (e: PublicEditionJson) => e.pages.flatMap((p) => p.items.map((i) => i.id));

// ---------------------------------------------------------------------------------------------

describe('roles', () => {
  it('lets reporters read editions, an edition, its pages, a page and the plan', async () => {
    const date = '2030-01-01';
    await newEdition(date);
    const a = await api.articleIn('draft');
    await api.putPageOk(date, 'A01', pageBody([art(a, 3)]));

    const list = await t.request('reporter', { url: '/api/v1/editions?from=2030-01-01&to=2030-01-01' });
    expect(list.statusCode, list.body).toBe(200);
    expect(list.json<{ items: { date: string; pageCount: number }[] }>().items).toEqual([expect.objectContaining({ date, pageCount: 1 })]);

    const edition = await t.request('reporter', { url: `/api/v1/editions/${date}` });
    expect(edition.statusCode, edition.body).toBe(200);
    expect(edition.json<EditionJson>().pages).toEqual([expect.objectContaining({ label: 'A01', items: 1 })]);

    const pages = await t.request('reporter', { url: `/api/v1/editions/${date}/pages` });
    expect(pages.statusCode, pages.body).toBe(200);
    expect(pages.json<{ items: PageJson[] }>().items.map((p) => p.items)).toEqual([[{ kind: 'article', id: a.id, columns: 3 }]]);

    const page = await t.request('reporter', { url: `/api/v1/editions/${date}/pages/A01` });
    expect(page.statusCode, page.body).toBe(200);
    expect(page.json<PageJson>().items).toEqual([{ kind: 'article', id: a.id, columns: 3 }]);

    const plan = await t.request('reporter', { url: `/api/v1/editions/${date}/plan` });
    expect(plan.statusCode, plan.body).toBe(200);
  });

  it('refuses every write to reporters (403) and every request without a token (401), changing nothing', async () => {
    const date = '2030-01-02';
    const created = await newEdition(date);
    const ready = await api.articleIn('edited');
    const page = await api.putPageOk(date, 'A01', pageBody([art(ready)]));
    const before = await getEdition(date);
    expect(before.body.version).toBeGreaterThan(created.version);

    const writes: InjectOptions[] = [
      { method: 'POST', url: '/api/v1/editions', payload: { date: '2030-01-09', issueNumber: 79_999 } },
      { method: 'PATCH', url: `/api/v1/editions/${date}`, payload: { issueNumber: 79_998 }, headers: ifMatch(before.body.version) },
      { method: 'DELETE', url: `/api/v1/editions/${date}`, headers: ifMatch(before.body.version) },
      { method: 'PUT', url: `/api/v1/editions/${date}/pages/A01`, payload: pageBody([], { name: '改名' }), headers: ifMatch(page.version) },
      { method: 'PUT', url: `/api/v1/editions/${date}/pages/A02`, payload: pageBody([]) },
      { method: 'DELETE', url: `/api/v1/editions/${date}/pages/A01`, headers: ifMatch(page.version) },
      { method: 'POST', url: `/api/v1/editions/${date}/release`, payload: {}, headers: ifMatch(before.body.version) },
    ];
    const reads: InjectOptions[] = [
      { url: '/api/v1/editions' },
      { url: `/api/v1/editions/${date}` },
      { url: `/api/v1/editions/${date}/pages` },
      { url: `/api/v1/editions/${date}/pages/A01` },
      { url: `/api/v1/editions/${date}/plan` },
    ];
    for (const request of writes) {
      const res = await t.request('reporter', request);
      expect(res.statusCode, `${request.method} ${request.url}: ${res.body}`).toBe(403);
      expectProblem(res, 403, 'forbidden');
    }
    for (const request of [...writes, ...reads]) {
      const res = await t.request(null, request);
      expect(res.statusCode, `${request.method ?? 'GET'} ${request.url}: ${res.body}`).toBe(401);
      expectProblem(res, 401, 'unauthorized');
    }

    const after = await getEdition(date);
    expect(after.body).toEqual(before.body);
    expect(after.body).toMatchObject({ status: 'planning', releaseAt: null, issueNumber: created.issueNumber });
    expect(await getPage(date, 'A01')).toEqual(page);
    expect((await t.request('editor', { url: '/api/v1/editions/2030-01-09' })).statusCode).toBe(404);
    expect((await article(ready.id)).status).toBe('edited');

    // An edition holding only published items: its release moves nothing along the workflow, so only the role check stands in the way.
    const onlyPublished = '2030-01-05';
    await newEdition(onlyPublished);
    await api.putPageOk(onlyPublished, 'A01', pageBody([art(await api.articleIn('published'))]));
    expectProblem(await api.release(onlyPublished, {}, 'reporter'), 403, 'forbidden');
    expect((await getEdition(onlyPublished)).body).toMatchObject({ status: 'planning', releaseAt: null });
  });

  it('lets editors and admins write', async () => {
    const date = '2030-01-03';
    const made = await t.request('admin', { method: 'POST', url: '/api/v1/editions', payload: { date, issueNumber: ++issue } });
    expect(made.statusCode, made.body).toBe(201);
    const ready = await api.articleIn('edited');

    const a01 = await t.request('admin', { method: 'PUT', url: `/api/v1/editions/${date}/pages/A01`, payload: pageBody([art(ready)]) });
    expect(a01.statusCode, a01.body).toBe(201);
    const renamed = await t.request('editor', {
      method: 'PUT',
      url: `/api/v1/editions/${date}/pages/A01`,
      payload: pageBody([art(ready)], { name: '时政' }),
      headers: ifMatch(a01.json<PageJson>().version),
    });
    expect(renamed.statusCode, renamed.body).toBe(200);

    const a02 = await t.request('editor', { method: 'PUT', url: `/api/v1/editions/${date}/pages/A02`, payload: pageBody([]) });
    expect(a02.statusCode, a02.body).toBe(201);
    const dropped = await t.request('admin', { method: 'DELETE', url: `/api/v1/editions/${date}/pages/A02`, headers: ifMatch(a02.json<PageJson>().version) });
    expect(dropped.statusCode, dropped.body).toBe(204);

    const renumber = ++issue;
    const patched = await t.request('admin', {
      method: 'PATCH',
      url: `/api/v1/editions/${date}`,
      payload: { issueNumber: renumber },
      headers: ifMatch((await getEdition(date)).body.version),
    });
    expect(patched.statusCode, patched.body).toBe(200);
    expect(patched.json<EditionJson>().issueNumber).toBe(renumber);

    const released = await t.request('admin', {
      method: 'POST',
      url: `/api/v1/editions/${date}/release`,
      payload: { at: inHours(1) },
      headers: ifMatch((await getEdition(date)).body.version),
    });
    expect(released.statusCode, released.body).toBe(200);
    expect(released.json<ReleaseJson>().edition.status).toBe('released');

    const other = '2030-01-04';
    const byEditor = await newEdition(other, 'editor');
    const deleted = await t.request('editor', { method: 'DELETE', url: `/api/v1/editions/${other}`, headers: ifMatch(byEditor.version) });
    expect(deleted.statusCode, deleted.body).toBe(204);
    expect((await t.request('editor', { url: `/api/v1/editions/${other}` })).statusCode).toBe(404);
  });
});

describe('editions', () => {
  it('refuses a second edition for a date, and an issue number in use, naming the edition that has it', async () => {
    const first = await newEdition('2030-02-01');
    const sameDay = await t.request('editor', { method: 'POST', url: '/api/v1/editions', payload: { date: '2030-02-01', issueNumber: ++issue } });
    expectProblem(sameDay, 409, 'conflict');

    const sameIssue = await t.request('editor', { method: 'POST', url: '/api/v1/editions', payload: { date: '2030-02-02', issueNumber: first.issueNumber } });
    expect(expectProblem(sameIssue, 409, 'conflict').detail).toContain('2030-02-01');
    expectProblem(await t.request('editor', { url: '/api/v1/editions/2030-02-02' }), 404, 'not-found');

    const second = await newEdition('2030-02-03');
    const renumbered = await t.request('editor', {
      method: 'PATCH',
      url: '/api/v1/editions/2030-02-03',
      payload: { issueNumber: first.issueNumber },
      headers: ifMatch(second.version),
    });
    expect(expectProblem(renumbered, 409, 'conflict').detail).toContain('2030-02-01');
    expect((await getEdition('2030-02-03')).body).toMatchObject({ issueNumber: second.issueNumber, version: second.version });
    expect((await getEdition('2030-02-01')).body).toMatchObject({ issueNumber: first.issueNumber, version: first.version });
  });

  it('answers 404 for a day without an edition and 400 for a date that does not exist', async () => {
    for (const path of ['', '/pages', '/pages/A01', '/plan']) {
      expectProblem(await t.request('editor', { url: `/api/v1/editions/2030-02-04${path}` }), 404, 'not-found');
    }
    for (const path of ['', '/pages', '/pages/A01', '/plan']) {
      const res = await t.request('editor', { url: `/api/v1/editions/2024-02-30${path}` });
      expect(res.statusCode, `${path}: ${res.body}`).toBe(400);
      expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    }
    const put = await t.request('editor', { method: 'PUT', url: '/api/v1/editions/2024-02-30/pages/A01', payload: pageBody([]) });
    expect(put.statusCode, put.body).toBe(400);
  });

  it('lists editions newest first, a page at a time, and filters by status', async () => {
    const dates = ['2030-03-05', '2030-03-01', '2030-03-10', '2030-03-03'];
    for (const date of dates) await newEdition(date);
    const ready = await api.articleIn('edited');
    await api.putPageOk('2030-03-05', 'A01', pageBody([art(ready)]));
    await api.putPageOk('2030-03-05', 'A02', pageBody([]));
    await releaseOk('2030-03-05', { at: inHours(1) });

    const range = 'from=2030-03-01&to=2030-03-31';
    const seen: { date: string; status: string; pageCount: number }[] = [];
    let cursor: string | null = null;
    let requests = 0;
    do {
      const query: string = `${range}&limit=2${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`;
      const res: LightMyRequestResponse = await t.request('editor', { url: `/api/v1/editions?${query}` });
      expect(res.statusCode, res.body).toBe(200);
      const body = res.json<{ items: { date: string; status: string; pageCount: number }[]; nextCursor: string | null }>();
      expect(body.items.length).toBeLessThanOrEqual(2);
      seen.push(...body.items);
      cursor = body.nextCursor;
      requests++;
      expect(requests).toBeLessThan(10);
    } while (cursor);
    expect(requests).toBe(2);
    expect(seen.map((e) => e.date)).toEqual(['2030-03-10', '2030-03-05', '2030-03-03', '2030-03-01']);
    expect(seen.find((e) => e.date === '2030-03-05')).toMatchObject({ status: 'released', pageCount: 2 });
    expect(seen.find((e) => e.date === '2030-03-10')).toMatchObject({ status: 'planning', pageCount: 0 });

    const released = await t.request('editor', { url: `/api/v1/editions?${range}&status=released` });
    expect(released.statusCode, released.body).toBe(200);
    expect(released.json<{ items: { date: string }[] }>().items.map((e) => e.date)).toEqual(['2030-03-05']);
    const planning = await t.request('editor', { url: `/api/v1/editions?${range}&status=planning` });
    expect(planning.json<{ items: { date: string }[] }>().items.map((e) => e.date)).toEqual(['2030-03-10', '2030-03-03', '2030-03-01']);

    expectProblem(await t.request('editor', { url: `/api/v1/editions?${range}&status=printed` }), 400, 'validation-failed');
    expect((await t.request('editor', { url: `/api/v1/editions?${range}&order=asc` })).statusCode).toBe(400);
  });

  it('changes the issue number only with a current If-Match', async () => {
    const date = '2030-02-10';
    const edition = await newEdition(date);
    const wanted = ++issue;

    expectProblem(await t.request('editor', { method: 'PATCH', url: `/api/v1/editions/${date}`, payload: { issueNumber: wanted } }), 428, 'version-required');
    const stale = await t.request('editor', { method: 'PATCH', url: `/api/v1/editions/${date}`, payload: { issueNumber: wanted }, headers: ifMatch(edition.version + 5) });
    expect(expectProblem(stale, 412, 'stale-version').currentVersion).toBe(edition.version);
    expect((await getEdition(date)).body).toMatchObject({ issueNumber: edition.issueNumber, version: edition.version });

    const ok = await t.request('editor', { method: 'PATCH', url: `/api/v1/editions/${date}`, payload: { issueNumber: wanted }, headers: ifMatch(edition.version) });
    expect(ok.statusCode, ok.body).toBe(200);
    const changed = ok.json<EditionJson>();
    expect(changed.issueNumber).toBe(wanted);
    expect(changed.version).toBeGreaterThan(edition.version);
    expect(ok.headers.etag).toBe(`"${changed.version}"`);

    // The version it was read at is stale now.
    const again = await t.request('editor', { method: 'PATCH', url: `/api/v1/editions/${date}`, payload: { issueNumber: ++issue }, headers: ifMatch(edition.version) });
    expectProblem(again, 412, 'stale-version');
    expect((await getEdition(date)).body.issueNumber).toBe(wanted);
  });

  it('deletes an edition being planned with its pages; its articles stay and can be placed again', async () => {
    const date = '2030-02-11';
    const edition = await newEdition(date);
    const a = await api.articleIn('draft');
    const b = await api.articleIn('edited');
    await api.putPageOk(date, 'A01', pageBody([art(a), art(b)]));
    const current = (await getEdition(date)).body;

    expectProblem(await t.request('editor', { method: 'DELETE', url: `/api/v1/editions/${date}` }), 428, 'version-required');
    expectProblem(await t.request('editor', { method: 'DELETE', url: `/api/v1/editions/${date}`, headers: ifMatch(edition.version) }), 412, 'stale-version');
    expect((await getEdition(date)).body).toEqual(current);

    const deleted = await t.request('editor', { method: 'DELETE', url: `/api/v1/editions/${date}`, headers: ifMatch(current.version) });
    expect(deleted.statusCode, deleted.body).toBe(204);
    expectProblem(await t.request('editor', { url: `/api/v1/editions/${date}` }), 404, 'not-found');
    expectProblem(await t.request('editor', { url: `/api/v1/editions/${date}/pages/A01` }), 404, 'not-found');
    expect(await article(a.id)).toMatchObject({ status: 'draft', version: a.version });
    expect(await article(b.id)).toMatchObject({ status: 'edited', version: b.version });

    // The day and the issue number are free again, and the articles can be placed in the new edition.
    const again = await t.request('editor', { method: 'POST', url: '/api/v1/editions', payload: { date, issueNumber: edition.issueNumber } });
    expect(again.statusCode, again.body).toBe(201);
    expect(again.json<EditionJson>().pages).toEqual([]);
    const placed = await api.putPage(date, 'A02', pageBody([art(b), art(a)]));
    expect(placed.statusCode, placed.body).toBe(201);
    await newEdition('2030-02-12');
    expect((await api.putPage('2030-02-12', 'A01', pageBody([art(a)]))).statusCode).toBe(201);
  });

  it('refuses to delete a released edition', async () => {
    const date = '2030-02-13';
    await newEdition(date);
    const ready = await api.articleIn('edited');
    await api.putPageOk(date, 'A01', pageBody([art(ready)]));
    const released = await releaseOk(date, { at: inHours(1) });
    const res = await t.request('editor', { method: 'DELETE', url: `/api/v1/editions/${date}`, headers: ifMatch(released.edition.version) });
    expectProblem(res, 409, 'conflict');
    const after = (await getEdition(date)).body;
    expect(after).toMatchObject({ status: 'released', version: released.edition.version });
    expect(after.pages.map((p) => p.label)).toEqual(['A01']);
  });
});

describe('pages', () => {
  it('creates a page with PUT and replaces it only with a current If-Match', async () => {
    const date = '2030-04-01';
    await newEdition(date);
    const [a, b] = [await api.articleIn('draft'), await api.articleIn('draft')];

    const created = await api.putPage(date, 'A01', pageBody([art(a)]));
    expect(created.statusCode, created.body).toBe(201);
    expect(created.headers.location).toBe(`/api/v1/editions/${date}/pages/A01`);
    const v1 = created.json<PageJson>();
    expect(created.headers.etag).toBe(`"${v1.version}"`);
    expect(await getPage(date, 'A01')).toEqual(v1);

    expectProblem(await api.putPage(date, 'A01', pageBody([art(b)], { name: '不带版本' })), 428, 'version-required');
    expect(await getPage(date, 'A01')).toEqual(v1);

    const replaced = await api.putPage(date, 'A01', pageBody([art(b)], { name: '第二版' }), v1.version);
    expect(replaced.statusCode, replaced.body).toBe(200);
    expect(replaced.headers.location).toBeUndefined();
    const v2 = replaced.json<PageJson>();
    expect(v2).toMatchObject({ name: '第二版', items: [{ kind: 'article', id: b.id, columns: null }] });
    expect(v2.version).toBeGreaterThan(v1.version);
    expect(replaced.headers.etag).toBe(`"${v2.version}"`);

    const stale = await api.putPage(date, 'A01', pageBody([art(a)], { name: '过时' }), v1.version);
    expect(expectProblem(stale, 412, 'stale-version').currentVersion).toBe(v2.version);
    expect(await getPage(date, 'A01')).toEqual(v2);

    // If-Match names a page that is there to replace; there is none at A09.
    expectProblem(await api.putPage(date, 'A09', pageBody([art(a)]), 1), 404, 'not-found');
    expectProblem(await t.request('editor', { url: `/api/v1/editions/${date}/pages/A09` }), 404, 'not-found');

    const createOnly = (label: string) =>
      t.request('editor', { method: 'PUT', url: `/api/v1/editions/${date}/pages/${label}`, payload: pageBody([], { name: '新版' }), headers: { 'if-none-match': '*' } });
    expectProblem(await createOnly('A01'), 412, 'stale-version');
    expect(await getPage(date, 'A01')).toEqual(v2);
    const fresh = await createOnly('A02');
    expect(fresh.statusCode, fresh.body).toBe(201);
    expect(fresh.json<PageJson>()).toMatchObject({ label: 'A02', name: '新版', items: [] });
  });

  it('moves the edition’s version with each change of a page', async () => {
    const date = '2030-04-02';
    await newEdition(date);
    const a = await api.articleIn('draft');
    const tags = [(await getEdition(date)).etag];

    const page = await api.putPageOk(date, 'A01', pageBody([art(a)]));
    tags.push((await getEdition(date)).etag);
    const replaced = await api.putPageOk(date, 'A01', pageBody([art(a, 4)]), page.version);
    tags.push((await getEdition(date)).etag);
    const other = await api.putPageOk(date, 'B01', pageBody([]));
    tags.push((await getEdition(date)).etag);
    const deleted = await t.request('editor', { method: 'DELETE', url: `/api/v1/editions/${date}/pages/B01`, headers: ifMatch(other.version) });
    expect(deleted.statusCode, deleted.body).toBe(204);
    const last = await getEdition(date);
    tags.push(last.etag);

    for (const tag of tags) expect(tag).toMatch(/^"\d+"$/);
    expect(new Set(tags).size).toBe(tags.length);
    expect(last.etag).toBe(`"${last.body.version}"`);
    expect(last.body.pages).toEqual([expect.objectContaining({ label: 'A01', items: 1, version: replaced.version })]);

    // A refused write does not move it.
    expectProblem(await api.putPage(date, 'A01', pageBody([]), page.version), 412, 'stale-version');
    expect((await getEdition(date)).etag).toBe(last.etag);
  });

  it('refuses columns wider than the page’s grid, pointing at the item', async () => {
    const date = '2030-04-03';
    await newEdition(date);
    const [a, b] = [await api.articleIn('draft'), await api.articleIn('draft')];
    const wide = await api.putPage(date, 'A01', { name: '副刊', grid: 'tabloid-5', items: [art(a, 5), art(b, 6)] });
    const problem = expectProblem(wide, 422, 'unprocessable');
    expect(problem.errors).toEqual([expect.objectContaining({ pointer: '/items/1/columns' })]);
    expectProblem(await t.request('editor', { url: `/api/v1/editions/${date}/pages/A01` }), 404, 'not-found');

    // Six columns fit a broadsheet page; five fill a tabloid one.
    expect((await api.putPage(date, 'A01', { name: '副刊', grid: 'broadsheet-8', items: [art(a, 5), art(b, 6)] })).statusCode).toBe(201);
    expect((await api.putPage(date, 'A02', { name: '副刊', grid: 'tabloid-5', items: [] })).statusCode).toBe(201);
  });

  it('refuses the same item twice on one page', async () => {
    const date = '2030-04-04';
    await newEdition(date);
    const [a, b] = [await api.articleIn('draft'), await api.articleIn('draft')];
    const twice = await api.putPage(date, 'A01', pageBody([art(a), art(b), art(a, 2)]));
    const problem = expectProblem(twice, 422, 'unprocessable');
    expect(problem.errors).toEqual([expect.objectContaining({ pointer: '/items/2' })]);
    expectProblem(await t.request('editor', { url: `/api/v1/editions/${date}/pages/A01` }), 404, 'not-found');
  });

  it('refuses a section or page editor that does not exist, and a reporter as page editor, naming the field', async () => {
    const date = '2030-04-05';
    await newEdition(date);
    const a = await api.articleIn('draft');

    const noSection = expectProblem(await api.putPage(date, 'A01', pageBody([art(a)], { sectionId: 987_654 })), 422, 'unprocessable');
    expect(noSection.errors).toEqual([expect.objectContaining({ pointer: '/sectionId' })]);
    const noEditor = expectProblem(await api.putPage(date, 'A01', pageBody([art(a)], { editorId: 987_654 })), 422, 'unprocessable');
    expect(noEditor.errors).toEqual([expect.objectContaining({ pointer: '/editorId' })]);
    const both = expectProblem(await api.putPage(date, 'A01', pageBody([art(a)], { sectionId: 987_654, editorId: 987_655 })), 422, 'unprocessable');
    expect(both.errors!.map((e) => e.pointer).sort()).toEqual(['/editorId', '/sectionId']);

    const reporter = await t.user('reporter');
    const byReporter = expectProblem(await api.putPage(date, 'A01', pageBody([art(a)], { editorId: reporter.id })), 422, 'unprocessable');
    expect(byReporter.errors).toEqual([expect.objectContaining({ pointer: '/editorId', message: expect.stringContaining('reporter') })]);
    expectProblem(await t.request('editor', { url: `/api/v1/editions/${date}/pages/A01` }), 404, 'not-found');

    const [admin, editor] = [await t.user('admin'), await t.user('editor')];
    expect((await api.putPage(date, 'A01', pageBody([art(a)], { editorId: admin.id }))).statusCode).toBe(201);
    expect((await api.putPage(date, 'A02', pageBody([], { editorId: editor.id }))).statusCode).toBe(201);
  });

  it('refuses unknown fields and more than 60 items with a 400', async () => {
    const date = '2030-04-06';
    await newEdition(date);
    const a = await api.articleIn('draft');

    const unknown = expectProblem(await api.putPage(date, 'A01', pageBody([art(a)], { colour: 'red' })), 400, 'validation-failed');
    expect(JSON.stringify(unknown)).toContain('colour');
    const unknownInItem = expectProblem(await api.putPage(date, 'A01', pageBody([{ ...art(a), span: 2 } as PlacementJson])), 400, 'validation-failed');
    expect(JSON.stringify(unknownInItem)).toContain('span');

    const many = Array.from({ length: 61 }, (_, i) => ({ kind: 'article' as const, id: 900_000 + i }));
    const tooMany = expectProblem(await api.putPage(date, 'A01', pageBody(many)), 400, 'validation-failed');
    expect(JSON.stringify(tooMany.errors)).toContain('/items');

    const unknownEdition = expectProblem(await t.request('editor', { method: 'POST', url: '/api/v1/editions', payload: { date: '2030-04-07', issueNumber: ++issue, pages: [] } }), 400, 'validation-failed');
    expect(JSON.stringify(unknownEdition)).toContain('pages');
    expectProblem(await t.request('editor', { url: '/api/v1/editions/2030-04-07' }), 404, 'not-found');
    expect((await getEdition(date)).body.pages).toEqual([]);
  });

  it('moves an item from A01 to A02 in two steps: off one page, then onto the other', async () => {
    const date = '2030-04-08';
    await newEdition(date);
    const [a, b, c] = [await api.articleIn('draft'), await api.articleIn('draft'), await api.articleIn('draft')];
    const a01 = await api.putPageOk(date, 'A01', pageBody([art(a), art(b)]));
    const a02 = await api.putPageOk(date, 'A02', pageBody([art(c)], { name: '综合' }));

    const straight = expectProblem(await api.putPage(date, 'A02', pageBody([art(c), art(a)], { name: '综合' }), a02.version), 409, 'conflict');
    expect(straight.detail).toContain('A01');

    await api.putPageOk(date, 'A01', pageBody([art(b)]), a01.version);
    const moved = await api.putPage(date, 'A02', pageBody([art(c), art(a)], { name: '综合' }), a02.version);
    expect(moved.statusCode, moved.body).toBe(200);
    expect((await allPages(date)).map((p) => [p.label, p.items.map((i) => i.id)])).toEqual([
      ['A01', [b.id]],
      ['A02', [c.id, a.id]],
    ]);
  });

  it('keeps a page’s items in the order given', async () => {
    const date = '2030-04-09';
    await newEdition(date);
    const [a, b, c, d] = [await api.articleIn('draft'), await api.articleIn('draft'), await api.articleIn('draft'), await api.articleIn('edited')];
    const first = await api.putPageOk(date, 'A01', pageBody([art(c, 2), art(a), art(d, 8), art(b, 3)]));
    const expected = [
      { kind: 'article', id: c.id, columns: 2 },
      { kind: 'article', id: a.id, columns: null },
      { kind: 'article', id: d.id, columns: 8 },
      { kind: 'article', id: b.id, columns: 3 },
    ];
    expect(first.items).toEqual(expected);
    expect((await getPage(date, 'A01')).items).toEqual(expected);

    await api.putPageOk(date, 'A01', pageBody([art(b), art(d), art(c, 1), art(a, 4)]), first.version);
    const reordered = [b.id, d.id, c.id, a.id];
    expect((await getPage(date, 'A01')).items.map((i) => [i.id, i.columns])).toEqual([
      [b.id, null],
      [d.id, null],
      [c.id, 1],
      [a.id, 4],
    ]);
    expect((await allPages(date))[0]!.items.map((i) => i.id)).toEqual(reordered);
    expect((await api.plan(date)).pages[0]!.items.map((i) => i.id)).toEqual(reordered);
  });

  it('lists pages in label order, whatever order they were made in', async () => {
    const date = '2030-04-10';
    await newEdition(date);
    for (const label of ['B01', 'A02', 'A10', 'A01']) await api.putPageOk(date, label, pageBody([], { name: `版 ${label}` }));
    const order = ['A01', 'A02', 'A10', 'B01'];
    expect((await allPages(date)).map((p) => p.label)).toEqual(order);
    expect((await allPages(date)).map((p) => p.name)).toEqual(order.map((l) => `版 ${l}`));
    expect((await getEdition(date)).body.pages.map((p) => p.label)).toEqual(order);
    expect((await api.plan(date)).pages.map((p) => p.label)).toEqual(order);
  });

  it('deletes a page with If-Match; its items can then go on another page', async () => {
    const date = '2030-04-11';
    await newEdition(date);
    const a = await api.articleIn('draft');
    const v1 = await api.putPageOk(date, 'A01', pageBody([art(a)]));
    const v2 = await api.putPageOk(date, 'A01', pageBody([art(a, 2)]), v1.version);
    expectProblem(await api.putPage(date, 'A02', pageBody([art(a)])), 409, 'conflict');

    const url = `/api/v1/editions/${date}/pages/A01`;
    expectProblem(await t.request('editor', { method: 'DELETE', url }), 428, 'version-required');
    expectProblem(await t.request('editor', { method: 'DELETE', url, headers: ifMatch(v1.version) }), 412, 'stale-version');
    expect(await getPage(date, 'A01')).toEqual(v2);

    const deleted = await t.request('editor', { method: 'DELETE', url, headers: ifMatch(v2.version) });
    expect(deleted.statusCode, deleted.body).toBe(204);
    expectProblem(await t.request('editor', { url }), 404, 'not-found');
    expectProblem(await t.request('editor', { method: 'DELETE', url, headers: ifMatch(v2.version) }), 404, 'not-found');

    const elsewhere = await api.putPage(date, 'A02', pageBody([art(a)]));
    expect(elsewhere.statusCode, elsewhere.body).toBe(201);
    expect(await article(a.id)).toMatchObject({ status: 'draft', version: a.version });
  });

  it('leaves pages and placements exactly as they were when a PUT is refused', async () => {
    const date = '2030-04-12';
    await newEdition(date);
    const section = await t.request('editor', { method: 'POST', url: '/api/v1/sections', payload: { name: '规则版', slug: 'rules-page' } });
    expect(section.statusCode, section.body).toBe(201);
    const sectionId = section.json<{ id: number }>().id;
    const pageEditor = await t.user('editor');
    const [a, b, c] = [await api.articleIn('draft'), await api.articleIn('edited'), await api.articleIn('draft')];
    const a01 = await api.putPageOk(date, 'A01', pageBody([art(a, 3), art(b)], { sectionId, editorId: pageEditor.id, grid: 'tabloid-5' }));
    await api.putPageOk(date, 'A02', pageBody([art(c)], { name: '综合' }));
    const before = await allPages(date);
    const edition = await getEdition(date);

    const attempts: [string, LightMyRequestResponse, number][] = [
      ['409: c is on A02', await api.putPage(date, 'A01', pageBody([art(b), art(c)], { name: '改' }), a01.version), 409],
      ['412: stale', await api.putPage(date, 'A01', pageBody([art(b)], { name: '改' }), a01.version + 1), 412],
      ['422: too wide', await api.putPage(date, 'A01', { name: '改', grid: 'tabloid-5', items: [art(b, 6)] }, a01.version), 422],
      ['422: no such article', await api.putPage(date, 'A01', pageBody([art(b), { kind: 'article', id: 987_654 }], { name: '改' }), a01.version), 422],
      ['422: reporter as editor', await api.putPage(date, 'A01', pageBody([], { name: '改', editorId: (await t.user('reporter')).id }), a01.version), 422],
      ['428: no If-Match', await api.putPage(date, 'A01', pageBody([], { name: '改' })), 428],
      ['412: create only', await t.request('editor', { method: 'PUT', url: `/api/v1/editions/${date}/pages/A02`, payload: pageBody([], { name: '改' }), headers: { 'if-none-match': '*' } }), 412],
    ];
    for (const [what, res, status] of attempts) expect(res.statusCode, `${what}: ${res.body}`).toBe(status);

    expect(await allPages(date)).toEqual(before);
    expect(await getEdition(date)).toEqual(edition);
  });
});

describe('release', () => {
  it('refuses to release an edition with nothing placed on it', async () => {
    const date = '2030-05-01';
    await newEdition(date);
    expectProblem(await api.release(date), 409, 'conflict');
    await api.putPageOk(date, 'A01', pageBody([]));
    await api.putPageOk(date, 'A02', pageBody([]));
    expectProblem(await api.release(date, { force: true }), 409, 'conflict');
    expect((await getEdition(date)).body).toMatchObject({ status: 'planning', releaseAt: null, releasedBy: null });
    expectProblem(await api.release('2030-05-02', {}, 'editor', ifMatch(1)), 404, 'not-found');
  });

  it('is blocked by drafts and submitted items, listing each, and schedules nothing', async () => {
    const date = '2030-05-03';
    await newEdition(date);
    const draft = await api.articleIn('draft');
    const submitted = await api.articleIn('submitted');
    const edited = await api.articleIn('edited');
    const notice = await api.notices.bringTo(await api.notices.create({ ...SEED_FIELDS }), 'submitted');
    await api.putPageOk(date, 'A01', pageBody([art(edited), art(draft)]));
    await api.putPageOk(date, 'A02', pageBody([{ kind: 'notice', id: notice.id }, art(submitted)]));
    const before = (await getEdition(date)).body;

    const problem = expectProblem(await api.release(date, { at: inHours(1) }), 409, 'conflict') as Problem409;
    expect(problem.notReady).toHaveLength(3);
    expect(problem.notReady).toEqual(
      expect.arrayContaining([
        ref(draft, 'A01', 'draft'),
        ref(submitted, 'A02', 'submitted'),
        { kind: 'notice', id: notice.id, page: 'A02', status: 'submitted', title: SEED_FIELDS.title },
      ]),
    );
    for (const item of problem.notReady!) expect(problem.detail).toContain(`${item.kind} ${item.id}`);

    for (const a of [draft, submitted, edited]) expect(await article(a.id)).toMatchObject({ status: a.status, version: a.version, publishAt: null });
    expect(await api.notices.get(notice.id)).toMatchObject({ status: 'submitted', version: notice.version, publishAt: null });
    expect((await getEdition(date)).body).toEqual(before);
  });

  it('with force skips what is not ready, listing it, and schedules the rest', async () => {
    const date = '2030-05-04';
    await newEdition(date);
    const draft = await api.articleIn('draft');
    const submitted = await api.articleIn('submitted');
    const edited = await api.articleIn('edited');
    await api.putPageOk(date, 'A01', pageBody([art(draft), art(edited), art(submitted)]));

    const at = inHours(2);
    const result = await releaseOk(date, { at, force: true });
    sameInstant(result.releaseAt, at);
    expect(result.skipped).toHaveLength(2);
    expect(result.skipped).toEqual(expect.arrayContaining([ref(draft, 'A01', 'draft'), ref(submitted, 'A01', 'submitted')]));
    expect(result.scheduled).toEqual([ref(edited, 'A01', 'scheduled')]);
    expect(result).toMatchObject({ kept: [], published: [], edition: { status: 'released', public: false } });
    sameInstant(result.edition.releaseAt, at);

    const scheduled = await article(edited.id);
    expect(scheduled.status).toBe('scheduled');
    sameInstant(scheduled.publishAt, result.releaseAt);
    expect(await article(draft.id)).toMatchObject({ status: 'draft', version: draft.version, publishAt: null });
    expect(await article(submitted.id)).toMatchObject({ status: 'submitted', version: submitted.version, publishAt: null });
  });

  it('is blocked by a withdrawn item too', async () => {
    const date = '2030-05-05';
    await newEdition(date);
    const withdrawn = await api.articleIn('withdrawn');
    const edited = await api.articleIn('edited');
    await api.putPageOk(date, 'A01', pageBody([art(edited), art(withdrawn)]));
    const problem = expectProblem(await api.release(date, { at: inHours(1) }), 409, 'conflict') as Problem409;
    expect(problem.notReady).toEqual([ref(withdrawn, 'A01', 'withdrawn')]);
    expect(await article(edited.id)).toMatchObject({ status: 'edited', version: edited.version });
    expect((await getEdition(date)).body.status).toBe('planning');
  });

  it('brings forward a schedule later than the release, keeps an earlier one, and leaves published items be', async () => {
    const date = '2030-05-06';
    await newEdition(date);
    const early = await api.articleIn('scheduled'); // an hour from now
    const lateEdited = await api.articleIn('edited');
    const late = await api.moveArticle(lateEdited, 'scheduled', inHours(3));
    const edited = await api.articleIn('edited');
    const published = await api.articleIn('published');
    const earlyBefore = await article(early.id);
    const lateBefore = await article(late.id);
    const publishedBefore = await article(published.id);
    expect(lateBefore.status).toBe('scheduled');
    await api.putPageOk(date, 'A01', pageBody([art(early), art(late), art(edited), art(published)]));

    const at = inHours(2);
    const result = await releaseOk(date, { at });
    sameInstant(result.releaseAt, at);
    expect(result.scheduled).toEqual([ref(late, 'A01', 'scheduled'), ref(edited, 'A01', 'scheduled')]);
    expect(result.kept).toEqual([ref(early, 'A01', 'scheduled')]);
    expect(result.published).toEqual([ref(published, 'A01', 'published')]);
    expect(result.skipped).toEqual([]);

    const lateAfter = await article(late.id);
    expect(lateAfter.status).toBe('scheduled');
    sameInstant(lateAfter.publishAt, result.releaseAt);
    const editedAfter = await article(edited.id);
    expect(editedAfter.status).toBe('scheduled');
    sameInstant(editedAfter.publishAt, result.releaseAt);
    expect(await article(early.id)).toEqual(earlyBefore);
    expect(await article(published.id)).toEqual(publishedBefore);
  });

  it('refuses a release time in the past, pointing at /at, and changes nothing', async () => {
    const date = '2030-05-07';
    await newEdition(date);
    const edited = await api.articleIn('edited');
    await api.putPageOk(date, 'A01', pageBody([art(edited)]));
    const before = (await getEdition(date)).body;
    const problem = expectProblem(await api.release(date, { at: new Date(Date.now() - 60_000).toISOString() }), 422, 'unprocessable');
    expect(problem.errors).toEqual([expect.objectContaining({ pointer: '/at' })]);
    expect(await article(edited.id)).toMatchObject({ status: 'edited', version: edited.version });
    expect((await getEdition(date)).body).toEqual(before);
  });

  it('needs If-Match, refuses a stale one and schedules nothing', async () => {
    const date = '2030-05-08';
    await newEdition(date);
    const edited = await api.articleIn('edited');
    const page = await api.putPageOk(date, 'A01', pageBody([art(edited)]));
    const plan = await api.plan(date);
    await api.putPageOk(date, 'A01', pageBody([art(edited)], { name: '又改了' }), page.version);
    const current = (await getEdition(date)).body;
    expect(current.version).not.toBe(plan.version);

    const url = `/api/v1/editions/${date}/release`;
    expectProblem(await t.request('editor', { method: 'POST', url, payload: { at: inHours(1) } }), 428, 'version-required');
    const stale = expectProblem(await api.release(date, { at: inHours(1) }, 'editor', ifMatch(plan.version)), 412, 'stale-version');
    expect(stale.currentVersion).toBe(current.version);
    expect(await article(edited.id)).toMatchObject({ status: 'edited', version: edited.version });
    expect((await getEdition(date)).body).toEqual(current);

    const fresh = await releaseOk(date, { at: inHours(1) }, ifMatch(current.version));
    expect(fresh.scheduled.map((r) => r.id)).toEqual([edited.id]);
  });

  it('releases with no body at all as with {}', async () => {
    const date = '2030-05-09';
    await newEdition(date);
    const edited = await api.articleIn('edited');
    await api.putPageOk(date, 'A01', pageBody([art(edited)]));
    // No content-type and no payload: only the If-Match a release needs.
    const res = await t.request('editor', { method: 'POST', url: `/api/v1/editions/${date}/release`, headers: ifMatch((await getEdition(date)).body.version) });
    expect(res.statusCode, res.body).toBe(200);
    const result = res.json<ReleaseJson>();
    expect(result.scheduled).toEqual([ref(edited, 'A01', 'scheduled')]);
    expect(result.edition.status).toBe('released');
    const after = await article(edited.id);
    expect(after.status).toBe('scheduled');
    sameInstant(after.publishAt, result.releaseAt);
  });

  it('releasing again schedules only what was placed since', async () => {
    const date = '2030-05-10';
    await newEdition(date);
    const first = await api.articleIn('edited');
    const page = await api.putPageOk(date, 'A01', pageBody([art(first)]));
    const at = inHours(1);
    const once = await releaseOk(date, { at });
    expect(once.scheduled).toEqual([ref(first, 'A01', 'scheduled')]);
    const firstScheduled = await article(first.id);

    const second = await api.articleIn('edited');
    await api.putPageOk(date, 'A01', pageBody([art(first), art(second)]), page.version);
    const twice = await releaseOk(date, { at });
    expect(twice.scheduled).toEqual([ref(second, 'A01', 'scheduled')]);
    expect(twice.kept).toEqual([ref(first, 'A01', 'scheduled')]);
    expect(twice.published).toEqual([]);
    expect(await article(first.id)).toEqual(firstScheduled);
    const secondScheduled = await article(second.id);
    expect(secondScheduled.status).toBe('scheduled');
    sameInstant(secondScheduled.publishAt, at);
  });
});

describe('the public edition', () => {
  it('is 404 and unlisted until its release time has come, then listed with its items', async () => {
    const date = '2030-06-01';
    await newEdition(date);
    const edited = await api.articleIn('edited');
    await api.putPageOk(date, 'A01', pageBody([art(edited)]));
    await releaseOk(date, { at: inHours(1) });

    expectProblem(await readPublic(date), 404, 'not-found');
    expect(await publicDates()).not.toContain(date);
    await api.publishDue();
    expectProblem(await readPublic(date), 404, 'not-found');
    expect(await publicDates()).not.toContain(date);
    expect((await getEdition(date)).body.public).toBe(false);

    // The release time comes, as the clock would bring it.
    await t.database.db.update(editions).set({ releaseAt: sql`now() - interval '1 second'` }).where(eq(editions.date, date));
    await t.database.db.update(articles).set({ publishAt: sql`now() - interval '1 second'` }).where(eq(articles.id, edited.id));
    expect(await api.publishDue()).toBeGreaterThanOrEqual(2);

    const shown = await publicWhen(date, () => true);
    expect(shown.pages).toEqual([expect.objectContaining({ label: 'A01', items: [expect.objectContaining({ kind: 'article', id: edited.id, headline: edited.headline })] })]);
    await vi.waitFor(async () => expect(await publicDates()).toContain(date), NOTIFIED);
    expect((await getEdition(date)).body.public).toBe(true);
  });

  it('never shows an item that is not published', async () => {
    const date = '2030-06-02';
    const draft = await api.articleIn('draft');
    const edited = await api.articleIn('edited');
    const shown = await publicEdition(date, [art(draft), art(edited)]);
    expect(publicIds(shown)).toEqual([edited.id]);
    expect((await article(draft.id)).status).toBe('draft');
    expectProblem(await t.request(null, { url: `/content/v1/articles/${draft.id}` }), 404, 'not-found');
  });

  it('keeps the pages of a public edition: deleting one is a 409 and changes nothing', async () => {
    const date = '2030-06-15';
    const [one, two] = [await api.articleIn('edited'), await api.articleIn('edited')];
    await newEdition(date);
    await api.putPageOk(date, 'A01', pageBody([art(one)]));
    await api.putPageOk(date, 'A02', pageBody([art(two)]));
    await releaseOk(date);
    await api.publishDue();
    const shown = await publicWhen(date, (e) => publicIds(e).length === 2);
    expect(shown.pages.map((p) => p.label)).toEqual(['A01', 'A02']);
    const page = await getPage(date, 'A01');
    const res = await t.request('editor', { method: 'DELETE', url: `/api/v1/editions/${date}/pages/A01`, headers: ifMatch(page.version) });
    expect(expectProblem(res, 409, 'conflict').detail).toMatch(/public/);
    expect(await getPage(date, 'A01')).toEqual(page);
    expect((await readPublic(date)).json<PublicEditionJson>().pages.map((p) => p.label)).toEqual(['A01', 'A02']);
  });

  it('drops an article from the public edition when it is withdrawn', async () => {
    const date = '2030-06-03';
    const [one, two] = [await api.articleIn('edited'), await api.articleIn('edited')];
    const shown = await publicEdition(date, [art(one), art(two)]);
    expect(publicIds(shown)).toEqual([one.id, two.id]);

    await api.moveArticle(await article(one.id), 'withdrawn');
    const after = await publicWhen(date, (e) => !publicIds(e).includes(one.id));
    expect(publicIds(after)).toEqual([two.id]);
  });

  it('shows a renamed page and a renamed page editor', async () => {
    const date = '2030-06-04';
    const pageEditor = await t.user('editor');
    const edited = await api.articleIn('edited');
    const shown = await publicEdition(date, [art(edited)], { editorId: pageEditor.id });
    const editorBefore = shown.pages[0]!.editor;
    expect(editorBefore).toEqual(expect.any(String));
    expect(shown.pages[0]!.name).toBe('要闻');

    const page = await getPage(date, 'A01');
    await api.putPageOk(date, 'A01', pageBody([art(edited)], { name: '时政要闻', editorId: pageEditor.id }), page.version);
    const renamed = await publicWhen(date, (e) => e.pages[0]?.name === '时政要闻');
    expect(renamed.pages[0]).toMatchObject({ name: '时政要闻', editor: editorBefore });
    expect(publicIds(renamed)).toEqual([edited.id]);

    const user = await t.request('admin', { url: `/api/v1/users/${pageEditor.id}` });
    expect(user.statusCode, user.body).toBe(200);
    const patched = await t.request('admin', {
      method: 'PATCH',
      url: `/api/v1/users/${pageEditor.id}`,
      payload: { name: '王责编' },
      headers: { 'if-match': user.headers.etag as string },
    });
    expect(patched.statusCode, patched.body).toBe(200);
    const reEditor = await publicWhen(date, (e) => e.pages[0]?.editor === '王责编');
    expect(reEditor.pages[0]).toMatchObject({ name: '时政要闻', editor: '王责编' });
  });

  it('answers If-None-Match with 304 and may be cached publicly', async () => {
    const date = '2030-06-05';
    const edited = await api.articleIn('edited');
    await publicEdition(date, [art(edited)]);

    const first = await readPublic(date);
    expect(first.statusCode, first.body).toBe(200);
    const etag = first.headers.etag as string;
    expect(etag).toMatch(/^"/);
    expect(first.headers['cache-control']).toMatch(/\bpublic\b/);

    const again = await readPublic(date, { 'if-none-match': etag });
    expect(again.statusCode).toBe(304);
    expect(again.body).toBe('');
    expect(again.headers.etag).toBe(etag);

    const list = await t.request(null, { url: '/content/v1/editions' });
    expect(list.statusCode, list.body).toBe(200);
    expect(list.headers['cache-control']).toMatch(/\bpublic\b/);
    expect((await t.request(null, { url: '/content/v1/editions', headers: { 'if-none-match': list.headers.etag as string } })).statusCode).toBe(304);

    // A change makes the old tag stale.
    const page = await getPage(date, 'A01');
    await api.putPageOk(date, 'A01', pageBody([art(edited)], { name: '新名' }), page.version);
    const changed = await vi.waitFor(async () => {
      const res = await readPublic(date, { 'if-none-match': etag });
      expect(res.statusCode).toBe(200);
      return res;
    }, NOTIFIED);
    expect(changed.headers.etag).not.toBe(etag);
    expect(changed.json<PublicEditionJson>().pages[0]!.name).toBe('新名');
  });
});

describe('a late change after the release (the first trial’s dropped story)', () => {
  it('keeps a story edited after the release in the edition, with its new headline, and the plan leaves nothing out', async () => {
    const date = '2030-07-10';
    await newEdition(date);
    const [one, two] = [await api.articleIn('edited'), await api.articleIn('edited')];
    await api.putPageOk(date, 'A01', pageBody([art(one), art(two)]));
    const at = inHours(1);
    const released = await releaseOk(date, { at });
    expect(released.scheduled.map((r) => r.id)).toEqual([one.id, two.id]);

    const current = await article(two.id);
    const res = await t.request('editor', { method: 'PATCH', url: `/api/v1/articles/${two.id}`, headers: ifMatch(current.version), payload: { headline: '改过的标题' } });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ status: 'scheduled', stillScheduled: { version: current.version + 1 } });
    sameInstant(res.json<ArticleJson>().publishAt, at);

    const plan = await api.plan(date);
    expect(plan.summary.leftOut).toEqual([]);
    expect(plan.summary.notReady).toEqual([]);

    // The release time comes, as the clock would bring it.
    await t.database.db.update(editions).set({ releaseAt: sql`now() - interval '1 second'` }).where(eq(editions.date, date));
    await t.database.db.update(articles).set({ publishAt: sql`now() - interval '1 second'` }).where(sql`${articles.id} in (${one.id}, ${two.id})`);
    await api.publishDue();
    const shown = await publicWhen(date, (e) => publicIds(e).length === 2);
    expect(shown.pages[0]!.items.map((i) => [i.id, i.headline])).toEqual([
      [one.id, one.headline],
      [two.id, '改过的标题'],
    ]);
  });

  it('names, in the plan, every placed item that will not go out with a released edition, and why', async () => {
    const date = '2030-07-11';
    await newEdition(date);
    const [kept, sentBack, later, draft] = [await api.articleIn('edited'), await api.articleIn('edited'), await api.articleIn('edited'), await api.articleIn('draft')];
    await api.putPageOk(date, 'A01', pageBody([art(kept), art(sentBack), art(later), art(draft)]));
    const before = await api.plan(date);
    expect(before.summary.leftOut).toEqual([{ ...ref(draft, 'A01', 'draft'), reason: expect.stringMatching(/draft/) }]);

    const at = inHours(1);
    const released = await releaseOk(date, { at, force: true });
    expect(released.skipped).toEqual([ref(draft, 'A01', 'draft')]);

    await api.moveArticle(await article(sentBack.id), 'edited');
    await api.moveArticle(await api.moveArticle(await article(later.id), 'edited'), 'scheduled', inHours(5));

    const plan = await api.plan(date);
    expect(plan.summary.leftOut.map((r) => [r.id, r.status])).toEqual([
      [sentBack.id, 'edited'],
      [later.id, 'scheduled'],
      [draft.id, 'draft'],
    ]);
    for (const item of plan.summary.leftOut) expect(item.reason).toMatch(/\S{6}/);
    expect(plan.summary.leftOut[0]!.reason).toMatch(/release the edition again/);
    expect(plan.summary.leftOut[1]!.reason).toContain(new Date(at).toISOString());

    // Releasing again takes the edited one along and brings the later one forward.
    const again = await releaseOk(date, { at, force: true });
    expect(again.scheduled.map((r) => r.id).sort()).toEqual([sentBack.id, later.id].sort());
    expect((await api.plan(date)).summary.leftOut.map((r) => r.id)).toEqual([draft.id]);
  });

  it('does not make public an edition whose every item was taken back after the release, until it is released again', async () => {
    const date = '2030-07-13';
    await newEdition(date);
    const story = await api.articleIn('edited');
    await api.putPageOk(date, 'A01', pageBody([art(story)]));
    await releaseOk(date, { at: inHours(1) });
    await api.moveArticle(await article(story.id), 'edited');
    expect((await api.plan(date)).summary.leftOut.map((r) => r.id)).toEqual([story.id]);

    // The release time comes, as the clock would bring it: nothing to show, so it stays unpublished.
    await t.database.db.update(editions).set({ releaseAt: sql`now() - interval '1 second'` }).where(eq(editions.date, date));
    await api.publishDue();
    expectProblem(await readPublic(date), 404, 'not-found');
    expect((await getEdition(date)).body.public).toBe(false);

    await releaseOk(date);
    await api.publishDue();
    await api.publishDue();
    expect(publicIds(await publicWhen(date, (e) => publicIds(e).length === 1))).toEqual([story.id]);
  });

  it('says in the release answer which pages are empty', async () => {
    const date = '2030-07-12';
    await newEdition(date);
    await api.putPageOk(date, 'A01', pageBody([art(await api.articleIn('edited'))]));
    await api.putPageOk(date, 'A02', pageBody([]));
    await api.putPageOk(date, 'A03', pageBody([]));
    const released = await releaseOk(date, { at: inHours(1) });
    expect(released.emptyPages).toEqual(['A02', 'A03']);
    expect((await api.plan(date)).summary.emptyPages).toEqual(['A02', 'A03']);
  });
});

describe('the plan', () => {
  it('lists empty pages, items not ready and overdue ones, with each item’s ready flag', async () => {
    const date = '2030-07-01';
    await newEdition(date);
    const draft = await api.articleIn('draft');
    const submitted = await api.articleIn('submitted');
    const edited = await api.articleIn('edited');
    const scheduled = await api.articleIn('scheduled');
    const overdue = await api.articleIn('scheduled');
    const published = await api.articleIn('published');
    const withdrawn = await api.articleIn('withdrawn');
    await api.putPageOk(date, 'A01', pageBody([]));
    await api.putPageOk(date, 'A02', pageBody([art(draft), art(submitted), art(edited), art(scheduled), art(overdue), art(published), art(withdrawn)]));
    await api.putPageOk(date, 'B01', pageBody([]));
    await t.database.db.update(articles).set({ publishAt: sql`now() - interval '2 minutes'` }).where(eq(articles.id, overdue.id));

    const plan = await api.plan(date);
    expect(plan.summary.emptyPages).toEqual(['A01', 'B01']);
    expect(plan.summary).toMatchObject({ pages: 3, items: 7, statuses: { draft: 1, submitted: 1, edited: 1, scheduled: 2, published: 1, withdrawn: 1 } });
    expect(plan.summary.notReady).toEqual([ref(draft, 'A02', 'draft'), ref(submitted, 'A02', 'submitted'), ref(withdrawn, 'A02', 'withdrawn')]);
    expect(plan.summary.overdue).toEqual([ref(overdue, 'A02', 'scheduled')]);

    const items = plan.pages.find((p) => p.label === 'A02')!.items;
    expect(items.map((i) => [i.id, i.status, i.ready, i.overdue])).toEqual([
      [draft.id, 'draft', false, false],
      [submitted.id, 'submitted', false, false],
      [edited.id, 'edited', true, false],
      [scheduled.id, 'scheduled', true, false],
      [overdue.id, 'scheduled', true, true],
      [published.id, 'published', true, false],
      [withdrawn.id, 'withdrawn', false, false],
    ]);
    const late = await article(overdue.id);
    expect(items.find((i) => i.id === overdue.id)).toMatchObject({ publishAt: expect.any(String), version: late.version });
    sameInstant(items.find((i) => i.id === overdue.id)!.publishAt, late.publishAt);
    expect(items.find((i) => i.id === published.id)!.publishedAt).not.toBeNull();
    expect(plan.pages.find((p) => p.label === 'A01')!.items).toEqual([]);

    // The plan's version is the edition's.
    expect(plan.version).toBe((await getEdition(date)).body.version);
  });

  it('has the creation and the release of an edition in the audit log', async () => {
    const date = '2030-07-02';
    const created = await newEdition(date);
    const edited = await api.articleIn('edited');
    await api.putPageOk(date, 'A01', pageBody([art(edited)]));
    const result = await releaseOk(date, { at: inHours(1) });

    const res = await t.request('admin', { url: `/api/v1/audit?entity=edition&entityId=${date}` });
    expect(res.statusCode, res.body).toBe(200);
    const events = res.json<{ items: { action: string; entity: string; entityId: string; actorId: number | null; details: Record<string, unknown> | null }[] }>().items;
    expect(events.every((e) => e.entity === 'edition' && e.entityId === date)).toBe(true);
    const actions = events.map((e) => e.action);
    expect(actions).toContain('edition.create');
    expect(actions).toContain('edition.release');
    expect(events.find((e) => e.action === 'edition.create')!.details).toMatchObject({ issueNumber: created.issueNumber });
    const release = events.find((e) => e.action === 'edition.release')!;
    expect(release.actorId).toBe(result.edition.releasedBy);
    expect(release.actorId).toBe((created as EditionJson & { createdBy: number }).createdBy);
    sameInstant(release.details!.at as string, result.releaseAt);
    expect(release.details!.scheduled).toEqual([`article ${edited.id}`]);

    expectProblem(await t.request('editor', { url: `/api/v1/audit?entity=edition&entityId=${date}` }), 403, 'forbidden');
  });
});
