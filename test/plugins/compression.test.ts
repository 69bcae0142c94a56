// Text goes compressed when the client asks (br or gzip), each coding with its own ETag; PDFs never.
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../helpers/app.js';
import { editionsClient, publishSeedPaper, SEED_DATE, SEED_LONG_BODY, type SeedPaper } from '../helpers/editions.js';

let t: TestApp;
let seed: SeedPaper;
beforeAll(async () => {
  t = await createTestApp();
  seed = await publishSeedPaper(t, { firstBody: SEED_LONG_BODY });
  // A list long enough to be worth compressing.
  for (let i = 0; i < 4; i++) await editionsClient(t).articleIn('published', { headline: `简讯 ${i}`, summary: '市场监管部门开展商业秘密保护宣传活动，走访企业二十余家。' });
}, 120_000);
afterAll(async () => t.close());

function decoded(res: LightMyRequestResponse): string {
  const encoding = res.headers['content-encoding'];
  if (encoding === 'br') return brotliDecompressSync(res.rawPayload).toString('utf8');
  if (encoding === 'gzip') return gunzipSync(res.rawPayload).toString('utf8');
  expect(encoding).toBeUndefined();
  return res.body;
}

const get = (url: string, headers: Record<string, string> = {}, token: string | null = null) => t.request(token, { url, headers });

describe.each([
  ['the public article list', '/content/v1/articles'],
  ['a public article', () => `/content/v1/articles/${seed.first.id}`],
  ['a web page', () => `/articles/${seed.first.id}`],
  ['the RSS feed', '/feed.xml'],
])('%s', (_name, path) => {
  const url = () => (typeof path === 'string' ? path : path());

  it('is sent as it is without Accept-Encoding, with br or gzip when asked, each with its own ETag', async () => {
    const identity = await get(url());
    expect(identity.statusCode, identity.body).toBe(200);
    expect(identity.headers['content-encoding']).toBeUndefined();
    expect(Buffer.byteLength(identity.body)).toBeGreaterThan(1024);

    const tags = new Set([identity.headers.etag]);
    for (const encoding of ['br', 'gzip'] as const) {
      const res = await get(url(), { 'accept-encoding': encoding === 'br' ? 'gzip, deflate, br' : 'gzip, deflate' });
      expect(res.statusCode).toBe(200);
      expect(res.headers['content-encoding']).toBe(encoding);
      expect(res.headers.vary).toMatch(/accept-encoding/i);
      expect(res.rawPayload.length).toBeLessThan(Buffer.byteLength(identity.body));
      expect(decoded(res)).toBe(identity.body);
      expect(res.headers['content-type']).toBe(identity.headers['content-type']);
      expect(res.headers.etag).toBe(`${String(identity.headers.etag).slice(0, -1)}-${encoding}"`);
      tags.add(res.headers.etag);

      // 304 for the representation the client holds, in the coding it would get again.
      const again = await get(url(), { 'accept-encoding': encoding, 'if-none-match': String(res.headers.etag) });
      expect(again.statusCode).toBe(304);
      expect(again.headers.etag).toBe(res.headers.etag);
      expect(again.rawPayload.length).toBe(0);
      // The identity body's tag does not stand for the compressed one, nor the other way round.
      expect((await get(url(), { 'accept-encoding': encoding, 'if-none-match': String(identity.headers.etag) })).statusCode).toBe(200);
      expect((await get(url(), { 'if-none-match': String(res.headers.etag) })).statusCode).toBe(200);
    }
    expect(tags.size).toBe(3);
    expect((await get(url(), { 'if-none-match': String(identity.headers.etag) })).statusCode).toBe(304);
  });
});

describe('other responses', () => {
  it('compresses the OpenAPI document', async () => {
    const identity = await get('/openapi.json');
    const res = await get('/openapi.json', { 'accept-encoding': 'br' });
    expect(res.headers['content-encoding']).toBe('br');
    expect(res.headers.vary).toMatch(/accept-encoding/i);
    expect(JSON.parse(decoded(res))).toEqual(identity.json());
    expect(res.rawPayload.length * 4).toBeLessThan(identity.rawPayload.length);
  });

  it('respects q-values: gzip when br is refused, nothing when only identity is accepted', async () => {
    expect((await get('/openapi.json', { 'accept-encoding': 'br;q=0, gzip' })).headers['content-encoding']).toBe('gzip');
    expect((await get('/openapi.json', { 'accept-encoding': 'identity' })).headers['content-encoding']).toBeUndefined();
    expect((await get('/content/v1/articles', { 'accept-encoding': 'br;q=0, gzip;q=0' })).headers['content-encoding']).toBeUndefined();
  });

  it('tags a compressed newsroom-API item by its version and coding, and takes that tag back in If-Match', async () => {
    const path = `/api/v1/articles/${seed.first.id}`;
    const identity = await get(path, {}, 'editor');
    const version = identity.json<{ version: number }>().version;
    expect(identity.headers.etag).toBe(`"${version}"`);
    const res = await get(path, { 'accept-encoding': 'gzip' }, 'editor');
    expect(res.headers['content-encoding']).toBe('gzip');
    expect(res.headers.etag).toBe(`"${version}-gzip"`);
    expect(JSON.parse(decoded(res))).toEqual(identity.json());
    const fix = await t.request('editor', {
      method: 'POST',
      url: `${path}/corrections`,
      headers: { 'if-match': String(res.headers.etag) },
      payload: { text: '本文第二段数字有误，已更正。' },
    });
    expect(fix.statusCode, fix.body).toBe(201);
  });

  it('leaves small bodies alone', async () => {
    const res = await get('/api/v1/me', { 'accept-encoding': 'br, gzip' }, 'editor');
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-encoding']).toBeUndefined();
  });

  it('never recompresses a PDF', async () => {
    const res = await get(`/editions/${SEED_DATE}/A03.pdf`, { 'accept-encoding': 'br, gzip' });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('application/pdf');
    expect(res.headers['content-encoding']).toBeUndefined();
    expect(res.rawPayload.subarray(0, 5).toString('latin1')).toBe('%PDF-');
  }, 120_000);
});
