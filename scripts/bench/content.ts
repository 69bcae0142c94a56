// Load benchmark of the public content API: `npm run bench:content [-- --db pglite|postgres] [--list]`.
//
// 1. GET /content/v1/articles/{id} of a published article of about 3,000 Han characters,
//    against a bare Fastify route returning the same JSON body, each for 10 s with 50
//    connections; prints requests/s, p50, p99, errors and the ratio.
// 2. With --list (default on PostgreSQL): GET /content/v1/articles?section= over 100,000
//    published articles, under load (10 connections), and uncached, walking pages by cursor.
//
// The load comes from autocannon in a separate process, so it does not share the server's
// event loop. PostgreSQL: a fresh database on BENCH_DATABASE_URL (default the local server),
// dropped afterwards.
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs, promisify } from 'node:util';
import { sql } from 'drizzle-orm';
import Fastify from 'fastify';
import pg from 'pg';
import { buildApp } from '../../src/app.js';
import { openDatabase, type DatabaseHandle } from '../../src/db/client.js';
import { migrateDatabase } from '../../src/db/migrate.js';
import { createArticlesService } from '../../src/features/articles/service.js';
import { createSectionsService } from '../../src/features/sections/service.js';
import { createUsersService } from '../../src/features/users/service.js';
import type { Actor } from '../../src/lib/actor.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const { values: args } = parseArgs({
  options: {
    db: { type: 'string', default: 'pglite' },
    list: { type: 'boolean' },
    duration: { type: 'string', default: '10' },
    connections: { type: 'string', default: '50' },
  },
});
const duration = Number(args.duration);
const connections = Number(args.connections);
const serverUrl = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

interface Load {
  requests: { average: number };
  latency: { p50: number; p99: number };
  errors: number;
  timeouts: number;
  non2xx: number;
}

async function load(url: string, options: { connections: number; duration: number }): Promise<Load> {
  const bin = path.join(root, 'node_modules/.bin/autocannon');
  const { stdout } = await promisify(execFile)(
    bin,
    ['--json', '-c', String(options.connections), '-d', String(options.duration), '--warmup', '[', '-c', '10', '-d', '2', ']', url],
    { maxBuffer: 64 * 1024 * 1024 },
  );
  // The warm-up prints a report of its own first; the last line is the measured run.
  return JSON.parse(stdout.trim().split('\n').at(-1)!) as Load;
}

function row(name: string, r: Load): string {
  const errors = r.errors + r.timeouts + r.non2xx;
  return `${name.padEnd(34)} ${r.requests.average.toFixed(0).padStart(8)} req/s   p50 ${String(r.latency.p50).padStart(3)} ms   p99 ${String(r.latency.p99).padStart(3)} ms   errors ${errors}`;
}

/** About 3,000 Han characters of body in paragraphs under sub-heads, like a long local-news story. */
function longBody(): string {
  const paragraph =
    '聊城市紧紧围绕国家市场监管总局关于商业秘密保护的工作安排，大力维护公平竞争市场环境，护航企业创新发展和高质量发展，积极开展商业秘密保护工作。' +
    '会议对全市商业秘密保护工作进行了安排部署，参会企业代表纷纷表示将进一步完善制度建设。';
  const parts: string[] = [];
  for (let i = 0; i < 5; i++) {
    parts.push(`## 第${'一二三四五'[i]}部分：多方联动，共筑保护“防火墙”`);
    for (let j = 0; j < 5; j++) parts.push(paragraph);
  }
  return parts.join('\n\n');
}

async function openTarget(): Promise<{ database: DatabaseHandle; drop: () => Promise<void> }> {
  if (args.db === 'pglite') {
    const database = await openDatabase({ driver: 'pglite' });
    await migrateDatabase(database);
    return { database, drop: async () => {} };
  }
  const name = `newsroom_bench_${randomBytes(4).toString('hex')}`;
  const admin = async (text: string) => {
    const client = new pg.Client({ connectionString: serverUrl });
    await client.connect();
    await client.query(text);
    await client.end();
  };
  await admin(`create database "${name}"`);
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  const database = await openDatabase({ driver: 'postgres', url: url.href, poolSize: 20 });
  await migrateDatabase(database);
  return { database, drop: () => admin(`drop database if exists "${name}" with (force)`) };
}

