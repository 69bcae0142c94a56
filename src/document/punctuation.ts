/**
 * Punctuation of Chinese copy, as pure functions over strings.
 *
 * `normalizeChinesePunctuation` makes the half-width marks that stand in Chinese text
 * full-width, as GB/T 15834 (标点符号用法) asks. A mark stands in Chinese text when, looking
 * past spaces, dashes, ellipses and other marks, the first character on either side is Han
 * or a CJK punctuation form; a pair of parentheses also when its content is Chinese.
 * Quotation marks are looked *into* but never out of, so `“你好”,` takes a full-width
 * comma while the `!` in `“Hello!”然后` keeps the quotation's own punctuation. Numbers
 * (`1,234`, `10:30`) have digits on both sides and so stay; URLs are skipped whole.
 *
 * `joinForPrint` inserts word joiners so a line never starts with a dash or middle dot
 * that belongs to the token before it.
 */

/** One converted mark. `before` is the original text replaced, starting at `index`. */
export interface PunctuationChange {
  /** UTF-16 offset of `before` in the original string. */
  index: number;
  /** The half-width mark, with the spaces around it that were dropped. */
  before: string;
  /** The full-width mark. */
  after: string;
}

const FULL_WIDTH: ReadonlyMap<string, string> = new Map([
  [',', '，'],
  [':', '：'],
  [';', '；'],
  ['?', '？'],
  ['!', '！'],
  ['(', '（'],
  [')', '）'],
]);

const SPACE = /^[ \t\u00A0]$/u;
const CHINESE = /^[\p{Script=Han}\u3000-\u303F\uFF00-\uFFEF]$/u;
/** Shared by both scripts, so looked past in either direction. */
const NEUTRAL = new Set([...' \t\u00A0…—', ...FULL_WIDTH.keys(), ...FULL_WIDTH.values()]);
/** Quotation marks, looked past only from outside the quotation into it. */
const ENTERED_GOING_LEFT = new Set(['”', '’']);
const ENTERED_GOING_RIGHT = new Set(['“', '‘']);

