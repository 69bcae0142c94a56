// A benchmark's way into a running service's heap: the service is started with
// `--inspect-port=0`, `SIGUSR1` opens its inspector, and `Runtime.evaluate` runs an expression
// in it over the DevTools protocol. Node 20 has no WebSocket client, so the little of the
// protocol this needs (one text frame out, text frames in) is written here.
import { randomBytes } from 'node:crypto';
import http from 'node:http';
import type { Socket } from 'node:net';
import { rssMiB } from './proc.js';
import type { Server } from './server-process.js';

/** An open inspector session on a service process. */
export interface Inspector {
  /** Evaluates `expression` in the service's main context and resolves to its value. */
  evaluate<T>(expression: string): Promise<T>;
  close(): void;
}

/** One masked text frame, as a client must send it. */
function frame(text: string): Buffer {
  const payload = Buffer.from(text, 'utf8');
  const mask = randomBytes(4);
  const length = payload.length;
  const head = length < 126 ? Buffer.from([0x81, 0x80 | length]) : length < 65_536 ? Buffer.alloc(4) : Buffer.alloc(10);
  if (length >= 126 && length < 65_536) {
    head[0] = 0x81;
    head[1] = 0x80 | 126;
    head.writeUInt16BE(length, 2);
  } else if (length >= 65_536) {
    head[0] = 0x81;
    head[1] = 0x80 | 127;
    head.writeBigUInt64BE(BigInt(length), 2);
  }
  const masked = Buffer.alloc(length);
  for (let i = 0; i < length; i++) masked[i] = payload[i]! ^ mask[i % 4]!;
  return Buffer.concat([head, mask, masked]);
}

/** Splits the server's (unmasked) frames off the front of `buffer`; returns their texts and the rest. */
function unframe(buffer: Buffer): { texts: string[]; rest: Buffer } {
  const texts: string[] = [];
  let at = 0;
  for (;;) {
    if (buffer.length - at < 2) break;
    let length = buffer[at + 1]! & 0x7f;
    let offset = at + 2;
    if (length === 126) {
      if (buffer.length - at < 4) break;
      length = buffer.readUInt16BE(at + 2);
      offset = at + 4;
    } else if (length === 127) {
      if (buffer.length - at < 10) break;
      length = Number(buffer.readBigUInt64BE(at + 2));
      offset = at + 10;
    }
    if (buffer.length < offset + length) break;
    if ((buffer[at]! & 0x0f) === 1) texts.push(buffer.subarray(offset, offset + length).toString('utf8'));
    at = offset + length;
  }
  return { texts, rest: buffer.subarray(at) };
}

/** Opens the inspector of a service started with `--inspect-port=0` and connects to it. */
export async function inspect(server: Server): Promise<Inspector> {
  const url = await new Promise<string>((resolve, reject) => {
    let seen = '';
    const timer = setTimeout(() => reject(new Error('the service did not open its inspector')), 10_000);
    const look = (chunk: Buffer) => {
      seen += chunk.toString();
      const match = /Debugger listening on (ws:\/\/\S+)/.exec(seen);
      if (match) {
        clearTimeout(timer);
        server.child.stderr!.off('data', look);
        resolve(match[1]!);
      }
    };
    server.child.stderr!.on('data', look);
    server.child.kill('SIGUSR1');
  });
  const target = new URL(url);
  const socket = await new Promise<Socket>((resolve, reject) => {
    const request = http.request({
      host: target.hostname,
      port: target.port,
      path: target.pathname,
      headers: { connection: 'Upgrade', upgrade: 'websocket', 'sec-websocket-version': '13', 'sec-websocket-key': randomBytes(16).toString('base64') },
    });
    request.on('upgrade', (_response, upgraded) => resolve(upgraded));
    request.on('response', (response) => reject(new Error(`the inspector answered ${response.statusCode}`)));
    request.on('error', reject);
    request.end();
  });
  let buffered: Buffer = Buffer.alloc(0);
  let nextId = 1;
  const pending = new Map<number, { resolve(value: unknown): void; reject(error: Error): void }>();
  socket.on('data', (chunk: Buffer) => {
    const { texts, rest } = unframe(Buffer.concat([buffered, chunk]));
    buffered = rest;
    for (const text of texts) {
      const message = JSON.parse(text) as { id?: number; result?: { result?: { value?: unknown }; exceptionDetails?: { text: string } }; error?: { message: string } };
      const waiting = message.id === undefined ? undefined : pending.get(message.id);
      if (!waiting) continue;
      pending.delete(message.id!);
      if (message.error || message.result?.exceptionDetails) waiting.reject(new Error(message.error?.message ?? message.result!.exceptionDetails!.text));
      else waiting.resolve(message.result?.result?.value);
    }
  });
  return {
    evaluate<T>(expression: string): Promise<T> {
      const id = nextId++;
      return new Promise<T>((resolve, reject) => {
        pending.set(id, { resolve: (value) => resolve(value as T), reject });
        socket.write(frame(JSON.stringify({ id, method: 'Runtime.evaluate', params: { expression, returnByValue: true } })));
      });
    },
    close: () => socket.destroy(),
  };
}

/** A service's memory at rest, in MiB: its RSS (from /proc) and its heap as Node reports it. */
export interface Resting {
  rss: number;
  heapUsed: number;
  external: number;
  arrayBuffers: number;
}

const mib = (bytes: number) => bytes / 2 ** 20;
const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** The service at rest: a few seconds without requests, two full collections through the inspector, then its RSS and heap. */
export async function resting(service: Server, inspector: Inspector): Promise<Resting> {
  await sleep(3000);
  const usage = JSON.parse(await inspector.evaluate<string>('gc(), gc(), JSON.stringify(process.memoryUsage())')) as { heapUsed: number; external: number; arrayBuffers: number };
  await sleep(1000);
  return { rss: rssMiB(service.pid), heapUsed: mib(usage.heapUsed), external: mib(usage.external), arrayBuffers: mib(usage.arrayBuffers) };
}
