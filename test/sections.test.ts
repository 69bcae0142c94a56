import { count, eq } from 'drizzle-orm';
import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditEvents, sections } from '../src/db/schema/index.js';
import { encodeCursor } from '../src/lib/pagination.js';
import { createTestApp, type TestApp } from './helpers/app.js';
import { expectProblem } from './helpers/problem.js';

interface SectionJson {
  id: number;
  name: string;
  slug: string;
  parentId: number | null;
  position: number;
  description: string | null;
  version: number;
  createdAt: string;
  updatedAt: string;
}

interface PublicSectionJson {
  id: number;
  name: string;
  slug: string;
  parentId: number | null;
  path: string;
  depth: number;
  position: number;
  description: string | null;
}

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => t.close());

let serial = 0;
/** A slug no other test in this file uses. */
const slug = (base = 's') => `${base}-${++serial}`;

async function create(body: Record<string, unknown> = {}, role: 'editor' | 'admin' = 'editor'): Promise<SectionJson> {
  const res = await t.request(role, { method: 'POST', url: '/api/v1/sections', payload: { name: `栏目 ${serial}`, slug: slug(), ...body } });
  expect(res.statusCode, res.body).toBe(201);
  return res.json<SectionJson>();
}

async function read(id: number): Promise<LightMyRequestResponse> {
  return t.request('reporter', { url: `/api/v1/sections/${id}` });
}

async function patch(id: number, body: Record<string, unknown>, ifMatch?: string, role: 'reporter' | 'editor' | 'admin' = 'editor') {
  return t.request(role, {
    method: 'PATCH',
    url: `/api/v1/sections/${id}`,
    payload: body,
    headers: ifMatch === undefined ? {} : { 'if-match': ifMatch },
  });
}

async function remove(id: number, ifMatch?: string, role: 'reporter' | 'editor' | 'admin' = 'editor') {
  return t.request(role, { method: 'DELETE', url: `/api/v1/sections/${id}`, headers: ifMatch === undefined ? {} : { 'if-match': ifMatch } });
}

async function list(query: string, role: 'reporter' | 'editor' = 'reporter'): Promise<{ items: SectionJson[]; nextCursor: string | null }> {
  const res = await t.request(role, { url: `/api/v1/sections${query}` });
  expect(res.statusCode, res.body).toBe(200);
  return res.json();
}

/** Every page of a list, following nextCursor. */
async function allPages(query: string, limit: number) {
  const pages: SectionJson[][] = [];
  let cursor: string | null = null;
  do {
    const sep = query ? '&' : '?';
    const page = await list(`${query}${sep}limit=${limit}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`);
    pages.push(page.items);
    cursor = page.nextCursor;
    expect(pages.length).toBeLessThan(100);
  } while (cursor);
  return pages;
}

async function tableCounts() {
  const [s] = await t.database.db.select({ n: count() }).from(sections);
  const [a] = await t.database.db.select({ n: count() }).from(auditEvents);
  return { sections: s!.n, audit: a!.n };
}


const byPositionThenId = (a: SectionJson, b: SectionJson) => a.position - b.position || a.id - b.id;

