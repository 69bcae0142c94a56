import { quoteLexeme } from './tokens.js';

/**
 * An item's time as lexemes of its search terms: its day, month and year (UTC). A search for a
 * common word asks the GIN index for the items holding it within a span of time, newest span
 * first, as an AND with the span's lexemes; the index then walks the span's few items and skips
 * through the word's long list, instead of handing back every item that holds it.
 * Text never yields these lexemes: `_` is not a character tokens are made of.
 */

const DAY_MS = 86_400_000;
/** The lexeme of an item dated after the day it was indexed on: ahead of its time when indexed. */
export const LATER = '_later';

const pad = (n: number, width: number) => String(n).padStart(width, '0');
const dayLexeme = (y: number, m: number, d: number) => `_d${pad(y, 4)}${pad(m, 2)}${pad(d, 2)}`;
const monthLexeme = (y: number, m: number) => `_m${pad(y, 4)}${pad(m, 2)}`;
const yearLexeme = (y: number) => `_y${pad(y, 4)}`;

/** The time lexemes of an item dated `at`, indexed at `now`. */
export function timeLexemes(at: Date, now = new Date()): string[] {
  const y = at.getUTCFullYear();
  const m = at.getUTCMonth() + 1;
  const out = [dayLexeme(y, m, at.getUTCDate()), monthLexeme(y, m), yearLexeme(y)];
  // Spans are written out up to the end of today; anything later is found by this one. An item
  // dated ahead when indexed is still dated ahead, or past, when searched: never the reverse.
  if (at.getTime() >= utcMidnight(now).getTime() + DAY_MS) out.push(LATER);
  return out;
}

/** Midnight (UTC) of the day `at` falls in. */
export function utcMidnight(at: Date): Date {
  return new Date(Math.floor(at.getTime() / DAY_MS) * DAY_MS);
}

/** The most lexemes a span's cover names: the GIN index walks each one's list. */
export const MAX_COVER = 8;

/** Lexemes naming exactly [from, end): whole years, then months, then days where a span does not fill one. */
function exactCover(from: Date, end: number): string[] {
  const out: string[] = [];
  let at = utcMidnight(from).getTime();
  while (at < end) {
    const day = new Date(at);
    const y = day.getUTCFullYear();
    const m = day.getUTCMonth();
    const d = day.getUTCDate();
    const nextYear = Date.UTC(y + 1, 0, 1);
    const nextMonth = Date.UTC(y, m + 1, 1);
    if (m === 0 && d === 1 && nextYear <= end) {
      out.push(yearLexeme(y));
      at = nextYear;
    } else if (d === 1 && nextMonth <= end) {
      out.push(monthLexeme(y, m + 1));
      at = nextMonth;
    } else {
      out.push(dayLexeme(y, m + 1, d));
      at += DAY_MS;
    }
  }
  return out;
}

/** The lexemes of every month (or year) that [from, end) touches. */
function touched(from: Date, end: number, unit: 'month' | 'year'): string[] {
  const out: string[] = [];
  let y = from.getUTCFullYear();
  let m = unit === 'month' ? from.getUTCMonth() : 0;
  while (Date.UTC(y, m, 1) < end) {
    out.push(unit === 'month' ? monthLexeme(y, m + 1) : yearLexeme(y));
    if (unit === 'year' || m === 11) [y, m] = [y + 1, 0];
    else m++;
  }
  return out;
}

/**
 * Lexemes that together cover every time in [from, until), both UTC midnights, `until` null for
 * no end: an item dated in the span holds one of them (`LATER` for one dated after today).
 * Named exactly (years, months, days) where that takes at most MAX_COVER lexemes; else as the
 * months the span touches, or the years, which name more than the span: the search's own
 * condition on time drops what lies outside it. The GIN index checks each item it walks against
 * every lexeme named: 31 day lexemes cost more than the few more items three months name.
 */
export function spanLexemes(from: Date, until: Date | null, now = new Date()): string[] {
  const end = until ? until.getTime() : utcMidnight(now).getTime() + DAY_MS;
  let out = exactCover(from, end);
  if (out.length > MAX_COVER) out = touched(from, end, 'month');
  if (out.length > MAX_COVER) out = touched(from, end, 'year');
  if (!until) out.push(LATER);
  return out;
}

/** A span's lexemes as a tsquery: any of them. */
export function spanQuery(lexemes: readonly string[]): string {
  return `(${lexemes.map(quoteLexeme).join(' | ')})`;
}
