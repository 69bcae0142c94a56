import { fold } from './normalize.js';
import { quoteLexeme, tokenize, type Token } from './tokens.js';

/**
 * A reader's query: words separated by spaces, all of which an item must hold; `"a phrase"`
 * held as typed; `-word` (or `-"a phrase"`) that it must not hold. Each term is folded and cut
 * into tokens as indexed text is, and becomes a phrase of them; Latin words and numbers match
 * as typed or as the start of a longer one (`pm2` finds `pm2.5`).
 */

/** The longest query read, in characters. */
export const MAX_QUERY_LENGTH = 200;
/** The most terms a query may have. */
export const MAX_TERMS = 12;

export interface QueryTerm {
  /** The term as typed, quotes and minus taken off. */
  text: string;
  /** Folded, as search compares it. */
  folded: string;
  tokens: Token[];
  exclude: boolean;
}

export interface ParsedQuery {
  terms: QueryTerm[];
  /** The tsquery literal: an AND of the included terms' phrases and NOTs of the excluded. */
  tsquery: string;
  /**
   * Every token of the included terms ANDed, without their order: what a GIN index answers
   * from its own entries, reading no item's terms. It finds all that `tsquery` finds, and more
   * when a term is a phrase or one is excluded (`exact` false).
   */
  tokens: string;
  /** Whether `tokens` finds exactly what `tsquery` finds. */
  exact: boolean;
  /** The included terms' phrases, any of them: what ranking scores an item's heads by. */
  rank: string;
}

/** Why a query cannot be searched; each has words for the API and for readers. */
export type QueryRefusal = 'empty' | 'too-long' | 'too-many-terms' | 'full-id-number' | 'only-marks' | 'single-character' | 'only-excluded';

export class QueryRefused extends Error {
  constructor(
    readonly reason: QueryRefusal,
    detail: string,
    /** The term refused, for a single character. */
    readonly term?: string,
  ) {
    super(detail);
  }
}

/** 18 characters of an ID number (GB 11643) or the 15 digits of an old one, typed whole. */
const FULL_ID_NUMBER = /(?<![0-9])(?:[0-9]{17}[0-9x]|[0-9]{15})(?![0-9a-z])/;

/** Whether the text holds a whole ID number, however spaced or typed (full-width, dashes). */
export function holdsFullIdNumber(text: string): boolean {
  const folded = fold(text).replace(/(?<=[0-9])[\s-]+(?=[0-9x])/g, '');
  return FULL_ID_NUMBER.test(folded);
}

const OPEN_QUOTES = '"“”「『„';
const CLOSE_FOR: Record<string, string> = { '"': '"', '“': '”', '”': '”', '「': '」', '『': '』', '„': '“' };

/** Splits a query into its raw terms: space-separated words and quoted phrases, each maybe excluded. */
function splitTerms(query: string): { text: string; exclude: boolean; quoted: boolean }[] {
  const out: { text: string; exclude: boolean; quoted: boolean }[] = [];
  let i = 0;
  const chars = [...query];
  while (i < chars.length) {
    while (i < chars.length && /\s/u.test(chars[i]!)) i++;
    if (i >= chars.length) break;
    let exclude = false;
    if ((chars[i] === '-' || chars[i] === '－') && i + 1 < chars.length && !/\s/u.test(chars[i + 1]!)) {
      exclude = true;
      i++;
    }
    const open = chars[i]!;
    if (OPEN_QUOTES.includes(open)) {
      const close = CLOSE_FOR[open]!;
      let j = i + 1;
      while (j < chars.length && chars[j] !== close && !(close === '"' && chars[j] === '”')) j++;
      out.push({ text: chars.slice(i + 1, j).join(''), exclude, quoted: true });
      i = j + 1;
      continue;
    }
    let j = i;
    while (j < chars.length && !/\s/u.test(chars[j]!)) j++;
    out.push({ text: chars.slice(i, j).join(''), exclude, quoted: false });
    i = j;
  }
  return out;
}

/**
 * Whether a query's token matches indexed tokens it begins: a word of two or more characters
 * (`pm2` finds `pm2.5`), and a lone Han character, which in indexed text begins a bigram.
 */
export function matchesAsPrefix(token: Token): boolean {
  const length = [...token.lexeme].length;
  return token.kind === 'word' ? length >= 2 : length === 1;
}

/** A token as a tsquery operand: quoted, and marked as a prefix where it matches as one. */
const operand = (token: Token) => quoteLexeme(token.lexeme) + (matchesAsPrefix(token) ? ':*' : '');

/** A term's tokens as a tsquery phrase, each token as far from the last as in the term. */
function phraseOf(tokens: Token[]): string {
  let out = '';
  let previous = 0;
  for (const token of tokens) {
    const lexeme = operand(token);
    out += out ? ` <${token.position - previous}> ${lexeme}` : lexeme;
    previous = token.position;
  }
  return tokens.length > 1 ? `(${out})` : out;
}

/** Characters a term holds that search can find: letters, digits and ideographs. */
const contentLength = (tokens: Token[]) => tokens.reduce((sum, t) => sum + (t.kind === 'word' ? [...t.lexeme].length : 1), 0) + (tokens.some((t) => t.kind === 'cjk' && [...t.lexeme].length === 2) ? 1 : 0);

/** Reads a query, or throws QueryRefused saying why it cannot be searched. */
export function parseQuery(query: string): ParsedQuery {
  const trimmed = query.trim();
  if (!trimmed) throw new QueryRefused('empty', 'The query is empty: type a word to find');
  if ([...trimmed].length > MAX_QUERY_LENGTH) throw new QueryRefused('too-long', `The query is longer than ${MAX_QUERY_LENGTH} characters: search for a few words of it`);
  if (holdsFullIdNumber(trimmed)) {
    throw new QueryRefused('full-id-number', 'A whole ID number is never searched: published lists show ID numbers masked. Search for its last four digits instead');
  }
  const raw = splitTerms(trimmed);
  if (raw.length > MAX_TERMS) throw new QueryRefused('too-many-terms', `The query has more than ${MAX_TERMS} words: search for fewer`);
  const terms: QueryTerm[] = [];
  for (const term of raw) {
    const folded = fold(term.text);
    const tokens = tokenize(folded);
    if (tokens.length === 0) continue;
    if (contentLength(tokens) < 2) {
      throw new QueryRefused('single-character', `"${term.text}" is a single character, which would find almost everything: search for two or more characters`, term.text);
    }
    terms.push({ text: term.text, folded, tokens, exclude: term.exclude });
  }
  if (terms.length === 0) throw new QueryRefused('only-marks', 'The query holds only punctuation or symbols, which search ignores: type a word to find');
  const included = terms.filter((t) => !t.exclude);
  if (included.length === 0) throw new QueryRefused('only-excluded', 'The query only excludes words: add a word to find');
  const tsquery = [...included.map((t) => phraseOf(t.tokens)), ...terms.filter((t) => t.exclude).map((t) => `!${phraseOf(t.tokens)}`)].join(' & ');
  const tokens = [...new Set(included.flatMap((t) => t.tokens.map(operand)))].join(' & ');
  return {
    terms,
    tsquery,
    tokens,
    exact: included.length === terms.length && included.every((t) => t.tokens.length === 1),
    rank: included.map((t) => phraseOf(t.tokens)).join(' | '),
  };
}
