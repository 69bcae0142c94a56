import net from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../src/app.js';
import { createTestApp, type TestApp } from './helpers/app.js';
import { createTestDatabase } from './helpers/database.js';

// Bytes Node's HTTP parser refuses never reach Fastify's router, and `inject` never sends them
// (it hands Fastify a parsed request), so these go through a real socket.

let t: TestApp;
let port: number;
beforeAll(async () => {
  t = await createTestApp();
  await t.app.listen({ host: '127.0.0.1', port: 0 });
  port = (t.app.server.address() as net.AddressInfo).port;
});
afterAll(async () => t?.close());

interface RawResponse {
  status: number;
  headers: Record<string, string>;
  body: string;
}

/** Sends `request` as it is, byte for byte, and reads the answer until the service closes the connection. */
function raw(request: Buffer | string): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    const socket = net.connect(port, '127.0.0.1', () => socket.write(request));
    socket.setTimeout(10_000, () => socket.destroy(new Error('no answer in 10 s')));
    socket.on('data', (chunk: Buffer) => chunks.push(chunk));
    socket.on('error', reject);
    socket.on('close', () => {
      const text = Buffer.concat(chunks).toString('utf8');
      const [head = '', ...rest] = text.split('\r\n\r\n');
      const [statusLine = '', ...lines] = head.split('\r\n');
      const headers = Object.fromEntries(lines.map((line) => [line.slice(0, line.indexOf(':')).toLowerCase(), line.slice(line.indexOf(':') + 1).trim()]));
      resolve({ status: Number(statusLine.split(' ')[1]), headers, body: rest.join('\r\n\r\n') });
    });
  });
}

function expectProblem(res: RawResponse, status: number, slug: string) {
  expect(res.status, res.body).toBe(status);
  expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
  const body = JSON.parse(res.body) as { type: string; status: number; detail: string; requestId: string; instance: string };
  expect(body).toMatchObject({ type: `urn:newsroom:problem:${slug}`, status });
  expect(body.requestId).toMatch(/^[0-9a-f-]{36}$/);
  expect(res.headers['x-request-id']).toBe(body.requestId);
  return body;
}

const close = 'Host: newsroom.test\r\nConnection: close\r\n\r\n';

describe('requests the HTTP parser refuses', () => {
  it('answers raw UTF-8 in a query string (?q=小麦 unencoded) with a problem+json 400 that says to percent-encode', async () => {
    const res = await raw(Buffer.from(`GET /content/v1/articles?q=小麦 HTTP/1.1\r\n${close}`, 'utf8'));
    const problem = expectProblem(res, 400, 'bad-request');
    expect(problem.detail).toMatch(/percent-encoded as UTF-8/);
    expect(res.body).not.toMatch(/"error":"Bad Request"/);
  });

  it('answers raw UTF-8 in a path the same way', async () => {
    const res = await raw(Buffer.from(`GET /sections/要闻 HTTP/1.1\r\n${close}`, 'utf8'));
    expectProblem(res, 400, 'bad-request');
  });

  it('answers a control character in a header value or a space in a header name with a problem+json 400', async () => {
    for (const header of ['X-Note: a\u0001b', 'X Note: a']) {
      const res = await raw(`GET /healthz HTTP/1.1\r\n${header}\r\n${close}`);
      const problem = expectProblem(res, 400, 'bad-request');
      expect(problem.detail).toMatch(/header/);
    }
  });

  it('answers an unknown method and a header too large as problem+json (400, 431)', async () => {
    expectProblem(await raw(`BREW /healthz HTTP/1.1\r\n${close}`), 400, 'bad-request');
    expectProblem(await raw(`GET /healthz HTTP/1.1\r\nX-Big: ${'a'.repeat(20_000)}\r\n${close}`), 431, 'header-fields-too-large');
  });

  it('still serves the same text percent-encoded (control)', async () => {
    const res = await raw(`GET /?utm_source=${encodeURIComponent('微博')} HTTP/1.1\r\n${close}`);
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toMatch(/^text\/html/);
  });
});

describe('a request that arrives while the service shuts down', () => {
  it('is answered 503 as problem+json, with Retry-After, not Fastify’s own JSON', async () => {
    const database = await createTestDatabase();
    const app = await buildApp({ config: { bodyLimit: 65_536, publicBaseUrl: 'http://newsroom.test' }, database });
    const closing = new Promise<void>((resolve) => app.addHook('preClose', async () => resolve()));
    await app.listen({ host: '127.0.0.1', port: 0 });
    const { port: appPort } = app.server.address() as net.AddressInfo;
    const chunks: Buffer[] = [];
    const socket = net.connect(appPort, '127.0.0.1');
    socket.on('data', (chunk: Buffer) => chunks.push(chunk));
    const ended = new Promise((resolve) => socket.on('close', resolve));
    // Half a request before the shutdown begins (so the connection is not idle, and stays), the rest after.
    await new Promise<void>((resolve) => socket.write('GET /healthz HTTP/1.1\r\nHost: newsroom.test\r\n', () => resolve()));
    await new Promise((resolve) => setTimeout(resolve, 100));
    const closed = app.close();
    await closing;
    socket.write('\r\n');
    await Promise.race([ended, new Promise((resolve) => setTimeout(resolve, 10_000))]);
    socket.destroy();
    await closed;

    const answer = Buffer.concat(chunks).toString('utf8');
    expect(answer).toMatch(/^HTTP\/1\.1 503/);
    expect(answer).toMatch(/content-type: application\/problem\+json/i);
    expect(answer).toMatch(/retry-after: 5/i);
    const body = JSON.parse(answer.slice(answer.indexOf('\r\n\r\n') + 4)) as { type: string; requestId: string };
    expect(body.type).toBe('urn:newsroom:problem:shutting-down');
    expect(answer).toMatch(new RegExp(`x-request-id: ${body.requestId}`, 'i'));
  });
});
