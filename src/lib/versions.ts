import type { FastifyReply } from 'fastify';
import { BadRequest, NO_VERSION, PreconditionRequired } from '../errors.js';

/** If-Match compares strongly (RFC 9110 §13.1.1): a weak tag names no version (see `NO_VERSION`). */
export { NO_VERSION };

const ENTITY_TAG = /^(W\/)?"([\x21\x23-\x7e\x80-\xff]*)"$/;
/** A version's tag: `3`, or `3-br` / `3-gzip` as a compressed response carries it (see plugins/compression.ts). */
const VERSION_TAG = /^(\d{1,9})(?:-(?:br|gzip))?$/;

/**
 * The version a write's `If-Match` header names: `"3"`. Per RFC 9110 §13.1.1 (strong comparison)
 * a weak tag (`W/"3"`) never matches, nor does a tag that is no version of ours: the write is
 * refused with 412 and the current version. The tag of a compressed response of the version
 * (`"3-br"`) names the same version. A list counts by its strong tags (`"3", W/"4"` is
 * `"3"`). Two candidate versions, or `*` (any version at all), would write over a change the
 * client never read, which this service exists to prevent: 400 and 428 say what to send instead.
 */
export function expectedVersion(ifMatch: string | undefined): number {
  if (ifMatch === undefined || ifMatch.trim() === '') {
    throw new PreconditionRequired('Send If-Match with the ETag you read (e.g. If-Match: "3") so no change is lost');
  }
  if (ifMatch.trim() === '*') {
    throw new PreconditionRequired('If-Match: * does not say which version you read; send the ETag you read (e.g. If-Match: "3") so no change is lost');
  }
  const tags = ifMatch.split(',').map((tag) => ENTITY_TAG.exec(tag.trim()));
  if (tags.some((tag) => !tag)) {
    throw new BadRequest(`If-Match must be the version ETag you read, such as "3", got ${JSON.stringify(ifMatch.slice(0, 40))}`);
  }
  const versions = new Set<number>();
  for (const [, weak, opaque] of tags as RegExpExecArray[]) {
    const version = weak ? undefined : VERSION_TAG.exec(opaque!);
    if (version) versions.add(Number(version[1]));
  }
  if (versions.size > 1) {
    throw new BadRequest(`If-Match names ${versions.size} versions; send the one ETag you read, such as "3"`);
  }
  return versions.size === 1 ? [...versions][0]! : NO_VERSION;
}

/** Sets the `ETag` of a versioned item on the reply. */
export function tagVersion(reply: FastifyReply, version: number): FastifyReply {
  return reply.header('etag', `"${version}"`);
}
