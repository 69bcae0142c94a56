import { count, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditEvents, people } from '../src/db/schema/index.js';
import { CREDIT_ROLES } from '../src/document/credit-roles.js';
import { encodeCursor } from '../src/lib/pagination.js';
import { createTestApp, type TestApp } from './helpers/app.js';
import { expectProblem } from './helpers/problem.js';

interface PersonJson {
  id: number;
  name: string;
  defaultRole: string;
  affiliation: string | null;
  userId: number | null;
  version: number;
  createdAt: string;
  updatedAt: string;
}

type Role = 'reporter' | 'editor' | 'admin';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => t.close());

let serial = 0;
/** A tag no other test in this file puts in a name, so a search finds only this test's people. */
const tag = () => `Ω${++serial}Ω`;

async function create(body: Record<string, unknown> = {}, role: Role = 'editor'): Promise<PersonJson> {
  const res = await t.request(role, { method: 'POST', url: '/api/v1/people', payload: { name: `作者${tag()}`, ...body } });
  expect(res.statusCode, res.body).toBe(201);
  return res.json<PersonJson>();
}

const read = (id: number) => t.request('reporter', { url: `/api/v1/people/${id}` });

const patch = (id: number, body: Record<string, unknown>, ifMatch?: string, role: Role = 'editor') =>
  t.request(role, { method: 'PATCH', url: `/api/v1/people/${id}`, payload: body, headers: ifMatch === undefined ? {} : { 'if-match': ifMatch } });

const remove = (id: number, ifMatch?: string, role: Role = 'editor') =>
  t.request(role, { method: 'DELETE', url: `/api/v1/people/${id}`, headers: ifMatch === undefined ? {} : { 'if-match': ifMatch } });

async function search(params: Record<string, string>): Promise<{ items: PersonJson[]; nextCursor: string | null }> {
  const res = await t.request('reporter', { url: `/api/v1/people?${new URLSearchParams(params)}` });
  expect(res.statusCode, res.body).toBe(200);
  return res.json();
}

async function allPages(params: Record<string, string>, limit: number) {
  const pages: PersonJson[][] = [];
  let cursor: string | null = null;
  do {
    const page = await search({ ...params, limit: String(limit), ...(cursor && { cursor }) });
    pages.push(page.items);
    cursor = page.nextCursor;
    expect(pages.length).toBeLessThan(100);
  } while (cursor);
  return pages;
}

async function tableCounts() {
  const [p] = await t.database.db.select({ n: count() }).from(people);
  const [a] = await t.database.db.select({ n: count() }).from(auditEvents);
  return { people: p!.n, audit: a!.n };
}


