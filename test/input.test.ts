import { asc, count } from 'drizzle-orm';
import type { InjectOptions, LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditEvents, people, sections } from '../src/db/schema/index.js';
import { createTestApp, type TestApp } from './helpers/app.js';
import type { ProblemJson as Problem } from './helpers/problem.js';

// Bad input across the API: each case must be a 4xx problem with a useful reason, never a
// 500, and must leave the database exactly as it was.

let t: TestApp;
/** Every response this file received, to prove none was a 5xx. */
const seen: { request: string; status: number }[] = [];
let parent: { id: number; version: number };
let target: { id: number; version: number };
let person: { id: number; version: number };
let userId: number;

beforeAll(async () => {
  t = await createTestApp();
  parent = (await send('editor', { method: 'POST', url: '/api/v1/sections', payload: { name: '要闻', slug: 'yaowen' } })).json();
  target = (await send('editor', { method: 'POST', url: '/api/v1/sections', payload: { name: '本地', slug: 'local', parentId: parent.id } })).json();
  person = (await send('editor', { method: 'POST', url: '/api/v1/people', payload: { name: '国晓宁' } })).json();
  userId = (await t.user('reporter')).id;
});

afterAll(async () => {
  try {
    expect(seen.length).toBeGreaterThan(0);
    expect(seen.filter((s) => s.status >= 500)).toEqual([]);
  } finally {
    await t.close();
  }
});

async function send(token: 'reporter' | 'editor' | 'admin' | null, options: InjectOptions): Promise<LightMyRequestResponse> {
  const res = await t.request(token, options);
  const request = `${options.method ?? 'GET'} ${String(options.url)}`;
  seen.push({ request, status: res.statusCode });
  expect(res.statusCode, `${request} answered ${res.body.slice(0, 300)}`).toBeLessThan(500);
  return res;
}

const json = { 'content-type': 'application/json' };

/** Everything a bad request could have written. */
async function snapshot() {
  const db = t.database.db;
  const [audit] = await db.select({ n: count() }).from(auditEvents);
  return {
    sections: await db.select().from(sections).orderBy(asc(sections.id)),
    people: await db.select().from(people).orderBy(asc(people.id)),
    audit: audit!.n,
  };
}

/** Sends a request that must fail, and proves it changed nothing. */
async function rejected(token: 'reporter' | 'editor' | 'admin' | null, options: InjectOptions, status: number, slug: string): Promise<Problem> {
  const before = await snapshot();
  const res = await send(token, options);
  expect(res.statusCode, res.body).toBe(status);
  expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
  const problem = res.json<Problem>();
  expect(problem).toMatchObject({ status, type: `urn:newsroom:problem:${slug}` });
  expect(problem.title.length).toBeGreaterThan(0);
  expect(problem.detail.length).toBeGreaterThan(0);
  expect(problem.instance).toBe(String(options.url));
  expect(problem.requestId).toBe(res.headers['x-request-id']);
  expect(await snapshot()).toEqual(before);
  return problem;
}

const createSection = (payload: unknown, headers: Record<string, string> = json) =>
  ({ method: 'POST', url: '/api/v1/sections', payload: typeof payload === 'string' || Buffer.isBuffer(payload) ? payload : JSON.stringify(payload), headers }) as InjectOptions;

const patchTarget = (payload: unknown) =>
  ({ method: 'PATCH', url: `/api/v1/sections/${target.id}`, payload: JSON.stringify(payload), headers: { ...json, 'if-match': `"${target.version}"` } }) as InjectOptions;

const pointers = (problem: Problem) => (problem.errors ?? []).map((e) => e.pointer);

