// PUT /api/v1/notices/{id}/table declares its body per media type, and Fastify validates a body
// only against the schema of the request's exact media type; a body under any other type the
// parsers accept (no Content-Type at all, or another `+json` type) must be refused, not passed
// on unchecked.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../helpers/app.js';
import { ifMatch, noticesClient, SEED_FIELDS } from '../helpers/notices.js';

let t: TestApp;
let api: ReturnType<typeof noticesClient>;
beforeAll(async () => {
  t = await createTestApp();
  api = noticesClient(t);
});
afterAll(async () => t.close());

const put = (id: number, version: number, headers: Record<string, string>, payload?: string) =>
  t.request('editor', { method: 'PUT', url: `/api/v1/notices/${id}/table`, headers: { ...ifMatch(version), ...headers }, ...(payload !== undefined && { payload }) });

describe('PUT /notices/{id}/table with a body its schema never sees', () => {
  it('answers a PUT without a body and without Content-Type with a 4xx problem, not 500', async () => {
    const notice = await api.create({ ...SEED_FIELDS, rows: [{ name: '宋西顺', amount: '141.55' }] });
    const res = await put(notice.id, notice.version, {});
    expect(res.statusCode, res.body).toBeGreaterThanOrEqual(400);
    expect(res.statusCode, res.body).toBeLessThan(500);
  });

  it('answers {"foo":1} sent as application/vnd.api+json with a 4xx problem, not 500', async () => {
    const notice = await api.create({ ...SEED_FIELDS, rows: [{ name: '宋西顺', amount: '141.55' }] });
    const res = await put(notice.id, notice.version, { 'content-type': 'application/vnd.api+json' }, JSON.stringify({ foo: 1 }));
    expect(res.statusCode, res.body).toBeGreaterThanOrEqual(400);
    expect(res.statusCode, res.body).toBeLessThan(500);
  });

  it('answers columns that are not columns, sent as application/merge-patch+json, with a 4xx problem, not 500', async () => {
    const notice = await api.create({ ...SEED_FIELDS });
    const res = await put(notice.id, notice.version, { 'content-type': 'application/merge-patch+json' }, JSON.stringify({ columns: [{ foo: 1 }], rows: [] }));
    expect(res.statusCode, res.body).toBeGreaterThanOrEqual(400);
    expect(res.statusCode, res.body).toBeLessThan(500);
  });

  it('does not store an object cell as the text "[object Object]"', async () => {
    const notice = await api.create({ ...SEED_FIELDS, rows: [{ name: '宋西顺', amount: '141.55' }] });
    const res = await put(
      notice.id,
      notice.version,
      { 'content-type': 'application/merge-patch+json' },
      JSON.stringify({ rows: [{ name: { first: '西顺' }, amount: '1' }, { name: ['a', 'b'], amount: '2' }] }),
    );
    expect(res.statusCode, res.body).not.toBe(200);
    const values = await api.storedValues(notice.id);
    expect(values.map((v) => v[1])).toEqual(['宋西顺']);
  });
});
