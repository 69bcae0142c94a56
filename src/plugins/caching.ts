import { createHash } from 'node:crypto';
import type { FastifyInstance, FastifyReply } from 'fastify';
import fp from 'fastify-plugin';

export interface CacheOptions {
  /** Seconds a shared cache may serve the response without asking again. */
  maxAge?: number;
  /** Surrogate keys a CDN can purge by, e.g. `sections`. */
  keys?: readonly string[];
}

declare module 'fastify' {
  interface FastifyReply {
    /**
     * Sends a public, cacheable JSON body with a strong `ETag`; answers 304 when the
     * request's `If-None-Match` already names it.
     */
    sendCacheable(body: unknown, options?: CacheOptions): FastifyReply;
  }
}

function etagOf(body: unknown): string {
  return `"${createHash('sha256').update(JSON.stringify(body)).digest('base64url').slice(0, 27)}"`;
}

function matches(ifNoneMatch: string | undefined, etag: string): boolean {
  if (!ifNoneMatch) return false;
  return ifNoneMatch
    .split(',')
    .map((tag) => tag.trim().replace(/^W\//, ''))
    .some((tag) => tag === '*' || tag === etag);
}

async function cachingPlugin(app: FastifyInstance): Promise<void> {
  app.decorateReply('sendCacheable', function (this: FastifyReply, body: unknown, options: CacheOptions = {}) {
    const etag = etagOf(body);
    const maxAge = options.maxAge ?? 60;
    this.header('etag', etag);
    this.header('cache-control', `public, max-age=${maxAge}, stale-while-revalidate=${maxAge * 5}`);
    this.header('vary', 'Accept-Encoding');
    if (options.keys?.length) this.header('surrogate-key', options.keys.join(' '));
    if (matches(this.request.headers['if-none-match'], etag)) return this.code(304).send();
    return this.send(body);
  });
}

export default fp(cachingPlugin, { name: 'caching', fastify: '5.x' });
