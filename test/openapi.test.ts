import fs from 'node:fs/promises';
import SwaggerParser from '@apidevtools/swagger-parser';
import Fastify from 'fastify';
import { Type } from 'typebox';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { renderOpenApi } from '../src/openapi.js';
import openapi from '../src/plugins/openapi.js';
import { OPERATIONS } from '../src/plugins/operations.js';
import { ERROR_MESSAGE, nameSchemas, schemaName } from '../src/lib/schemas.js';
import { createTestApp, type TestApp } from './helpers/app.js';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => t.close());

describe('OpenAPI', () => {
  it('checked-in openapi/openapi.json matches the route schemas (run `npm run openapi` after changing a route)', async () => {
    const committed = await fs.readFile(new URL('../openapi/openapi.json', import.meta.url), 'utf8');
    expect(committed).toBe(await renderOpenApi());
  });

  it('serves an OpenAPI 3.1 document with every API route secured and problem responses', async () => {
    const res = await t.request(null, { url: '/openapi.json' });
    expect(res.statusCode).toBe(200);
    const doc = res.json();
    expect(doc.openapi).toBe('3.1.0');
    const paths = Object.keys(doc.paths);
    for (const path of ['/api/v1/users', '/api/v1/users/{id}/tokens', '/api/v1/tokens/{id}', '/api/v1/me', '/api/v1/sections/{id}', '/api/v1/people', '/content/v1/sections', '/healthz', '/readyz']) {
      expect(paths).toContain(path);
    }
    for (const [path, item] of Object.entries<Record<string, { security?: unknown; responses: Record<string, { content?: Record<string, unknown> }> }>>(doc.paths)) {
      for (const operation of Object.values(item)) {
        if (path.startsWith('/api/') || path.startsWith('/print/')) {
          expect(operation.security, path).toEqual([{ bearerAuth: [] }]);
          expect(Object.keys(operation.responses['401']?.content ?? {}), path).toEqual(['application/problem+json']);
        } else {
          expect(operation.security, path).toBeUndefined();
        }
      }
    }
    expect(doc.components.schemas.Problem.properties).toHaveProperty('errors');
  });

  it('serves the interactive reference at /docs', async () => {
    const res = await t.request(null, { url: '/docs/' });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toMatch(/text\/html/);
    expect(res.body).toMatch(/swagger/i);
    const asset = await t.request(null, { url: '/docs/static/swagger-ui.css' });
    expect(asset.statusCode).toBe(200);
    expect(asset.headers['content-type']).toMatch(/text\/css/);
  });
});

// ---------------------------------------------------------------------------------------------
// The contract client generators read: a valid document, named operations, described responses,
// one problem schema, and plain words for every pattern and format.

interface Doc {
  paths: Record<string, Record<string, { operationId?: string; tags?: string[]; responses: Record<string, { description?: string; content?: Record<string, { schema?: unknown }> }> }>>;
}

const METHODS = new Set(['get', 'put', 'post', 'delete', 'patch', 'head', 'options', 'trace']);

function operations(doc: Doc) {
  return Object.entries(doc.paths).flatMap(([path, item]) =>
    Object.entries(item)
      .filter(([method]) => METHODS.has(method))
      .map(([method, operation]) => ({ name: `${method.toUpperCase()} ${path}`, method: method.toUpperCase(), path, operation })),
  );
}

/** `/api/v1/articles/{id}` → `/api/v1/articles/:id`, as the table of names keys it. */
const registeredPath = (path: string) => path.replace(/\{([^}]+)\}/g, ':$1');