describe('adding people', () => {
  it.each(['editor', 'admin'] as const)('lets an %s add one: 201, ETag of version 1, Location that reads it back', async (role) => {
    const before = await tableCounts();
    const res = await t.request(role, {
      method: 'POST',
      url: '/api/v1/people',
      payload: { name: ' 国晓宁 ', defaultRole: 'correspondent', affiliation: '聊城市市场监督管理局' },
    });
    expect(res.statusCode, res.body).toBe(201);
    const person = res.json<PersonJson>();
    expect(person).toMatchObject({
      name: '国晓宁',
      defaultRole: 'correspondent',
      affiliation: '聊城市市场监督管理局',
      userId: null,
      version: 1,
    });
    expect(res.headers.etag).toBe('"1"');
    expect(res.headers.location).toBe(`/api/v1/people/${person.id}`);
    const fetched = await t.request('reporter', { url: res.headers.location as string });
    expect(fetched.statusCode).toBe(200);
    expect(fetched.json()).toEqual(person);
    expect(fetched.headers.etag).toBe(`"${person.version}"`);
    const after = await tableCounts();
    expect(after.people).toBe(before.people + 1);
    expect(after.audit).toBeGreaterThan(before.audit);
  });

  it('makes the default role reporter and a blank affiliation null', async () => {
    const person = await create({ affiliation: '  ' });
    expect(person.defaultRole).toBe('reporter');
    expect(person.affiliation).toBeNull();
    const [row] = await t.database.db.select().from(people).where(eq(people.id, person.id));
    expect(row?.defaultRole).toBe('reporter');
  });

  it.each(CREDIT_ROLES)('accepts the role %s', async (role) => {
    expect((await create({ defaultRole: role })).defaultRole).toBe(role);
  });

  it('refuses a reporter (403) and writes nothing, but lets the reporter read', async () => {
    const existing = await create();
    const before = await tableCounts();
    const name = `记者${tag()}`;
    const res = await t.request('reporter', { method: 'POST', url: '/api/v1/people', payload: { name } });
    expectProblem(res, 403, 'forbidden');
    expect(await tableCounts()).toEqual(before);
    expect(await t.database.db.select().from(people).where(eq(people.name, name))).toEqual([]);

    expect((await read(existing.id)).json()).toEqual(existing);
    expect((await search({ q: existing.name })).items).toEqual([existing]);
  });

  it('rejects an unknown role with 400 listing the allowed ones, and writes nothing', async () => {
    const before = await tableCounts();
    const res = await t.request('editor', { method: 'POST', url: '/api/v1/people', payload: { name: '某人', defaultRole: 'chief' } });
    const problem = expectProblem(res, 400, 'validation-failed');
    const error = problem.errors?.find((e) => e.pointer === '/defaultRole');
    expect(error).toBeDefined();
    for (const role of CREDIT_ROLES) expect(error!.message).toContain(role);
    expect(problem.detail).toContain('/defaultRole');
    expect(await tableCounts()).toEqual(before);
  });

  it.each([
    ['empty', ''],
    ['blank', '   '],
    ['101 characters', '名'.repeat(101)],
  ])('rejects a name that is %s (400 /name)', async (_label, name) => {
    const before = await tableCounts();
    const res = await t.request('editor', { method: 'POST', url: '/api/v1/people', payload: { name } });
    expect(expectProblem(res, 400, 'validation-failed').errors?.map((e) => e.pointer)).toContain('/name');
    expect(await tableCounts()).toEqual(before);
  });

  it('requires a name', async () => {
    const res = await t.request('editor', { method: 'POST', url: '/api/v1/people', payload: { defaultRole: 'editor' } });
    expect(expectProblem(res, 400, 'validation-failed').errors).toContainEqual({ pointer: '/name', message: 'is required' });
  });
});

describe('linking people to users', () => {
  it('links to an existing user', async () => {
    const user = await t.user('reporter');
    const person = await create({ userId: user.id });
    expect(person.userId).toBe(user.id);
    expect((await read(person.id)).json().userId).toBe(user.id);
  });

  it('answers 422 /userId for a user that does not exist, and writes nothing', async () => {
    const before = await tableCounts();
    const res = await t.request('editor', { method: 'POST', url: '/api/v1/people', payload: { name: '无号', userId: 2147483647 } });
    const problem = expectProblem(res, 422, 'unprocessable');
    expect(problem.errors).toEqual([expect.objectContaining({ pointer: '/userId' })]);
    expect(await tableCounts()).toEqual(before);

    const person = await create();
    const changed = await patch(person.id, { userId: 2147483647 }, `"${person.version}"`);
    expectProblem(changed, 422, 'unprocessable');
    expect((await read(person.id)).json()).toEqual(person);
  });

  it('answers 409 when the user is already another person, on add and on change', async () => {
    const user = await t.user('editor');
    const linked = await create({ userId: user.id });
    const before = await tableCounts();
    const res = await t.request('editor', { method: 'POST', url: '/api/v1/people', payload: { name: '冒名', userId: user.id } });
    expect(expectProblem(res, 409, 'conflict').detail).toContain(String(linked.id));
    expect(await tableCounts()).toEqual(before);

    const other = await create();
    expectProblem(await patch(other.id, { userId: user.id }, `"${other.version}"`), 409, 'conflict');
    expect((await read(other.id)).json()).toEqual(other);
    expect((await read(linked.id)).json()).toEqual(linked);
  });

  it('lets a person keep its own user in a change, and unlink with null so another can link', async () => {
    const user = await t.user('reporter');
    const first = await create({ userId: user.id });
    const kept = await patch(first.id, { userId: user.id, name: `改名${tag()}` }, `"${first.version}"`);
    expect(kept.statusCode, kept.body).toBe(200);
    expect(kept.json().userId).toBe(user.id);

    const unlinked = await patch(first.id, { userId: null }, `"${kept.json().version}"`);
    expect(unlinked.statusCode, unlinked.body).toBe(200);
    expect(unlinked.json().userId).toBeNull();

    const second = await create({ userId: user.id });
    expect(second.userId).toBe(user.id);
  });
});

