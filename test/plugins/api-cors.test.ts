// A desk app on another origin may call the newsroom API when API_CORS_ORIGINS lists it, and only then.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../helpers/app.js';

const DESK = 'https://desk.example.com';

function preflight(t: TestApp, origin: string, method = 'PATCH') {
  return t.request(null, {
    method: 'OPTIONS',
    url: '/api/v1/articles/1',
    headers: { origin, 'access-control-request-method': method, 'access-control-request-headers': 'authorization, content-type, if-match' },
  });
}

describe('with API_CORS_ORIGINS', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ apiCorsOrigins: [DESK, 'http://localhost:5173'] });
  });
  afterAll(async () => t.close());

  it('answers a listed origin’s preflight without a token: methods, If-Match and Authorization allowed', async () => {
    const res = await preflight(t, DESK);
    expect(res.statusCode).toBe(204);
    expect(res.headers['access-control-allow-origin']).toBe(DESK);
    expect(String(res.headers['access-control-allow-methods']).split(/,\s*/)).toEqual(['GET', 'POST', 'PATCH', 'PUT', 'DELETE']);
    const allowed = String(res.headers['access-control-allow-headers']).toLowerCase().split(/,\s*/);
    expect(allowed).toEqual(expect.arrayContaining(['authorization', 'content-type', 'if-match']));
    expect(res.headers['access-control-allow-credentials']).toBeUndefined();
    expect(res.headers.vary).toMatch(/origin/i);
  });

  it('lets a listed origin read the ETag, Location, request id and Retry-After of a real answer', async () => {
    const res = await t.request('reporter', { method: 'POST', url: '/api/v1/articles', headers: { origin: DESK }, payload: { headline: '跨域' } });
    expect(res.statusCode).toBe(201);
    expect(res.headers['access-control-allow-origin']).toBe(DESK);
    const exposed = String(res.headers['access-control-expose-headers']).toLowerCase().split(/,\s*/);
    expect(exposed).toEqual(expect.arrayContaining(['etag', 'x-request-id', 'location', 'retry-after']));
    // A refusal is readable too, so the desk can tell the editor why.
    const refused = await t.request(null, { url: '/api/v1/me', headers: { origin: 'http://localhost:5173' } });
    expect(refused.statusCode).toBe(401);
    expect(refused.headers['access-control-allow-origin']).toBe('http://localhost:5173');
  });

  it('gives an origin it does not list no CORS headers', async () => {
    const res = await preflight(t, 'https://evil.example.com');
    expect(res.headers['access-control-allow-origin']).toBeUndefined();
    const read = await t.request('reporter', { url: '/api/v1/me', headers: { origin: 'https://evil.example.com' } });
    expect(read.headers['access-control-allow-origin']).toBeUndefined();
  });

  it('covers the print proofs too: a listed origin’s preflight is answered, and a galley’s length can be read', async () => {
    const res = await t.request(null, {
      method: 'OPTIONS',
      url: '/print/articles/1.pdf',
      headers: { origin: DESK, 'access-control-request-method': 'GET', 'access-control-request-headers': 'authorization' },
    });
    expect(res.statusCode).toBe(204);
    expect(res.headers['access-control-allow-origin']).toBe(DESK);
    const filed = await t.request('reporter', { method: 'POST', url: '/api/v1/articles', payload: { headline: '跨域小样' } });
    const galley = await t.request('reporter', { url: `/print/articles/${filed.json<{ id: number }>().id}.pdf`, headers: { origin: DESK } });
    expect(galley.statusCode).toBe(200);
    expect(galley.headers['access-control-allow-origin']).toBe(DESK);
    expect(String(galley.headers['access-control-expose-headers']).toLowerCase()).toContain('x-galley-lines');
  });

  it('leaves the public delivery API open to any origin, as before', async () => {
    const res = await t.request(null, { url: '/content/v1/articles', headers: { origin: 'https://reader.example.org' } });
    expect(res.headers['access-control-allow-origin']).toBe('*');
  });
});

describe('without API_CORS_ORIGINS (the default)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(async () => t.close());

  it('sends no CORS headers on the newsroom API and answers no preflight', async () => {
    const res = await preflight(t, DESK);
    expect(res.statusCode).toBeGreaterThanOrEqual(400);
    expect(res.headers['access-control-allow-origin']).toBeUndefined();
    const read = await t.request('reporter', { url: '/api/v1/me', headers: { origin: DESK } });
    expect(read.statusCode).toBe(200);
    expect(read.headers['access-control-allow-origin']).toBeUndefined();
  });
});
