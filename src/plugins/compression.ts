import { brotliCompressSync, constants, gzipSync } from 'node:zlib';
import negotiate from '@fastify/accept-negotiator';
import compress from '@fastify/compress';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';

/** Content codings offered, in the order preferred when a client accepts several alike. */
export const ENCODINGS = ['br', 'gzip'] as const;
export type Encoding = (typeof ENCODINGS)[number];

/** Bodies smaller than this go as they are: the saving would not pay for the work and the headers. */
export const THRESHOLD_BYTES = 1024;

/**
 * Text worth compressing: JSON (problem+json too), HTML, CSS, JavaScript, XML (RSS, sitemaps).
 * PDFs and images are compressed already and are never recompressed.
 */
const COMPRESSIBLE = /^(?:text\/(?:html|css|plain|javascript|xml)|application\/(?:[\w.+-]+\+)?(?:json|xml)|application\/javascript)(?:;|$)/i;

/**
 * Brotli at quality 4 (of 11) costs about as much CPU as gzip's default and still gives the
 * smaller body; the higher qualities cost several times more for a few per cent.
 */
const BROTLI = { params: { [constants.BROTLI_PARAM_QUALITY]: 4 } };

/**
 * Bodies up to this size, already in memory, are compressed in one call rather than through a
 * zlib stream of their own. The plugin's default on two cores is 8 KB, so a search answer
 * (about 15 KB) went through a stream: measured under ten concurrent searches, the service
 * spent 6.1 ms of CPU a request that way and 4.8 ms compressing in one call (0.3 ms of it
 * brotli's). Node 20 reports the host's cores, not a container's quota, so the default cannot
 * tell a small deployment from a large one.
 */
const SYNC_THRESHOLD_BYTES = 65_536;

export function compressible(type: string): boolean {
  return COMPRESSIBLE.test(type);
}

/** The coding a request asks for (by Accept-Encoding, q-values respected), or undefined for the body as it is. */
export function negotiatedEncoding(request: FastifyRequest): Encoding | undefined {
  const header = request.headers['accept-encoding'];
  if (typeof header !== 'string' || header === '') return undefined;
  const chosen = negotiate(header.toLowerCase().replace(/\bx-gzip\b/g, 'gzip'), [...ENCODINGS, 'identity']);
  return chosen === 'br' || chosen === 'gzip' ? chosen : undefined;
}

export function encode(body: string | Buffer, encoding: Encoding): Buffer {
  return encoding === 'br' ? brotliCompressSync(body, BROTLI) : gzipSync(body);
}

/**
 * The ETag of a representation in a content coding: `"abc"` becomes `"abc-br"`. A compressed
 * and an identity body are different representations, so they must not share a strong ETag
 * (RFC 9110 §8.8.3); a weak one is left as it is.
 */
export function etagFor(etag: string, encoding: Encoding | undefined): string {
  if (!encoding || !etag.startsWith('"')) return etag;
  return `${etag.slice(0, -1)}-${encoding}"`;
}

/**
 * Compresses responses with br or gzip when the client asks (`@fastify/compress`, on every
 * route registered after this plugin): JSON, HTML, XML and the OpenAPI document of 1 KiB and
 * more, never PDFs or images. Public cacheable bodies are compressed by the caching plugin
 * instead, once per rendering; everything else here, per response. A strong ETag on a
 * compressed response gets the coding as a suffix (`"3"` → `"3-br"`).
 */
async function compressionPlugin(app: FastifyInstance): Promise<void> {
  await app.register(compress, {
    global: true,
    encodings: [...ENCODINGS],
    threshold: THRESHOLD_BYTES,
    customTypes: COMPRESSIBLE,
    brotliOptions: BROTLI,
    syncThreshold: SYNC_THRESHOLD_BYTES,
  });
  // Runs after the compressing hook: both are route-level, and this one is added later.
  app.addHook('onRoute', (route) => {
    const hooks = route.onSend === undefined ? [] : Array.isArray(route.onSend) ? route.onSend : [route.onSend];
    route.onSend = [...hooks, tagEncoded];
  });
}

async function tagEncoded(_request: FastifyRequest, reply: FastifyReply, payload: unknown): Promise<unknown> {
  const encoding = reply.getHeader('content-encoding');
  const etag = reply.getHeader('etag');
  if ((encoding === 'br' || encoding === 'gzip') && typeof etag === 'string' && !etag.endsWith(`-${encoding}"`)) {
    reply.header('etag', etagFor(etag, encoding));
  }
  return payload;
}

export default fp(compressionPlugin, { name: 'compression', fastify: '5.x' });
