// Print benchmark: `npm run bench:print [-- --db pglite|postgres]`.
//
// 1. The sample page — both Liaocheng stories whole and the 24-row payout notice, in 5, 3 and 3
//    columns on broadsheet page A03 of 2024-04-11 — as a print PDF: the warm median of
//    GET /print/editions/{date}/pages/A03.pdf. Goal ≤ 50 ms.
// 2. An 8-page edition, A01–A08, each page holding its own copies of the same three items: the
//    warm median of GET /print/editions/{date}.pdf. Goal ≤ 500 ms.
// 3. GET /content/v1/articles/{id} of a published article under autocannon (10 connections)
//    while the sample page is edited and rendered back to back. Goal p99 ≤ 50 ms, no errors.
// 4. Chromium's page.pdf() of the web pages with the same content (the two stories' and the
//    notice's pages, published), warm, against the Typst page: no goal, the ratio is printed.
//
// Finished PDFs are cached by the versions of what is on them, so every timed render follows
// an edit (a PATCH, not timed) that makes a new version of the page's lead story (and for the
// edition, of every page's lead story): a new headline, or one paragraph changed, by turns. The print pool's
// worker starts with the first render, so a few renders warm it up first. The service runs as
// `npm start` runs it (`node --expose-gc dist/server.js`, built first, logging at info) in a
// child process, on PGlite in a temporary DATA_DIR or on a fresh PostgreSQL database on
// BENCH_DATABASE_URL, dropped afterwards; autocannon runs in a process of its own. --renders,
// --editions, --chromium-runs, --duration (s) and --connections change the runs' sizes.
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { chromium, type Page } from 'playwright-core';
import { databaseOption, prepareTarget } from '../lib/bench-target.js';
import { buildService, startServer, stopServer, type Server } from '../lib/server-process.js';
import { client, move, type Call, type Item } from '../lib/api-client.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const { values: args } = parseArgs({
  options: {
    db: { type: 'string', default: 'pglite' },
    renders: { type: 'string', default: '20' },
    'chromium-runs': { type: 'string', default: '5' },
    editions: { type: 'string', default: '10' },
    duration: { type: 'string', default: '15' },
    connections: { type: 'string', default: '10' },
  },
});
const ADMIN_TOKEN = `bench-admin-${randomBytes(12).toString('hex')}`;
const CHROMIUM = '/usr/bin/chromium';
const GOAL = { pageMs: 50, editionMs: 500, contentP99Ms: 50 };
const WARM_UP = 3;
const SAMPLE_DATE = '2024-04-11';
const EDITION_DATE = '2024-04-12';

const fixture = (file: string) => fs.readFileSync(path.join(root, 'test/fixtures', file));
const STORY_1 = {
  headline: '“1+2+4”创新模式破解难题',
  subtitle: '聊城市被评为省级商业秘密保护创新试点',
  body: fixture('print/liaocheng-story-1.md').toString('utf8'),
  credits: [
    { role: 'reporter', name: '国晓宁' },
    { role: 'correspondent', name: '楚克伟' },
  ],
};
const STORY_2 = {
  headline: '在景区救起两名落水儿童 悄然离去的他被找到了',
  body: fixture('print/liaocheng-story-2.md').toString('utf8'),
  credits: [{ role: 'reporter', name: '国晓宁' }],
};
/** The payout notice's text; its 24 rows come from the TSV fixture. */
const NOTICE = {
  kind: 'payout_claim',
  title: '赔款认领公示',
  salutation: '尊敬的客户:',
  preamble: '以下客户在我公司的赔款因账户信息有误等原因未能支付成功，请于5日内携带本人身份证、银行卡到我公司认领。\n\n联系人:温经理, 联系电话:0635-8242056',
  issuer: '中国人民财产保险股份有限公司聊城市分公司理赔中心/客户服务中心',
  issuedOn: '2024-04-10',
  contact: { name: '温经理', phone: '0635-8242056' },
  claimDays: 5,
};
const NOTICE_TSV = fixture('notices/liaocheng-payout.tsv').toString('utf8');

// ---------------------------------------------------------------------------------------------
// The newsroom API, as an editor uses it.

async function editorClient(baseUrl: string): Promise<{ call: Call; token: string }> {
  const admin = client(baseUrl, ADMIN_TOKEN);
  const user = await admin<{ id: number }>('POST', '/api/v1/users', { login: 'bench', name: '压测编辑', role: 'editor' });
  const { token } = await admin<{ token: string }>('POST', `/api/v1/users/${user.id}/tokens`, { label: 'bench:print' });
  return { call: client(baseUrl, token), token };
}

const EDITED = ['submitted', 'edited'];

