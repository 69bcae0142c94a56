import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import ExifReader from 'exifreader';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createS3Store } from '../../src/render/media/s3-store.js';
import { createFilesystemStore } from '../../src/render/media/store.js';
import { startS3rver } from '../helpers/s3rver.js';
import { createTestApp, type TestApp } from '../helpers/app.js';
import { editionsClient } from '../helpers/editions.js';
import { twoInstances } from '../helpers/instances.js';
import { NOTIFIED } from '../helpers/notified.js';
import {
  GPS_LATITUDE,
  jpegWithMetadata,
  plainJpeg,
  plainPng,
  pngBomb,
  POLYGLOT_PAYLOAD,
  polyglotJpeg,
  SERIAL_NUMBER,
  svgFile,
  truncatedJpeg,
} from '../helpers/photo-files.js';
import { expectProblem } from '../helpers/problem.js';

interface PhotoJson {
  id: number;
  sha256: string;
  format: string;
  width: number;
  height: number;
  bytes: number;
  caption: string | null;
  alt: string | null;
  byline: { personId: number; name: string } | null;
  credit: string | null;
  copyright: string | null;
  focalPoint: { x: number; y: number } | null;
  crops: Record<string, { x: number; y: number; width: number; height: number }>;
  version: number;
}

const MEDIA_LIMIT = 2_000_000;

let t: TestApp;
let mediaDir: string;

beforeAll(async () => {
  mediaDir = await mkdtemp(path.join(tmpdir(), 'photos-api-'));
  t = await createTestApp({ media: createFilesystemStore(mediaDir), mediaLimit: MEDIA_LIMIT });
});

afterAll(async () => {
  await t.close();
  await rm(mediaDir, { recursive: true, force: true });
});

const upload = (bytes: Buffer, type = 'image/jpeg', token = 'reporter') =>
  t.request(token, { method: 'POST', url: '/api/v1/photos', headers: { 'content-type': type }, payload: bytes });

async function uploaded(bytes: Buffer): Promise<PhotoJson> {
  const res = await upload(bytes);
  expect([200, 201]).toContain(res.statusCode);
  return res.json<PhotoJson>();
}

const patch = (photo: { id: number; version: number }, body: object, token = 'reporter') =>
  t.request(token, { method: 'PATCH', url: `/api/v1/photos/${photo.id}`, headers: { 'if-match': `"${photo.version}"` }, payload: body });

async function createStory(body: object, token = 'editor') {
  const res = await t.request(token, { method: 'POST', url: '/api/v1/articles', payload: { headline: '口袋公园开放', body: '市民在新建的口袋公园里休憩。', ...body } });
  expect(res.statusCode, res.body).toBe(201);
  return res.json<{ id: number; version: number; leadPhoto: { photoId: number; caption: string | null } | null }>();
}

const publish = (story: { id: number; version: number }) =>
  t.request('editor', { method: 'POST', url: `/api/v1/articles/${story.id}/status`, headers: { 'if-match': `"${story.version}"` }, payload: { status: 'published' } });

/** Moves a fresh draft to edited, ready to publish. */
async function edited(story: { id: number; version: number }) {
  let current = story;
  for (const status of ['submitted', 'edited']) {
    const res = await t.request('editor', { method: 'POST', url: `/api/v1/articles/${current.id}/status`, headers: { 'if-match': `"${current.version}"` }, payload: { status } });
    expect(res.statusCode, res.body).toBe(200);
    current = res.json();
  }
  return current;
}

/** Every file under the media folder, relative to it. */
async function storedFiles(): Promise<string[]> {
  const entries = await readdir(mediaDir, { recursive: true, withFileTypes: true });
  return entries.filter((e) => e.isFile()).map((e) => path.relative(mediaDir, path.join(e.parentPath, e.name))).sort();
}