describe('versioned changes to people', () => {
  it('requires If-Match (428) and changes nothing without it', async () => {
    const person = await create();
    expectProblem(await patch(person.id, { defaultRole: 'editor' }), 428, 'version-required');
    expect((await read(person.id)).json()).toEqual(person);
  });

  it('applies a change with the current version: 200, version + 1, new ETag', async () => {
    const person = await create({ affiliation: '旧单位' });
    const res = await patch(person.id, { defaultRole: 'photographer', affiliation: '新单位' }, `"${person.version}"`);
    expect(res.statusCode, res.body).toBe(200);
    const changed = res.json<PersonJson>();
    expect(changed).toMatchObject({ name: person.name, defaultRole: 'photographer', affiliation: '新单位', version: person.version + 1 });
    expect(res.headers.etag).toBe(`"${person.version + 1}"`);
    expect((await read(person.id)).json()).toEqual(changed);
  });

  it('refuses a stale If-Match with 412, the current version and its ETag, and changes nothing', async () => {
    const person = await create();
    const current = (await patch(person.id, { defaultRole: 'intern' }, `"${person.version}"`)).json<PersonJson>();
    const stale = await patch(person.id, { defaultRole: 'editor' }, `"${person.version}"`);
    expect(expectProblem(stale, 412, 'stale-version').currentVersion).toBe(current.version);
    expect(stale.headers.etag).toBe(`"${current.version}"`);
    expect((await read(person.id)).json()).toEqual(current);
  });

  it('rejects an unknown role in a change (400) and changes nothing', async () => {
    const person = await create();
    const res = await patch(person.id, { defaultRole: 'boss' }, `"${person.version}"`);
    const error = expectProblem(res, 400, 'validation-failed').errors?.find((e) => e.pointer === '/defaultRole');
    expect(error?.message).toContain('correspondent');
    expect((await read(person.id)).json()).toEqual(person);
  });

  it('takes a word naming a role (通讯员, Reporter) as that role, and answers with its key', async () => {
    const person = await create({ defaultRole: '摄影记者' });
    expect(person.defaultRole).toBe('photographer');
    const res = await patch(person.id, { defaultRole: '通讯员' }, `"${person.version}"`);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json<PersonJson>().defaultRole).toBe('correspondent');
    const again = await patch(person.id, { defaultRole: 'Reporter' }, `"${person.version + 1}"`);
    expect(again.json<PersonJson>().defaultRole).toBe('reporter');
    expect((await search({ q: person.name, role: '记者' })).items.map((p) => p.id)).toEqual([person.id]);
  });

  it('refuses a reporter change or delete (403) and changes nothing', async () => {
    const person = await create();
    const before = await tableCounts();
    expectProblem(await patch(person.id, { name: '记者改' }, `"${person.version}"`, 'reporter'), 403, 'forbidden');
    expectProblem(await remove(person.id, `"${person.version}"`, 'reporter'), 403, 'forbidden');
    expect((await read(person.id)).json()).toEqual(person);
    expect(await tableCounts()).toEqual(before);
  });

  it('deletes with the current version (204, then 404); refuses no or stale If-Match', async () => {
    const person = await create();
    const current = (await patch(person.id, { name: `新${tag()}` }, `"${person.version}"`)).json<PersonJson>();
    expectProblem(await remove(person.id), 428, 'version-required');
    expect(expectProblem(await remove(person.id, `"${person.version}"`), 412, 'stale-version').currentVersion).toBe(current.version);
    expect((await read(person.id)).json()).toEqual(current);

    const before = await tableCounts();
    const res = await remove(person.id, `"${current.version}"`);
    expect(res.statusCode, res.body).toBe(204);
    expect(res.body).toBe('');
    expectProblem(await read(person.id), 404, 'not-found');
    expect((await tableCounts()).people).toBe(before.people - 1);
    expectProblem(await remove(person.id, `"${current.version}"`), 404, 'not-found');
  });

  it('refuses to delete someone credited on an article or a notice (409, naming the bylines) until the credits are gone', async () => {
    const person = await create();
    const article = await t.request('reporter', { method: 'POST', url: '/api/v1/articles', payload: { headline: '署名', credits: [{ role: 'reporter', personId: person.id }] } });
    expect(article.statusCode, article.body).toBe(201);
    const before = await tableCounts();
    const problem = expectProblem(await remove(person.id, `"${person.version}"`), 409, 'conflict');
    expect(problem.detail).toMatch(/credited in the bylines of 1 article\(s\) and 0 notice\(s\)/);
    expect(await tableCounts()).toEqual(before);
    expect((await read(person.id)).json()).toEqual(person);

    const { id, version } = article.json<{ id: number; version: number }>();
    const uncredited = await t.request('reporter', { method: 'PATCH', url: `/api/v1/articles/${id}`, payload: { credits: [] }, headers: { 'if-match': `"${version}"` } });
    expect(uncredited.statusCode, uncredited.body).toBe(200);
    expect((await remove(person.id, `"${person.version}"`)).statusCode).toBe(204);

    const notice = await create();
    const filed = await t.request('editor', {
      method: 'POST',
      url: '/api/v1/notices',
      payload: { kind: 'statement', title: '声明', issuer: '某单位', issuedOn: '2024-04-10', credits: [{ role: 'reporter', personId: notice.id }] },
    });
    expect(filed.statusCode, filed.body).toBe(201);
    expect(expectProblem(await remove(notice.id, `"${notice.version}"`), 409, 'conflict').detail).toMatch(/0 article\(s\) and 1 notice\(s\)/);
  });

  it('answers 404 for a change to a missing person', async () => {
    expectProblem(await patch(2147483647, { name: 'x' }, '"1"'), 404, 'not-found');
  });
});

