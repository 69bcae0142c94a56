/**
 * Soft line breaks in copy (a line wrapped in the source): joined solid inside Chinese text,
 * with one space elsewhere, once the whole block's inline content is known.
 */
import type { Inline } from './model.js';

/** A soft line break, resolved once the whole block's inline content is known. */
interface SoftBreak {
  type: 'softbreak';
}

/** Inline content as the Markdown walker collects it, soft breaks still open. */
export type Draft = Inline | SoftBreak | { type: 'emphasis' | 'strong'; children: Draft[] } | { type: 'link'; href: string; children: Draft[] };

// Characters that set solid in Chinese (and Japanese) text: no space between them.
const SOLID = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Bopomofo}\u3000-\u303f\uff01-\uff60\uffe0-\uffe6]/u;
const DIGIT = /\p{Nd}/u;
const PUNCTUATION = /\p{P}/u;

/**
 * What a soft line break becomes. Copy wrapped in the source must not gain spaces inside
 * Chinese: between two Han characters (or a Han character and a digit, as in 3月17日)
 * nothing; otherwise one space. Punctuation at the break is looked past, so a column cut
 * after a half-width comma in Chinese text (安排,|大力) still joins solid.
 */
function softBreakJoin(before: string, after: string): string {
  const left = nearestWordChar([...before].reverse());
  const right = nearestWordChar([...after]);
  if (left === undefined || right === undefined) return ' ';
  const solid = (c: string) => SOLID.test(c);
  const digit = (c: string) => DIGIT.test(c);
  if ((solid(left) && solid(right)) || (solid(left) && digit(right)) || (digit(left) && solid(right))) return '';
  return ' ';
}

/** The first character that is not punctuation, or the first character if all are. */
function nearestWordChar(chars: string[]): string | undefined {
  return chars.find((c) => !PUNCTUATION.test(c)) ?? chars[0];
}

/** Replaces every soft break with '' or ' ' according to the text on either side of it. */
export function resolveSoftBreaks(drafts: Draft[]): Inline[] {
  // Leaves in reading order; a hard break ends the context on either side.
  const leaves: { text: string; soft?: { text: string } }[] = [];
  const convert = (list: Draft[]): Inline[] =>
    list.map((d): Inline => {
      switch (d.type) {
        case 'softbreak': {
          const run = { type: 'text' as const, text: ' ' };
          leaves.push({ text: '', soft: run });
          return run;
        }
        case 'text':
        case 'code':
          leaves.push({ text: d.text });
          return d;
        case 'break':
          leaves.push({ text: '\n' });
          return d;
        case 'emphasis':
        case 'strong':
          return { type: d.type, children: convert(d.children) };
        case 'link':
          return { type: 'link', href: d.href, children: convert(d.children) };
      }
    });
  const inlines = convert(drafts);
  leaves.forEach((leaf, i) => {
    if (leaf.soft) leaf.soft.text = softBreakJoin(contextText(leaves, i, -1), contextText(leaves, i, 1));
  });
  return inlines;
}

/**
 * Text on one side (`step` -1 or 1) of the soft break at leaves[at], up to the first run
 * holding a word character or the nearest line break, hard or soft.
 */
function contextText(leaves: { text: string; soft?: unknown }[], at: number, step: -1 | 1): string {
  const parts: string[] = [];
  for (let i = at + step; i >= 0 && i < leaves.length; i += step) {
    const leaf = leaves[i];
    if (!leaf || leaf.soft || leaf.text === '\n') break;
    parts.push(leaf.text);
    if (/[^\p{P}\s]/u.test(leaf.text)) break;
  }
  return step < 0 ? parts.reverse().join('') : parts.join('');
}
