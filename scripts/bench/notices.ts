// Import benchmark of notice tables: `npm run bench:notices [-- --db pglite|postgres|both]`.
//
// Goal: a 10,000-row CSV of a payout-claim list (序号,姓名,身份证号,区县,乡镇,村庄,赔款年度,金额(元))
// imports in ≤ 1 s, and a 100,000-row one in ≤ 10 s with the service staying under 300 MB RSS,
// on PGlite and on PostgreSQL.
//
// Measured as a client sees it: the real service, compiled as `npm start` runs it
// (`node --expose-gc dist/server.js`, built first), runs as a child process
// (PGlite in a temporary DATA_DIR, or a fresh PostgreSQL database on BENCH_DATABASE_URL, dropped
// afterwards), and each run times `PUT /api/v1/notices/{id}/table` with the CSV, from the first
// byte sent to the last byte of the response read. The service's RSS is sampled from
// /proc/<pid>/status every 50 ms while it imports, and its high-water mark (VmHWM, reset before
// each run through /proc/<pid>/clear_refs where the kernel allows) is read afterwards; the peak
// is the larger of the two. The server's `writing a notice table` log line splits each run into
// reading the file (upload, parse, type every cell) and writing the rows (one transaction).
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { checkCharacter } from '../../src/lib/id-card.js';
import { prepareTarget } from '../lib/bench-target.js';
import { seeded } from '../lib/random.js';
import { buildService, untilServing } from '../lib/server-process.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const { values: args } = parseArgs({
  options: {
    db: { type: 'string', default: 'pglite' },
    'small-runs': { type: 'string', default: '5' },
    'large-runs': { type: 'string', default: '3' },
  },
});
const ADMIN_TOKEN = `bench-admin-${randomBytes(12).toString('hex')}`;
const SAMPLE_MS = 50;
const MiB = 1024 * 1024;
for (const flag of ['small-runs', 'large-runs'] as const) {
  if (!/^[1-9]\d*$/.test(args[flag] ?? '')) throw new Error(`--${flag} must be a whole number of runs, at least 1`);
}

interface Size {
  rows: number;
  runs: number;
  goalMs: number;
  /** The RSS bound, in MB (10^6 bytes), when the goal sets one for this size. */
  goalRssMB?: number;
}

const SIZES: Size[] = [
  { rows: 10_000, runs: Number(args['small-runs']), goalMs: 1_000 },
  { rows: 100_000, runs: Number(args['large-runs']), goalMs: 10_000, goalRssMB: 300 },
];

// ---------------------------------------------------------------------------------------------
// Realistic rows: a Liaocheng insurer's list of payouts, varied names, places, IDs and amounts.

const SURNAMES = [...'王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗梁宋郑谢韩唐冯于董萧程曹袁邓许傅沈曾彭吕苏卢蒋蔡贾丁魏薛叶阎余潘杜戴夏钟汪田任姜范方石姚谭廖邹熊金陆郝孔白崔康毛邱秦江史顾侯邵孟龙万段雷钱汤尹黎易常武乔贺赖龚文'];
const COMPOUND_SURNAMES = ['欧阳', '司马', '上官', '诸葛', '东方', '皇甫', '公孙', '慕容'];
const GIVEN = [...'西顺桂英秀兰玉珍建国志强明华丽娟春梅海涛红霞淑芬德胜凤琴永刚金花文斌立新晓东宝山俊杰秀云翠萍庆丰长林广才福成云峰玉兰素珍学军'];
/** The counties of Liaocheng with their region codes, and some of their townships. */
const COUNTIES: { name: string; code: string; townships: string[] }[] = [
  { name: '东昌府', code: '371502', townships: ['张炉集', '郑家', '梁水镇', '斗虎屯', '堂邑', '沙镇', '侯营', '于集'] },
  { name: '茌平', code: '371503', townships: ['博平', '杜郎口', '贾寨', '肖家庄', '韩屯', '胡屯', '冯官屯'] },
  { name: '阳谷', code: '371521', townships: ['阿城', '七级', '安乐', '定水', '石佛', '李台', '寿张', '十五里园'] },
  { name: '莘县', code: '371522', townships: ['张鲁', '朝城', '观城', '古城', '大张家', '古云', '十八里铺', '燕店'] },
  { name: '东阿', code: '371524', townships: ['铜城', '新城', '刘集', '牛角店', '大桥', '高集', '姚寨'] },
  { name: '冠县', code: '371525', townships: ['柳林', '清水', '东古城', '北馆陶', '店子', '定远寨', '辛集', '梁堂'] },
  { name: '高唐', code: '371526', townships: ['琉璃寺', '梁村', '尹集', '清平', '固河', '三十里铺', '汇鑫'] },
  { name: '临清', code: '371581', townships: ['烟店', '潘庄', '康庄', '魏湾', '刘垓子', '松林', '老赵庄', '八岔路'] },
];
const VILLAGE_SUFFIXES = ['庄', '屯', '营', '集', '楼', '店', '寨', '堂', '院', '口'];

