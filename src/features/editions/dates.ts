import { BadRequest } from '../../errors.js';
import { decodeCursor } from '../../lib/pagination.js';
import { isDay as isCalendarDay } from '../../lib/time.js';

/** An edition's key in content-change announcements and the content cache: its date as yyyymmdd. */
export const editionKey = (date: string) => Number(date.replaceAll('-', ''));

/** The date an edition list's cursor holds: the last date of the previous page. */
export function decodeDateCursor(cursor: string | undefined): string | undefined {
  const key = decodeCursor(cursor, ['string']);
  if (key && !isDay(key[0])) throw new BadRequest('The cursor is not one this list handed out');
  return key?.[0];
}

/** A real calendar day written YYYY-MM-DD, years 1800–2999 as editions have. */
export function isDay(text: string): boolean {
  return /^(1[89]|2\d)\d{2}-/.test(text) && isCalendarDay(text);
}