describe('creating sections', () => {
  it.each(['editor', 'admin'] as const)('lets an %s create one: 201, ETag of version 1, Location that reads it back', async (role) => {
    const before = await tableCounts();
    const wanted = slug('created');
    const res = await t.request(role, {
      method: 'POST',
      url: '/api/v1/sections',
      payload: { name: '  要闻  ', slug: wanted, description: '当日要闻' },
    });
    expect(res.statusCode, res.body).toBe(201);
    const section = res.json<SectionJson>();
    expect(section).toMatchObject({ name: '要闻', slug: wanted, parentId: null, description: '当日要闻', version: 1 });
    expect(res.headers.etag).toBe(`"${section.version}"`);
    expect(res.headers.etag).toBe('"1"');
    expect(res.headers.location).toBe(`/api/v1/sections/${section.id}`);
    expect(Date.parse(section.createdAt)).not.toBeNaN();

    const fetched = await t.request('reporter', { url: res.headers.location as string });
    expect(fetched.statusCode).toBe(200);
    expect(fetched.json()).toEqual(section);
    expect(fetched.headers.etag).toBe('"1"');

    const after = await tableCounts();
    expect(after.sections).toBe(before.sections + 1);
    expect(after.audit).toBeGreaterThan(before.audit);
  });

  it('stores a blank description as null', async () => {
    const section = await create({ description: '   ' });
    expect(section.description).toBeNull();
    expect((await read(section.id)).json().description).toBeNull();
  });

  it('refuses a reporter (403) and writes nothing, but lets the reporter read', async () => {
    const existing = await create();
    const before = await tableCounts();
    const wanted = slug('by-reporter');
    const res = await t.request('reporter', { method: 'POST', url: '/api/v1/sections', payload: { name: '记者栏目', slug: wanted } });
    const problem = expectProblem(res, 403, 'forbidden');
    expect(problem.detail).toMatch(/editor/);
    expect(await tableCounts()).toEqual(before);
    const [found] = await t.database.db.select().from(sections).where(eq(sections.slug, wanted));
    expect(found).toBeUndefined();

    const one = await read(existing.id);
    expect(one.statusCode).toBe(200);
    expect(one.json()).toEqual(existing);
    const page = await list('?limit=200');
    expect(page.items.map((s) => s.id)).toContain(existing.id);
  });

  it('refuses a request without a token (401) and writes nothing', async () => {
    const before = await tableCounts();
    const res = await t.request(null, { method: 'POST', url: '/api/v1/sections', payload: { name: 'x', slug: slug() } });
    expectProblem(res, 401, 'unauthorized');
    expect(res.headers['www-authenticate']).toMatch(/^Bearer/);
    expect(await tableCounts()).toEqual(before);
    expectProblem(await t.request(null, { url: '/api/v1/sections' }), 401, 'unauthorized');
  });

  it.each([
    ['upper case', 'News'],
    ['a space', 'local news'],
    ['a double hyphen', 'local--news'],
    ['a leading hyphen', '-news'],
    ['a trailing hyphen', 'news-'],
    ['an underscore', 'local_news'],
    ['Chinese characters', '要闻'],
    ['a slash', 'news/local'],
    ['nothing', ''],
    ['61 characters', 'a'.repeat(61)],
  ])('rejects a slug with %s (400, pointer /slug) and writes nothing', async (_label, bad) => {
    const before = await tableCounts();
    const res = await t.request('editor', { method: 'POST', url: '/api/v1/sections', payload: { name: '坏', slug: bad } });
    const problem = expectProblem(res, 400, 'validation-failed');
    expect(problem.errors?.map((e) => e.pointer)).toContain('/slug');
    expect(await tableCounts()).toEqual(before);
  });

  it('accepts a slug of exactly 60 characters with digits and single hyphens', async () => {
    const wanted = `${'a'.repeat(50)}-${String(++serial).padStart(9, '0')}`;
    expect(wanted).toHaveLength(60);
    expect((await create({ slug: wanted })).slug).toBe(wanted);
  });

  it('rejects a duplicate slug with 409, on create and on change, and writes nothing', async () => {
    const first = await create();
    const second = await create();
    const before = await tableCounts();
    const dup = await t.request('editor', { method: 'POST', url: '/api/v1/sections', payload: { name: '重复', slug: first.slug } });
    const problem = expectProblem(dup, 409, 'conflict');
    expect(problem.detail).toContain(first.slug);
    expect(await tableCounts()).toEqual(before);

    const moved = await patch(second.id, { slug: first.slug }, `"${second.version}"`);
    expectProblem(moved, 409, 'conflict');
    expect((await read(second.id)).json()).toEqual(second);
  });

  it('lets a section keep its own slug in a change', async () => {
    const section = await create();
    const res = await patch(section.id, { slug: section.slug, name: '同名' }, `"${section.version}"`);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ slug: section.slug, name: '同名', version: section.version + 1 });
  });

  it('puts a section after its last sibling when no position is given', async () => {
    const parent = await create();
    const first = await create({ parentId: parent.id });
    expect(first.position).toBe(0);
    const placed = await create({ parentId: parent.id, position: 7 });
    expect(placed.position).toBe(7);
    const next = await create({ parentId: parent.id });
    expect(next.position).toBe(placed.position + 1);
    // Siblings elsewhere do not count.
    const otherParent = await create();
    expect((await create({ parentId: otherParent.id })).position).toBe(0);
  });

  it('puts a top-level section after the last top-level one', async () => {
    await create({ position: 500 });
    const roots = await allPages('?parentId=root', 200);
    const last = Math.max(...roots.flat().map((s) => s.position));
    const section = await create();
    expect(section.parentId).toBeNull();
    expect(section.position).toBe(last + 1);
  });

  it('answers 422 with pointer /parentId when the parent does not exist, and writes nothing', async () => {
    const before = await tableCounts();
    const res = await t.request('editor', {
      method: 'POST',
      url: '/api/v1/sections',
      payload: { name: '孤儿', slug: slug(), parentId: 2147483647 },
    });
    const problem = expectProblem(res, 422, 'unprocessable');
    expect(problem.errors).toEqual([expect.objectContaining({ pointer: '/parentId' })]);
    expect(await tableCounts()).toEqual(before);
  });

  it('nests under an existing parent', async () => {
    const parent = await create();
    const child = await create({ parentId: parent.id });
    expect(child.parentId).toBe(parent.id);
    expect((await read(child.id)).json().parentId).toBe(parent.id);
  });
});

