// Faults from outside: the database going away under traffic and coming back, and SIGTERM
// while requests are in flight. Nothing acknowledged may be lost, nothing may hang, and the
// service must come back by itself.
import http from 'node:http';
import net from 'node:net';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, stopServer, type Server } from '../scripts/lib/server-process.js';
import { buildApp } from '../src/app.js';
import { openDatabase, rowsOf, type DatabaseHandle } from '../src/db/client.js';
import { migrateDatabase } from '../src/db/migrate.js';
import { testAppOver, type TestApp } from './helpers/app.js';
import { createEmptyPostgresDatabase } from './helpers/database.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const serverUrl = process.env.TEST_DATABASE_URL;

/**
 * A TCP relay between the service and PostgreSQL that can be cut the way a stopped server
 * cuts: every open connection closed at once, new ones refused until it is started again.
 */
class Relay {
  private server: net.Server | undefined;
  private readonly sockets = new Set<net.Socket>();
  port = 0;

  constructor(private readonly target: { host: string; port: number }) {}

  async start(): Promise<void> {
    const server = net.createServer((client) => {
      const upstream = net.connect(this.target);
      for (const socket of [client, upstream]) {
        this.sockets.add(socket);
        socket.on('close', () => this.sockets.delete(socket));
        socket.on('error', () => {
          client.destroy();
          upstream.destroy();
        });
      }
      client.pipe(upstream).pipe(client);
    });
    await new Promise<void>((resolve) => server.listen(this.port, '127.0.0.1', resolve));
    this.port = (server.address() as net.AddressInfo).port;
    this.server = server;
  }

  async stop(): Promise<void> {
    const server = this.server;
    this.server = undefined;
    for (const socket of this.sockets) socket.destroy();
    await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
  }
}

interface Outcome {
  status: number;
  ms: number;
  type?: string;
}

async function timed(fn: () => Promise<{ statusCode: number; headers: Record<string, unknown>; body: string }>): Promise<Outcome> {
  const start = performance.now();
  const res = await fn();
  const type = res.statusCode >= 400 ? (JSON.parse(res.body) as { type?: string }).type : undefined;
  expect(String(res.headers['content-type'] ?? ''), `a ${res.statusCode} must be a problem`).toMatch(
    res.statusCode >= 400 ? /^application\/problem\+json/ : /./,
  );
  return { status: res.statusCode, ms: performance.now() - start, type };
}

