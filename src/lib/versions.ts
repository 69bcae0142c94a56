import type { FastifyReply } from 'fastify';
import { BadRequest, PreconditionRequired } from '../errors.js';

/** The version a write's `If-Match` header names: `"3"` (or `W/"3"`). */
export function expectedVersion(ifMatch: string | undefined): number {
  if (ifMatch === undefined || ifMatch.trim() === '') {
    throw new PreconditionRequired('Send If-Match with the ETag you read (e.g. If-Match: "3") so no change is lost');
  }
  const match = /^\s*(?:W\/)?"(\d{1,9})"\s*$/.exec(ifMatch);
  if (!match) {
    throw new BadRequest(`If-Match must be one version ETag such as "3", got ${JSON.stringify(ifMatch.slice(0, 40))}`);
  }
  return Number(match[1]);
}

/** Sets the `ETag` of a versioned item on the reply. */
export function tagVersion(reply: FastifyReply, version: number): FastifyReply {
  return reply.header('etag', `"${version}"`);
}