describe('wrong types in a JSON body', () => {
  it.each([
    ['name is a number', { name: 123, slug: 'n1' }, '/name'],
    ['name is a boolean', { name: true, slug: 'n2' }, '/name'],
    ['name is an array', { name: ['要闻'], slug: 'n3' }, '/name'],
    ['name is an object', { name: { zh: '要闻' }, slug: 'n4' }, '/name'],
    ['name is null', { name: null, slug: 'n5' }, '/name'],
    ['slug is a number', { name: 'x', slug: 123 }, '/slug'],
    ['position is a word', { name: 'x', slug: 'p1', position: 'x' }, '/position'],
    ['position is a numeric string', { name: 'x', slug: 'p2', position: '5' }, '/position'],
    ['position is a fraction', { name: 'x', slug: 'p3', position: 1.5 }, '/position'],
    ['position is a boolean', { name: 'x', slug: 'p4', position: true }, '/position'],
    ['position is negative', { name: 'x', slug: 'p5', position: -1 }, '/position'],
    ['parentId is a word', { name: 'x', slug: 'c1', parentId: 'abc' }, '/parentId'],
    ['parentId is zero', { name: 'x', slug: 'c2', parentId: 0 }, '/parentId'],
    ['parentId is an empty string', { name: 'x', slug: 'c3', parentId: '' }, '/parentId'],
    ['parentId is false', { name: 'x', slug: 'c4', parentId: false }, '/parentId'],
    ['description is a number', { name: 'x', slug: 'd1', description: 42 }, '/description'],
  ])('POST /sections where %s → 400 naming the field', async (_label, body, pointer) => {
    const problem = await rejected('editor', createSection(body), 400, 'validation-failed');
    expect(pointers(problem)).toContain(pointer);
    expect(problem.detail).toContain(pointer);
  });

  it('POST /sections with parentId as a numeric string of a real section → 400, not nested', async () => {
    const problem = await rejected('editor', createSection({ name: 'x', slug: 'c5', parentId: String(parent.id) }), 400, 'validation-failed');
    expect(problem.errors).toEqual([expect.objectContaining({ pointer: '/parentId', message: expect.stringMatching(/integer/) })]);
  });

  it('reports every wrong field at once', async () => {
    const problem = await rejected('editor', createSection({ name: 5, slug: 'Bad Slug', position: 'x' }), 400, 'validation-failed');
    expect(pointers(problem)).toEqual(expect.arrayContaining(['/slug', '/position']));
  });

  it.each([
    ['name is a number', { name: 123 }, '/name'],
    ['position is a numeric string', { position: '3' }, '/position'],
    ['parentId is zero (would move it to the top level)', { parentId: 0 }, '/parentId'],
    ['parentId is a numeric string', { parentId: '1' }, '/parentId'],
    ['slug is an array', { slug: ['local'] }, '/slug'],
  ])('PATCH /sections/:id where %s → 400 and the section is unchanged', async (_label, body, pointer) => {
    expect(pointers(await rejected('editor', patchTarget(body), 400, 'validation-failed'))).toContain(pointer);
  });

  it.each([
    ['name is a number', { name: 7 }, '/name'],
    ['defaultRole is a number', { name: 'x', defaultRole: 1 }, '/defaultRole'],
    ['affiliation is a boolean', { name: 'x', affiliation: false }, '/affiliation'],
  ])('POST /people where %s → 400 naming the field', async (_label, body, pointer) => {
    const options = { method: 'POST', url: '/api/v1/people', payload: JSON.stringify(body), headers: json } as InjectOptions;
    expect(pointers(await rejected('editor', options, 400, 'validation-failed'))).toContain(pointer);
  });

  it('POST /people with userId as a numeric string of a real user → 400, not linked', async () => {
    const options = { method: 'POST', url: '/api/v1/people', payload: JSON.stringify({ name: 'x', userId: String(userId) }), headers: json } as InjectOptions;
    expect(pointers(await rejected('editor', options, 400, 'validation-failed'))).toEqual(['/userId']);
  });

  it.each([
    ['defaultRole is an array', { defaultRole: ['editor'] }, '/defaultRole'],
    ['userId is a numeric string', { userId: '1' }, '/userId'],
    ['affiliation is a number', { affiliation: 0 }, '/affiliation'],
  ])('PATCH /people/:id where %s → 400 and the person is unchanged', async (_label, body, pointer) => {
    const options = {
      method: 'PATCH',
      url: `/api/v1/people/${person.id}`,
      payload: JSON.stringify(body),
      headers: { ...json, 'if-match': `"${person.version}"` },
    } as InjectOptions;
    expect(pointers(await rejected('editor', options, 400, 'validation-failed'))).toContain(pointer);
  });

  it.each([
    ['an array', '[{"name":"x","slug":"arr"}]'],
    ['a string', '"x"'],
    ['null', 'null'],
    ['a number', '42'],
  ])('rejects a body that is %s rather than an object', async (_label, body) => {
    const problem = await rejected('editor', createSection(body), 400, 'validation-failed');
    expect(problem.errors?.[0]?.message).toMatch(/object/);
  });

  it.each([
    ['larger than 100000', 100001],
    ['larger than a 32-bit integer', 2147483648],
    ['larger than any safe integer', '99999999999999999999999'],
    ['beyond double range', '1e400'],
  ])('rejects a position %s with 400 /position', async (_label, position) => {
    const problem = await rejected('editor', createSection(`{"name":"x","slug":"big","position":${position}}`), 400, 'validation-failed');
    expect(pointers(problem)).toContain('/position');
  });

  it('rejects a parentId beyond the integer range with 400 /parentId', async () => {
    const problem = await rejected('editor', createSection('{"name":"x","slug":"big","parentId":2147483648}'), 400, 'validation-failed');
    expect(pointers(problem)).toContain('/parentId');
  });

  it('still accepts the right types (control)', async () => {
    const res = await send('editor', { ...createSection({ name: '对照', slug: 'control', position: 2, parentId: parent.id, description: null }) });
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json()).toMatchObject({ name: '对照', position: 2, parentId: parent.id, description: null });
  });
});