describe('reading sections', () => {
  it('answers 404 problem for a missing section', async () => {
    const problem = expectProblem(await read(2147483647), 404, 'not-found');
    expect(problem.detail).toContain('2147483647');
  });

  it('sends private, no-cache on the newsroom API', async () => {
    const section = await create();
    expect((await read(section.id)).headers['cache-control']).toBe('private, no-cache');
  });
});

describe('changing sections', () => {
  it('requires If-Match (428) and changes nothing without it', async () => {
    const section = await create();
    const res = await patch(section.id, { name: '无版本' });
    const problem = expectProblem(res, 428, 'version-required');
    expect(problem.detail).toMatch(/If-Match/);
    expect((await read(section.id)).json()).toEqual(section);
  });

  it('applies a change with the current version: 200, version + 1, new ETag', async () => {
    const section = await create({ description: '旧' });
    const res = await patch(section.id, { name: '新名', description: '新' }, `"${section.version}"`);
    expect(res.statusCode, res.body).toBe(200);
    const changed = res.json<SectionJson>();
    expect(changed).toMatchObject({ id: section.id, name: '新名', description: '新', slug: section.slug, version: section.version + 1 });
    expect(res.headers.etag).toBe(`"${section.version + 1}"`);
    expect(changed.createdAt).toBe(section.createdAt);
    expect(Date.parse(changed.updatedAt)).toBeGreaterThanOrEqual(Date.parse(section.updatedAt));
    expect((await read(section.id)).json()).toEqual(changed);
  });

  it('refuses a weak ETag in If-Match with 412: If-Match compares strongly (RFC 9110 §13.1.1)', async () => {
    const section = await create();
    const res = await patch(section.id, { position: 3 }, `W/"${section.version}"`);
    expect(expectProblem(res, 412, 'stale-version').currentVersion).toBe(section.version);
    expect((await read(section.id)).json()).toMatchObject({ position: section.position, version: section.version });
  });

  it('refuses a stale If-Match with 412, the current version and its ETag, and changes nothing', async () => {
    const section = await create();
    const first = await patch(section.id, { name: '第一次' }, `"${section.version}"`);
    expect(first.statusCode).toBe(200);
    const current = first.json<SectionJson>();

    const stale = await patch(section.id, { name: '第二次' }, `"${section.version}"`);
    const problem = expectProblem(stale, 412, 'stale-version');
    expect(problem.currentVersion).toBe(current.version);
    expect(stale.headers.etag).toBe(`"${current.version}"`);
    expect((await read(section.id)).json()).toEqual(current);
  });

  it('rejects a malformed If-Match with 400', async () => {
    const section = await create();
    for (const bad of ['1', 'one', '"1", "2"']) {
      expectProblem(await patch(section.id, { name: 'x' }, bad), 400, 'bad-request');
    }
    // Well-formed, but no version of ours: never matches (412); `*` names no version (428).
    expectProblem(await patch(section.id, { name: 'x' }, '"one"'), 412, 'stale-version');
    expectProblem(await patch(section.id, { name: 'x' }, '*'), 428, 'version-required');
    expect((await read(section.id)).json()).toEqual(section);
  });

  it('answers 404 for a change to a missing section', async () => {
    expectProblem(await patch(2147483647, { name: 'x' }, '"1"'), 404, 'not-found');
  });

  it('refuses a reporter (403) and changes nothing', async () => {
    const section = await create();
    const before = await tableCounts();
    expectProblem(await patch(section.id, { name: '记者改' }, `"${section.version}"`, 'reporter'), 403, 'forbidden');
    expect((await read(section.id)).json()).toEqual(section);
    expect(await tableCounts()).toEqual(before);
  });

  it('rejects an empty change with 400', async () => {
    const section = await create();
    expectProblem(await patch(section.id, {}, `"${section.version}"`), 400, 'validation-failed');
    expect((await read(section.id)).json()).toEqual(section);
  });

  it('moves a section under another parent and back to the top level', async () => {
    const a = await create();
    const b = await create();
    const child = await create({ parentId: a.id });
    const moved = await patch(child.id, { parentId: b.id }, `"${child.version}"`);
    expect(moved.statusCode, moved.body).toBe(200);
    expect(moved.json().parentId).toBe(b.id);
    const top = await patch(child.id, { parentId: null }, `"${moved.json().version}"`);
    expect(top.statusCode, top.body).toBe(200);
    expect(top.json().parentId).toBeNull();
  });

  it('answers 422 /parentId when moving under a missing section, and changes nothing', async () => {
    const section = await create();
    const res = await patch(section.id, { parentId: 2147483647 }, `"${section.version}"`);
    const problem = expectProblem(res, 422, 'unprocessable');
    expect(problem.errors?.[0]?.pointer).toBe('/parentId');
    expect((await read(section.id)).json()).toEqual(section);
  });

  it('refuses to move a section under itself or a descendant (422), and changes nothing', async () => {
    const top = await create();
    const middle = await create({ parentId: top.id });
    const bottom = await create({ parentId: middle.id });
    const before = await tableCounts();

    for (const target of [top.id, middle.id, bottom.id]) {
      const res = await patch(top.id, { parentId: target }, `"${top.version}"`);
      const problem = expectProblem(res, 422, 'unprocessable');
      expect(problem.errors?.[0]?.pointer).toBe('/parentId');
    }
    const self = await patch(middle.id, { parentId: middle.id }, `"${middle.version}"`);
    expectProblem(self, 422, 'unprocessable');

    expect((await read(top.id)).json()).toEqual(top);
    expect((await read(middle.id)).json()).toEqual(middle);
    expect((await read(bottom.id)).json()).toEqual(bottom);
    expect(await tableCounts()).toEqual(before);
  });
});