function pick<T>(rand: () => number, items: readonly T[]): T {
  return items[Math.floor(rand() * items.length)]!;
}

function nameOf(rand: () => number): string {
  const surname = rand() < 0.02 ? pick(rand, COMPOUND_SURNAMES) : pick(rand, SURNAMES);
  return surname + pick(rand, GIVEN) + (rand() < 0.7 ? pick(rand, GIVEN) : '');
}

function digits(rand: () => number, count: number): string {
  let out = '';
  for (let i = 0; i < count; i++) out += Math.floor(rand() * 10);
  return out;
}

/** Mostly the masked form a notice prints; one in ten a full, valid number the service must mask; a few blank. */
function idNumberOf(rand: () => number, regionCode: string): string {
  const roll = rand();
  if (roll < 0.02) return '';
  const year = 1935 + Math.floor(rand() * 66);
  const sequence = digits(rand, 3);
  if (roll < 0.12) {
    const month = 1 + Math.floor(rand() * 12);
    const day = 1 + Math.floor(rand() * 28);
    const first17 = `${regionCode}${year}${String(month).padStart(2, '0')}${String(day).padStart(2, '0')}${sequence}`;
    return first17 + checkCharacter(first17);
  }
  return `${regionCode}${year}****${sequence}${rand() < 1 / 11 ? 'X' : Math.floor(rand() * 10)}`;
}

/** Yuan with 0, 1 or 2 decimals (400, 312.5, 1343.86); some large ones grouped and quoted as Excel writes them. */
function amountOf(rand: () => number): string {
  const fen = 2_000 + Math.floor(rand() * rand() * 800_000);
  const decimals = pick(rand, [0, 1, 2, 2, 2]);
  const rounded = decimals === 0 ? Math.round(fen / 100) * 100 : decimals === 1 ? Math.round(fen / 10) * 10 : fen;
  const text = (rounded / 100).toFixed(decimals);
  if (rounded >= 100_000 && rand() < 0.2) return `"${text.replace(/\B(?=(\d{3})+(?!\d))/, ',')}"`;
  return text;
}

/** A UTF-8 CSV with the seed's header and `count` rows. */
function payoutCsv(count: number, seed: number): Buffer {
  const rand = seeded(seed);
  const lines = ['序号,姓名,身份证号,区县,乡镇,村庄,赔款年度,金额(元)'];
  for (let i = 1; i <= count; i++) {
    const county = pick(rand, COUNTIES);
    const village = pick(rand, SURNAMES) + pick(rand, VILLAGE_SUFFIXES) + (rand() < 0.6 ? '村' : '');
    const year = 2018 + Math.floor(rand() * 6);
    lines.push(`${i},${nameOf(rand)},${idNumberOf(rand, county.code)},${county.name},${pick(rand, county.townships)},${village},${year},${amountOf(rand)}`);
  }
  return Buffer.from(lines.join('\n') + '\n');
}

// ---------------------------------------------------------------------------------------------
// The service as a child process.

interface LogEntry {
  at: number;
  line: Record<string, unknown>;
}

interface Server {
  child: ChildProcess;
  pid: number;
  baseUrl: string;
  /** Lines the server logged as JSON, in order, with when they arrived (Date.now()). */
  logs: LogEntry[];
  output: () => string;
}

