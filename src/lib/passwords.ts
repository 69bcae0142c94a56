import { randomBytes, scrypt, timingSafeEqual, type ScryptOptions } from 'node:crypto';

/**
 * Desk passwords, hashed with scrypt (node:crypto). A hash is stored as
 * `scrypt$N$r$p$salt$key` (salt and key base64url), so the cost can be raised later and old
 * hashes still verify.
 */
const COST = { N: 16_384, r: 8, p: 1 } as const;
const KEY_BYTES = 32;
const SALT_BYTES = 16;
/** scrypt needs 128 × N × r bytes; the default ceiling (32 MiB) is just enough for N = 2^15. */
const MAX_MEMORY = 64 * 1024 * 1024;

/** The shortest and longest password accepted; long enough for a passphrase, short enough to hash quickly. */
export const PASSWORD_MIN = 8;
export const PASSWORD_MAX = 200;

function derive(password: string, salt: Buffer, options: ScryptOptions & { N: number }): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    scrypt(password.normalize('NFC'), salt, KEY_BYTES, { ...options, maxmem: MAX_MEMORY }, (error, key) => (error ? reject(error) : resolve(key)));
  });
}

/** Why a password cannot be used, in the desk's words, or null when it can. */
export function passwordProblem(password: string): string | null {
  const length = [...password].length;
  if (length < PASSWORD_MIN) return `密码至少 ${PASSWORD_MIN} 个字符`;
  if (length > PASSWORD_MAX) return `密码最多 ${PASSWORD_MAX} 个字符`;
  if (password.trim() === '') return '密码不能全是空格';
  return null;
}

export async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(SALT_BYTES);
  const key = await derive(password, salt, COST);
  return ['scrypt', COST.N, COST.r, COST.p, salt.toString('base64url'), key.toString('base64url')].join('$');
}

/** A hash of no password, checked against when there is no user, so that a wrong login takes as long as a wrong password. */
const NOBODY = 'scrypt$16384$8$1$AAAAAAAAAAAAAAAAAAAAAA$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA';

/** Whether `password` matches `stored`; a missing or malformed hash matches nothing (after the same work). */
export async function verifyPassword(password: string, stored: string | null | undefined): Promise<boolean> {
  const parts = (stored ?? NOBODY).split('$');
  const [scheme, n, r, p, salt, key] = parts.length === 6 ? parts : NOBODY.split('$');
  const expected = Buffer.from(key!, 'base64url');
  const N = Number(n);
  if (scheme !== 'scrypt' || !Number.isInteger(N) || expected.length !== KEY_BYTES) return false;
  const actual = await derive(password, Buffer.from(salt!, 'base64url'), { N, r: Number(r), p: Number(p) });
  return timingSafeEqual(actual, expected) && stored != null;
}