describe('deleting sections', () => {
  it('deletes with the current version: 204, then 404', async () => {
    const section = await create();
    const before = await tableCounts();
    const res = await remove(section.id, `"${section.version}"`);
    expect(res.statusCode, res.body).toBe(204);
    expect(res.body).toBe('');
    expectProblem(await read(section.id), 404, 'not-found');
    expect((await allPages('', 200)).flat().map((s) => s.id)).not.toContain(section.id);
    expect((await tableCounts()).sections).toBe(before.sections - 1);
    expectProblem(await remove(section.id, `"${section.version}"`), 404, 'not-found');
  });

  it('requires If-Match (428) and refuses a stale one (412), deleting nothing', async () => {
    const section = await create();
    const changed = (await patch(section.id, { name: '改过' }, `"${section.version}"`)).json<SectionJson>();
    expectProblem(await remove(section.id), 428, 'version-required');
    const stale = await remove(section.id, `"${section.version}"`);
    expect(expectProblem(stale, 412, 'stale-version').currentVersion).toBe(changed.version);
    expect(stale.headers.etag).toBe(`"${changed.version}"`);
    expect((await read(section.id)).json()).toEqual(changed);
  });

  it('refuses a reporter (403) and deletes nothing', async () => {
    const section = await create();
    expectProblem(await remove(section.id, `"${section.version}"`, 'reporter'), 403, 'forbidden');
    expect((await read(section.id)).statusCode).toBe(200);
  });

  it('refuses to delete a section with subsections (409) until they are gone', async () => {
    const parent = await create();
    const child = await create({ parentId: parent.id });
    const before = await tableCounts();
    const res = await remove(parent.id, `"${parent.version}"`);
    expect(expectProblem(res, 409, 'conflict').detail).toMatch(/subsection/);
    expect(await tableCounts()).toEqual(before);
    expect((await read(parent.id)).json()).toEqual(parent);
    expect((await read(child.id)).json()).toEqual(child);

    expect((await remove(child.id, `"${child.version}"`)).statusCode).toBe(204);
    expect((await remove(parent.id, `"${parent.version}"`)).statusCode).toBe(204);
  });

  it('refuses to delete a section holding articles or edition pages (409) and deletes nothing', async () => {
    const section = await create();
    const article = await t.request('reporter', { method: 'POST', url: '/api/v1/articles', payload: { headline: '本栏稿件', sectionId: section.id } });
    expect(article.statusCode, article.body).toBe(201);
    const before = await tableCounts();
    const problem = expectProblem(await remove(section.id, `"${section.version}"`), 409, 'conflict');
    expect(problem.detail).toMatch(/holds 1 article\(s\) and 0 edition page\(s\)/);
    expect(await tableCounts()).toEqual(before);
    expect((await read(section.id)).json()).toEqual(section);

    const paged = await create();
    expect((await t.request('editor', { method: 'POST', url: '/api/v1/editions', payload: { date: '2024-07-01', issueNumber: 7001 } })).statusCode).toBe(201);
    const page = await t.request('editor', { method: 'PUT', url: '/api/v1/editions/2024-07-01/pages/A01', payload: { name: '要闻', grid: 'broadsheet-8', sectionId: paged.id, items: [] } });
    expect(page.statusCode, page.body).toBe(201);
    expect(expectProblem(await remove(paged.id, `"${paged.version}"`), 409, 'conflict').detail).toMatch(/0 article\(s\) and 1 edition page\(s\)/);
  });
});