describe('finding people', () => {
  it('finds part of a Chinese name with ?q=', async () => {
    const marker = tag();
    const guo = await create({ name: `国晓宁${marker}` });
    const wang = await create({ name: `王强${marker}` });
    const xiao = await create({ name: `李晓${marker}` });

    const found = await search({ q: '晓' });
    const ids = found.items.map((p) => p.id);
    expect(ids).toEqual(expect.arrayContaining([guo.id, xiao.id]));
    expect(ids).not.toContain(wang.id);
    expect(found.items.every((p) => p.name.includes('晓'))).toBe(true);

    expect((await search({ q: `晓宁${marker}` })).items.map((p) => p.id)).toEqual([guo.id]);
    expect((await search({ q: `国宁${marker}` })).items).toEqual([]);
  });

  it('matches Latin letters regardless of case', async () => {
    const marker = tag();
    const person = await create({ name: `Zhang Wei ${marker}` });
    expect((await search({ q: `zhang wei ${marker}` })).items.map((p) => p.id)).toEqual([person.id]);
  });

  it('ignores spaces around the search text', async () => {
    const marker = tag();
    const person = await create({ name: `赵四${marker}` });
    expect((await search({ q: `  ${marker} ` })).items.map((p) => p.id)).toEqual([person.id]);
  });

  it('treats % and _ in ?q= literally', async () => {
    const marker = tag();
    const percent = await create({ name: `百分之百%${marker}` });
    const underscore = await create({ name: `下划_线${marker}` });
    const plain = await create({ name: `下划x线${marker}` });
    const backslash = await create({ name: `反斜\\杠${marker}` });

    const byPercent = await search({ q: '%' });
    expect(byPercent.items.map((p) => p.id)).toContain(percent.id);
    expect(byPercent.items.every((p) => p.name.includes('%'))).toBe(true);

    const byUnderscore = await search({ q: '_' });
    expect(byUnderscore.items.map((p) => p.id)).toContain(underscore.id);
    expect(byUnderscore.items.map((p) => p.id)).not.toContain(plain.id);
    expect(byUnderscore.items.every((p) => p.name.includes('_'))).toBe(true);

    expect((await search({ q: `下划_线${marker}` })).items.map((p) => p.id)).toEqual([underscore.id]);
    expect((await search({ q: `%${marker}` })).items.map((p) => p.id)).toEqual([percent.id]);

    const byBackslash = await search({ q: '\\' });
    expect(byBackslash.items.map((p) => p.id)).toContain(backslash.id);
    expect(byBackslash.items.every((p) => p.name.includes('\\'))).toBe(true);
  });

  it('filters by ?role=, alone and with ?q=', async () => {
    const marker = tag();
    const photographer = await create({ name: `摄像${marker}`, defaultRole: 'photographer' });
    const reporter = await create({ name: `采访${marker}`, defaultRole: 'reporter' });

    const photographers = (await allPages({ role: 'photographer' }, 200)).flat();
    expect(photographers.length).toBeGreaterThan(0);
    expect(photographers.every((p) => p.defaultRole === 'photographer')).toBe(true);
    expect(photographers.map((p) => p.id)).toContain(photographer.id);
    expect(photographers.map((p) => p.id)).not.toContain(reporter.id);

    expect((await search({ q: marker, role: 'reporter' })).items.map((p) => p.id)).toEqual([reporter.id]);
    expect((await search({ q: marker, role: 'intern' })).items).toEqual([]);
  });

  it('rejects an unknown ?role= with 400 naming the query parameter and the allowed values', async () => {
    const res = await t.request('reporter', { url: '/api/v1/people?role=boss' });
    const error = expectProblem(res, 400, 'validation-failed').errors?.find((e) => e.pointer === '/role');
    expect(error?.in).toBe('query');
    for (const role of CREDIT_ROLES) expect(error?.message).toContain(role);
  });

  it('pages through every match exactly once, in id order', async () => {
    const marker = tag();
    const made: PersonJson[] = [];
    for (let i = 0; i < 7; i++) made.push(await create({ name: `分页${i}${marker}`, defaultRole: i % 2 ? 'editor' : 'intern' }));

    const pages = await allPages({ q: marker }, 3);
    expect(pages.map((p) => p.length)).toEqual([3, 3, 1]);
    expect(pages.flat().map((p) => p.id)).toEqual(made.map((p) => p.id));

    const interns = (await allPages({ q: marker, role: 'intern' }, 2)).flat();
    expect(interns.map((p) => p.id)).toEqual(made.filter((p) => p.defaultRole === 'intern').map((p) => p.id));

    const everyone = (await allPages({}, 4)).flat();
    const [row] = await t.database.db.select({ n: count() }).from(people);
    expect(everyone).toHaveLength(row!.n);
    const ids = everyone.map((p) => p.id);
    expect(ids).toEqual([...ids].sort((a, b) => a - b));
    expect(new Set(ids).size).toBe(ids.length);
  });

  it.each([
    ['garbage', 'not-a-cursor'],
    ['a section cursor', encodeCursor([0, 5])],
    ['a string key', encodeCursor(['5'])],
  ])('rejects a forged cursor (%s) with 400', async (_label, cursor) => {
    const res = await t.request('reporter', { url: `/api/v1/people?cursor=${encodeURIComponent(cursor)}` });
    expect(expectProblem(res, 400, 'bad-request').detail).toMatch(/cursor/);
  });

  it('rejects an empty ?q= with 400', async () => {
    const res = await t.request('reporter', { url: '/api/v1/people?q=' });
    expect(expectProblem(res, 400, 'validation-failed').errors).toContainEqual(expect.objectContaining({ in: 'query', pointer: '/q' }));
  });
});
