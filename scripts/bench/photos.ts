// Photos benchmark: `npm run bench:photos [-- --db pglite|postgres] [--duration 10] [--connections 50]`.
//
// One instance of the service, run as `npm start` runs it (built first; `node --expose-gc
// dist/server.js`, logging at info), on PGlite in a temporary DATA_DIR or on a fresh PostgreSQL
// database on BENCH_DATABASE_URL (dropped afterwards), its media store the default one (files
// under DATA_DIR/media), started with `--inspect-port=0` so the benchmark can open its inspector
// and collect its garbage before measuring its memory. Every photo is made by the benchmark with
// sharp: a smooth gradient under per-pixel noise, so that it compresses like a photograph rather
// than a flat colour, encoded as JPEG (quality 90) with EXIF (camera, copyright, time taken);
// each has a seed of its own, so each is new bytes (a new sha256) to the service.
//
// Run in this order, on one service:
// 1. Memory, part one: the service's first --warmup-photos (20) uploads, each followed by
//    --renditions-per-photo (10) first requests of renditions, two at a time, every one new (the
//    variants full, 16x9, 3x2, 4x3, 1x1, 3x4 × the widths 320…1600 × AVIF, WebP, JPEG, taken in
//    turn), through the newsroom API. These are smaller photos than the 24-megapixel ones below
//    (2 to 4 megapixels, about 1 to 2 MB each), so that the whole run takes minutes, not an hour.
//    Then a few seconds at rest, two full collections through the inspector, and the service's
//    RSS (from /proc) and heap.
// 2. Memory, part two: more of the same up to --photos (200) uploads and 2,000 renditions in all,
//    then the same measurement. Goal: RSS within +15 % of part one's (sharp's cache bounded).
// 3. Upload: --uploads (5) distinct 6000 × 4000 (24-megapixel) JPEGs of about 9–10 MB, made
//    beforehand, each POSTed as `image/jpeg` and timed to its 201; median and max printed.
//    Goal: the median ≤ 1.5 s (the max is printed beside it: one slow answer on a shared machine
//    is noise, a slow median is not). The service's CPU time an upload is printed too.
// 4. The first rendition: for each of those photos, GET full/1024.webp through the newsroom API
//    (made with sharp on that first request), timed; then a second request of it (from the store)
//    and, for information, the first full/1024.avif and full/1024.jpg. Goal: the WebP's median
//    ≤ 400 ms.
// 5. A cached rendition: the first of those photos is given alt text and made an article's lead
//    photo, the article published; its public /media/photos/{id}/full/640.webp is requested
//    once (made), then loaded by autocannon (its own process, --connections 50, --warmup 2 s then
//    --duration 10 s) against a bare Fastify route in a second Node process sending the same
//    bytes with the same headers (all but Date, Connection, Keep-Alive and Content-Length),
//    one server after the other, the other paused. Goal: ratio ≥ 0.5, no errors. Each public
//    request reads the photo's row, checks that published content shows it, and reads the file
//    (and its content type) from the store: the CPU time a request is printed beside the req/s.
// Finally the service's RSS after all of it, for information. Exit 1 when a goal is missed.
// --skip-build runs the dist/ already built instead of building it first.
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import sharp from 'sharp';
import { cpuSeconds, get, measure, row } from '../lib/against-bare.js';
import { client, move, type Call, type Item } from '../lib/api-client.js';
import { databaseOption, prepareTarget } from '../lib/bench-target.js';
import { photoJpeg } from '../lib/photo-jpeg.js';
import { inspect, resting, type Inspector, type Resting } from '../lib/inspector.js';
import { buildService, startServer, stopServer, type Server } from '../lib/server-process.js';

const { values: args } = parseArgs({
  options: {
    db: { type: 'string', default: 'pglite' },
    duration: { type: 'string', default: '10' },
    connections: { type: 'string', default: '50' },
    warmup: { type: 'string', default: '2' },
    uploads: { type: 'string', default: '5' },
    photos: { type: 'string', default: '200' },
    'warmup-photos': { type: 'string', default: '20' },
    'renditions-per-photo': { type: 'string', default: '10' },
    /** Runs the dist/ already there, as built by someone else (say when another change breaks the build meanwhile). */
    'skip-build': { type: 'boolean', default: false },
  },
});
const duration = Number(args.duration);
const connections = Number(args.connections);
const warmup = Number(args.warmup);
const bigUploads = Number(args.uploads);
const totalPhotos = Number(args.photos);
const warmupPhotos = Number(args['warmup-photos']);
const perPhoto = Number(args['renditions-per-photo']);
const ADMIN_TOKEN = `bench-admin-${randomBytes(12).toString('hex')}`;
const GOAL_UPLOAD_MS = 1500;
const GOAL_RENDITION_MS = 400;
const GOAL_RATIO = 0.5;
const GOAL_GROWTH = 0.15;