/** The page's three items, edited and ready to place: story 1, story 2, the notice with its table. */
async function fileSampleItems(call: Call): Promise<[Item, Item, Item]> {
  const story1 = await move(call, 'articles', await call<Item>('POST', '/api/v1/articles', STORY_1), EDITED);
  const story2 = await move(call, 'articles', await call<Item>('POST', '/api/v1/articles', STORY_2), EDITED);
  const created = await call<Item>('POST', '/api/v1/notices', NOTICE);
  const tabled = await call<Item>('PUT', `/api/v1/notices/${created.id}/table`, NOTICE_TSV, { version: created.version, type: 'text/tab-separated-values' });
  return [story1, story2, await move(call, 'notices', tabled, EDITED)];
}

async function placeSamplePage(call: Call, date: string, label: string, [story1, story2, notice]: [Item, Item, Item]): Promise<void> {
  await call('PUT', `/api/v1/editions/${date}/pages/${label}`, {
    name: '聊城新闻',
    grid: 'broadsheet-8',
    items: [
      { kind: 'article', id: story1.id, columns: 5 },
      { kind: 'article', id: story2.id, columns: 3 },
      { kind: 'notice', id: notice.id, columns: 3 },
    ],
  });
}

/**
 * Edits an article so that it has a new version, so a new render: every other edit gives it a
 * headline it has not had before, the others change one paragraph of its body (a different one
 * each time), as a desk's edits do.
 */
async function retitle(call: Call, story: Item, n: number): Promise<Item> {
  if (n % 2 === 1) return call<Item>('PATCH', `/api/v1/articles/${story.id}`, { headline: `${STORY_1.headline}（${n}）` }, { version: story.version });
  const paragraphs = STORY_1.body.split('\n\n');
  const at = (n / 2) % paragraphs.length;
  paragraphs[at] = paragraphs[at]!.startsWith('#') ? `${paragraphs[at]}（${n}）` : `${paragraphs[at]}（修改${n}）`;
  return call<Item>('PATCH', `/api/v1/articles/${story.id}`, { body: paragraphs.join('\n\n') }, { version: story.version });
}

// ---------------------------------------------------------------------------------------------
// Measuring.

interface Stats {
  median: number;
  max: number;
  n: number;
}

function stats(values: number[]): Stats {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  const median = sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
  return { median, max: sorted.at(-1)!, n: sorted.length };
}

const ms = (value: number) => `${value.toFixed(1)} ms`;
const figures = (s: Stats) => `median ${ms(s.median)}, max ${ms(s.max)} (n = ${s.n})`;
const verdict = (pass: boolean) => (pass ? 'PASS' : 'FAIL');
const plural = (n: number, noun: string) => `${n} ${noun}${n === 1 ? '' : 's'}`;

/** Pages of a PDF, by its page objects (Typst and Chromium write them uncompressed). */
const pdfPages = (pdf: Buffer) => pdf.toString('latin1').match(/\/Type\s*\/Page(?![a-zA-Z])/g)?.length ?? 0;

/** One timed GET of a PDF; fails on anything but a 200 PDF. */
async function timedPdf(url: string, token: string): Promise<{ ms: number; pdf: Buffer }> {
  const started = performance.now();
  const response = await fetch(url, { headers: { authorization: `Bearer ${token}` } });
  const pdf = Buffer.from(await response.arrayBuffer());
  const elapsed = performance.now() - started;
  if (response.status !== 200 || response.headers.get('content-type') !== 'application/pdf') {
    throw new Error(`GET ${url}: ${response.status} ${pdf.toString('utf8').slice(0, 500)}`);
  }
  return { ms: elapsed, pdf };
}

interface Load {
  requests: { average: number; total: number };
  latency: { p50: number; p99: number; max: number };
  errors: number;
  timeouts: number;
  non2xx: number;
}

/** autocannon in a process of its own, against one URL. */
function autocannon(url: string, connections: number, seconds: number): Promise<Load> {
  const bin = path.join(root, 'node_modules/.bin/autocannon');
  return new Promise((resolve, reject) =>
    execFile(bin, ['--json', '-c', String(connections), '-d', String(seconds), url], { maxBuffer: 64 * 1024 * 1024 }, (err, out) =>
      err ? reject(err) : resolve(JSON.parse(out.trim().split('\n').at(-1)!) as Load),
    ),
  );
}

const loadRow = (r: Load) =>
  `${r.requests.average.toFixed(0)} req/s, p50 ${r.latency.p50} ms, p99 ${r.latency.p99} ms, max ${r.latency.max} ms, ` +
  `errors ${r.errors}, timeouts ${r.timeouts}, non-2xx ${r.non2xx}`;