describe('listing sections', () => {
  it('orders by position, then id, and filters by parent', async () => {
    const parent = await create();
    const positions = [3, 1, 3, 0, 2, 1, 0];
    const children: SectionJson[] = [];
    for (const position of positions) children.push(await create({ parentId: parent.id, position }));
    const grandchild = await create({ parentId: children[0]!.id });

    const page = await list(`?parentId=${parent.id}`);
    expect(page.nextCursor).toBeNull();
    expect(page.items.map((s) => s.id)).toEqual([...children].sort(byPositionThenId).map((s) => s.id));
    expect(page.items).not.toContainEqual(expect.objectContaining({ id: grandchild.id }));
    expect(page.items.every((s) => s.parentId === parent.id)).toBe(true);

    const all = (await allPages('', 200)).flat();
    expect(all).toEqual([...all].sort(byPositionThenId));
    expect(all.map((s) => s.id)).toEqual(expect.arrayContaining([parent.id, grandchild.id, ...children.map((c) => c.id)]));
  });

  it('lists only top-level sections with parentId=root', async () => {
    const top = await create();
    const child = await create({ parentId: top.id });
    const roots = (await allPages('?parentId=root', 200)).flat();
    expect(roots.length).toBeGreaterThan(0);
    expect(roots.every((s) => s.parentId === null)).toBe(true);
    expect(roots.map((s) => s.id)).toContain(top.id);
    expect(roots.map((s) => s.id)).not.toContain(child.id);
  });

  it('answers an empty page for a parent without children', async () => {
    const lonely = await create();
    expect(await list(`?parentId=${lonely.id}`)).toEqual({ items: [], nextCursor: null });
  });

  it('pages through every item exactly once, in order, with limit and cursor', async () => {
    const parent = await create();
    const children: SectionJson[] = [];
    for (const position of [2, 0, 2, 1, 0, 2, 1]) children.push(await create({ parentId: parent.id, position }));

    const pages = await allPages(`?parentId=${parent.id}`, 2);
    expect(pages.map((p) => p.length)).toEqual([2, 2, 2, 1]);
    const ids = pages.flat().map((s) => s.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids).toEqual([...children].sort(byPositionThenId).map((s) => s.id));

    // The whole table too, where ties in position span page boundaries.
    const everything = (await allPages('', 3)).flat();
    const [row] = await t.database.db.select({ n: count() }).from(sections);
    expect(everything).toHaveLength(row!.n);
    expect(new Set(everything.map((s) => s.id)).size).toBe(row!.n);
  });

  it('says there is no next page when the last page is exactly full', async () => {
    const parent = await create();
    await create({ parentId: parent.id });
    await create({ parentId: parent.id });
    const page = await list(`?parentId=${parent.id}&limit=2`);
    expect(page.items).toHaveLength(2);
    expect(page.nextCursor).toBeNull();
  });

  it.each([
    ['not base64 JSON', 'garbage!'],
    ['a key of the wrong shape', encodeCursor([5])],
    ['a key of the wrong types', encodeCursor(['a', 'b'])],
    ['an unsafe integer', Buffer.from('[1e300, 1]').toString('base64url')],
  ])('rejects a forged cursor (%s) with 400', async (_label, cursor) => {
    const res = await t.request('reporter', { url: `/api/v1/sections?cursor=${encodeURIComponent(cursor)}` });
    expect(expectProblem(res, 400, 'bad-request').detail).toMatch(/cursor/);
  });

  it.each([
    ['parentId=abc', '/parentId'],
    ['parentId=0', '/parentId'],
    ['limit=0', '/limit'],
    ['limit=201', '/limit'],
    ['limit=ten', '/limit'],
  ])('rejects ?%s with 400 pointing into the query', async (query, pointer) => {
    const res = await t.request('reporter', { url: `/api/v1/sections?${query}` });
    const problem = expectProblem(res, 400, 'validation-failed');
    expect(problem.errors).toContainEqual(expect.objectContaining({ in: 'query', pointer }));
  });
});