const VARIANTS = ['full', '16x9', '3x2', '4x3', '1x1', '3x4'] as const;
const WIDTHS = [320, 640, 1024, 1200, 1600] as const;
const EXTENSIONS = ['avif', 'webp', 'jpg'] as const;
/** The small photos' sizes, taken in turn: 2.0, 3.0 and 3.8 megapixels. */
const SMALL_SIZES = [
  [1728, 1152],
  [2000, 1500],
  [2400, 1600],
] as const;

// ---------------------------------------------------------------------------------------------
// The service, through its API.

interface Photo {
  id: number;
  width: number;
  height: number;
  version: number;
}

async function seed(baseUrl: string): Promise<{ token: string; call: Call; sectionId: number }> {
  const admin = client(baseUrl, ADMIN_TOKEN);
  const user = await admin<{ id: number }>('POST', '/api/v1/users', { login: 'bench', name: '压测编辑', role: 'editor' });
  const { token } = await admin<{ token: string }>('POST', `/api/v1/users/${user.id}/tokens`, { label: 'bench:photos' });
  const call = client(baseUrl, token);
  const section = await call<{ id: number }>('POST', '/api/v1/sections', { name: '聊城新闻', slug: 'liaocheng' });
  return { token, call, sectionId: section.id };
}

/** Uploads a JPEG; resolves to the photo and the time to its answer, in ms. Throws unless 201. */
async function upload(baseUrl: string, token: string, bytes: Buffer): Promise<{ photo: Photo; ms: number }> {
  // A copy on an ArrayBuffer of its own, as fetch's types take (outside the timing).
  const body = new Uint8Array(bytes);
  const started = performance.now();
  const response = await fetch(`${baseUrl}/api/v1/photos`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'image/jpeg' },
    body,
  });
  const text = await response.text();
  const ms = performance.now() - started;
  if (response.status !== 201) throw new Error(`POST /api/v1/photos: ${response.status} ${text.slice(0, 500)}`);
  return { photo: JSON.parse(text) as Photo, ms };
}

/** Requests a rendition through the newsroom API; resolves to its bytes and the time taken, in ms. */
async function rendition(baseUrl: string, token: string, id: number, variant: string, file: string): Promise<{ bytes: Buffer; type: string; ms: number }> {
  const url = `/api/v1/photos/${id}/renditions/${variant}/${file}`;
  const started = performance.now();
  const response = await fetch(`${baseUrl}${url}`, { headers: { authorization: `Bearer ${token}` } });
  const bytes = Buffer.from(await response.arrayBuffer());
  const ms = performance.now() - started;
  if (response.status !== 200) throw new Error(`GET ${url}: ${response.status} ${bytes.toString('utf8').slice(0, 500)}`);
  return { bytes, type: response.headers.get('content-type') ?? '', ms };
}

/** Rendition number `k` (0…89) of the 90 a photo has: every variant, width and format once. */
function renditionName(k: number): { variant: string; file: string } {
  const variant = VARIANTS[k % VARIANTS.length]!;
  const width = WIDTHS[Math.floor(k / VARIANTS.length) % WIDTHS.length]!;
  const extension = EXTENSIONS[Math.floor(k / (VARIANTS.length * WIDTHS.length)) % EXTENSIONS.length]!;
  return { variant, file: `${width}.${extension}` };
}

/** Makes the photo an article's lead photo, gives it alt text and publishes the article. */
async function publish(call: Call, sectionId: number, photo: Photo): Promise<void> {
  await call('PATCH', `/api/v1/photos/${photo.id}`, { alt: '聊城古城的街景，行人走过光岳楼前的广场', caption: '聊城古城一景' }, { version: photo.version });
  const filed = await call<Item>('POST', '/api/v1/articles', {
    kicker: '图片新闻',
    headline: '春日古城游人如织',
    body: '四月的聊城古城，游人如织。光岳楼前的广场上，市民和游客在春光里散步、拍照。',
    sectionId,
    leadPhoto: { photoId: photo.id },
    credits: [{ role: 'reporter', name: '国晓宁' }],
  });
  await move(call, 'articles', filed, ['submitted', 'edited', 'published']);
}

