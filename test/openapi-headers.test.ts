import Fastify, { type LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import openapi from '../src/plugins/openapi.js';
import { createTestApp, type TestApp } from './helpers/app.js';
import { editionsClient } from './helpers/editions.js';
import { ifMatch } from './helpers/notices.js';

/**
 * The response headers the OpenAPI document declares are the ones the service sends: checked
 * against real answers, one request per kind of header, and across the whole document by the
 * rules that make a header due (a versioned write answers with the new version's ETag).
 */

interface Operation {
  parameters?: { in: string; name: string }[];
  responses: Record<string, { headers?: Record<string, unknown> }>;
}
type Doc = { paths: Record<string, Record<string, Operation>> };

/** The headers clients read that the document must declare wherever they are sent. */
const WATCHED = ['etag', 'location', 'retry-after', 'x-galley-lines'];

let t: TestApp;
let doc: Doc;
beforeAll(async () => {
  t = await createTestApp();
  doc = (await t.request(null, { url: '/openapi.json' })).json();
}, 60_000);
afterAll(async () => t?.close());

function declared(document: Doc, method: string, path: string, status: number): string[] {
  const operation = document.paths[path]?.[method.toLowerCase()];
  expect(operation, `${method} ${path} is documented`).toBeDefined();
  const response = operation!.responses[String(status)];
  expect(response, `${method} ${path} documents ${status}`).toBeDefined();
  return Object.keys(response!.headers ?? {}).map((name) => name.toLowerCase());
}

/**
 * The answer carries every header the document declares for its operation and status, and the
 * document declares every watched header the answer carries. Returns the declared names.
 */
function expectDocumentedHeaders(res: LightMyRequestResponse, method: string, path: string, document: Doc = doc): string[] {
  const names = declared(document, method, path, res.statusCode);
  const where = `${method} ${path} ${res.statusCode}`;
  expect(names.filter((name) => res.headers[name] === undefined), `${where}: declared but not sent`).toEqual([]);
  expect(WATCHED.filter((name) => res.headers[name] !== undefined && !names.includes(name)), `${where}: sent but not declared`).toEqual([]);
  return names;
}

describe('response headers in the OpenAPI document, against real answers', () => {
  it('an article filed: 201 with its Location and ETag; read, written and refused as stale, each with its ETag', async () => {
    const created = await t.request('editor', { method: 'POST', url: '/api/v1/articles', payload: { headline: '响应头测试' } });
    expect(created.statusCode, created.body).toBe(201);
    expect(expectDocumentedHeaders(created, 'POST', '/api/v1/articles')).toEqual(['etag', 'location']);
    const article = created.json<{ id: number; version: number }>();
    expect(created.headers.etag).toBe(`"${article.version}"`);

    const read = await t.request('editor', { url: String(created.headers.location) });
    expect(read.statusCode, read.body).toBe(200);
    expect(read.json()).toMatchObject({ id: article.id });
    expect(expectDocumentedHeaders(read, 'GET', '/api/v1/articles/{id}')).toEqual(['etag']);

    const edited = await t.request('editor', {
      method: 'PATCH',
      url: `/api/v1/articles/${article.id}`,
      headers: ifMatch(article.version),
      payload: { headline: '响应头测试（改）' },
    });
    expect(edited.statusCode, edited.body).toBe(200);
    expect(expectDocumentedHeaders(edited, 'PATCH', '/api/v1/articles/{id}')).toEqual(['etag']);

    const stale = await t.request('editor', {
      method: 'PATCH',
      url: `/api/v1/articles/${article.id}`,
      headers: ifMatch(article.version),
      payload: { headline: '过期的改动' },
    });
    expect(stale.statusCode, stale.body).toBe(412);
    expect(expectDocumentedHeaders(stale, 'PATCH', '/api/v1/articles/{id}')).toEqual(['etag']);
    expect(stale.headers.etag).toBe(edited.headers.etag);
  });

  it('a published article, from the content API and the web site: ETag on 200 and on the 304 it earns', async () => {
    const article = await editionsClient(t).articleIn('published', { headline: '公开的稿件' });
    for (const [path, url] of [
      ['/content/v1/articles/{id}', `/content/v1/articles/${article.id}`],
      ['/articles/{id}', `/articles/${article.id}`],
    ] as const) {
      const page = await t.request(null, { url });
      expect(page.statusCode, page.body).toBe(200);
      expect(expectDocumentedHeaders(page, 'GET', path)).toEqual(['etag']);
      const again = await t.request(null, { url, headers: { 'if-none-match': String(page.headers.etag) } });
      expect(again.statusCode).toBe(304);
      expect(expectDocumentedHeaders(again, 'GET', path)).toEqual(['etag']);
    }
  });

  it('a galley proof: X-Galley-Lines', async () => {
    const article = await editionsClient(t).articleIn('draft', { headline: '校样', body: '一段正文。' });
    const res = await t.request('editor', { url: `/print/articles/${article.id}.pdf` });
    expect(res.statusCode, res.body).toBe(200);
    expect(expectDocumentedHeaders(res, 'GET', '/print/articles/{id}.pdf')).toEqual(['x-galley-lines']);
  }, 60_000);

  it('too many bad bearer tokens: 429 with Retry-After', async () => {
    const limited = await createTestApp({ authFailureLimit: 1 });
    try {
      const limitedDoc: Doc = (await limited.request(null, { url: '/openapi.json' })).json();
      let res: LightMyRequestResponse | undefined;
      for (let i = 0; i < 3 && res?.statusCode !== 429; i++) res = await limited.request(`bad-token-${'x'.repeat(32)}-${i}`, { url: '/api/v1/me' });
      expect(res!.statusCode, res!.body).toBe(429);
      expect(expectDocumentedHeaders(res!, 'GET', '/api/v1/me', limitedDoc)).toEqual(['retry-after']);
    } finally {
      await limited.close();
    }
  });
});

describe('response headers across the whole document', () => {
  const METHODS = new Set(['get', 'put', 'post', 'delete', 'patch']);
  const operations = () =>
    Object.entries(doc.paths).flatMap(([path, item]) =>
      Object.entries(item)
        .filter(([method]) => METHODS.has(method))
        .map(([method, operation]) => ({ name: `${method.toUpperCase()} ${path}`, operation })),
    );
  const headersOf = (operation: Operation, status: string) => Object.keys(operation.responses[status]?.headers ?? {});

  it('every write that takes If-Match answers 200 and 201 with the new version’s ETag', () => {
    const versioned = operations().filter(({ operation }) => operation.parameters?.some((p) => p.in === 'header' && p.name === 'if-match'));
    expect(versioned.length).toBeGreaterThan(15);
    const missing = versioned.flatMap(({ name, operation }) =>
      ['200', '201'].filter((status) => operation.responses[status] && !headersOf(operation, status).includes('ETag')).map((status) => `${name} ${status}`),
    );
    expect(missing, 'add the headers to OPERATIONS in src/plugins/operations.ts').toEqual([]);
  });

  it('every cacheable answer (one that can be 304) carries its ETag on 200 and 304', () => {
    const cacheable = operations().filter(({ operation }) => operation.responses['304']);
    expect(cacheable.length).toBeGreaterThan(15);
    const missing = cacheable.flatMap(({ name, operation }) =>
      ['200', '304'].filter((status) => !headersOf(operation, status).includes('ETag')).map((status) => `${name} ${status}`),
    );
    expect(missing).toEqual([]);
  });

  it('every 201 that says where the item is also gives its version, and every 412, 429 and 503 its header', () => {
    const wrong: string[] = [];
    for (const { name, operation } of operations()) {
      for (const [status, response] of Object.entries(operation.responses)) {
        const names = Object.keys(response.headers ?? {});
        if (names.includes('Location') && !names.includes('ETag')) wrong.push(`${name} ${status}: Location without ETag`);
        const due = ({ '412': 'ETag', '429': 'Retry-After', '503': 'Retry-After' } as Record<string, string>)[status];
        if (due && !names.includes(due)) wrong.push(`${name} ${status}: no ${due}`);
      }
    }
    expect(wrong).toEqual([]);
  });

  it('refuses, when a route is registered, headers the table names for a response the route does not declare', async () => {
    const app = Fastify();
    await app.register(openapi);
    expect(() => app.get('/print/articles/:id.pdf', { schema: { response: { 404: { type: 'object', properties: {} } } } }, async () => 'no galley')).toThrow(
      /OPERATIONS names headers for 200/,
    );
    await app.close();
  });
});