describe('the OpenAPI contract', () => {
  let served: Doc;
  beforeAll(async () => {
    served = (await t.request(null, { url: '/openapi.json' })).json();
  });

  it('the served document passes full OpenAPI validation (swagger-parser)', async () => {
    await expect(SwaggerParser.validate(structuredClone(served) as never)).resolves.toBeDefined();
  });

  it('the committed openapi/openapi.json passes full OpenAPI validation (swagger-parser)', async () => {
    const committed = JSON.parse(await fs.readFile(new URL('../openapi/openapi.json', import.meta.url), 'utf8'));
    await expect(SwaggerParser.validate(committed)).resolves.toBeDefined();
  });

  it('documents no parameter named after a schema keyword (an object schema read as its properties)', () => {
    const keywords = new Set(['type', 'properties', 'additionalProperties', 'required', 'items', 'anyOf', '$ref']);
    const odd = operations(served).flatMap(({ name, operation }) =>
      ((operation as { parameters?: { name: string; in: string }[] }).parameters ?? [])
        .filter((p) => keywords.has(p.name))
        .map((p) => `${name}: ${p.in} ${p.name}`),
    );
    expect(odd).toEqual([]);
  });

  it('gives every operation an operationId from the one table, each unique, and the table names no operation that is gone', () => {
    const ops = operations(served);
    expect(ops.length).toBeGreaterThan(70);
    const missing = ops.filter(({ operation }) => !operation.operationId).map(({ name }) => name);
    expect(missing, 'add these to OPERATIONS in src/plugins/operations.ts').toEqual([]);
    const ids = ops.map(({ operation }) => operation.operationId);
    expect(ids.filter((id, i) => ids.indexOf(id) !== i), 'operationIds used twice').toEqual([]);
    for (const id of ids) expect(id).toMatch(/^[a-z][A-Za-z0-9]*$/);
    // Each operation carries exactly the name the table gives its method and path.
    for (const { name, method, path, operation } of ops) {
      expect(operation.operationId, name).toBe(OPERATIONS[`${method} ${registeredPath(path)}`]?.operationId);
    }
    const documented = new Set(ops.map(({ method, path }) => `${method} ${registeredPath(path)}`));
    expect(Object.keys(OPERATIONS).filter((key) => !documented.has(key)), 'names in OPERATIONS for no documented route').toEqual([]);
  });

  it('keeps the names client code is written against', () => {
    const byName = new Map(operations(served).map(({ name, operation }) => [name, operation.operationId]));
    expect(Object.fromEntries(['POST /api/v1/articles', 'GET /api/v1/articles', 'GET /api/v1/articles/{id}', 'POST /api/v1/articles/{id}/status', 'GET /content/v1/articles', 'GET /content/v1/articles/{id}', 'GET /print/editions/{date}/pages/{label}.pdf'].map((name) => [name, byName.get(name)]))).toEqual({
      'POST /api/v1/articles': 'createArticle',
      'GET /api/v1/articles': 'listArticles',
      'GET /api/v1/articles/{id}': 'getArticle',
      'POST /api/v1/articles/{id}/status': 'setArticleStatus',
      'GET /content/v1/articles': 'listPublicArticles',
      'GET /content/v1/articles/{id}': 'getPublicArticle',
      'GET /print/editions/{date}/pages/{label}.pdf': 'renderEditionPagePdf',
    });
  });

  it('describes every response in words of its own, none as "Default Response"', () => {
    const vague = operations(served).flatMap(({ name, operation }) =>
      Object.entries(operation.responses)
        .filter(([, response]) => !response.description || response.description === 'Default Response')
        .map(([status]) => `${name} ${status}`),
    );
    expect(vague).toEqual([]);
  });

  it('answers every error with the one Problem schema (the web site’s not-found page aside, which is HTML)', () => {
    const problem = { 'application/problem+json': { schema: { $ref: '#/components/schemas/Problem' } } };
    let checked = 0;
    for (const { name, operation } of operations(served)) {
      for (const [status, response] of Object.entries(operation.responses)) {
        if (Number(status) < 400) continue;
        checked++;
        const htmlPage = operation.tags?.includes('web') && Object.keys(response.content ?? {}).join() === 'text/html';
        if (!htmlPage) expect(response.content, `${name} ${status}`).toEqual(problem);
      }
    }
    expect(checked).toBeGreaterThan(300);
  });

  it('says in plain words what every pattern and format expects, wherever one appears', () => {
    const unworded: string[] = [];
    let worded = 0;
    (function walk(node: unknown, pointer: string) {
      if (Array.isArray(node)) return node.forEach((item, i) => walk(item, `${pointer}/${i}`));
      if (node === null || typeof node !== 'object') return;
      const schema = node as Record<string, unknown>;
      // `binary` marks bytes (a PDF), not text a value is checked against.
      const checked = typeof schema.pattern === 'string' || (typeof schema.format === 'string' && schema.format !== 'binary');
      if (checked) {
        const words = schema[ERROR_MESSAGE];
        if (typeof words === 'string' && /^must /.test(words) && !/[\^$\\[\]]/.test(words)) worded++;
        else unworded.push(`${pointer} (${String(schema.pattern ?? schema.format)})`);
      }
      for (const [key, value] of Object.entries(schema)) walk(value, `${pointer}/${key.replaceAll('~', '~0').replaceAll('/', '~1')}`);
    })(served, '');
    expect(unworded).toEqual([]);
    expect(worded).toBeGreaterThan(100);
  });

  it('refuses, when a route is registered, a query, path or header schema that lists no properties', async () => {
    const app = Fastify();
    await app.register(openapi);
    app.get('/documented', { schema: { querystring: { type: 'object', properties: {} } } }, async () => 'ok');
    expect(() => app.get('/bare', { schema: { querystring: { type: 'object' } } }, async () => 'ok')).toThrow(/querystring schema lists no properties/);
    expect(() => app.get('/bare/:id', { schema: { params: { type: 'object', additionalProperties: false } } }, async () => 'ok')).toThrow(/params schema/);
    await app.close();
  });
});