describe('the public section tree', () => {
  async function publicTree() {
    const res = await t.request(null, { url: '/content/v1/sections' });
    expect(res.statusCode, res.body).toBe(200);
    return { res, items: res.json<{ items: PublicSectionJson[] }>().items };
  }

  it('needs no token and is cacheable by anyone, from any origin', async () => {
    await create();
    const { res } = await publicTree();
    expect(res.headers['access-control-allow-origin']).toBe('*');
    expect(res.headers.etag).toMatch(/^"[^"]+"$/);
    expect(res.headers['cache-control']).toMatch(/^public\b/);
    expect(res.headers['cache-control']).toMatch(/max-age=\d+/);
    const withOrigin = await t.request(null, { url: '/content/v1/sections', headers: { origin: 'https://reader.example' } });
    expect(withOrigin.headers['access-control-allow-origin']).toBe('*');
  });

  it('answers OPTIONS without a complete preflight as a preflight, never with a plain-text 400', async () => {
    for (const headers of [{}, { origin: 'https://reader.example' }, { 'access-control-request-method': 'GET' }]) {
      const res = await t.request(null, { method: 'OPTIONS', url: '/content/v1/sections', headers });
      expect(res.statusCode, res.body).toBe(204);
      expect(res.headers['access-control-allow-methods']).toBe('GET, HEAD');
      expect(res.headers['x-request-id']).toBeTruthy();
    }
  });

  it('lists every section depth first with its slug path and depth', async () => {
    const news = await create({ slug: slug('news'), position: 0 });
    const world = await create({ slug: slug('world'), parentId: news.id, position: 5 });
    const local = await create({ slug: slug('local'), parentId: news.id, position: 1 });
    const city = await create({ slug: slug('city'), parentId: local.id });
    const { items } = await publicTree();

    const byId = new Map(items.map((s) => [s.id, s]));
    expect(byId.get(local.id)).toMatchObject({ path: `${news.slug}/${local.slug}`, depth: 1, parentId: news.id, name: local.name });
    expect(byId.get(city.id)).toMatchObject({ path: `${news.slug}/${local.slug}/${city.slug}`, depth: 2 });
    expect(byId.get(news.id)).toMatchObject({ path: news.slug, depth: 0, parentId: null });

    const order = items.map((s) => s.id);
    // local (position 1) and its subtree come before world (position 5), all after news.
    expect(order.indexOf(news.id)).toBeLessThan(order.indexOf(local.id));
    expect(order.indexOf(local.id) + 1).toBe(order.indexOf(city.id));
    expect(order.indexOf(city.id)).toBeLessThan(order.indexOf(world.id));

    // Every section is there once, and the whole list is a depth-first walk.
    const [row] = await t.database.db.select({ n: count() }).from(sections);
    expect(items).toHaveLength(row!.n);
    expect(new Set(order).size).toBe(items.length);
    const ancestors: PublicSectionJson[] = [];
    for (const item of items) {
      ancestors.length = item.depth;
      const parent = ancestors.at(-1);
      expect(item.parentId).toBe(parent?.id ?? null);
      expect(item.path).toBe(parent ? `${parent.path}/${item.slug}` : item.slug);
      ancestors.push(item);
    }
  });

  it('orders siblings by position, then id', async () => {
    const parent = await create();
    const kids: SectionJson[] = [];
    for (const position of [2, 0, 2, 1]) kids.push(await create({ parentId: parent.id, position }));
    const { items } = await publicTree();
    const listed = items.filter((s) => s.parentId === parent.id).map((s) => s.id);
    expect(listed).toEqual([...kids].sort(byPositionThenId).map((s) => s.id));
  });

  it('answers 304 with an empty body to If-None-Match with its ETag', async () => {
    await create();
    const { res } = await publicTree();
    const etag = res.headers.etag as string;
    for (const ifNoneMatch of [etag, `W/${etag}`, `"other", ${etag}`]) {
      const again = await t.request(null, { url: '/content/v1/sections', headers: { 'if-none-match': ifNoneMatch } });
      expect(again.statusCode).toBe(304);
      expect(again.body).toBe('');
      expect(again.headers.etag).toBe(etag);
    }
    const other = await t.request(null, { url: '/content/v1/sections', headers: { 'if-none-match': '"something-else"' } });
    expect(other.statusCode).toBe(200);
  });

  it('changes its ETag when a section changes, and then answers the old one with 200', async () => {
    const section = await create();
    const first = (await publicTree()).res;
    const oldTag = first.headers.etag as string;

    const renamed = await patch(section.id, { name: '改名了' }, `"${section.version}"`);
    expect(renamed.statusCode).toBe(200);
    const second = (await publicTree()).res;
    expect(second.headers.etag).not.toBe(oldTag);
    expect(second.json().items).toContainEqual(expect.objectContaining({ id: section.id, name: '改名了' }));

    const stale = await t.request(null, { url: '/content/v1/sections', headers: { 'if-none-match': oldTag } });
    expect(stale.statusCode).toBe(200);
    expect(stale.headers.etag).toBe(second.headers.etag);

    await create();
    expect((await publicTree()).res.headers.etag).not.toBe(second.headers.etag);
  });
});

