/**
 * Photo captions (图片说明) as a page prints them: whole lines that start with a caption's mark
 * (`图为…`, `▲…`, `△…`, `上图：…`, `图①：…`), or that end with a photographer's credit in
 * brackets (`…赏花。（记者 孙悦 摄）`), or that are nothing but that credit (`（本报记者 孙悦/摄）`).
 * The picture itself is not in extracted text, so a caption is kept as a slot awaiting its file.
 * A paragraph that merely speaks of a picture (`他拿出一张图为我们讲解`) starts with no mark and
 * is body text.
 */
import { parseByline } from '../../document/byline-reader.js';
import type { ParsedCredit } from './model.js';

/** Marks a caption starts with: ▲/△ pointing at the picture, 图为, or a picture named by its place or number and a colon. */
export const CAPTION_START = /^(?:[▲△]|(?:上|下|左|右|中|左上|右上|左下|右下)?图[①-⑳\d一二三四五六七八九十]{0,2}(?:为|[：:]))/u;
/** A credit closing the line in brackets: `（记者 孙悦 摄）`. */
const BRACKETED_CREDIT = /\s*[（(]([^（）()]{2,60})[）)]$/u;
/** Where a credit printed without brackets may start: after a sentence's end or a space. */
const CREDIT_BREAK = /[。！？!?][”’」』]?\s*|\s+/gu;
/** A byline that credits both words and pictures (文/图) is a story's, not a picture's. */
const WORDS_AND_PICTURES = /文\s*[/／·]?\s*图|图\s*[/／]\s*文/u;

/** What a caption line holds: its text as printed without the credit, and the credits of the picture. */
export interface CaptionLine {
  /** The caption without its mark (▲) and credit; empty for a line that is only a credit. */
  caption: string;
  /** The photographers' names alone, `、` between two or more; null when the line credits none. */
  byline: string | null;
  /** Every credit the line's credit gives, for the story's byline. */
  credits: ParsedCredit[];
}

/** The credits of a picture's credit (`记者 孙悦 摄`, `图/孙悦`), or null when the text is none. */
export function photoCredits(text: string): ParsedCredit[] | null {
  if (WORDS_AND_PICTURES.test(text)) return null;
  const credits = parseByline(text);
  if (!credits?.some((c) => c.role === 'photographer')) return null;
  // `本报记者 刘洋 通讯员 黄晓峰 摄`: 摄 closing the credit makes every name in it the picture's.
  if (!/摄\s*[）)]?$/u.test(text.trim())) return credits;
  return [...credits.filter((c) => c.role !== 'photographer'), ...[...new Set(credits.map((c) => c.name))].map((name) => ({ role: 'photographer' as const, name }))];
}

/** The photographers a picture's credits name, as a caption's byline. */
export function photographers(credits: readonly ParsedCredit[]): string | null {
  const names = [...new Set(credits.filter((c) => c.role === 'photographer').map((c) => c.name))];
  return names.length > 0 ? names.join('、') : null;
}

/**
 * The caption a line is, or null for any other line. A line with a caption's mark may carry its
 * credit in brackets or after a space (`图为…。 记者 孙悦 摄`); an unmarked line is a caption only
 * when it ends with a picture's credit, in brackets or after its last sentence.
 */
export function readCaption(text: string): CaptionLine | null {
  const marked = CAPTION_START.test(text);
  const split = creditAtEnd(text, marked);
  if (!marked && !split) return null;
  const caption = (split?.rest ?? text).replace(/^[▲△]\s*/u, '').trim();
  if (marked && caption === '' && !split) return null;
  const credits = split?.credits ?? [];
  return { caption, byline: photographers(credits), credits };
}

/** A picture's credit closing the text, and the text before it. */
function creditAtEnd(text: string, marked: boolean): { rest: string; credits: ParsedCredit[] } | null {
  const bracketed = BRACKETED_CREDIT.exec(text);
  const inBrackets = bracketed ? photoCredits(bracketed[1]!) : null;
  if (bracketed && inBrackets) return { rest: text.slice(0, bracketed.index), credits: inBrackets };
  // Without brackets: the longest tail that is a credit, after a space (a marked caption) or a sentence's end.
  for (const match of text.matchAll(CREDIT_BREAK)) {
    if (!marked && !/[。！？!?]/u.test(match[0])) continue;
    const tail = text.slice(match.index + match[0].length);
    if (tail === '' || Array.from(tail).length > 30) continue;
    const credits = photoCredits(tail);
    if (credits) return { rest: text.slice(0, match.index + match[0].trimEnd().length), credits };
  }
  return null;
}