// ---------------------------------------------------------------------------------------------
// Named schemas: what a generated client calls its types.

describe('named schemas in the OpenAPI document', () => {
  let served: Doc & { components: { schemas: Record<string, unknown> } };
  beforeAll(async () => {
    served = (await t.request(null, { url: '/openapi.json' })).json();
  });

  const schemaOf = (path: string, method: string, status: string) => served.paths[path]?.[method]?.responses[status]?.content?.['application/json']?.schema;

  it('names entities, lists and request bodies as components, and refers to them where they are used', () => {
    const names = Object.keys(served.components.schemas);
    for (const name of ['Article', 'ArticlePage', 'Notice', 'NoticePage', 'Edition', 'EditionPage', 'Page', 'PageList', 'Problem', 'User', 'UserPage', 'Section', 'Person', 'TokenInfo', 'AuditEvent', 'ImportResult', 'PageFit', 'PublicArticle', 'PublicNotice', 'PublicEdition', 'CreateArticleBody']) {
      expect(names).toContain(name);
    }
    const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });
    expect(schemaOf('/api/v1/articles/{id}', 'get', '200')).toEqual(ref('Article'));
    expect(schemaOf('/api/v1/articles', 'get', '200')).toEqual(ref('ArticlePage'));
    expect(schemaOf('/api/v1/notices/{id}', 'get', '200')).toEqual(ref('Notice'));
    expect(schemaOf('/api/v1/editions/{date}', 'get', '200')).toEqual(ref('Edition'));
    expect(schemaOf('/api/v1/editions/{date}/pages/{label}', 'get', '200')).toEqual(ref('Page'));
    expect(schemaOf('/content/v1/articles/{id}', 'get', '200')).toEqual(ref('PublicArticle'));
    const filing = served.paths['/api/v1/articles']?.post as unknown as { requestBody: { content: Record<string, { schema: unknown }> } };
    expect(filing.requestBody.content['application/json']?.schema).toEqual(ref('CreateArticleBody'));
  });

  it('refers to every component it lists, and lists every component it refers to', () => {
    const text = JSON.stringify(served);
    const referred = new Set([...text.matchAll(/"\$ref":"#\/components\/schemas\/([^"]+)"/g)].map((m) => decodeURIComponent(m[1]!)));
    expect([...referred].filter((name) => !(name in served.components.schemas))).toEqual([]);
    expect(Object.keys(served.components.schemas).filter((name) => !referred.has(name))).toEqual([]);
  });

  it('keeps the name out of the schema validation and serialization read; a copy made by Type.Optional has it too', () => {
    const shape = Type.Object({ id: Type.Integer() }, { additionalProperties: false });
    const optional = Type.Optional(shape);
    const before = { keys: Object.keys(shape), json: JSON.stringify(shape) };
    nameSchemas({ Shape: shape });
    expect({ keys: Object.keys(shape), json: JSON.stringify(shape) }).toEqual(before);
    expect(schemaName(shape)).toBe('Shape');
    expect(schemaName(optional)).toBe('Shape');
    expect(schemaName(Type.Partial(shape))).toBeUndefined();
    expect(() => nameSchemas({ Other: shape })).toThrow(/named Shape is named Other too/);
  });

  it('refuses, when a route is registered, one name for two different shapes', async () => {
    const first = Type.Object({ id: Type.Integer() });
    const same = Type.Object({ id: Type.Integer() });
    const other = Type.Object({ id: Type.String() });
    nameSchemas({ Clash: first });
    nameSchemas({ Clash: same });
    nameSchemas({ Clash: other });
    const app = Fastify();
    await app.register(openapi);
    app.post('/first', { schema: { body: first } }, async () => 'ok');
    app.post('/same', { schema: { body: same } }, async () => 'ok');
    expect(() => app.post('/other', { schema: { response: { 200: other } } }, async () => 'ok')).toThrow(/two different schemas are named Clash/);
    await app.close();
  });
});
