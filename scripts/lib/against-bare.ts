// Loading the service against a bare Fastify route with autocannon: one GET as sent, the CPU a
// process used, one run with the other server paused, and its row of figures.
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Server } from './server-process.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
/** Linux's USER_HZ: /proc/<pid>/stat counts CPU time in these ticks. */
const TICKS_PER_SECOND = 100;

export interface Answer {
  status: number;
  /** Header names and values as sent, in order. */
  rawHeaders: string[];
  body: Buffer;
}

/** One GET over node:http, keeping the headers exactly as sent. */
export function get(url: string): Promise<Answer> {
  return new Promise((resolve, reject) => {
    http
      .get(url, (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('end', () => resolve({ status: response.statusCode ?? 0, rawHeaders: response.rawHeaders, body: Buffer.concat(chunks) }));
        response.on('error', reject);
      })
      .on('error', reject);
  });
}

/** The bytes of the header block (`Name: value\r\n` lines; the status line is the same for both). */
export function headerBytes(answer: Answer): number {
  let bytes = 0;
  for (let i = 0; i < answer.rawHeaders.length; i += 2) bytes += Buffer.byteLength(`${answer.rawHeaders[i]}: ${answer.rawHeaders[i + 1]}\r\n`);
  return bytes;
}

/** User plus system CPU time of a process (all its threads) so far, in seconds; NaN once it is gone. */
export function cpuSeconds(pid: number): number {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    // After the command: state is field 3, utime 14 and stime 15 (1-based, counting from pid).
    return (Number(fields[11]) + Number(fields[12])) / TICKS_PER_SECOND;
  } catch {
    return NaN;
  }
}

export interface Load {
  requests: { average: number; total: number };
  latency: { p50: number; p99: number; average: number };
  throughput: { average: number };
  errors: number;
  timeouts: number;
  non2xx: number;
  duration: number;
}

export interface Measured {
  load: Load;
  /** Share of one core the server used, warm-up included. */
  serverCpu: number;
  /** Server CPU time a request, in µs, warm-up included: steadier than req/s on a shared machine. */
  cpuPerRequest: number;
  /** The same for autocannon (sampled every 200 ms, so its last moments are missed). */
  loaderCpu: number;
  /** Requests served, warm-up included. */
  served: number;
  /** Bytes the server wrote to its stdout meanwhile, warm-up included. */
  logged: number;
}

/** How hard and how long autocannon loads: connections, and seconds of warm-up and of measuring. */
export interface LoadShape {
  connections: number;
  duration: number;
  warmup: number;
}

/**
 * Loads one server while the other is stopped (SIGSTOP): the idle service is not idle (its
 * scheduled-publication loop opens a transaction per kind of item five times a second), and
 * on a small machine that would take CPU from the bare route's run.
 */
export async function measure(server: Server, url: string, other: Server, shape: LoadShape): Promise<Measured> {
  other.child.kill('SIGSTOP');
  try {
    return await load(server, url, shape);
  } finally {
    other.child.kill('SIGCONT');
  }
}

async function load(server: Server, url: string, { connections, duration, warmup }: LoadShape): Promise<Measured> {
  const bin = path.join(root, 'node_modules/.bin/autocannon');
  const cpuBefore = cpuSeconds(server.pid);
  const loggedBefore = server.written();
  const started = performance.now();
  let loaderCpu = 0;
  let sampler: NodeJS.Timeout | undefined;
  const stdout = await new Promise<string>((resolve, reject) => {
    const child = execFile(
      bin,
      ['--json', '-c', String(connections), '-d', String(duration), '--warmup', '[', '-c', String(connections), '-d', String(warmup), ']', url],
      { maxBuffer: 64 * 1024 * 1024 },
      (err, out) => (err ? reject(err) : resolve(out)),
    );
    sampler = setInterval(() => {
      const cpu = cpuSeconds(child.pid!);
      if (Number.isFinite(cpu)) loaderCpu = cpu;
    }, 200);
  }).finally(() => clearInterval(sampler));
  const seconds = (performance.now() - started) / 1000;
  // The warm-up prints a report of its own first; the last line is the measured run.
  const lines = stdout.trim().split('\n');
  const load = JSON.parse(lines.at(-1)!) as Load;
  const warm = lines.length > 1 ? (JSON.parse(lines[0]!) as Load).requests.total : 0;
  const cpu = cpuSeconds(server.pid) - cpuBefore;
  return {
    load,
    serverCpu: cpu / seconds,
    cpuPerRequest: (cpu / (warm + load.requests.total)) * 1e6,
    served: warm + load.requests.total,
    loaderCpu: loaderCpu / seconds,
    logged: server.written() - loggedBefore,
  };
}

const ms = (value: number) => (Number.isInteger(value) ? String(value) : value.toFixed(1));
const percent = (share: number) => `${Math.round(share * 100)}%`;

/** One run's figures on one line: requests/s, latency, errors, throughput and the CPU each side used. */
export function row(name: string, m: Measured): string {
  const r = m.load;
  return (
    `${name.padEnd(34)} ${r.requests.average.toFixed(0).padStart(7)} req/s   p50 ${ms(r.latency.p50).padStart(4)} ms   p99 ${ms(r.latency.p99).padStart(4)} ms   ` +
    `errors ${r.errors}, timeouts ${r.timeouts}, non-2xx ${r.non2xx}   ` +
    `(${(r.throughput.average / 2 ** 20).toFixed(1)} MiB/s; CPU: server ${percent(m.serverCpu)} = ${m.cpuPerRequest.toFixed(0)} µs a request, autocannon ${percent(m.loaderCpu)} of a core)`
  );
}
