import type { FastifyReply } from 'fastify';

/** Tables at least this long leave enough garbage to be worth a collection of their own. */
export const LARGE_TABLE_ROWS = 10_000;

/**
 * Collects garbage once the response has gone out, when the process runs with `--expose-gc`
 * (`npm start` does). A large import leaves tens of megabytes of short-lived cells in the old
 * generation, and V8 would let the heap grow through several imports before collecting; one
 * full collection after each keeps the process near its resting size.
 */
export function collectGarbageAfter(reply: FastifyReply): void {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (gc) reply.raw.once('finish', () => setImmediate(gc));
}
