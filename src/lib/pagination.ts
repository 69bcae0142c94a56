import { BadRequest } from '../errors.js';

/** Encodes the sort key of the last item of a page as an opaque cursor. */
export function encodeCursor(key: readonly (string | number)[]): string {
  return Buffer.from(JSON.stringify(key)).toString('base64url');
}

/** Decodes a cursor into a key of the given shape; a forged or foreign cursor is a 400. */
export function decodeCursor<const T extends readonly ('string' | 'number')[]>(
  cursor: string | undefined,
  shape: T,
): { [K in keyof T]: T[K] extends 'string' ? string : number } | undefined {
  if (cursor === undefined) return undefined;
  let key: unknown;
  try {
    key = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    key = undefined;
  }
  const valid =
    Array.isArray(key) &&
    key.length === shape.length &&
    key.every((v, i) =>
      shape[i] === 'number' ? Number.isSafeInteger(v) : typeof v === 'string' && v.length <= 200 && !v.includes('\u0000'),
    );
  if (!valid) throw new BadRequest('The cursor is not one this list handed out');
  return key as { [K in keyof T]: T[K] extends 'string' ? string : number };
}

/** Splits a fetched page of `limit + 1` rows into the items and the next cursor. */
export function paginate<T>(rows: T[], limit: number, keyOf: (row: T) => (string | number)[]) {
  const items = rows.slice(0, limit);
  const last = items.at(-1);
  return { items, nextCursor: rows.length > limit && last ? encodeCursor(keyOf(last)) : null };
}