/**
 * Chromium's page.pdf() of each URL, every run printing them all one after the other; a first
 * run, after each page's load, is not counted. Returns the times of whole runs and of each page.
 */
async function chromiumPdfs(urls: string[], runs: number): Promise<{ total: Stats; each: Stats[]; pages: number[]; bytes: number[]; version: string }> {
  const browser = await chromium.launch({ executablePath: CHROMIUM });
  try {
    const tabs: Page[] = [];
    for (const url of urls) {
      const tab = await browser.newPage();
      const response = await tab.goto(url, { waitUntil: 'load' });
      if (response?.status() !== 200) throw new Error(`Chromium: GET ${url}: ${response?.status()}`);
      tabs.push(tab);
    }
    const print = async () => {
      const out = [];
      for (const tab of tabs) {
        const started = performance.now();
        const pdf = await tab.pdf({ format: 'A4', preferCSSPageSize: true });
        out.push({ ms: performance.now() - started, pdf });
      }
      return out;
    };
    const first = await print();
    const times: number[][] = [];
    for (let i = 0; i < runs; i++) times.push((await print()).map((p) => p.ms));
    return {
      total: stats(times.map((run) => run.reduce((a, b) => a + b, 0))),
      each: urls.map((_, i) => stats(times.map((run) => run[i]!))),
      pages: first.map((p) => pdfPages(p.pdf)),
      bytes: first.map((p) => p.pdf.length),
      version: browser.version(),
    };
  } finally {
    await browser.close();
  }
}

// ---------------------------------------------------------------------------------------------
// The runs.

/** What the runs print and read, filed through the API. */
interface Seeded {
  /** Story 1, story 2 and the notice, on page A03 of the sample date. */
  sample: [Item, Item, Item];
  /** The lead story of each page of the 8-page edition. */
  leads: Item[];
  /** The published article the content API serves. */
  published: Item;
}

async function seed(call: Call): Promise<Seeded> {
  const sample = await fileSampleItems(call);
  await call('POST', '/api/v1/editions', { date: SAMPLE_DATE, issueNumber: 9876 });
  await placeSamplePage(call, SAMPLE_DATE, 'A03', sample);
  // An item is placed once an edition, so each page gets its own copies.
  await call('POST', '/api/v1/editions', { date: EDITION_DATE, issueNumber: 9877 });
  const leads: Item[] = [];
  for (let n = 1; n <= 8; n++) {
    const items = await fileSampleItems(call);
    await placeSamplePage(call, EDITION_DATE, `A0${n}`, items);
    leads.push(items[0]);
  }
  const published = await move(call, 'articles', await call<Item>('POST', '/api/v1/articles', STORY_2), [...EDITED, 'published']);
  return { sample, leads, published };
}

/** Timed PDFs of the sample page and the edition, each after an edit that makes it new. */
function printer(base: string, call: Call, token: string, seeded: Seeded) {
  const pageUrl = `${base}/print/editions/${SAMPLE_DATE}/pages/A03.pdf`;
  const editionUrl = `${base}/print/editions/${EDITION_DATE}.pdf`;
  let edits = 0;
  let lead = seeded.sample[0];
  const leads = [...seeded.leads];
  return {
    async page() {
      lead = await retitle(call, lead, ++edits);
      return timedPdf(pageUrl, token);
    },
    /** The page unchanged: read from the database, then served from the cache. */
    cached: () => timedPdf(pageUrl, token),
    async edition() {
      for (let p = 0; p < leads.length; p++) leads[p] = await retitle(call, leads[p]!, ++edits);
      return timedPdf(editionUrl, token);
    },
    /** Gives the sample page's lead story its headline back and publishes the page's items. */
    async publishSample() {
      lead = await call<Item>('PATCH', `/api/v1/articles/${lead.id}`, { headline: STORY_1.headline, body: STORY_1.body }, { version: lead.version });
      await move(call, 'articles', lead, ['published']);
      await move(call, 'articles', seeded.sample[1], ['published']);
      await move(call, 'notices', await call<Item>('GET', `/api/v1/notices/${seeded.sample[2].id}`), ['published']);
    },
  };
}

/** Runs `run` `count` times: the figures of its times, and the last PDF. */
async function times(count: number, run: () => Promise<{ ms: number; pdf: Buffer }>): Promise<{ stats: Stats; pdf: Buffer }> {
  const all: number[] = [];
  let last: Buffer | undefined;
  for (let i = 0; i < count; i++) {
    const out = await run();
    all.push(out.ms);
    last = out.pdf;
  }
  return { stats: stats(all), pdf: last! };
}

