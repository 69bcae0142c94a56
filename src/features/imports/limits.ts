/**
 * What the newsroom API accepts for a story or a notice, checked against what a page yields
 * before anything is stored, so an over-long headline or header cell is refused with its line
 * instead of slipping past the schemas the API routes enforce.
 */
import { Unprocessable, type FieldError } from '../../errors.js';
import type { ParsedPage } from './model.js';

/** The longest line a page may hold: a paragraph, never a whole document on one line. */
export const MAX_LINE_LENGTH = 100_000;
/** The most columns a notice table may have (as the notices API). */
const MAX_COLUMNS = 30;

/** Field limits of the articles and notices APIs (`CreateArticleBody`, `CreateNoticeBody`). */
const ARTICLE_LIMITS = { kicker: 200, headline: 200, subtitle: 200, body: 200_000 } as const;
const NOTICE_LIMITS = { title: 200, salutation: 200, preamble: 50_000, closing: 100, issuer: 300 } as const;
const LABEL_LIMIT = 40;
/** A photo slot's limits (`PhotoSlot`): its caption and byline, and how many a story keeps. */
const SLOT_LIMITS = { caption: 1000, byline: 100, slots: 50 } as const;
const CONTACT_LIMITS = { name: 100, phone: 40 } as const;

const length = (text: string | null) => (text === null ? 0 : Array.from(text).length);

/** Refuses a line too long to be a paragraph, before any of it is read. */
export function checkLines(text: string): void {
  let line = 1;
  let start = 0;
  for (let i = 0; i <= text.length; i += 1) {
    if (i < text.length && text[i] !== '\n') continue;
    if (i - start > MAX_LINE_LENGTH) {
      throw new Unprocessable(`Line ${line} is ${i - start} characters long; a page's lines are its paragraphs, at most ${MAX_LINE_LENGTH} characters`, [
        { pointer: '', message: `line ${line} is too long` },
      ]);
    }
    line += 1;
    start = i + 1;
  }
}

/** Every field of every item within the API's limits, or one 422 naming each line that is not. */
export function checkFields(page: ParsedPage): void {
  const errors: FieldError[] = [];
  const over = (line: number, what: string, text: string | null, limit: number) => {
    if (length(text) > limit) errors.push({ pointer: '', message: `line ${line}: the ${what} is ${length(text)} characters long; at most ${limit}` });
  };
  for (const article of page.articles) {
    for (const field of Object.keys(ARTICLE_LIMITS) as (keyof typeof ARTICLE_LIMITS)[]) over(article.line, `story's ${field}`, article[field], ARTICLE_LIMITS[field]);
    for (const slot of article.photoSlots) {
      over(slot.line, 'photo caption', slot.caption, SLOT_LIMITS.caption);
      over(slot.creditLine ?? slot.line, 'photo credit', slot.byline, SLOT_LIMITS.byline);
    }
    if (article.photoSlots.length > SLOT_LIMITS.slots) {
      errors.push({ pointer: '', message: `line ${article.line}: the story has ${article.photoSlots.length} photo captions; at most ${SLOT_LIMITS.slots}` });
    }
  }
  for (const notice of page.notices) {
    for (const field of Object.keys(NOTICE_LIMITS) as (keyof typeof NOTICE_LIMITS)[]) over(notice.line, `notice's ${field}`, notice[field], NOTICE_LIMITS[field]);
    if (notice.contact) {
      over(notice.line, 'contact name', notice.contact.name, CONTACT_LIMITS.name);
      over(notice.line, 'contact phone', notice.contact.phone, CONTACT_LIMITS.phone);
    }
    const columns = notice.table?.columns ?? [];
    const headerLine = notice.table?.headerLine ?? notice.line;
    if (columns.length > MAX_COLUMNS) errors.push({ pointer: '', message: `line ${headerLine}: the table has ${columns.length} columns; at most ${MAX_COLUMNS}` });
    const seen = new Set<string>();
    for (const column of columns) {
      over(headerLine, `header cell ${column.label.slice(0, 20)}`, column.label, LABEL_LIMIT);
      if (seen.has(column.label)) errors.push({ pointer: '', message: `line ${headerLine}: two columns are headed ${column.label}` });
      seen.add(column.label);
    }
  }
  if (errors.length > 0) throw new Unprocessable(`The page does not fit the newsroom's limits: ${errors[0]!.message}${errors.length > 1 ? ` (and ${errors.length - 1} more)` : ''}. Nothing was imported`, errors);
}