describe.runIf(serverUrl)('PostgreSQL stops under traffic', () => {
  let relay: Relay;
  let database: DatabaseHandle;
  let drop: () => Promise<void>;
  let t: TestApp;

  beforeAll(async () => {
    const empty = await createEmptyPostgresDatabase(serverUrl!);
    drop = empty.drop;
    const direct = await openDatabase({ driver: 'postgres', url: empty.url });
    await migrateDatabase(direct);
    await direct.close();

    const url = new URL(empty.url);
    relay = new Relay({ host: url.hostname, port: Number(url.port || 5432) });
    await relay.start();
    url.host = `127.0.0.1:${relay.port}`;
    database = await openDatabase({ driver: 'postgres', url: url.href, poolSize: 5 });
    const app = await buildApp({
      config: { bodyLimit: 65_536, publicBaseUrl: 'http://newsroom.test' },
      database,
      publisher: { intervalMs: 200 },
    });
    await app.ready();
    t = await testAppOver(app, database, () => app.close());
  });
  let closed = false;
  afterAll(async () => {
    if (!closed) await t?.close();
    await relay?.stop();
    await drop?.();
  });

  const write = (i: number) =>
    t.request('editor', { method: 'POST', url: '/api/v1/articles', payload: { headline: `断电测试 ${i}`, body: `第${i}篇。` } });
  const read = () => t.request(null, { url: '/content/v1/articles?limit=5' });
  const ready = () => t.request(null, { url: '/readyz' });

  it('answers 503 fast while it is down, keeps every acknowledged write, and recovers by itself', async () => {
    const acknowledged: number[] = [];
    let n = 0;
    const traffic = async (until: () => boolean, outcomes: Outcome[]) => {
      while (!until()) {
        const i = ++n;
        outcomes.push(
          await timed(async () => {
            const res = await write(i);
            if (res.statusCode === 201) acknowledged.push(res.json().id as number);
            return res;
          }),
          await timed(read),
        );
      }
    };

    // Up: traffic flows.
    const before: Outcome[] = [];
    let stop = false;
    const warm = Promise.all([1, 2, 3].map(() => traffic(() => stop, before)));
    await new Promise((resolve) => setTimeout(resolve, 500));

    // Down, in the middle of that traffic.
    await relay.stop();
    const downAt = performance.now();
    let readyzDown: Outcome | undefined;
    for (;;) {
      readyzDown = await timed(ready);
      if (readyzDown.status === 503 || performance.now() - downAt > 10_000) break;
    }
    stop = true;
    await warm;
    expect(before.filter((o) => o.status >= 500 && o.status !== 503)).toEqual([]);
    expect(readyzDown.status).toBe(503);
    const notReadyMs = performance.now() - downAt;
    expect(notReadyMs).toBeLessThan(5_000);

    const during: Outcome[] = [];
    const until = performance.now() + 2_000;
    await Promise.all([1, 2, 3].map(() => traffic(() => performance.now() > until, during)));
    expect(during.length).toBeGreaterThan(3);
    for (const outcome of during) {
      expect(outcome.status, JSON.stringify(outcome)).not.toBe(500);
      expect(outcome.ms, 'no request may hang while the database is down').toBeLessThan(6_000);
    }
    const writes = during.filter((_, i) => i % 2 === 0);
    expect(writes.every((o) => o.status === 503 && o.type === 'urn:newsroom:problem:database-unavailable')).toBe(true);

    // Back: the service finds the database again without being restarted.
    await relay.start();
    const backAt = performance.now();
    while ((await ready()).statusCode !== 200) {
      expect(performance.now() - backAt, '/readyz must recover within 15 s').toBeLessThan(15_000);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    const recoveredMs = performance.now() - backAt;
    const after = await write(++n);
    expect(after.statusCode).toBe(201);
    acknowledged.push(after.json().id as number);
    expect((await read()).statusCode).toBe(200);

    const stored = rowsOf<{ id: number }>(await database.db.execute(sql`select id from articles`)).map((r) => r.id);
    expect(acknowledged.length).toBeGreaterThan(1);
    for (const id of acknowledged) expect(stored).toContain(id);
    // Every client went back to the pool, however its transaction ended: closing the pool does
    // not wait for one that never will.
    closed = await Promise.race([t.close().then(() => true), new Promise<false>((resolve) => setTimeout(() => resolve(false), 10_000))]);
    expect(closed, 'the pool closes: no client was kept by a transaction cut at BEGIN').toBe(true);
    const slowest = Math.max(...during.map((o) => o.ms));
    console.log(
      `faults: PostgreSQL cut under traffic: /readyz 503 after ${notReadyMs.toFixed(0)} ms; ${during.length} requests while down, ` +
        `all answered (writes 503), slowest ${slowest.toFixed(0)} ms; ready again ${recoveredMs.toFixed(0)} ms after it came back; ` +
        `${acknowledged.length} acknowledged writes, all stored`,
    );
  });
});
if (!serverUrl) console.log('faults.test: TEST_DATABASE_URL is not set, so stopping PostgreSQL under traffic is tested only in the PostgreSQL run');

/** POST over a connection of its own (no keep-alive), so a refused connection and a cut request differ. */
function post(baseUrl: string, url: string, token: string, body: unknown): Promise<{ status: number; body: string } | { error: string }> {
  return new Promise((resolve) => {
    const payload = Buffer.from(JSON.stringify(body));
    const req = http.request(`${baseUrl}${url}`, {
      method: 'POST',
      agent: false,
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', 'content-length': payload.length },
    });
    req.on('response', (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (text += chunk));
      res.on('end', () => resolve({ status: res.statusCode!, body: text }));
      res.on('error', (err) => resolve({ error: `response cut: ${err.message}` }));
    });
    req.on('error', (err) => resolve({ error: (err as NodeJS.ErrnoException).code ?? err.message }));
    req.end(payload);
  });
}

