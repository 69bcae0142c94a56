import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from './helpers/app.js';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => t.close());

describe('health', () => {
  it('answers /healthz and /readyz with the driver in use', async () => {
    expect((await t.request(null, { url: '/healthz' })).json()).toEqual({ status: 'ok' });
    const ready = await t.request(null, { url: '/readyz' });
    expect(ready.statusCode).toBe(200);
    expect(ready.json().database).toBe(process.env.TEST_DATABASE_URL ? 'postgres' : 'pglite');
  });

  it('answers 503 problem+json on /readyz when the database is gone', async () => {
    const other = await createTestApp();
    await other.database.close();
    const res = await other.request(null, { url: '/readyz' });
    expect(res.statusCode).toBe(503);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(res.json().type).toBe('urn:newsroom:problem:not-ready');
    // A load balancer or client is told when to ask again, as the OpenAPI document says.
    expect(res.headers['retry-after']).toBe('5');
    await other.app.close().catch(() => {});
  });

  it('echoes a sane x-request-id and replaces an unsafe one', async () => {
    const kept = await t.request(null, { url: '/healthz', headers: { 'x-request-id': 'abc-123' } });
    expect(kept.headers['x-request-id']).toBe('abc-123');
    const replaced = await t.request(null, { url: '/healthz', headers: { 'x-request-id': 'a b<script>' } });
    expect(replaced.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('gives unknown routes a 404 problem', async () => {
    const res = await t.request(null, { url: '/nope' });
    expect(res.statusCode).toBe(404);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(res.json()).toMatchObject({ status: 404, type: 'urn:newsroom:problem:not-found' });
  });
});