async function startServer(env: Record<string, string>): Promise<Server> {
  const child = spawn(process.execPath, ['--expose-gc', 'dist/server.js'], {
    cwd: root,
    env: { PATH: process.env.PATH ?? '', PORT: '0', LOG_LEVEL: 'info', ADMIN_TOKEN, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  let pending = '';
  const logs: LogEntry[] = [];
  child.stdout!.on('data', (chunk: Buffer) => {
    output += chunk;
    pending += chunk;
    const lines = pending.split('\n');
    pending = lines.pop()!;
    for (const line of lines) {
      try {
        logs.push({ at: Date.now(), line: JSON.parse(line) as Record<string, unknown> });
      } catch {
        // not a log line
      }
    }
  });
  child.stderr!.on('data', (chunk) => (output += chunk));
  const baseUrl = await untilServing(child, () => output, 120_000);
  return { child, pid: child.pid!, baseUrl, logs, output: () => output };
}

async function stopServer(server: Server): Promise<void> {
  if (server.child.exitCode !== null || server.child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => server.child.once('exit', () => resolve()));
  server.child.kill('SIGTERM');
  const timer = setTimeout(() => server.child.kill('SIGKILL'), 20_000);
  await exited;
  clearTimeout(timer);
}

/** VmRSS and VmHWM of a process, in bytes. */
function memoryOf(pid: number): { rss: number; hwm: number } {
  const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
  const field = (name: string) => Number(new RegExp(`^${name}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? 0) * 1024;
  return { rss: field('VmRSS'), hwm: field('VmHWM') };
}

/** Resets the process's VmHWM to its current RSS; false where the kernel does not allow it. */
function resetPeak(pid: number): boolean {
  try {
    fs.writeFileSync(`/proc/${pid}/clear_refs`, '5');
    return true;
  } catch {
    return false;
  }
}

// ---------------------------------------------------------------------------------------------
// One import.

interface Run {
  ms: number;
  /** From the request's start to the server's `writing a notice table`: upload, parse, type. */
  readMs: number;
  /** From that line to the last byte of the response: the write transaction and the reply. */
  writeMs: number;
  /** How late the service's `writing a notice table` line reached its stdout pipe. */
  logLagMs: number;
  /** The longest a `GET /healthz` sent meanwhile waited: how long the import blocked the service. */
  longestProbeMs: number;
  peakRss: number;
  /** RSS just before the request: the peak less this is what the import itself took. */
  rssBefore: number;
  masked: number;
}

async function json<T>(response: Response, what: string): Promise<T> {
  const text = await response.text();
  if (!response.ok) throw new Error(`${what}: ${response.status} ${text.slice(0, 500)}`);
  return JSON.parse(text) as T;
}

async function importOnce(server: Server, noticeId: number, version: number, csv: Buffer, rows: number, requestId: string): Promise<{ run: Run; version: number }> {
  const resetWorks = resetPeak(server.pid);
  const rssBefore = memoryOf(server.pid).rss;
  let sampled = rssBefore;
  const sampler = setInterval(() => {
    try {
      sampled = Math.max(sampled, memoryOf(server.pid).rss);
    } catch {
      // the process is gone; the request fails below
    }
  }, SAMPLE_MS);
  // Another client meanwhile: how long does the service leave a liveness probe waiting?
  let importing = true;
  let longestProbe = 0;
  const prober = (async () => {
    while (importing) {
      const sent = performance.now();
      await fetch(`${server.baseUrl}/healthz`).then((r) => r.arrayBuffer());
      longestProbe = Math.max(longestProbe, performance.now() - sent);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  })();
  const startedAt = Date.now();
  const started = performance.now();
  let body: { table: { rowCount: number }; masked?: unknown[] };
  let etag: string | null;
  try {
    const response = await fetch(`${server.baseUrl}/api/v1/notices/${noticeId}/table`, {
      method: 'PUT',
      headers: {
        authorization: `Bearer ${ADMIN_TOKEN}`,
        'content-type': 'text/csv',
        'if-match': `"${version}"`,
        'x-request-id': requestId,
      },
      body: new Uint8Array(csv),
    });
    etag = response.headers.get('etag');
    body = await json(response, `PUT table (${rows} rows)`);
  } finally {
    clearInterval(sampler);
    importing = false;
  }
  const ms = performance.now() - started;
  const endedAt = startedAt + ms;
  const memory = memoryOf(server.pid);
  const peakRss = Math.max(sampled, memory.rss, resetWorks ? memory.hwm : 0);
  await prober;
  if (body.table.rowCount !== rows) throw new Error(`the table has ${body.table.rowCount} rows, not ${rows}`);
  const next = Number(/"(\d+)"/.exec(etag ?? '')?.[1]);
  if (!Number.isInteger(next) || next !== version + 1) throw new Error(`unexpected ETag ${etag} after version ${version}`);
  // The service's log line may reach its stdout late (pino writes asynchronously): wait for it.
  const isWriting = (entry: LogEntry) => entry.line.reqId === requestId && entry.line.msg === 'writing a notice table';
  for (let waited = 0; !server.logs.some(isWriting) && waited < 5000; waited += 50) await new Promise((resolve) => setTimeout(resolve, 50));
  const writing = server.logs.find(isWriting);
  const writingAt = typeof writing?.line.time === 'number' ? writing.line.time : NaN;
  return {
    run: {
      ms,
      readMs: writingAt - startedAt,
      writeMs: endedAt - writingAt,
      logLagMs: writing ? writing.at - writingAt : NaN,
      longestProbeMs: longestProbe,
      peakRss,
      rssBefore,
      masked: body.masked?.length ?? 0,
    },
    version: next,
  };
}

// ---------------------------------------------------------------------------------------------
// Targets and the report.


const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
};
const seconds = (ms: number) => `${(ms / 1000).toFixed(2)} s`;
const mib = (bytes: number) => `${(bytes / MiB).toFixed(0)} MiB`;

interface Verdict {
  target: string;
  rows: number;
  time: 'PASS' | 'FAIL';
  rss?: 'PASS' | 'FAIL';
  peakRss: number;
  /** The service's RSS at rest after a restart, before any import. */
  idleRss: number;
}

async function benchTarget(db: 'pglite' | 'postgres', files: Map<number, Buffer[]>): Promise<Verdict[]> {
  const target = await prepareTarget(db, 'notices');
  const verdicts: Verdict[] = [];
  let server: Server | undefined;
  try {
    console.log(`\n== ${target.describe}`);
    // The first start creates and migrates the database; a service mostly runs on one that
    // exists, so the imports are measured after a restart.
    let starting = performance.now();
    server = await startServer(target.env);
    const first = { ms: performance.now() - starting, hwm: memoryOf(server.pid).hwm };
    await stopServer(server);
    starting = performance.now();
    server = await startServer(target.env);
    const startMs = performance.now() - starting;
    await new Promise((resolve) => setTimeout(resolve, 3000));
    const idle = memoryOf(server.pid);
    console.log(
      `first start (creates the database) ${seconds(first.ms)}, RSS high-water mark ${mib(first.hwm)}; ` +
        `restart ${seconds(startMs)}, high-water mark ${mib(idle.hwm)}, RSS idle ${mib(idle.rss)} (service pid ${server.pid})`,
    );
    const headers = { authorization: `Bearer ${ADMIN_TOKEN}`, 'content-type': 'application/json' };
    const created = await json<{ id: number; version: number }>(
      await fetch(`${server.baseUrl}/api/v1/notices`, {
        method: 'POST',
        headers,
        body: JSON.stringify({ kind: 'payout_claim', title: '赔款认领公示', issuer: '中华联合财产保险股份有限公司聊城中心支公司', issuedOn: '2024-04-10', claimDays: 30 }),
      }),
      'create notice',
    );
    let version = created.version;
    for (const size of SIZES) {
      const runs: Run[] = [];
      for (let i = 0; i < size.runs; i++) {
        const variants = files.get(size.rows)!;
        const result = await importOnce(server, created.id, version, variants[i % variants.length]!, size.rows, `bench-${db}-${size.rows}-${i + 1}`);
        version = result.version;
        runs.push(result.run);
        const r = result.run;
        console.log(
          `  ${String(size.rows).padStart(7)} rows, run ${i + 1}: ${seconds(r.ms)} (read ${seconds(r.readMs)}, write ${seconds(r.writeMs)}), ` +
            `${Math.round(size.rows / (r.ms / 1000))} rows/s, peak RSS ${mib(r.peakRss)} (+${mib(r.peakRss - r.rssBefore)} over ${mib(r.rssBefore)} before); ` +
            `${r.masked} IDs masked; /healthz waited up to ${seconds(r.longestProbeMs)}; log line ${r.logLagMs.toFixed(0)} ms late`,
        );
      }
      const times = runs.map((r) => r.ms);
      const mid = median(times);
      const max = Math.max(...times);
      const peak = Math.max(...runs.map((r) => r.peakRss));
      const stall = Math.max(...runs.map((r) => r.longestProbeMs));
      const time = max <= size.goalMs ? 'PASS' : 'FAIL';
      const rss = size.goalRssMB === undefined ? undefined : peak < size.goalRssMB * 1e6 ? 'PASS' : 'FAIL';
      verdicts.push({ target: target.name, rows: size.rows, time, ...(rss && { rss }), peakRss: peak, idleRss: idle.rss });
      console.log(
        `${target.name.padEnd(10)} ${String(size.rows).padStart(7)} rows × ${size.runs}: median ${seconds(mid)}, max ${seconds(max)}, ` +
          `read ${seconds(median(runs.map((r) => r.readMs)))} + write ${seconds(median(runs.map((r) => r.writeMs)))} (medians), ` +
          `${Math.round(size.rows / (mid / 1000))} rows/s; peak RSS ${mib(peak)} (${(peak / 1e6).toFixed(0)} MB); other requests stalled up to ${seconds(stall)}`,
      );
      console.log(
        `           goal ≤ ${seconds(size.goalMs)} every run: ${time === 'PASS' ? 'PASS' : `FAIL${mid <= size.goalMs ? ' (the median meets it)' : ''}`}` +
          (size.goalRssMB === undefined ? '' : `; goal < ${size.goalRssMB} MB RSS: ${rss}`),
      );
    }
    console.log(`service RSS after the imports ${mib(memoryOf(server.pid).rss)}, high-water mark since the last reset ${mib(memoryOf(server.pid).hwm)}`);
  } finally {
    if (server) await stopServer(server);
    await target.cleanup();
  }
  return verdicts;
}

async function main(): Promise<void> {
  const targets: ('pglite' | 'postgres')[] =
    args.db === 'both' ? ['pglite', 'postgres'] : args.db === 'postgres' ? ['postgres'] : args.db === 'pglite' ? ['pglite'] : [];
  if (targets.length === 0) throw new Error(`--db must be pglite, postgres or both, got ${args.db}`);
  buildService();
  const cpus = os.cpus();
  console.log(`Newsroom notice-table import benchmark, ${new Date().toISOString()}`);
  console.log(`machine: ${cpus.length} × ${cpus[0]?.model.trim()}, ${Math.round(os.totalmem() / 2 ** 30)} GiB, ${os.platform()} ${os.release()}, node ${process.version}`);

  // Two variants of each size, so consecutive runs do not upload the same file.
  const files = new Map<number, Buffer[]>();
  for (const size of SIZES) {
    const started = performance.now();
    files.set(size.rows, [payoutCsv(size.rows, size.rows + 1), payoutCsv(size.rows, size.rows + 2)]);
    const first = files.get(size.rows)![0]!;
    const sample = first.toString('utf8', 0, 400).split('\n').slice(1, 3).join(' | ');
    console.log(`${size.rows}-row CSV: ${(first.length / 1e6).toFixed(2)} MB, generated in ${seconds(performance.now() - started)}; e.g. ${sample}`);
  }

  const verdicts: Verdict[] = [];
  for (const db of targets) verdicts.push(...(await benchTarget(db, files)));
  console.log('\nsummary');
  for (const v of verdicts) {
    const rss = v.rss ? `, RSS ${v.rss} (peak ${(v.peakRss / 1e6).toFixed(0)} MB; the service idles at ${(v.idleRss / 1e6).toFixed(0)} MB before any import)` : '';
    console.log(`  ${v.target.padEnd(10)} ${String(v.rows).padStart(7)} rows: time ${v.time}${rss}`);
  }
  if (verdicts.some((v) => v.time === 'FAIL' || v.rss === 'FAIL')) process.exitCode = 1;
}

await main();
