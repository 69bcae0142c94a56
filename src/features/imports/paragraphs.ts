/**
 * Paragraphs cut by a column or page break: extracted print ends a paragraph wherever the
 * column ended (`示范企` / `业代表`, `他闻声跑去，` / `发现一个男孩`). A paragraph that stops
 * without sentence-final punctuation is joined to the one after it.
 */
import type { ImportChange, ItemRef } from './model.js';

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
  const chars = Array.from(text.trimEnd());
  let i = chars.length - 1;
  while (i >= 0 && CLOSING_QUOTES.has(chars[i]!)) i -= 1;
  if (i < 0) return true;
  const last = chars[i]!;
  return FINAL.has(last) || CLOSING_BRACKETS.has(last) || (i < chars.length - 1 && /\p{P}/u.test(last));
}

const LATIN_END = /[A-Za-z0-9]$/u;
const LATIN_START = /^[A-Za-z0-9]/u;
const HYPHENATED = /(?<=[A-Za-z])-$/u;

/** The two parts as one paragraph: Han text runs on directly, Latin words get their space back. */
function join(left: string, right: string): string {
  if (HYPHENATED.test(left) && /^[a-z]/u.test(right)) return left.slice(0, -1) + right;
  if (LATIN_END.test(left) && LATIN_START.test(right)) return `${left} ${right}`;
  return left + right;
}

const SHOWN = 8;

/**
 * Joins each run of paragraphs cut by breaks into one, pushing a `joined` change for every
 * join. Call it on one run of body text: headings, bylines and tables end a run.
 */
export function joinBroken(run: readonly Paragraph[], changes: ImportChange[], item: ItemRef): Paragraph[] {
  const out: Paragraph[] = [];
  /** The line the last paragraph's latest part started on: where the next break is. */
  let partLine = 0;
  for (const next of run) {
    const last = out[out.length - 1];
    if (last && !endsSentence(last.text)) {
      const tail = Array.from(last.text).slice(-SHOWN).join('');
      const head = Array.from(next.text).slice(0, SHOWN).join('');
      changes.push({ type: 'joined', line: partLine, toLine: next.line, before: `${tail}\n\n${head}`, after: join(tail, head), item });
      last.text = join(last.text, next.text);
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
