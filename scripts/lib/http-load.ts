// A fixed number of GETs over a list of URLs with a few concurrent clients, sent from a child
// process (so the load does not share the server's event loop) and timed each from the request
// to the last byte of the answer. autocannon takes one URL a run; this takes a query set.
import { spawn } from 'node:child_process';
import http from 'node:http';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import zlib from 'node:zlib';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const CHILD_FLAG = '--http-load-child';

interface Job {
  urls: string[];
  connections: number;
  requests: number;
  maxSeconds: number;
  headers: Record<string, string>;
}

export interface LoadResult {
  /** Milliseconds of request `i`, which went to `urls[i % urls.length]`; -1 for one not sent before `maxSeconds` ran out. */
  latencies: number[];
  /** Requests answered (fewer than asked when `maxSeconds` ran out). */
  sent: number;
  /** Wall time of the whole run. */
  seconds: number;
  /** Answers other than 200 (or failed requests), a few of them described. */
  failed: number;
  failures: string[];
}

/** Sends `requests` GETs, `urls` in turn, from `connections` clients at once; none begun after `maxSeconds`. */
export function loadUrls(urls: string[], options: { connections: number; requests: number; maxSeconds?: number; headers?: Record<string, string> }): Promise<LoadResult> {
  const job: Job = { urls, connections: options.connections, requests: options.requests, maxSeconds: options.maxSeconds ?? Infinity, headers: options.headers ?? {} };
  return new Promise((resolve, reject) => {
    const child = spawn(path.join(root, 'node_modules/.bin/tsx'), [fileURLToPath(import.meta.url), CHILD_FLAG], { stdio: ['pipe', 'pipe', 'inherit'] });
    let out = '';
    child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
    child.once('error', reject);
    child.once('exit', (code) => (code === 0 ? resolve(JSON.parse(out) as LoadResult) : reject(new Error(`the load process exited with ${code}`))));
    child.stdin.end(JSON.stringify(job));
  });
}

/** The value at percentile `p` of sorted values (nearest rank). */
export function percentile(sorted: readonly number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!;
}

/**
 * Kept-alive connections, one a client. node:http costs the load process a fraction of what
 * fetch does, and the load shares the machine's cores with the service it measures.
 */
const agent = new http.Agent({ keepAlive: true, maxSockets: 64 });

/**
 * A GET as a browser sends it (compressed answers accepted), its answer read to the last byte
 * and left compressed: a client's inflating is not the server's time.
 */
function get(url: string, headers: Record<string, string>): Promise<{ status: number; body: Buffer }> {
  return new Promise((resolve, reject) => {
    const request = http.get(url, { agent, headers: { 'accept-encoding': 'gzip, deflate, br', ...headers } }, (response) => {
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.once('end', () => {
        const body = Buffer.concat(chunks);
        resolve({ status: response.statusCode ?? 0, body: response.headers['content-encoding'] && response.statusCode !== 200 ? decoded(body, response.headers['content-encoding']) : body });
      });
      response.once('error', reject);
    });
    request.once('error', reject);
  });
}

/** A failed answer's body made readable for the report. */
function decoded(body: Buffer, encoding: string): Buffer {
  if (encoding === 'br') return zlib.brotliDecompressSync(body);
  if (encoding === 'gzip') return zlib.gunzipSync(body);
  return encoding === 'deflate' ? zlib.inflateSync(body) : body;
}

async function runChild(): Promise<void> {
  let input = '';
  for await (const chunk of process.stdin) input += String(chunk);
  const job = JSON.parse(input) as Job;
  const latencies = new Array<number>(job.requests).fill(-1);
  const deadline = performance.now() + (job.maxSeconds ?? Infinity) * 1000;
  let sent = 0;
  const failures: string[] = [];
  let failed = 0;
  let next = 0;
  const client = async () => {
    for (let i = next++; i < job.requests && performance.now() < deadline; i = next++) {
      sent++;
      const url = job.urls[i % job.urls.length]!;
      const started = performance.now();
      try {
        const { status, body } = await get(url, job.headers);
        latencies[i] = performance.now() - started;
        if (status !== 200) {
          failed++;
          if (failures.length < 5) failures.push(`${status} ${url}: ${body.toString('utf8').slice(0, 200)}`);
        }
      } catch (err) {
        latencies[i] = performance.now() - started;
        failed++;
        if (failures.length < 5) failures.push(`${url}: ${(err as Error).message}`);
      }
    }
  };
  const started = performance.now();
  await Promise.all(Array.from({ length: job.connections }, client));
  const result: LoadResult = { latencies, sent, seconds: (performance.now() - started) / 1000, failed, failures };
  process.stdout.write(JSON.stringify(result));
}

if (process.argv.includes(CHILD_FLAG)) await runChild();