describe('uploading a photo', () => {
  it('reads a Chinese IPTC caption and byline, answers the same photo for the same bytes, and trusts the bytes over the header', async () => {
    const bytes = await jpegWithMetadata({ width: 800, height: 600, caption: '图为市民在新建的口袋公园里休憩。', byline: '孙悦', credit: '聊城日报', copyright: '© 聊城日报社', gps: true, serial: true });
    const first = await upload(bytes, 'image/png');
    expect(first.statusCode, first.body).toBe(201);
    const photo = first.json<PhotoJson>();
    expect(photo).toMatchObject({ format: 'jpeg', width: 800, height: 600, bytes: bytes.length, caption: '图为市民在新建的口袋公园里休憩。', credit: '聊城日报', copyright: '© 聊城日报社', alt: null });
    expect(photo.byline?.name).toBe('孙悦');
    expect(photo.sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(first.headers.location).toBe(`/api/v1/photos/${photo.id}`);

    const again = await upload(bytes);
    expect(again.statusCode).toBe(200);
    expect(again.json<PhotoJson>().id).toBe(photo.id);
  });

  it('takes the one file of a multipart form', async () => {
    const bytes = await plainPng(40, 30);
    const boundary = 'photo-form-boundary';
    const payload = Buffer.concat([
      Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="公园.png"\r\nContent-Type: image/png\r\n\r\n`),
      bytes,
      Buffer.from(`\r\n--${boundary}--\r\n`),
    ]);
    const res = await upload(payload, `multipart/form-data; boundary=${boundary}`);
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json<PhotoJson>()).toMatchObject({ format: 'png', width: 40, height: 30 });
  });

  it('answers a multipart form it cannot read with a 400', async () => {
    for (const body of ['{"name":"x"}', '--x\r\nContent-Disposition: form-data; name="file"; filename="a.jpg"\r\n\r\nabc']) {
      expectProblem(await upload(Buffer.from(body), 'multipart/form-data; boundary=x'), 400, 'bad-request');
    }
    expectProblem(await upload(Buffer.from('--x--\r\n'), 'multipart/form-data; boundary=x'), 400, 'bad-request');
  });

  it('refuses hostile and wrong files quickly with a 4xx and stores nothing', async () => {
    const before = await storedFiles();
    const count = (await t.request('reporter', { method: 'GET', url: '/api/v1/photos?limit=200' })).json<{ items: unknown[] }>().items.length;
    const rssBefore = process.memoryUsage().rss;
    const cases: [string, Buffer, string, number, string][] = [
      ['an SVG', svgFile(), 'image/svg+xml', 415, 'unsupported-media-type'],
      ['a decompression bomb', pngBomb(), 'image/png', 413, 'payload-too-large'],
      ['a truncated JPEG', await truncatedJpeg(), 'image/jpeg', 422, 'unprocessable'],
      ['a file over the media limit', Buffer.concat([await plainJpeg(16, 16), Buffer.alloc(MEDIA_LIMIT)]), 'image/jpeg', 413, 'payload-too-large'],
      ['text', Buffer.from('not a picture at all'), 'text/plain', 415, 'unsupported-media-type'],
    ];
    for (const [what, bytes, type, status, slug] of cases) {
      const started = performance.now();
      const res = await upload(bytes, type);
      expect(res.statusCode, `${what}: ${res.body}`).toBe(status);
      expectProblem(res, status, slug);
      expect(performance.now() - started, what).toBeLessThan(2000);
    }
    expect(expectProblem(await upload(svgFile(), 'image/svg+xml'), 415, 'unsupported-media-type').detail).toMatch(/JPEG, PNG or WebP/);
    expect(process.memoryUsage().rss - rssBefore).toBeLessThan(200 * 1024 * 1024);
    expect(await storedFiles()).toEqual(before);
    expect((await t.request('reporter', { method: 'GET', url: '/api/v1/photos?limit=200' })).json<{ items: unknown[] }>().items).toHaveLength(count);
  });

  it('needs a signed-in user', async () => {
    const res = await t.request(null, { method: 'POST', url: '/api/v1/photos', headers: { 'content-type': 'image/jpeg' }, payload: await plainJpeg(8, 8) });
    expect(res.statusCode).toBe(401);
  });
});

describe("a photo's fields", () => {
  it('are edited with If-Match, validated, kept as revisions', async () => {
    const photo = await uploaded(await plainJpeg(300, 200, '#336699'));
    const res = await patch(photo, { caption: '航拍东昌湖', alt: '从高处看东昌湖的湖面和堤岸', byline: { name: '王强' }, focalPoint: { x: 0.25, y: 0.75 }, crops: { square: { x: 0.1, y: 0, width: 0.5, height: 0.75 } } });
    expect(res.statusCode, res.body).toBe(200);
    const edited = res.json<PhotoJson>();
    expect(edited).toMatchObject({ caption: '航拍东昌湖', alt: '从高处看东昌湖的湖面和堤岸', focalPoint: { x: 0.25, y: 0.75 }, version: photo.version + 1 });
    expect(edited.byline?.name).toBe('王强');
    expect(edited.crops).toEqual({ square: { x: 0.1, y: 0, width: 0.5, height: 0.75 } });

    expectProblem(await patch(photo, { caption: '旧版本' }), 412, 'stale-version');
    expectProblem(await patch(edited, { focalPoint: { x: 1.5, y: 0 } }), 400, 'validation-failed');
    expectProblem(await patch(edited, { crops: { 'Bad Name': { x: 0, y: 0, width: 1, height: 1 } } }), 400, 'validation-failed');
    expectProblem(await patch(edited, { colour: 'red' }), 400, 'validation-failed');

    const revisions = await t.request('reporter', { method: 'GET', url: `/api/v1/photos/${photo.id}/revisions` });
    expect(revisions.json<{ items: { version: number; snapshot: { caption: string | null } }[] }>().items.map((r) => [r.version, r.snapshot.caption])).toEqual([
      [photo.version, null],
      [edited.version, '航拍东昌湖'],
    ]);
  });

  it('serves the original only to signed-in users, as an attachment, and shows only re-encoded renditions', async () => {
    const bytes = await polyglotJpeg(64, 64);
    const photo = await uploaded(bytes);
    const original = await t.request('reporter', { method: 'GET', url: `/api/v1/photos/${photo.id}/original` });
    expect(original.statusCode).toBe(200);
    expect(original.rawPayload.equals(bytes)).toBe(true);
    expect(original.headers['content-disposition']).toMatch(/^attachment;/);
    expect(original.headers['x-content-type-options']).toBe('nosniff');
    expect((await t.request(null, { method: 'GET', url: `/api/v1/photos/${photo.id}/original` })).statusCode).toBe(401);
    // What is shown is re-encoded: the appended markup is gone.
    const shown = await t.request('reporter', { method: 'GET', url: `/api/v1/photos/${photo.id}/renditions/full/320.jpg` });
    expect(shown.statusCode).toBe(200);
    expect(shown.rawPayload.includes(POLYGLOT_PAYLOAD)).toBe(false);
    expect(original.rawPayload.includes(POLYGLOT_PAYLOAD)).toBe(true);
  });
});

describe('a photo in a story', () => {
  it('is public only once the story is published, with alt text, and no public file carries GPS or a serial number', async () => {
    const bytes = await jpegWithMetadata({ width: 1400, height: 1000, caption: '图为游客在古城观光。', byline: '孙悦', copyright: '聊城日报社', credit: 'Liaocheng Daily', gps: true, serial: true });
    const photo = await uploaded(bytes);
    const story = await createStory({ leadPhoto: { photoId: photo.id, caption: '游客在古城观光。' }, body: `第一段。\n\n![古城一角](photo:${photo.id})\n\n第二段。` });
    expect(story.leadPhoto).toEqual({ photoId: photo.id, caption: '游客在古城观光。' });

    const urls = ['full/640.webp', 'full/1024.jpg', 'full/320.avif', '3x2/640.jpg', '1x1/320.webp'].map((file) => `/media/photos/${photo.id}/${file}`);
    for (const url of urls) expect((await t.app.inject({ method: 'GET', url })).statusCode, url).toBe(404);
    // The newsroom sees it before publication.
    const preview = await t.request('reporter', { method: 'GET', url: `/api/v1/photos/${photo.id}/renditions/full/320.webp` });
    expect(preview.statusCode).toBe(200);
    expect(preview.headers['content-type']).toBe('image/webp');

    const ready = await edited(story);
    const refused = expectProblem(await publish(ready), 409, 'conflict');
    expect(refused.detail).toContain(`Photo ${photo.id}`);
    expect((await patch(photo, { alt: '游客在古城的石板街上行走' }, 'editor')).statusCode).toBe(200);
    const published = await publish(ready);
    expect(published.statusCode, published.body).toBe(200);
    // Other instances hear of the publication by NOTIFY, and so does this one's cache.
    await vi.waitFor(async () => expect((await t.app.inject({ method: 'GET', url: urls[0]! })).statusCode).toBe(200), NOTIFIED);

    for (const url of urls) {
      const res = await t.app.inject({ method: 'GET', url });
      expect(res.statusCode, url).toBe(200);
      expect(res.headers['x-content-type-options']).toBe('nosniff');
      expect(res.headers['content-type']).toBe(url.endsWith('.jpg') ? 'image/jpeg' : url.endsWith('.webp') ? 'image/webp' : 'image/avif');
      const meta = await sharp(res.rawPayload).metadata();
      expect(meta.width, url).toBe(Number(/(\d+)\.\w+$/.exec(url)![1]));
      const tags = ExifReader.load(res.rawPayload);
      expect(tags.GPSLatitude, url).toBeUndefined();
      expect(JSON.stringify(tags)).not.toContain(SERIAL_NUMBER);
      expect(JSON.stringify(tags)).not.toContain(String(GPS_LATITUDE));
      expect(JSON.stringify(tags), url).toContain('聊城日报社');
    }
    const again = await t.app.inject({ method: 'GET', url: urls[0]!, headers: { 'if-none-match': (await t.app.inject({ method: 'GET', url: urls[0]! })).headers.etag as string } });
    expect(again.statusCode).toBe(304);

    // Its alt text may now change but not go.
    const current = (await t.request('reporter', { method: 'GET', url: `/api/v1/photos/${photo.id}` })).json<PhotoJson>();
    expectProblem(await patch(current, { alt: '  ' }), 422, 'unprocessable');

    // Withdrawn, the story takes its photo out of public view again.
    const withdrawn = await t.request('editor', { method: 'POST', url: `/api/v1/articles/${story.id}/status`, headers: { 'if-match': `"${published.json<{ version: number }>().version}"` }, payload: { status: 'withdrawn' } });
    expect(withdrawn.statusCode, withdrawn.body).toBe(200);
    await vi.waitFor(async () => expect((await t.app.inject({ method: 'GET', url: urls[0]! })).statusCode).toBe(404), NOTIFIED);
  });

  it('keeps an edition from releasing a story whose photo has no alt text, or skips it when forced', async () => {
    const api = editionsClient(t);
    const photo = await uploaded(await plainJpeg(320, 240, '#664422'));
    const story = await api.articleIn('edited', { headline: '待发的图片稿', leadPhoto: { photoId: photo.id } });
    const described = await api.articleIn('edited', { headline: '配好说明的稿件' });
    await api.createEdition('2031-03-03', 9301);
    await api.putPageOk('2031-03-03', 'A01', { name: '要闻', grid: 'broadsheet-8', items: [{ kind: 'article', id: story.id }, { kind: 'article', id: described.id }] });
    // The flatplan says so before anyone tries.
    expect(JSON.stringify(await api.plan('2031-03-03', 'editor'))).toContain(`shows photo ${photo.id} without alt text`);
    const refused = expectProblem(await api.release('2031-03-03'), 409, 'conflict');
    expect(refused.detail).toContain(`shows photo ${photo.id} without alt text`);
    expect((refused as { notReady?: { id: number }[] }).notReady?.map((item) => item.id)).toEqual([story.id]);
    const forced = await api.release('2031-03-03', { force: true });
    expect(forced.statusCode, forced.body).toBe(200);
    expect(forced.json<{ skipped: { id: number }[] }>().skipped.map((item) => item.id)).toEqual([story.id]);
  });

  it('refuses a story naming a photo that does not exist, and a rendition that is not offered', async () => {
    const missing = await t.request('editor', { method: 'POST', url: '/api/v1/articles', payload: { headline: '无图', body: '![图](photo:999999)' } });
    expect(expectProblem(missing, 422, 'unprocessable').errors).toContainEqual(expect.objectContaining({ pointer: '/body' }));
    const lead = await t.request('editor', { method: 'POST', url: '/api/v1/articles', payload: { headline: '无图', leadPhoto: { photoId: 999999 } } });
    expect(expectProblem(lead, 422, 'unprocessable').errors).toContainEqual(expect.objectContaining({ pointer: '/leadPhoto/photoId' }));

    const photo = await uploaded(await plainJpeg(200, 100, '#aa3300'));
    for (const file of ['full/500.webp', 'nosuchcrop/320.webp', 'full/320.gif']) {
      const res = await t.request('reporter', { method: 'GET', url: `/api/v1/photos/${photo.id}/renditions/${file}` });
      expect(res.statusCode, file).toBeGreaterThanOrEqual(400);
      expect(res.statusCode, file).toBeLessThan(500);
    }
  });
});

describe.each(['filesystem', 's3'] as const)('two instances on one database and one %s store', (kind) => {
  it('making the same rendition at once store one object', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'photos-shared-'));
    const s3 = kind === 's3' ? await startS3rver('shared') : null;
    const store = s3 ? createS3Store(new URL('s3://shared/media'), s3.env) : createFilesystemStore(dir);
    const pair = await twoInstances(store);
    try {
      const photo = (await pair.a.request('reporter', { method: 'POST', url: '/api/v1/photos', headers: { 'content-type': 'image/jpeg' }, payload: await plainJpeg(900, 600, '#118844') })).json<PhotoJson>();
      const url = `/api/v1/photos/${photo.id}/renditions/full/640.webp`;
      const headers = { authorization: `Bearer ${pair.a.tokens.reporter}` };
      const answers = await Promise.all([
        ...Array.from({ length: 3 }, () => pair.a.app.inject({ method: 'GET', url, headers })),
        ...Array.from({ length: 3 }, () => pair.b.inject({ method: 'GET', url, headers })),
      ]);
      expect(answers.map((a) => a.statusCode)).toEqual([200, 200, 200, 200, 200, 200]);
      expect(new Set(answers.map((a) => a.rawPayload.toString('base64'))).size).toBe(1);
      const stored = s3
        ? await s3.keys(`media/renditions/${photo.sha256}/`)
        : (await readdir(path.join(dir, 'renditions', photo.sha256))).filter((name) => !name.includes('~'));
      expect(stored).toHaveLength(1);
    } finally {
      await pair.close();
      await s3?.close();
      await rm(dir, { recursive: true, force: true });
    }
  });
});
