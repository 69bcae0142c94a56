import { createHash } from 'node:crypto';
import type { FastifyInstance, FastifyReply } from 'fastify';
import fp from 'fastify-plugin';

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

export function etagOf(body: string): string {
  return `"${createHash('sha256').update(body).digest('base64url').slice(0, 27)}"`;
}

function matches(ifNoneMatch: string | undefined, etag: string): boolean {
  if (!ifNoneMatch) return false;
  return ifNoneMatch
    .split(',')
    .map((tag) => tag.trim().replace(/^W\//, ''))
    .some((tag) => tag === '*' || tag === etag);
}

function sendRendered(reply: FastifyReply, rendered: { body: string; etag: string }, options: CacheOptions = {}): FastifyReply {
  const maxAge = options.maxAge ?? 60;
  reply.header('etag', rendered.etag);
  reply.header('cache-control', `public, max-age=${maxAge}, stale-while-revalidate=${maxAge * 5}`);
  reply.header('vary', 'Accept-Encoding');
  if (options.keys?.length) reply.header('surrogate-key', options.keys.join(' '));
  if (matches(reply.request.headers['if-none-match'], rendered.etag)) return reply.code(304).send();
  return reply.type(options.type ?? 'application/json; charset=utf-8').send(rendered.body);
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