async function main(): Promise<void> {
  const { database, drop } = await openTarget();
  const app = await buildApp({ config: { bodyLimit: 1_048_576, publicBaseUrl: 'http://127.0.0.1' }, database });
  const bare = Fastify();
  try {
    const { user } = await createUsersService({ db: database.db }).createWithToken({ login: 'bench', name: '压测编辑', role: 'editor' }, 'bench');
    const actor: Actor = { userId: user.id, login: user.login, role: 'editor', tokenId: 0, requestId: 'bench' };
    const section = await createSectionsService({ db: database.db }).create(actor, { name: '聊城新闻', slug: 'liaocheng' });
    const service = createArticlesService({ db: database.db });
    const filed = await service.create(actor, {
      kicker: '“1+2+4”创新模式破解难题',
      headline: '聊城市被评为省级商业秘密保护创新试点',
      body: longBody(),
      sectionId: section.id,
      credits: [
        { role: 'reporter', name: '国晓宁' },
        { role: 'correspondent', name: '楚克伟' },
      ],
    });
    let version = filed.version;
    for (const status of ['submitted', 'edited', 'published'] as const) {
      version = (await service.changeStatus(actor, filed.id, version, { status })).version;
    }

    const address = await app.listen({ host: '127.0.0.1', port: 0 });
    const articleUrl = `${address}/content/v1/articles/${filed.id}`;
    const sample = await fetch(articleUrl);
    const body = (await sample.json()) as { characters: number };
    bare.get('/article', async () => body);
    const bareAddress = await bare.listen({ host: '127.0.0.1', port: 0 });

    console.log(`Newsroom content benchmark: ${args.db}, ${connections} connections, ${duration} s each`);
    console.log(`machine: ${os.cpus().length} × ${os.cpus()[0]?.model.trim()}, ${Math.round(os.totalmem() / 2 ** 30)} GiB, node ${process.version}`);
    console.log(`article ${filed.id}: ${body.characters} characters, ${Buffer.byteLength(JSON.stringify(body))} bytes of JSON`);
    const bareLoad = await load(`${bareAddress}/article`, { connections, duration });
    const appLoad = await load(articleUrl, { connections, duration });
    console.log(row('bare Fastify, same JSON', bareLoad));
    console.log(row('GET /content/v1/articles/{id}', appLoad));
    console.log(`ratio ${(appLoad.requests.average / bareLoad.requests.average).toFixed(2)} (target ≥ 0.60)`);

    if (args.list ?? args.db === 'postgres') {
      const started = Date.now();
      await database.db.execute(sql`
        insert into sections (name, slug, position)
        select '版面' || g, 'page-' || g, g from generate_series(1, 9) g`);
      await database.db.execute(sql`
        insert into articles (headline, body, document, figures, section_id, status, published_at, created_by, updated_by)
        select '稿件 ' || g, '', '{"blocks":[]}', '{"characters":0,"paragraphs":0,"headings":0}',
               (select id from sections order by id offset (g % 10) limit 1), 'published',
               now() - g * interval '1 minute', ${user.id}, ${user.id}
        from generate_series(1, 100000) g`);
      await database.db.execute(sql`analyze`);
      console.log(`list: 100,000 published articles in 10 sections, inserted in ${((Date.now() - started) / 1000).toFixed(1)} s`);
      const listLoad = await load(`${address}/content/v1/articles?section=liaocheng`, { connections: 10, duration });
      console.log(row('GET /content/v1/articles?section= (10 conn.)', listLoad));
      console.log(`list p99 ${listLoad.latency.p99} ms (target ≤ 20 ms)`);

      // Every page of a walk is a new URL, so none is served from the rendered-list cache:
      // this times the database path itself (keyset pagination on the partial index).
      const timings: number[] = [];
      let cursor: string | null = null;
      for (let page = 0; page < 300; page++) {
        const started = performance.now();
        const response = await fetch(`${address}/content/v1/articles?section=liaocheng&limit=20${cursor ? `&cursor=${cursor}` : ''}`);
        const json = (await response.json()) as { nextCursor: string | null };
        timings.push(performance.now() - started);
        cursor = json.nextCursor;
        if (!cursor) break;
      }
      timings.sort((a, b) => a - b);
      const pct = (p: number) => timings[Math.min(timings.length - 1, Math.floor((p / 100) * timings.length))]!.toFixed(1);
      console.log(`uncached pages, one client walking ${timings.length} pages by cursor: p50 ${pct(50)} ms, p99 ${pct(99)} ms`);
    }
  } finally {
    await bare.close();
    await app.close();
    await drop();
  }
}

await main();
