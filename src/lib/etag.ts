import { createHash } from 'node:crypto';

/** A strong ETag for a body: a quoted, URL-safe base64 digest of its SHA-256, 27 characters long. */
export function etagOf(body: string): string {
  return `"${createHash('sha256').update(body).digest('base64url').slice(0, 27)}"`;
}