async function main(): Promise<void> {
  const renders = Number(args.renders);
  const duration = Number(args.duration);
  const connections = Number(args.connections);
  buildService();
  const db = databaseOption(args.db);
  const target = await prepareTarget(db, 'print');
  let service: Server | undefined;
  try {
    service = await startServer(['--expose-gc', 'dist/server.js'], { ...target.env, PORT: '0', LOG_LEVEL: 'info', ADMIN_TOKEN });
    const base = service.baseUrl;
    const { call, token } = await editorClient(base);
    const seeded = await seed(call);
    const print = printer(base, call, token, seeded);

    const cpus = os.cpus();
    const loadBefore = os.loadavg()[0]!;
    console.log(`Newsroom print benchmark, ${new Date().toISOString()}`);
    console.log(`machine: ${cpus.length} × ${cpus[0]?.model.trim()}, ${Math.round(os.totalmem() / 2 ** 30)} GiB, ${os.platform()} ${os.release()}, node ${process.version}; load average ${loadBefore.toFixed(2)}`);
    console.log(`database: ${target.describe}; one print worker (PRINT_WORKERS default); each timed render follows an edit (a PATCH, not timed)`);

    const cold = await print.page();
    for (let i = 1; i < WARM_UP; i++) await print.page();
    console.log(`first render after start, which starts the print worker: ${ms(cold.ms)}; ${WARM_UP - 1} more to warm up`);
    const page = await times(renders, print.page);
    const pagePass = page.stats.median <= GOAL.pageMs;
    console.log(`sample page A03 (2 stories, notice of 24 rows; ${page.pdf.length} bytes): ${figures(page.stats)}; goal median ≤ ${GOAL.pageMs} ms: ${verdict(pagePass)}`);
    console.log(`  the same page unchanged, from the cache after reading it: ${figures((await times(renders, print.cached)).stats)}`);

    // The first edition render is not counted: the worker's first sight of pages A01–A08.
    await print.edition();
    const edition = await times(Number(args.editions), print.edition);
    const editionPass = edition.stats.median <= GOAL.editionMs;
    console.log(`edition of 8 pages (lead story of each page edited; ${edition.pdf.length} bytes, ${plural(pdfPages(edition.pdf), 'page')}): ${figures(edition.stats)}; goal median ≤ ${GOAL.editionMs} ms: ${verdict(editionPass)}`);

    const contentUrl = `${base}/content/v1/articles/${seeded.published.id}`;
    const quietSeconds = Math.min(5, duration);
    console.log(`GET /content/v1/articles/{id}, autocannon ${connections} connections, ${quietSeconds} s, no renders:  ${loadRow(await autocannon(contentUrl, connections, quietSeconds))}`);
    const stream: number[] = [];
    let loading = true;
    const loaded = autocannon(contentUrl, connections, duration).finally(() => (loading = false));
    while (loading) stream.push((await print.page()).ms);
    const busy = await loaded;
    const contentPass = busy.latency.p99 <= GOAL.contentP99Ms && busy.errors + busy.timeouts + busy.non2xx === 0;
    console.log(`GET /content/v1/articles/{id}, autocannon ${connections} connections, ${duration} s, renders back to back: ${loadRow(busy)}`);
    console.log(`  ${stream.length} edits and page renders meanwhile, render ${figures(stats(stream))}; goal p99 ≤ ${GOAL.contentP99Ms} ms, no errors: ${verdict(contentPass)}`);

    await print.publishSample();
    const [story1, story2, notice] = seeded.sample;
    const webPaths = [`/articles/${story1.id}`, `/articles/${story2.id}`, `/notices/${notice.id}`];
    const web = await chromiumPdfs(webPaths.map((p) => `${base}${p}`), Number(args['chromium-runs']));
    console.log(`Chromium ${web.version} page.pdf(), A4, of the web pages with the same content:`);
    webPaths.forEach((p, i) => console.log(`  ${p}: ${figures(web.each[i]!)}; ${web.bytes[i]} bytes, ${plural(web.pages[i]!, 'page')}`));
    console.log(`  the three together: ${figures(web.total)}; ratio Chromium / Typst (medians) ${(web.total.median / page.stats.median).toFixed(1)}`);

    // The build and the benchmark's own processes count too; other work shows as a higher figure.
    console.log(`load average ${loadBefore.toFixed(2)} before the runs, ${os.loadavg()[0]!.toFixed(2)} after, on ${cpus.length} CPUs`);
    const pass = pagePass && editionPass && contentPass;
    console.log(`page ${verdict(pagePass)}, edition ${verdict(editionPass)}, content API during renders ${verdict(contentPass)}: ${verdict(pass)}`);
    if (!pass) process.exitCode = 1;
  } finally {
    await stopServer(service);
    await target.cleanup();
  }
}

await main();