describe('unknown fields and parameters', () => {
  it('rejects an unknown body field with 400 naming it (pointer /foo)', async () => {
    const problem = await rejected('editor', createSection({ name: 'x', slug: 'u1', foo: 1 }), 400, 'validation-failed');
    expect(problem.errors).toEqual([{ pointer: '/foo', message: expect.stringMatching(/not a known field/) }]);
    expect(problem.detail).toContain('foo');
  });

  it('names every unknown field, including near-miss typos', async () => {
    const problem = await rejected('editor', createSection({ name: 'x', slug: 'u2', parentID: parent.id, Position: 1 }), 400, 'validation-failed');
    expect(pointers(problem)).toEqual(expect.arrayContaining(['/parentID', '/Position']));
  });

  it('rejects an unknown field in a change and in a person', async () => {
    expect(pointers(await rejected('editor', patchTarget({ name: 'y', colour: 'red' }), 400, 'validation-failed'))).toEqual(['/colour']);
    const options = { method: 'POST', url: '/api/v1/people', payload: JSON.stringify({ name: 'x', role: 'editor' }), headers: json } as InjectOptions;
    expect(pointers(await rejected('editor', options, 400, 'validation-failed'))).toEqual(['/role']);
  });

  it.each([
    ['GET', '/api/v1/sections?foo=1', 'foo'],
    ['GET', '/api/v1/sections?parentId=root&sort=name', 'sort'],
    ['GET', '/api/v1/people?name=%E5%9B%BD', 'name'],
    ['GET', '/api/v1/sections/1?expand=children', 'expand'],
    ['GET', '/content/v1/sections?foo=1', 'foo'],
  ])('rejects %s %s with 400 naming the query parameter', async (method, url, name) => {
    const problem = await rejected('reporter', { method: method as 'GET', url }, 400, 'validation-failed');
    expect(problem.errors).toContainEqual({ in: 'query', pointer: `/${name}`, message: expect.stringMatching(/not a known parameter/) });
    expect(problem.detail).toContain(name);
  });

  it('rejects an unknown query parameter on a write, so ?dryRun=1 cannot create for real', async () => {
    const options = { ...createSection({ name: 'x', slug: 'dry-run' }), url: '/api/v1/sections?dryRun=1' };
    const problem = await rejected('editor', options, 400, 'validation-failed');
    expect(problem.errors).toContainEqual(expect.objectContaining({ in: 'query', pointer: '/dryRun' }));
  });
});

