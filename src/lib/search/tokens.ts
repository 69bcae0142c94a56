/**
 * Search's tokens, Lucene's CJK way: a run of Han (or kana, or Hangul) characters becomes its
 * overlapping character bigrams (a lone character stands as itself), so that any two-character
 * substring is a token and a longer one a phrase of them; recall equals substring search.
 * Latin words and numbers stay whole (`5g`, `pm2.5`, `1234.56`, `4816`). Punctuation and symbols
 * leave a gap of one position, so a phrase never matches across them; white space leaves none.
 * The input is folded text (see normalize.ts).
 */

export interface Token {
  lexeme: string;
  /** 1-based position; consecutive tokens of one phrase are one apart. */
  position: number;
  /** Where it is in the folded text: [start, end) in UTF-16 units. */
  start: number;
  end: number;
  /** A Han (kana, Hangul) token, or a Latin/number word. */
  kind: 'cjk' | 'word';
}

/** Characters that are set as CJK ideographs and have no spaces between words. */
const CJK = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}\u3005\u3007\u30fc]/u;
const WORD = /[\p{L}\p{N}\p{M}]/u;
const SPACE = /\s/u;

/** A word longer than this is cut: no one types more, and PostgreSQL limits a lexeme's size. */
export const MAX_WORD_LENGTH = 40;

/** Where tokens' positions stop: PostgreSQL keeps positions up to 16383. */
export const MAX_POSITION = 16_383;

const CJK_CLASS = 1;
const WORD_CLASS = 2;
const SPACE_CLASS = 3;
const MARK_CLASS = 4;

function classOfChar(char: string): number {
  if (CJK.test(char)) return CJK_CLASS;
  if (WORD.test(char)) return WORD_CLASS;
  if (SPACE.test(char)) return SPACE_CLASS;
  return MARK_CLASS;
}

/** The class of each UTF-16 unit learnt so far (0 not yet): the regular expressions run once a character. */
const learnt = new Uint8Array(0x10000);

/** The class of the character whose code point is `code`. */
function classOf(code: number): number {
  if (code > 0xffff) return classOfChar(String.fromCodePoint(code));
  return learnt[code] || (learnt[code] = classOfChar(String.fromCharCode(code)));
}

/** The end (UTF-16 index) of the character starting at `at`. */
const nextAt = (text: string, at: number) => at + ((text.codePointAt(at) ?? 0) > 0xffff ? 2 : 1);

const isDigitAt = (text: string, at: number) => {
  const code = text.charCodeAt(at);
  return code >= 48 && code <= 57;
};

/**
 * The tokens of folded text, positions starting after `startAt`. A `.` or `,` between digits
 * stays inside a number (`1,234.5` is `1234.5`); any other mark is a gap.
 */
export function tokenize(text: string, startAt = 0): Token[] {
  const tokens: Token[] = [];
  let position = startAt;
  let at = 0;
  while (at < text.length) {
    const code = text.codePointAt(at)!;
    const kind = classOf(code);
    const end = at + (code > 0xffff ? 2 : 1);
    if (kind === SPACE_CLASS) {
      at = end;
      continue;
    }
    if (kind === MARK_CLASS) {
      position++;
      at = end;
      continue;
    }
    if (kind === CJK_CLASS) {
      // The run's bigrams: each character with the next, or the lone character alone.
      let previous = at;
      let next = end;
      while (next < text.length && classOf(text.codePointAt(next)!) === CJK_CLASS) {
        const after = nextAt(text, next);
        tokens.push({ lexeme: text.slice(previous, after), position: ++position, start: previous, end: after, kind: 'cjk' });
        previous = next;
        next = after;
      }
      if (previous === at) tokens.push({ lexeme: text.slice(at, end), position: ++position, start: at, end, kind: 'cjk' });
      at = next;
      continue;
    }
    // A word: letters, digits and marks, with `.` and `,` between digits kept in a number.
    let j = at;
    let lexeme = '';
    let last = at;
    let characters = 0;
    while (j < text.length) {
      const c = text.codePointAt(j)!;
      const after = j + (c > 0xffff ? 2 : 1);
      if (classOf(c) === WORD_CLASS) {
        if (characters++ < MAX_WORD_LENGTH) lexeme += text.slice(j, after);
        last = j;
        j = after;
      } else if ((c === 46 || c === 44) && j > at && isDigitAt(text, j - 1) && isDigitAt(text, after)) {
        if (c === 46 && characters++ < MAX_WORD_LENGTH) lexeme += '.';
        j = after;
      } else break;
    }
    tokens.push({ lexeme, position: ++position, start: at, end: nextAt(text, last), kind: 'word' });
    at = j;
  }
  return tokens;
}

/** A tsvector's weights: A (heads), B (subtitle, summary), C (body), D (byline, the rest). */
export type Weight = 'A' | 'B' | 'C' | 'D';

/** Quotes a lexeme for a tsvector or tsquery literal. */
export function quoteLexeme(lexeme: string): string {
  return `'${lexeme.replace(/\\/g, '\\\\').replace(/'/g, "''")}'`;
}

/**
 * A weighted tsvector literal of fields of folded text, each field's positions after the
 * last's with a gap (no phrase spans two fields). Positions past PostgreSQL's limit are
 * dropped rather than piled onto its last one, where they would make false phrases.
 */
export function tsvectorLiteral(fields: readonly { text: string; weight: Weight }[]): string {
  const positions = new Map<string, string[]>();
  let position = 0;
  for (const field of fields) {
    const tokens = tokenize(field.text, position);
    for (const token of tokens) {
      if (token.position > MAX_POSITION) break;
      let list = positions.get(token.lexeme);
      if (!list) positions.set(token.lexeme, (list = []));
      list.push(`${token.position}${field.weight}`);
    }
    position = (tokens.at(-1)?.position ?? position) + 2;
    if (position > MAX_POSITION) break;
  }
  let out = '';
  for (const [lexeme, list] of positions) out += `${out ? ' ' : ''}${quoteLexeme(lexeme)}:${list.join(',')}`;
  return out;
}
