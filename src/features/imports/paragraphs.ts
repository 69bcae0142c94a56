/**
 * Paragraphs cut by a column or page break: extracted print ends a paragraph wherever the
 * column ended (`示范企` / `业代表`, `他闻声跑去，` / `发现一个男孩`). A paragraph that stops
 * without sentence-final punctuation is joined to the one after it.
 */
import { maskIdsInText } from '../../lib/id-card.js';
import { MASKED, type ImportChange, type ItemRef } from './model.js';

export interface Paragraph {
  line: number;
  text: string;
}

/** Marks that end a sentence, or a unit that does not run on (`：` before a list, `；` after an item). */
const FINAL = new Set([...'。！？!?…；;：:.']);
/** Closing quotation marks: the mark before them decides. */
const CLOSING_QUOTES = new Set([...'”’」』"\'']);
/** Closing brackets end a unit of their own, as `（完）` or a parenthesised credit does. */
const CLOSING_BRACKETS = new Set([...'）)》〉】］]']);

/** Whether the text ends where a sentence may end, so the next paragraph starts anew. */
export function endsSentence(text: string): boolean {
  // Markdown emphasis closing a line (`*编者按：…。*`, `**一、强化要素保障**`) is looked past.
  const chars = Array.from(text.trimEnd().replace(/[*_]+$/u, ''));
  let i = chars.length - 1;
  while (i >= 0 && CLOSING_QUOTES.has(chars[i]!)) i -= 1;
  if (i < 0) return true;
  const last = chars[i]!;
  return FINAL.has(last) || CLOSING_BRACKETS.has(last) || (i < chars.length - 1 && /\p{P}/u.test(last));
}

/** Marks no line starts with (clreq): a paragraph that starts with one carries on the one before. */
export const NO_START = /^(?:[，。、；：？！）》」』”’,;:?)]|!(?!\[))/u;

/** Lines that stand as blocks of their own: a list item, an image, a rule, a photo caption. */
const BLOCK = /^(?:[-*+][ \t]|!\[|-{3,}$|\*{3,}$|图为|图：|上图|下图)/u;
/** A number cut by the break: digits (or a phone's hyphen) at the end, digits at the start. */
export const CUT_NUMBER = (left: string, right: string) => /[\d-]$/u.test(left) && /^\d/u.test(right);

/** An item of a numbered list or outline: 一、 （一） (1) 1. 1、 第一条. */
export const ENUMERATED = /^(?:[一二三四五六七八九十]{1,3}、|[（(][一二三四五六七八九十\d]{1,3}[）)]|\d{1,2}[.、．](?!\d)|第[一二三四五六七八九十百\d]{1,4}[条章节])/u;

/** Whether `right` carries on the paragraph `left` that a column or page break cut off. */
export function carriesOn(left: string, right: string): boolean {
  if (BLOCK.test(right) || BLOCK.test(left)) return false;
  if (NO_START.test(right) || CUT_NUMBER(left, right)) return true;
  // A numbered item starts afresh, and a short numbered line is the heading of what follows.
  if (ENUMERATED.test(right) || (ENUMERATED.test(left) && Array.from(left).length <= 30 && !/[，。；]/u.test(left))) return false;
  // A decimal cut at its point (`增长了7.` / `5个百分点`).
  if (/\d\.$/u.test(left) && /^\d/u.test(right)) return true;
  return !endsSentence(left);
}

const LATIN_LETTER_END = /[A-Za-z]$/u;
const LATIN_LETTER_START = /^[A-Za-z]/u;
const HYPHENATED = /(?<=[A-Za-z])-$/u;
/** The last word of a text, to tell a URL or address cut in two from two words. */
const LAST_WORD = /\S+$/u;

/**
 * The two parts as one paragraph. Han text, numbers and a URL or address run on directly;
 * Latin words get back the space the line end took, a hyphenated word is whole again.
 */
function join(left: string, right: string): string {
  if (HYPHENATED.test(left) && /^[a-z]/u.test(right)) return left.slice(0, -1) + right;
  const word = LAST_WORD.exec(left)?.[0] ?? '';
  // A code or serial cut in two (`91371502M` / `A3C8K2Q7N`) is one word again, as a URL or address is.
  const code = /\d/u.test(word) && /^[A-Za-z\d]*\d/u.test(right);
  if (LATIN_LETTER_END.test(left) && LATIN_LETTER_START.test(right) && !/[./@:]/u.test(word) && !code) return `${left} ${right}`;
  return left + right;
}

const SHOWN = 8;

/**
 * Joins each run of paragraphs cut by breaks into one, pushing a `joined` change for every
 * join. Call it on one run of body text: headings, bylines and tables end a run. `mayJoin`
 * can refuse a join the text alone would make (a notice's field lines). An ID number the
 * break had cut in two is masked once it is whole again.
 */
export function joinBroken(
  run: readonly Paragraph[],
  changes: ImportChange[],
  item: ItemRef,
  mayJoin: (left: string, right: string) => boolean = () => true,
): Paragraph[] {
  const out: Paragraph[] = [];
  /** The line the last paragraph's latest part started on: where the next break is. */
  let partLine = 0;
  for (const next of run) {
    const last = out[out.length - 1];
    if (last && carriesOn(last.text, next.text) && mayJoin(last.text, next.text)) {
      const tail = Array.from(last.text).slice(-SHOWN).join('');
      const head = Array.from(next.text).slice(0, SHOWN).join('');
      const masked = maskIdsInText(join(last.text, next.text));
      // The two ends of an ID number the break cut are never shown, not even in the repair list.
      const shown = (text: string) => (masked.count > 0 ? text.replace(/[\dXx]/gu, '*') : text);
      changes.push({ type: 'joined', line: partLine, toLine: next.line, before: shown(`${tail}\n\n${head}`), after: shown(join(tail, head)), item });
      if (masked.count > 0) changes.push({ type: 'id-masked', line: partLine, before: 'a full ID number cut by the break', after: MASKED, item });
      last.text = masked.text;
    } else {
      out.push({ ...next });
    }
    partLine = next.line;
  }
  return out;
}

const MARKDOWN_INLINE = /[\\`*_[\]<>~|]/gu;
const MARKDOWN_BLOCK_START = /^(?:[#>+-]|\d+[.)])/u;

/** Plain text as Markdown that shows exactly that text: marks that would format are escaped. */
export function escapeMarkdown(text: string): string {
  const escaped = text.replace(MARKDOWN_INLINE, (mark) => `\\${mark}`);
  const start = MARKDOWN_BLOCK_START.exec(escaped);
  if (!start) return escaped;
  const marker = start[0];
  return /\d/u.test(marker[0]!) ? `${marker.slice(0, -1)}\\${marker.slice(-1)}${escaped.slice(marker.length)}` : `\\${escaped}`;
}
