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

type CharClass = 'cjk' | 'word' | 'space' | 'mark';

function classOf(char: string): CharClass {
  if (CJK.test(char)) return 'cjk';
  if (WORD.test(char)) return 'word';
  if (SPACE.test(char)) return 'space';
  return 'mark';
}

const isDigit = (char: string | undefined) => char !== undefined && char >= '0' && char <= '9';

/**
 * The tokens of folded text, positions starting after `startAt`. A `.` or `,` between digits
 * stays inside a number (`1,234.5` is `1234.5`); any other mark is a gap.
 */
export function tokenize(text: string, startAt = 0): Token[] {
  const chars: { char: string; at: number }[] = [];
  for (let at = 0; at < text.length; ) {
    const char = String.fromCodePoint(text.codePointAt(at)!);
    chars.push({ char, at });
    at += char.length;
  }
  const tokens: Token[] = [];
  let position = startAt;
  let i = 0;
  while (i < chars.length) {
    const { char, at } = chars[i]!;
    const kind = classOf(char);
    if (kind === 'space') {
      i++;
      continue;
    }
    if (kind === 'mark') {
      position++;
      i++;
      continue;
    }
    if (kind === 'cjk') {
      let j = i;
      while (j < chars.length && classOf(chars[j]!.char) === 'cjk') j++;
      if (j - i === 1) {
        tokens.push({ lexeme: char, position: ++position, start: at, end: at + char.length, kind });
      } else {
        for (let k = i; k + 1 < j; k++) {
          const a = chars[k]!;
          const b = chars[k + 1]!;
          tokens.push({ lexeme: a.char + b.char, position: ++position, start: a.at, end: b.at + b.char.length, kind });
        }
      }
      i = j;
      continue;
    }
    // A word: letters, digits and marks, with `.` and `,` between digits kept in a number.
    let j = i;
    let lexeme = '';
    while (j < chars.length) {
      const c = chars[j]!.char;
      if (classOf(c) === 'word') {
        lexeme += c;
        j++;
      } else if ((c === '.' || c === ',') && isDigit(chars[j - 1]?.char) && isDigit(chars[j + 1]?.char)) {
        if (c === '.') lexeme += c;
        j++;
      } else break;
    }
    const last = chars[j - 1]!;
    tokens.push({ lexeme: [...lexeme].slice(0, MAX_WORD_LENGTH).join(''), position: ++position, start: at, end: last.at + last.char.length, kind: 'word' });
    i = j;
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
