import fs from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { renderOpenApi } from '../src/openapi.js';
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
