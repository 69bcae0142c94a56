import { createHash, randomBytes } from 'node:crypto';

const PREFIX = 'nr_';

/** A new random API token: 256 bits, shown once to its owner. */
export function generateToken(): string {
  return PREFIX + randomBytes(32).toString('base64url');
}

/** Tokens are high-entropy secrets, so a plain SHA-256 is the right hash (no salt or stretching needed). */
export function hashToken(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}

/** The first characters of a token, kept so a person can tell their tokens apart. */
export function tokenHint(token: string): string {
  return `${token.slice(0, PREFIX.length + 4)}…`;
}