describe('SIGTERM under traffic', () => {
  const ADMIN_TOKEN = 'faults-test-admin-token-0123456789';
  let scratch: string;
  let server: Server | undefined;
  let drop: (() => Promise<void>) | undefined;
  beforeAll(async () => {
    scratch = await fs.mkdtemp(path.join(os.tmpdir(), 'newsroom-faults-'));
  });
  afterAll(async () => {
    await stopServer(server);
    await drop?.();
    await fs.rm(scratch, { recursive: true, force: true });
  });

  it('finishes the requests in flight, refuses new ones, and loses no acknowledged write', async () => {
    const env: Record<string, string> = { PORT: '0', LOG_LEVEL: 'info', DATA_DIR: path.join(scratch, 'data'), ADMIN_TOKEN };
    if (serverUrl) {
      const database = await createEmptyPostgresDatabase(serverUrl);
      env.DATABASE_URL = database.url;
      drop = database.drop;
    }
    server = await startServer(['--import', 'tsx', path.join(root, 'src/server.ts')], env);
    const baseUrl = server.baseUrl;

    // Long Markdown bodies keep each write busy for a while, so some are in flight at the signal.
    const body = Array.from({ length: 400 }, (_, i) => `## 第${i}节\n\n这是一段**测试**正文，第${i}段。`).join('\n\n');
    const results: { sentAt: number; doneAt: number; outcome: Awaited<ReturnType<typeof post>> }[] = [];
    let signalledAt = Infinity;
    let i = 0;
    const worker = async () => {
      for (;;) {
        const sentAt = performance.now();
        const outcome = await post(baseUrl, '/api/v1/articles', ADMIN_TOKEN, { headline: `停机测试 ${++i}`, body });
        results.push({ sentAt, doneAt: performance.now(), outcome });
        if ('error' in outcome || outcome.status !== 201) {
          if (sentAt > signalledAt) return;
        }
      }
    };
    const workers = Promise.all(Array.from({ length: 8 }, worker));
    // Signalled once writes are being stored (however busy the machine), and no sooner than 1.5 s.
    const started = performance.now();
    const stored201 = () => results.filter(({ outcome }) => 'status' in outcome && outcome.status === 201).length;
    while (performance.now() - started < 1_500 || (stored201() < 10 && performance.now() - started < 30_000)) {
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    const exited = new Promise<number | null>((resolve) => server!.child.once('exit', (code) => resolve(code)));
    signalledAt = performance.now();
    server.child.kill('SIGTERM');
    await workers;
    expect(await exited).toBe(0);

    const acknowledged = results.flatMap(({ outcome }) =>
      'status' in outcome && outcome.status === 201 ? [(JSON.parse(outcome.body) as { id: number }).id] : [],
    );
    const inFlight = results.filter((r) => r.sentAt < signalledAt && r.doneAt > signalledAt);
    expect(inFlight.length, 'some writes were in flight at the signal').toBeGreaterThan(0);
    expect(inFlight.filter(({ outcome }) => 'status' in outcome && outcome.status === 201).length, 'writes in flight at SIGTERM are finished').toBeGreaterThan(0);
    for (const { outcome } of results) {
      // A connection the kernel accepted but the service had not yet taken up when its listener
      // closed is reset; one made later is refused. Neither was started, so neither was cut:
      // the stored articles below are exactly the acknowledged ones.
      if ('error' in outcome) expect(['ECONNREFUSED', 'ECONNRESET']).toContain(outcome.error);
      else expect([201, 503]).toContain(outcome.status);
    }
    const resetBefore = results.filter((r) => r.sentAt < signalledAt && 'error' in r.outcome);
    expect(resetBefore.length, 'at most one waiting connection per client is reset').toBeLessThanOrEqual(8);

    // Started again on the same data: exactly the acknowledged writes are there.
    server = await startServer(['--import', 'tsx', path.join(root, 'src/server.ts')], env);
    const stored: number[] = [];
    let cursor: string | null = null;
    do {
      const page = await fetch(`${server.baseUrl}/api/v1/articles?limit=200${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`, {
        headers: { authorization: `Bearer ${ADMIN_TOKEN}` },
      });
      const json = (await page.json()) as { items: { id: number }[]; nextCursor: string | null };
      stored.push(...json.items.map((a) => a.id));
      cursor = json.nextCursor;
    } while (cursor);
    expect(acknowledged.length).toBeGreaterThan(8);
    expect(stored.sort((a, b) => a - b)).toEqual(acknowledged.sort((a, b) => a - b));
    console.log(
      `faults: SIGTERM under write traffic: ${inFlight.length} writes outstanding at the signal, ` +
        `${inFlight.filter(({ outcome }) => 'status' in outcome).length} answered, ${resetBefore.length} reset before the service took them up; ` +
        `${results.length} writes sent, ${acknowledged.length} acknowledged and stored, exit 0`,
    );
    await stopServer(server);
    server = undefined;
  });
});

