// Benchmark of the page import: `npm run bench:import [-- --db pglite|postgres|both] [--runs N]`.
//
// Goals: the sample page (samples/liaocheng-page.txt: two stories, a 24-row notice) imports in
// ≤ 50 ms, median; a page with a 10,000-row notice table in ≤ 1 s.
//
// Measured as a client sees it: the real service, compiled as `npm start` runs it, runs as a
// child process (PGlite in a temporary DATA_DIR, or a fresh PostgreSQL database on
// BENCH_DATABASE_URL, dropped afterwards), and each run times `POST /api/v1/imports/page` from
// the first byte sent to the last byte of the 201 read. An import of the same text answers with
// the first drafts, so every run sends a different page: the sample with its second story's
// last paragraph numbered, and a generated payout-claim table with its amounts shifted by the
// run. Three warm-up imports come first. Prints median, min and max per page and database.
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { checkCharacter } from '../../src/lib/id-card.js';
import { prepareTarget } from '../lib/bench-target.js';
import { buildService, startServer, stopServer, type Server } from '../lib/server-process.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const { values: args } = parseArgs({ options: { db: { type: 'string', default: 'both' }, runs: { type: 'string', default: '30' } } });
if (!['pglite', 'postgres', 'both'].includes(args.db!)) throw new Error('--db must be pglite, postgres or both');
if (!/^[1-9]\d*$/.test(args.runs!)) throw new Error('--runs must be a whole number, at least 1');
const RUNS = Number(args.runs);
const LARGE_RUNS = Math.max(3, Math.ceil(RUNS / 6));
const ADMIN_TOKEN = `bench-admin-${randomBytes(12).toString('hex')}`;
const SAMPLE = fs.readFileSync(path.join(root, 'samples/liaocheng-page.txt'), 'utf8');
const LAST_PARAGRAPH = '杨振是一名退役军人';
if (!SAMPLE.includes(LAST_PARAGRAPH)) throw new Error('the sample page has changed: update the benchmark');

/** The sample with its second story's last paragraph numbered: a page no run has sent before. */
function samplePage(run: number): string {
  return SAMPLE.replace(LAST_PARAGRAPH, `${LAST_PARAGRAPH}（第${run}次导入）`);
}

const COUNTIES = ['东昌府', '阳谷', '冠县', '东阿', '高唐', '莘县', '茌平', '临清'];
const SURNAMES = [...'王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗'];
const GIVEN = [...'伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华'];

/** A notice page whose table has `rows` payout rows (masked IDs) and a correct 合计 row. */
function largePage(rows: number, run: number): string {
  const lines = ['# 农业保险赔款认领公示', '', '尊敬的客户:', '', '下表所列种植险赔款请于10日内来我司认领。联系人:李经理,联系电话:0635-8888888。', '', '特此公示', '', '某某财产保险股份有限公司聊城中心支公司', '2024年5月8日', ''];
  lines.push(['序号', '姓名', '身份证号', '区县', '乡镇', '村庄', '赔款年度', '金额(元)'].join('\t'));
  let total = 0;
  for (let i = 1; i <= rows; i += 1) {
    const first17 = `3715${String(21 + (i % 8)).padStart(2, '0')}19${String(50 + (i % 50)).padStart(2, '0')}${String(1 + (i % 12)).padStart(2, '0')}${String(1 + (i % 28)).padStart(2, '0')}${String(i % 1000).padStart(3, '0')}`;
    const id = `${first17.slice(0, 10)}****${first17.slice(14)}${checkCharacter(first17)}`;
    const fen = 1000 + ((i * 7919 + run) % 90_000);
    total += fen;
    const name = `${SURNAMES[i % SURNAMES.length]}${GIVEN[(i * 7) % GIVEN.length]}${GIVEN[(i * 13) % GIVEN.length]}`;
    lines.push([i, name, id, COUNTIES[i % COUNTIES.length], '某某镇', `第${(i % 40) + 1}村`, 2020 + (i % 4), (fen / 100).toFixed(2)].join('\t'));
  }
  lines.push(['合计', '', '', '', '', '', '', (total / 100).toFixed(2)].join('\t'));
  return `${lines.join('\n')}\n`;
}

async function importPage(baseUrl: string, text: string): Promise<number> {
  const started = performance.now();
  const res = await fetch(`${baseUrl}/api/v1/imports/page`, {
    method: 'POST',
    headers: { authorization: `Bearer ${ADMIN_TOKEN}`, 'content-type': 'text/markdown; charset=utf-8' },
    body: text,
  });
  const body = await res.text();
  const elapsed = performance.now() - started;
  if (res.status !== 201) throw new Error(`POST /api/v1/imports/page: ${res.status} ${body.slice(0, 300)}`);
  return elapsed;
}

function stats(times: number[]): { median: number; min: number; max: number } {
  const sorted = [...times].sort((a, b) => a - b);
  const mid = sorted.length / 2;
  const median = sorted.length % 2 ? sorted[Math.floor(mid)]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
  return { median, min: sorted[0]!, max: sorted[sorted.length - 1]! };
}

const fmt = (ms: number) => `${ms.toFixed(1)} ms`;

async function bench(db: 'pglite' | 'postgres'): Promise<boolean> {
  const target = await prepareTarget(db, 'import');
  let server: Server | undefined;
  try {
    server = await startServer(['--expose-gc', 'dist/server.js'], { ...target.env, PORT: '0', LOG_LEVEL: 'info', ADMIN_TOKEN });
    for (let i = 0; i < 3; i += 1) await importPage(server.baseUrl, samplePage(-1 - i));
    const sample: number[] = [];
    for (let run = 0; run < RUNS; run += 1) sample.push(await importPage(server.baseUrl, samplePage(run)));
    const large: number[] = [];
    for (let run = 0; run < LARGE_RUNS; run += 1) large.push(await importPage(server.baseUrl, largePage(10_000, run)));
    const s = stats(sample);
    const l = stats(large);
    const sampleOk = s.median <= 50;
    const largeOk = l.median <= 1000;
    console.log(`\n${target.name}: ${target.describe}`);
    console.log(`  sample page (2 stories, 24-row notice), ${RUNS} runs: median ${fmt(s.median)}, min ${fmt(s.min)}, max ${fmt(s.max)}  goal ≤ 50 ms  ${sampleOk ? 'PASS' : 'FAIL'}`);
    console.log(`  10,000-row notice page (${(Buffer.byteLength(largePage(10_000, 0)) / 1024).toFixed(0)} KiB), ${LARGE_RUNS} runs: median ${fmt(l.median)}, min ${fmt(l.min)}, max ${fmt(l.max)}  goal ≤ 1 s  ${largeOk ? 'PASS' : 'FAIL'}`);
    return sampleOk && largeOk;
  } finally {
    await stopServer(server);
    await target.cleanup();
  }
}

buildService();
console.log(`bench:import — ${os.cpus().length} × ${os.cpus()[0]?.model ?? 'CPU'}, ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.version}, ${new Date().toISOString().slice(0, 10)}`);
let ok = true;
for (const db of args.db === 'both' ? (['pglite', 'postgres'] as const) : [args.db as 'pglite' | 'postgres']) ok = (await bench(db)) && ok;
process.exitCode = ok ? 0 : 1;