// ---------------------------------------------------------------------------------------------
// Memory.

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

const figures = (r: Resting) =>
  `RSS ${r.rss.toFixed(1)} MiB, heap used ${r.heapUsed.toFixed(1)} MiB, external ${r.external.toFixed(1)} MiB (array buffers ${r.arrayBuffers.toFixed(1)} MiB)`;

/**
 * Uploads small photos number `from` up to `to` (exclusive), each followed by its renditions,
 * two at a time; resolves to the renditions' times.
 */
async function uploadSmall(baseUrl: string, token: string, from: number, to: number): Promise<{ renditionMs: number[]; bytes: number }> {
  const renditionMs: number[] = [];
  let bytes = 0;
  for (let n = from; n < to; n++) {
    const [width, height] = SMALL_SIZES[n % SMALL_SIZES.length]!;
    const jpeg = await photoJpeg(width, height, 1000 + n);
    bytes += jpeg.length;
    const { photo } = await upload(baseUrl, token, jpeg);
    const names = Array.from({ length: perPhoto }, (_, j) => renditionName(n * perPhoto + j));
    for (let j = 0; j < names.length; j += 2) {
      const made = await Promise.all(names.slice(j, j + 2).map((r) => rendition(baseUrl, token, photo.id, r.variant, r.file)));
      renditionMs.push(...made.map((m) => m.ms));
    }
    if ((n + 1) % 20 === 0) process.stderr.write(`… ${n + 1} photos uploaded, ${(n + 1) * perPhoto} renditions made\n`);
  }
  return { renditionMs, bytes };
}

// ---------------------------------------------------------------------------------------------
// Load: the public rendition against a bare route.

/**
 * The baseline: one Fastify route (no logger, no hooks, no plugins) sending the rendition's
 * bytes and headers as fixed values, in plain Node like the compiled service.
 */
const BARE_SERVER = `
import fs from 'node:fs';
import Fastify from 'fastify';
const bytes = fs.readFileSync(process.env.BARE_FILE);
const headers = JSON.parse(process.env.BARE_HEADERS);
const app = Fastify();
app.get('/media/photos/:id/:variant/:file', async (_request, reply) => reply.headers(headers).send(bytes));
const address = await app.listen({ host: '127.0.0.1', port: 0 });
console.log('Newsroom serving on a bare Fastify route (the baseline): site ' + address + '/');
process.once('SIGTERM', () => app.close().then(() => process.exit(0)));
`;

const sorted = (values: number[]) => [...values].sort((a, b) => a - b);
const median = (values: number[]) => sorted(values)[values.length >> 1]!;
const max = (values: number[]) => Math.max(...values);
const times = (values: number[]) => `median ${median(values).toFixed(0)} ms, max ${max(values).toFixed(0)} ms (${values.map((v) => v.toFixed(0)).join(', ')})`;
const verdict = (pass: boolean) => (pass ? 'PASS' : 'FAIL');