const URL = /\b(?:[a-z][a-z\d+.-]*:\/\/|www\.|mailto:)[^\s"'<>“”‘’\p{Script=Han}\u3000-\u303F\uFF00-\uFFEF]+/giu;
const URL_TRAILER = new Set([...'.,:;?!(']);

const WORD_JOINER = '\u2060';

interface CodePoint {
  ch: string;
  /** UTF-16 offset in the original string. */
  at: number;
}

/** What a mark decision reads: the text's code points and which offsets lie in URLs. */
interface Scan {
  chars: CodePoint[];
  locked: Uint8Array;
}

/**
 * Half-width `,:;?!()` standing in Chinese text become full-width and the spaces around
 * them go; every change is reported against the original string. Idempotent.
 */
export function normalizeChinesePunctuation(text: string): { text: string; changes: PunctuationChange[] } {
  const scan: Scan = { chars: codePoints(text), locked: urlOffsets(text) };
  const marks = marksInChinese(scan);
  return rewrite(scan.chars, marks, spacesAround(scan.chars, marks));
}

/**
 * Word joiners (U+2060) that keep a dash or middle dot with the token before it: around
 * an em dash run between digits (`2023—2025`), inside every `——`, and before every `·`
 * and `・`. Joiners already present are kept, never doubled.
 */
export function joinForPrint(text: string): string {
  return text
    .replace(/—(?=—)/gu, `—${WORD_JOINER}`)
    .replace(/(?<=\p{Nd})\u2060?(—(?:\u2060—)*)\u2060?(?=\p{Nd})/gu, `${WORD_JOINER}$1${WORD_JOINER}`)
    .replace(/(?<=[^\u2060])(?=[·・])/gu, WORD_JOINER);
}

function codePoints(text: string): CodePoint[] {
  const chars: CodePoint[] = [];
  let at = 0;
  for (const ch of text) {
    chars.push({ ch, at });
    at += ch.length;
  }
  return chars;
}

/** Flags the UTF-16 offsets inside URLs, whose punctuation is never touched. */
function urlOffsets(text: string): Uint8Array {
  const locked = new Uint8Array(text.length);
  for (const match of text.matchAll(URL)) locked.fill(1, match.index, match.index + urlLength(match[0]));
  return locked;
}

/** The URL without the sentence punctuation that followed it, as linkifiers trim it. */
function urlLength(url: string): number {
  let end = url.length;
  for (;;) {
    const last = url[end - 1] ?? '';
    const head = url.slice(0, end);
    const unmatchedClose = last === ')' && head.split(')').length > head.split('(').length;
    if (!URL_TRAILER.has(last) && !unmatchedClose) return end;
    end -= 1;
  }
}

/** Indexes (into `chars`) of the half-width marks that stand in Chinese text. */
function marksInChinese(scan: Scan): Set<number> {
  const partners = pairParentheses(scan);
  const marks = new Set<number>();
  scan.chars.forEach(({ ch, at }, i) => {
    if (scan.locked[at] || !FULL_WIDTH.has(ch)) return;
    const partner = partners.get(i);
    const inChinese =
      partner === undefined
        ? chineseTowards(scan, i, -1) || chineseTowards(scan, i, 1)
        : pairInChinese(scan, Math.min(i, partner), Math.max(i, partner));
    if (inChinese) marks.add(i);
  });
  return marks;
}

/** Matches the half-width parentheses outside URLs; each maps to its partner's index. */
function pairParentheses({ chars, locked }: Scan): Map<number, number> {
  const partners = new Map<number, number>();
  const open: number[] = [];
  chars.forEach(({ ch, at }, i) => {
    if (locked[at]) return;
    if (ch === '(') open.push(i);
    const partner = ch === ')' ? open.pop() : undefined;
    if (partner === undefined) return;
    partners.set(i, partner);
    partners.set(partner, i);
  });
  return partners;
}

/** A pair is Chinese when its content is, or the text just outside either bracket. */
function pairInChinese(scan: Scan, open: number, close: number): boolean {
  const content = scan.chars.slice(open + 1, close);
  return chineseTowards(scan, open, -1) || chineseTowards(scan, close, 1) || content.some((c) => isChinese(c.ch));
}

/** Whether the first character that decides, walking from `i` by `step`, is Chinese. */
function chineseTowards({ chars, locked }: Scan, i: number, step: 1 | -1): boolean {
  const entered = step < 0 ? ENTERED_GOING_LEFT : ENTERED_GOING_RIGHT;
  for (let j = i + step; ; j += step) {
    const next = chars[j];
    if (next === undefined || locked[next.at]) return false;
    if (!NEUTRAL.has(next.ch) && !entered.has(next.ch)) return isChinese(next.ch);
  }
}

function isChinese(ch: string): boolean {
  return !NEUTRAL.has(ch) && CHINESE.test(ch);
}

/** Indexes of the spaces touching a converted mark: a full-width mark carries its own. */
function spacesAround(chars: CodePoint[], marks: Set<number>): Set<number> {
  const spaces = new Set<number>();
  for (const i of marks) {
    for (let j = i - 1; SPACE.test(chars[j]?.ch ?? ''); j -= 1) spaces.add(j);
    for (let j = i + 1; SPACE.test(chars[j]?.ch ?? ''); j += 1) spaces.add(j);
  }
  return spaces;
}

/** The new text, and one change per mark with its dropped spaces folded into `before`. */
function rewrite(
  chars: CodePoint[],
  marks: Set<number>,
  dropped: Set<number>,
): { text: string; changes: PunctuationChange[] } {
  const parts: string[] = [];
  const changes: PunctuationChange[] = [];
  let open: PunctuationChange | undefined;
  chars.forEach(({ ch, at }, i) => {
    const after = marks.has(i) ? FULL_WIDTH.get(ch) : undefined;
    if (after !== undefined) {
      // Spaces already gathered lead into this mark; after another mark, start afresh.
      if (open?.after !== '') {
        open = { index: at, before: '', after: '' };
        changes.push(open);
      }
      open.before += ch;
      open.after = after;
      parts.push(after);
    } else if (dropped.has(i)) {
      if (open === undefined) {
        open = { index: at, before: '', after: '' };
        changes.push(open);
      }
      open.before += ch;
    } else {
      open = undefined;
      parts.push(ch);
    }
  });
  return { text: parts.join(''), changes };
}
