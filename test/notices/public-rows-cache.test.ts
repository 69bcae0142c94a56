// A client picks any rows cursor (any integer is valid, positions past the end too), so the
// public rows endpoint must not keep a rendering per cursor: that would let anyone, without a
// token, grow the process's memory through a single published notice.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { encodeCursor } from '../../src/lib/pagination.js';
import { createTestApp, type TestApp } from '../helpers/app.js';
import { noticesClient, SEED_FIELDS } from '../helpers/notices.js';

let t: TestApp;
let api: ReturnType<typeof noticesClient>;
beforeAll(async () => {
  t = await createTestApp();
  api = noticesClient(t);
});
afterAll(async () => t.close());

/** Every rendering the cache holds, over all items and their variants. */
function cachedRenderings(): number {
  const items = (t.app.contentCache as unknown as { items: Map<string, Map<string, unknown>> }).items;
  return [...items.values()].reduce((n, variants) => n + variants.size, 0);
}

it('keeps no rendering per rows cursor, while rows pages still answer with an ETag', async () => {
  const notice = await api.bringTo(await api.create({ ...SEED_FIELDS, rows: [{ name: '宋西顺', amount: '141.55' }] }), 'published');
  // The notice's own rendering is cached once the publication's change notification has come
  // (on PostgreSQL it may arrive after the first read and drop that rendering).
  const deadline = Date.now() + 5000;
  do {
    expect((await t.request(null, { url: `/content/v1/notices/${notice.id}` })).statusCode).toBe(200);
    if (cachedRenderings() > 0) break;
    await new Promise((resolve) => setTimeout(resolve, 50));
  } while (Date.now() < deadline);
  const before = cachedRenderings();
  expect(before).toBeGreaterThan(0);
  for (let position = 0; position < 50; position++) {
    const res = await t.request(null, { url: `/content/v1/notices/${notice.id}/rows?cursor=${encodeCursor([position])}` });
    expect(res.statusCode).toBe(200);
    expect(res.headers.etag).toMatch(/^"/);
  }
  expect(cachedRenderings()).toBeLessThanOrEqual(before);
  const first = await t.request(null, { url: `/content/v1/notices/${notice.id}/rows` });
  const again = await t.request(null, { url: `/content/v1/notices/${notice.id}/rows`, headers: { 'if-none-match': first.headers.etag as string } });
  expect(again.statusCode).toBe(304);
});