describe('bodies that are not acceptable JSON', () => {
  it('rejects a body over the limit with 413', async () => {
    const problem = await rejected('editor', createSection({ name: 'x', slug: 'huge', description: 'a'.repeat(70_000) }), 413, 'payload-too-large');
    expect(problem.detail).toMatch(/large/i);
  });

  it('counts the limit in bytes, not characters', async () => {
    const chinese = '字'.repeat(22_000); // 22 000 characters, 66 000 bytes
    expect(Buffer.byteLength(chinese)).toBeGreaterThan(65_536);
    await rejected('editor', createSection({ name: 'x', slug: 'huge-zh', description: chinese }), 413, 'payload-too-large');
  });

  it.each([
    ['cut off', '{"name":'],
    ['unquoted keys', '{name:"x",slug:"y"}'],
    ['single quotes', "{'name':'x','slug':'y'}"],
    ['a trailing comma', '{"name":"x","slug":"y",}'],
    ['trailing garbage', '{"name":"x","slug":"y"} x'],
    ['NaN', '{"name":"x","slug":"y","position":NaN}'],
    ['only whitespace', '   '],
  ])('rejects malformed JSON (%s) with 400', async (_label, body) => {
    const problem = await rejected('editor', createSection(body), 400, 'bad-request');
    expect(problem.detail).toMatch(/JSON/);
  });

  it('rejects an empty body sent as JSON with 400', async () => {
    const problem = await rejected('editor', createSection(''), 400, 'bad-request');
    expect(problem.detail).toMatch(/empty/);
  });

  it.each([
    ['0xff bytes', Buffer.from([0xff, 0xfe])],
    ['an overlong encoding', Buffer.from([0xc0, 0xaf])],
    ['a cut-off character', Buffer.from([0xe8, 0xa6])],
    ['an encoded surrogate', Buffer.from([0xed, 0xa0, 0x80])],
  ])('rejects invalid UTF-8 (%s) with 400', async (_label, bad) => {
    const body = Buffer.concat([Buffer.from('{"name":"'), bad, Buffer.from('","slug":"bad-utf8"}')]);
    const problem = await rejected('editor', createSection(body), 400, 'bad-request');
    expect(problem.detail).toMatch(/UTF-8/);
  });

  it.each([
    ['in a value', { name: 'a\u0000b', slug: 'nul1' }, '/name'],
    ['in the description', { name: 'x', slug: 'nul2', description: '聊城\u0000' }, '/description'],
    ['in a field name', { name: 'x', slug: 'nul3', 'a\u0000': 1 }, '/a\u0000'],
  ])('rejects a NUL character %s with 400 pointing at it', async (_label, body, pointer) => {
    const problem = await rejected('editor', createSection(body), 400, 'validation-failed');
    expect(pointers(problem)).toContain(pointer);
  });

  it('rejects a NUL character in a query parameter and in a person', async () => {
    const query = await rejected('reporter', { method: 'GET', url: '/api/v1/people?q=a%00b' }, 400, 'validation-failed');
    expect(query.errors).toContainEqual(expect.objectContaining({ in: 'query', pointer: '/q' }));
    const options = { method: 'POST', url: '/api/v1/people', payload: JSON.stringify({ name: '国\u0000晓宁' }), headers: json } as InjectOptions;
    expect(pointers(await rejected('editor', options, 400, 'validation-failed'))).toEqual(['/name']);
  });

  it.each([
    ['a lone high surrogate', '\\ud800'],
    ['a lone low surrogate', '\\udc00'],
    ['a pair in the wrong order', '\\udc00\\ud800'],
  ])('rejects %s (sent as a JSON escape) with 400 /name', async (_label, escape) => {
    const problem = await rejected('editor', createSection(`{"name":"要${escape}闻","slug":"surrogate"}`), 400, 'validation-failed');
    expect(problem.errors).toEqual([{ pointer: '/name', message: expect.stringMatching(/surrogate/) }]);
  });

  it('accepts a proper surrogate pair, escaped or not (control)', async () => {
    const escaped = await send('editor', createSection('{"name":"\\ud83d\\udcf0 报","slug":"pair-escaped"}'));
    expect(escaped.statusCode, escaped.body).toBe(201);
    expect(escaped.json().name).toBe('📰 报');
    const raw = await send('editor', createSection({ name: '𠀀聊城', slug: 'pair-raw' }));
    expect(raw.json().name).toBe('𠀀聊城');
  });

  it.each([
    ['__proto__', '{"name":"x","slug":"proto","__proto__":{"polluted":true}}'],
    ['a nested __proto__', '{"name":"x","slug":"proto","description":{"__proto__":{"polluted":true}}}'],
    ['constructor.prototype', '{"name":"x","slug":"proto","constructor":{"prototype":{"polluted":true}}}'],
  ])('rejects a prototype-poisoning body (%s) with 400', async (_label, body) => {
    const problem = await rejected('editor', createSection(body), 400, 'bad-request');
    expect(problem.detail).toMatch(/prototype/);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('rejects a body nested too deeply with 400, not a crash', async () => {
    const depth = 5_000;
    const body = `{"name":"x","slug":"deep","description":${'['.repeat(depth)}${']'.repeat(depth)}}`;
    expect(Buffer.byteLength(body)).toBeLessThan(65_536);
    const problem = await rejected('editor', createSection(body), 400, 'bad-request');
    expect(problem.detail).toMatch(/nested/);
  });
});

describe('media types', () => {
  it.each([
    ['text/plain', '{"name":"x","slug":"tp"}'],
    ['application/x-www-form-urlencoded', 'name=x&slug=form'],
    ['multipart/form-data; boundary=xyz', '--xyz\r\nContent-Disposition: form-data; name="name"\r\n\r\nx\r\n--xyz--\r\n'],
    ['application/xml', '<section><name>x</name></section>'],
    ['application/json; charset=latin1', '{"name":"x","slug":"latin"}'],
  ])('rejects a %s body with 415', async (type, body) => {
    const problem = await rejected('editor', createSection(body, { 'content-type': type }), 415, 'unsupported-media-type');
    expect(problem.detail).toMatch(/JSON|UTF-8/);
  });

  it('rejects a body without any content type with 415', async () => {
    await rejected('editor', { method: 'POST', url: '/api/v1/sections', payload: '{"name":"x","slug":"untyped"}' }, 415, 'unsupported-media-type');
  });

  it.each([
    ['with charset=utf-8', 'application/json; charset=utf-8', 'cs1'],
    ['with a quoted upper-case charset', 'application/json; charset="UTF-8"', 'cs2'],
    ['as a +json type', 'application/merge-patch+json', 'cs3'],
  ])('accepts JSON %s (control)', async (_label, type, slug) => {
    const res = await send('editor', createSection({ name: '编码', slug }, { 'content-type': type }));
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json().slug).toBe(slug);
  });
});

describe('path ids', () => {
  it.each(['abc', '12abc', '1.5', '-1', '0', '2147483648', '99999999999999999999', '%20'])(
    'rejects /sections/%s with 400 in the path, on read, change and delete',
    async (id) => {
      for (const method of ['GET', 'PATCH', 'DELETE'] as const) {
        const options: InjectOptions = {
          method,
          url: `/api/v1/sections/${id}`,
          headers: { 'if-match': '"1"', ...(method === 'PATCH' && json) },
          ...(method === 'PATCH' && { payload: JSON.stringify({ name: 'x' }) }),
        };
        const problem = await rejected('editor', options, 400, 'validation-failed');
        expect(problem.errors).toContainEqual(expect.objectContaining({ in: 'path', pointer: '/id' }));
      }
    },
  );

  it('rejects a person id beyond the integer range with 400, not 500', async () => {
    const problem = await rejected('reporter', { method: 'GET', url: '/api/v1/people/2147483648' }, 400, 'validation-failed');
    expect(problem.errors).toEqual([expect.objectContaining({ in: 'path', pointer: '/id', message: expect.stringContaining('2147483647') })]);
  });

  it.each(['%ZZ', '%', '%E4%B8', '%ED%A0%80', '%C0%AF'])('rejects a path with malformed percent-encoding (/sections/%s) with a 400 problem', async (segment) => {
    const problem = await rejected('editor', { method: 'GET', url: `/api/v1/sections/${segment}` }, 400, 'bad-request');
    expect(problem.detail).toMatch(/percent-encoding/);
    expect(problem.detail).not.toContain(segment);
    await rejected(null, { method: 'GET', url: `/articles/${segment}` }, 400, 'bad-request');
  });

  it('rejects a path segment longer than the router takes with a 414 problem', async () => {
    const problem = await rejected('editor', { method: 'GET', url: `/api/v1/sections/${'9'.repeat(201)}` }, 414, 'uri-too-long');
    expect(problem.detail).toMatch(/longer/);
    await rejected(null, { method: 'GET', url: `/editions/2024-04-11/${'x'.repeat(201)}` }, 414, 'uri-too-long');
  });

  it('answers the largest valid id with 404 (control)', async () => {
    await rejected('reporter', { method: 'GET', url: '/api/v1/sections/2147483647' }, 404, 'not-found');
  });
});
