import type { FastifyInstance, FastifyReply } from 'fastify';
import fp from 'fastify-plugin';
import { etagOf } from '../lib/etag.js';
import { compressible, encode, etagFor, negotiatedEncoding, THRESHOLD_BYTES, type Encoding } from './compression.js';

export interface CacheOptions {
  /** Seconds a shared cache may serve the response without asking again. */
  maxAge?: number;
  /** Surrogate keys a CDN can purge by, e.g. `sections` or `article-12`. */
  keys?: readonly string[];
  /** The media type; JSON unless given. */
  type?: string;
}

declare module 'fastify' {
  interface FastifyReply {
    /**
     * Sends a public, cacheable body (JSON unless `type` says otherwise) with a strong `ETag`;
     * answers 304 when the request's `If-None-Match` already names it.
     */
    sendCacheable(body: unknown, options?: CacheOptions): FastifyReply;
    /** The same for a body serialised already, with its ETag. */
    sendRendered(rendered: { body: string; etag: string }, options?: CacheOptions): FastifyReply;
  }
}

function matches(ifNoneMatch: string | undefined, etag: string): boolean {
  if (!ifNoneMatch) return false;
  return ifNoneMatch
    .split(',')
    .map((tag) => tag.trim().replace(/^W\//, ''))
    .some((tag) => tag === '*' || tag === etag);
}

/** Compressed bodies of renderings the content cache holds, made once per rendering and coding. */
const encoded = new WeakMap<{ body: string }, Map<Encoding, Buffer>>();

function encodedBody(rendered: { body: string }, encoding: Encoding): Buffer {
  let bodies = encoded.get(rendered);
  if (!bodies) encoded.set(rendered, (bodies = new Map()));
  let body = bodies.get(encoding);
  if (!body) bodies.set(encoding, (body = encode(rendered.body, encoding)));
  return body;
}

/**
 * Sends a rendering in the coding the request asks for (br or gzip for text of 1 KiB and more),
 * compressed here, once per rendering, rather than by the compression plugin at every request.
 * Each coding is its own representation with its own ETag (`"abc"`, `"abc-br"`, `"abc-gzip"`),
 * and If-None-Match is answered with 304 for the one this request would get.
 */
function sendRendered(reply: FastifyReply, rendered: { body: string; etag: string }, options: CacheOptions = {}): FastifyReply {
  const maxAge = options.maxAge ?? 60;
  const type = options.type ?? 'application/json; charset=utf-8';
  const encoding =
    compressible(type) && Buffer.byteLength(rendered.body) >= THRESHOLD_BYTES ? negotiatedEncoding(reply.request) : undefined;
  const etag = etagFor(rendered.etag, encoding);
  reply.header('etag', etag);
  reply.header('cache-control', `public, max-age=${maxAge}, stale-while-revalidate=${maxAge * 5}`);
  reply.header('vary', 'Accept-Encoding');
  if (options.keys?.length) reply.header('surrogate-key', options.keys.join(' '));
  if (matches(reply.request.headers['if-none-match'], etag)) return reply.code(304).send();
  reply.type(type);
  if (!encoding) return reply.send(rendered.body);
  return reply.header('content-encoding', encoding).send(encodedBody(rendered, encoding));
}

async function cachingPlugin(app: FastifyInstance): Promise<void> {
  app.decorateReply('sendCacheable', function (this: FastifyReply, body: unknown, options?: CacheOptions) {
    const text = JSON.stringify(body);
    return sendRendered(this, { body: text, etag: etagOf(text) }, options);
  });
  app.decorateReply('sendRendered', function (this: FastifyReply, rendered: { body: string; etag: string }, options?: CacheOptions) {
    return sendRendered(this, rendered, options);
  });
}

export default fp(cachingPlugin, { name: 'caching', fastify: '5.x' });