async function main(): Promise<void> {
  if (totalPhotos < warmupPhotos || bigUploads < 1) throw new Error('--photos must be at least --warmup-photos, --uploads at least 1');
  if (!args['skip-build']) buildService();
  const db = databaseOption(args.db);
  const target = await prepareTarget(db, 'photos');
  let service: Server | undefined;
  let bare: Server | undefined;
  let inspector: Inspector | undefined;
  const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'newsroom-bench-photos-'));
  const failures: string[] = [];
  try {
    service = await startServer(['--expose-gc', '--inspect-port=0', 'dist/server.js'], { ...target.env, PORT: '0', LOG_LEVEL: 'info', ADMIN_TOKEN });
    inspector = await inspect(service);
    const { token, call, sectionId } = await seed(service.baseUrl);
    const base = service.baseUrl;

    const cpus = os.cpus();
    const loadBefore = os.loadavg()[0]!;
    console.log(`Newsroom photos benchmark, ${new Date().toISOString()}`);
    console.log(`machine: ${cpus.length} × ${cpus[0]?.model.trim()}, ${Math.round(os.totalmem() / 2 ** 30)} GiB, ${os.platform()} ${os.release()}, node ${process.version}; load average ${loadBefore.toFixed(2)}`);
    console.log(`database: ${target.describe}; media store: files under DATA_DIR/media; the service logs at info (one line a request)`);

    // 1–2. Memory over many uploads and renditions.
    const total = totalPhotos * perPhoto;
    console.log(`\nmemory: ${totalPhotos} uploads of 2–4 MP JPEGs, each with ${perPhoto} new renditions (variants × widths × AVIF/WebP/JPEG, two at a time): ${total} in all`);
    let started = performance.now();
    const first = await uploadSmall(base, token, 0, warmupPhotos);
    const before = await resting(service, inspector);
    console.log(
      `after the first ${warmupPhotos} uploads (${(first.bytes / warmupPhotos / 2 ** 20).toFixed(1)} MB each on average) and ${first.renditionMs.length} renditions ` +
        `(${((performance.now() - started) / 1000).toFixed(0)} s; a rendition median ${median(first.renditionMs).toFixed(0)} ms): ${figures(before)}`,
    );
    started = performance.now();
    const rest = await uploadSmall(base, token, warmupPhotos, totalPhotos);
    const after = await resting(service, inspector);
    const all = [...first.renditionMs, ...rest.renditionMs];
    console.log(
      `after ${totalPhotos} uploads and ${all.length} renditions (${((performance.now() - started) / 1000).toFixed(0)} s more; a rendition median ${median(all).toFixed(0)} ms, ` +
        `p95 ${sorted(all)[Math.floor(all.length * 0.95)]!.toFixed(0)} ms): ${figures(after)}`,
    );
    const growth = after.rss / before.rss - 1;
    const memoryPass = growth <= GOAL_GROWTH;
    console.log(
      `service RSS ${before.rss.toFixed(1)} → ${after.rss.toFixed(1)} MiB (${growth >= 0 ? '+' : ''}${(growth * 100).toFixed(1)} %); ` +
        `goal: within +${GOAL_GROWTH * 100} % of the RSS after the first ${warmupPhotos}: ${verdict(memoryPass)}`,
    );
    if (!memoryPass) failures.push('memory');

    // 3. Uploads of 24-megapixel JPEGs.
    const bigs: Buffer[] = [];
    for (let n = 0; n < bigUploads; n++) bigs.push(await photoJpeg(6000, 4000, n + 1));
    const sizes = bigs.map((b) => (b.length / 2 ** 20).toFixed(1));
    const uploadMs: number[] = [];
    const photos: Photo[] = [];
    const cpuBefore = cpuSeconds(service.pid);
    for (const bytes of bigs) {
      const { photo, ms } = await upload(base, token, bytes);
      if (photo.width !== 6000 || photo.height !== 4000) throw new Error(`photo ${photo.id} is ${photo.width} × ${photo.height}, not 6000 × 4000`);
      uploadMs.push(ms);
      photos.push(photo);
    }
    const uploadCpu = ((cpuSeconds(service.pid) - cpuBefore) / bigUploads) * 1000;
    const uploadPass = median(uploadMs) <= GOAL_UPLOAD_MS;
    console.log(`\nupload: ${bigUploads} distinct 6000 × 4000 JPEGs with EXIF (${sizes.join(', ')} MiB), one after the other`);
    console.log(`answered in ${times(uploadMs)}; service CPU ${uploadCpu.toFixed(0)} ms an upload; goal: median ≤ ${GOAL_UPLOAD_MS} ms: ${verdict(uploadPass)}`);
    if (!uploadPass) failures.push('upload');

    // 4. First renditions of them.
    const webp: number[] = [];
    const cached: number[] = [];
    const avif: number[] = [];
    const jpeg: number[] = [];
    for (const photo of photos) {
      const made = await rendition(base, token, photo.id, 'full', '1024.webp');
      webp.push(made.ms);
      if (photo === photos[0]) {
        const meta = await sharp(made.bytes).metadata();
        if (made.type !== 'image/webp' || meta.format !== 'webp' || meta.width !== 1024) throw new Error(`full/1024.webp is ${made.type}, ${meta.format} ${meta.width} wide`);
      }
      cached.push((await rendition(base, token, photo.id, 'full', '1024.webp')).ms);
      avif.push((await rendition(base, token, photo.id, 'full', '1024.avif')).ms);
      jpeg.push((await rendition(base, token, photo.id, 'full', '1024.jpg')).ms);
    }
    const renditionPass = median(webp) <= GOAL_RENDITION_MS;
    console.log(`\nfirst rendition of each (GET /api/v1/photos/{id}/renditions/full/…, made from the 24 MP original on that request):`);
    console.log(`1024.webp made in ${times(webp)}; goal: median ≤ ${GOAL_RENDITION_MS} ms: ${verdict(renditionPass)}`);
    console.log(`1024.webp again, from the store: ${times(cached)}`);
    console.log(`for information: 1024.avif made in ${times(avif)}; 1024.jpg made in ${times(jpeg)}`);
    if (!renditionPass) failures.push('rendition');

    // 5. A cached public rendition against a bare route.
    await publish(call, sectionId, photos[0]!);
    const publicPath = `/media/photos/${photos[0]!.id}/full/640.webp`;
    const siteUrl = `${base}${publicPath}`;
    let answer = await get(siteUrl);
    for (let i = 0; i < 50 && answer.status === 404; i++) {
      await sleep(100);
      answer = await get(siteUrl);
    }
    if (answer.status !== 200) throw new Error(`GET ${publicPath}: ${answer.status} ${answer.body.toString('utf8').slice(0, 300)}`);
    const headers: Record<string, string> = {};
    for (let i = 0; i < answer.rawHeaders.length; i += 2) {
      const name = answer.rawHeaders[i]!;
      if (!/^(date|connection|keep-alive|content-length|transfer-encoding)$/i.test(name)) headers[name.toLowerCase()] = answer.rawHeaders[i + 1]!;
    }
    const file = path.join(scratch, '640.webp');
    fs.writeFileSync(file, answer.body);
    bare = await startServer(['--expose-gc', '--input-type=module', '--eval', BARE_SERVER], { BARE_FILE: file, BARE_HEADERS: JSON.stringify(headers) });
    const bareUrl = `${bare.baseUrl}${publicPath}`;
    const baseline = await get(bareUrl);
    if (baseline.status !== 200 || !baseline.body.equals(answer.body)) throw new Error(`GET ${bareUrl} does not return the rendition's bytes`);
    console.log(
      `\ncached rendition: GET ${publicPath} of a published photo, ${answer.body.length} bytes (${headers['content-type']}), ` +
        `${answer.rawHeaders.length / 2} header fields from the site, ${baseline.rawHeaders.length / 2} from the bare route`,
    );
    console.log(`load: autocannon, ${connections} connections, ${warmup} s warm-up then ${duration} s, one server after the other`);
    const bareRun = await measure(bare, bareUrl, service, { connections, duration, warmup });
    const siteRun = await measure(service, siteUrl, bare, { connections, duration, warmup });
    console.log(row('bare Fastify, same bytes', bareRun));
    console.log(row('site GET /media/photos/…', siteRun));
    console.log(
      `server CPU a request: site ${siteRun.cpuPerRequest.toFixed(0)} µs, bare ${bareRun.cpuPerRequest.toFixed(0)} µs; ` +
        `were both servers CPU-bound, the ratio would be ${(bareRun.cpuPerRequest / siteRun.cpuPerRequest).toFixed(2)}`,
    );
    const ratio = siteRun.load.requests.average / bareRun.load.requests.average;
    const errors = [bareRun, siteRun].reduce((sum, m) => sum + m.load.errors + m.load.timeouts + m.load.non2xx, 0);
    const loadPass = ratio >= GOAL_RATIO && errors === 0;
    console.log(`ratio site/bare ${ratio.toFixed(2)} (goal ≥ ${GOAL_RATIO.toFixed(2)}), errors ${errors} (goal 0): ${verdict(loadPass)}`);
    if (!loadPass) failures.push('cached rendition');

    const end = await resting(service, inspector);
    console.log(`\nfor information, the service at rest after all of it: ${figures(end)}`);
    const busy = os.loadavg()[0]!;
    if (loadBefore > cpus.length / 2 || busy > cpus.length / 2) {
      console.log(`note: the machine was busy (load average ${loadBefore.toFixed(2)} before, ${busy.toFixed(2)} after, on ${cpus.length} CPUs): times vary from run to run`);
    }
    console.log(failures.length ? `goals missed: ${failures.join(', ')}` : 'all goals met');
    if (failures.length) process.exitCode = 1;
  } finally {
    inspector?.close();
    await stopServer(bare);
    await stopServer(service);
    fs.rmSync(scratch, { recursive: true, force: true });
    await target.cleanup();
  }
}

await main();