describe('Chinese names', () => {
  it('round-trip exactly through create, read, list, change and the public tree', async () => {
    const yaowen = await create({ name: '要闻', slug: slug('yaowen'), description: '聊城日报·要闻版' });
    const local = await create({ name: '聊城新闻', slug: slug('liaocheng'), parentId: yaowen.id });
    expect(yaowen.name).toBe('要闻');
    expect(local.name).toBe('聊城新闻');
    expect((await read(yaowen.id)).json()).toMatchObject({ name: '要闻', description: '聊城日报·要闻版' });

    const children = await list(`?parentId=${yaowen.id}`);
    expect(children.items.map((s) => s.name)).toEqual(['聊城新闻']);

    const tree = (await t.request(null, { url: '/content/v1/sections' })).json<{ items: PublicSectionJson[] }>().items;
    expect(tree.find((s) => s.id === local.id)).toMatchObject({ name: '聊城新闻', path: `${yaowen.slug}/${local.slug}`, depth: 1 });

    const renamed = await patch(local.id, { name: '𠀀聊城·东昌府' }, `"${local.version}"`);
    expect(renamed.json().name).toBe('𠀀聊城·东昌府');
    const [row] = await t.database.db.select().from(sections).where(eq(sections.id, local.id));
    expect(row?.name).toBe('𠀀聊城·东昌府');
  });
});
