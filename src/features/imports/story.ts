/** A story as the page reader meets its lines: head, credits, and body in Markdown. */
import { maskIdsInText } from '../../lib/id-card.js';
import { parseByline } from '../../document/byline-reader.js';
import { photoCredits, photographers } from './captions.js';
import { MASKED, type ImportChange, type ImportWarning, type ItemRef, type ParsedArticle, type ParsedCredit, type ParsedJump, type ParsedPhotoSlot } from './model.js';
import type { Unit } from './page.js';
import { endsSentence, escapeMarkdown, joinBroken, type Paragraph } from './paragraphs.js';

/** A dateline's credits: 本报讯（记者 张三） or 本报聊城4月10日讯（…） opening the first paragraph. */
export const DATELINE = /^(?:本报|本刊|新华社|中新社|人民网|大众网|据)[^（(。，]{0,20}(?:讯|电)\s*[（(]([^（）()]{2,60})[）)]/u;
/** Credits closing a paragraph: …。（记者 张三 通讯员 李四） */
const CLOSING_CREDITS = /[（(]([^（）()]{2,60})[）)]$/u;

/** The longest paragraph read as a caption because a picture's credit stands under it. */
const MAX_CAPTION = 120;

/** Credits a paragraph carries in its text, which stays as printed: its dateline's (the first paragraph's) and its closing ones. */
export function creditsInText(text: string, first: boolean): ParsedCredit[] {
  return [...(first ? datelineCredits(text) : []), ...closingCredits(text)];
}

function datelineCredits(text: string): ParsedCredit[] {
  const dateline = DATELINE.exec(text);
  return (dateline && parseByline(dateline[1]!)) ?? [];
}

function closingCredits(text: string): ParsedCredit[] {
  const closing = CLOSING_CREDITS.exec(text);
  return (closing && closing.index > 0 && parseByline(closing[1]!)) || [];
}

/** The photographers of a picture's credits (`通讯员 张伟 摄` credits 张伟 for the picture alone). */
const ofPictures = (credits: readonly ParsedCredit[]) => credits.filter((c) => c.role === 'photographer');

/** One story as its lines arrive: head, credits, and body runs cut at sub-heads, bylines and tables. */
export class StoryBuilder {
  readonly headlineRank: number;
  /** One of a column of briefs (简讯): the next heading starts the next brief. */
  briefs = false;
  /** A continuation with no head of its own (上接A01版): the next heading starts the next story. */
  continuation = false;
  private readonly head: { kicker: string | null; headline: string; subtitle: string | null };
  /** Credits in the order a byline reads: its byline's and dateline's, its closing credits', its pictures'. */
  private readonly credits = { head: [] as ParsedCredit[], closing: [] as ParsedCredit[], pictures: [] as ParsedCredit[] };
  /** Body paragraphs made so far. */
  private paragraphs = 0;
  private readonly blocks: string[] = [];
  private run: Paragraph[] = [];
  private table: Unit[] = [];
  private readonly line: number;
  private readonly photoSlots: ParsedPhotoSlot[] = [];
  /** Slots just made whose caption had no credit: a credit line next takes them. */
  private uncredited: { slot: ParsedPhotoSlot; change: ImportChange }[] = [];
  /** The credits of the story's byline lines: who took its pictures where a caption names no one (文/图 记者 张三). */
  private readonly bylineCredits: ParsedCredit[] = [];
  /** A Markdown image was just read: the caption under it is that image's and stays in the body. */
  private afterImage = false;
  private readonly jumps: ParsedJump[] = [];

  constructor(
    heads: readonly Unit[],
    private readonly item: ItemRef,
    private readonly format: 'plain' | 'markdown',
    private readonly changes: ImportChange[],
    private readonly warnings: ImportWarning[],
  ) {
    this.line = heads[0]!.line;
    const texts = heads.map((h) => h.text);
    const ranks = heads.map((h) => h.rank);
    const top = Math.min(...ranks);
    let at: number;
    if (ranks.some((r) => r !== top)) at = ranks.indexOf(top);
    else if (texts.length === 1) at = 0;
    // Two lines of one size: a subtitle starts with its dash (——); otherwise, on a page that marks
    // no sizes, a kicker stands over the headline, and where sizes are marked the longer line is the headline.
    else if (texts.length === 2) at = /^[—-]/u.test(texts[1]!) || (top > 0 && Array.from(texts[0]!).length >= Array.from(texts[1]!).length) ? 0 : 1;
    else at = 1;
    this.headlineRank = ranks[at]!;
    const before = texts.slice(0, at);
    const after = texts.slice(at + 1);
    if (before.length > 1 || after.length > 1) {
      warnings.push({ line: this.line, item, message: `The story's head has ${texts.length} lines; the extra ones were joined into its kicker or subtitle` });
    }
    this.head = { kicker: before.join(' ') || null, headline: texts[at]!, subtitle: after.join(' ') || null };
  }

  add(unit: Unit): void {
    if (this.addCaption(unit)) return;
    this.uncredited = [];
    this.afterImage = (unit.role === 'prose' && unit.text.startsWith('![')) || (this.afterImage && unit.caption !== undefined);
    if (unit.role === 'table') {
      this.flushRun();
      this.table.push(unit);
      return;
    }
    this.flushTable();
    if (unit.role === 'byline') {
      this.flushRun();
      const pictures = unit.credits!.every((c) => c.role === 'photographer');
      (unit.closing ? (pictures ? this.credits.pictures : this.credits.closing) : this.credits.head).push(...unit.credits!);
      this.bylineCredits.push(...unit.credits!);
      return;
    }
    this.run.push({ line: unit.line, text: unit.text });
  }

  /** A jump line: where the story runs on to, or on from; kept as a hint, never as text. */
  addJump(unit: Unit): void {
    const { direction, page } = unit.jump!;
    this.jumps.push({ line: unit.line, direction, page });
    this.changes.push({ type: 'jump', line: unit.line, before: unit.text, after: `${direction} ${page}`, item: this.item });
  }

  /** Whether a byline line or a dateline has credited the story. */
  hasByline(): boolean {
    return this.credits.head.length > 0;
  }

  /** Whether any body text has been read. */
  hasBody(): boolean {
    return this.blocks.length > 0 || this.run.length > 0 || this.table.length > 0;
  }

  /** Whether the text read last ends a sentence, so the next line may start a new item. */
  endsSentence(): boolean {
    const last = this.run[this.run.length - 1];
    return last === undefined || endsSentence(last.text);
  }

  addSubhead(unit: Unit): void {
    this.flushRun();
    this.flushTable();
    this.blocks.push(`## ${this.inline(unit.text)}`);
  }

  finish(): ParsedArticle {
    this.flushRun();
    this.flushTable();
    // A byline and a dateline (or a closing credit) may credit the same person twice.
    const all = [...this.credits.head, ...this.credits.closing, ...this.credits.pictures];
    const credits = all.filter((c, i) => all.findIndex((d) => d.role === c.role && d.name === c.name) === i);
    const photographer = photographers(this.bylineCredits);
    for (const slot of this.photoSlots) slot.byline ??= photographer;
    if (credits.length === 0) this.warnings.push({ line: this.line, item: this.item, message: 'No byline was found for this story' });
    // A story of captions alone is a picture story, not a head without its body.
    if (this.blocks.length === 0 && this.photoSlots.length === 0) this.warnings.push({ line: this.line, item: this.item, message: 'This story has a head and no body: check whether its head belongs to the item next to it' });
    return { line: this.line, ...this.head, body: this.blocks.join('\n\n'), credits, photoSlots: this.photoSlots, jumps: this.jumps, brief: this.briefs };
  }

  /**
   * Takes a caption line, or a picture's credit on the line after captions, out of the body into
   * the story's photo slots, crediting the photographer; false for any other line. The body's
   * run goes on across it, so a paragraph a caption cut in two is joined again.
   */
  private addCaption(unit: Unit): boolean {
    if (this.afterImage) return false;
    const caption = unit.caption;
    if (!caption) {
      const credits = unit.role === 'byline' ? photoCredits(unit.text) : null;
      if (!credits) return false;
      // A credit without brackets (`记者 孙悦 摄`) under captions is theirs.
      if (this.uncredited.length > 0) {
        this.creditSlots(unit, credits);
        return true;
      }
      return this.creditedParagraph(unit, credits);
    }
    if (caption.caption === '' && this.uncredited.length > 0) {
      this.creditSlots(unit, caption.credits);
      return true;
    }
    this.credits.pictures.push(...ofPictures(caption.credits));
    const slot: ParsedPhotoSlot = { line: unit.line, caption: caption.caption, byline: caption.byline };
    const change: ImportChange = { type: 'photo-slot', line: unit.line, before: unit.text, after: caption.caption, item: this.item };
    this.photoSlots.push(slot);
    this.changes.push(change);
    if (caption.byline === null) this.uncredited.push({ slot, change });
    if (caption.caption === '') {
      this.warnings.push({ line: unit.line, item: this.item, message: `A photo credit (${unit.text}) with no caption above it was kept as a photo slot without a caption: check whether the paragraph above is the picture's caption` });
    }
    return true;
  }

  /**
   * A picture's credit on a line of its own (`本报记者 赵明 摄`) under a short paragraph that is
   * no dateline: that paragraph is the picture's caption, printed without a mark.
   */
  private creditedParagraph(unit: Unit, credits: ParsedCredit[]): boolean {
    const last = this.run[this.run.length - 1];
    if (!last || !/摄$/u.test(unit.text.replace(/[）)]$/u, '').trim()) || Array.from(last.text).length > MAX_CAPTION || DATELINE.test(last.text)) return false;
    this.run.pop();
    this.credits.pictures.push(...ofPictures(credits));
    const slot: ParsedPhotoSlot = { line: last.line, creditLine: unit.line, caption: last.text, byline: photographers(credits) };
    this.photoSlots.push(slot);
    this.changes.push({ type: 'photo-slot', line: last.line, toLine: unit.line, before: `${last.text}\n${unit.text}`, after: last.text, item: this.item });
    return true;
  }

  /** The captions read just before, credited by the line that follows them. */
  private creditSlots(unit: Unit, credits: ParsedCredit[]): void {
    this.credits.pictures.push(...ofPictures(credits));
    for (const { slot, change } of this.uncredited) {
      slot.byline = photographers(credits);
      slot.creditLine = unit.line;
      change.toLine = unit.line;
      change.before = `${change.before}\n${unit.text}`;
    }
    this.uncredited = [];
  }

  private inline(text: string): string {
    return this.format === 'plain' ? escapeMarkdown(text) : text;
  }

  private flushRun(): void {
    for (const paragraph of joinBroken(this.run, this.changes, this.item)) {
      // Credits are read off whole paragraphs, as a break may cut a dateline's brackets apart.
      if (this.paragraphs === 0) this.credits.head.push(...datelineCredits(paragraph.text));
      this.credits.closing.push(...closingCredits(paragraph.text));
      this.paragraphs += 1;
      this.blocks.push(this.inline(paragraph.text));
    }
    this.run = [];
  }

  /** A table inside a story stays a table: a Markdown pipe table under its first row. */
  private flushTable(): void {
    if (this.table.length === 0) return;
    const width = Math.max(...this.table.map((row) => row.cells!.length));
    for (const unit of this.table) {
      unit.cells = unit.cells!.map((cell) => {
        const masked = maskIdsInText(cell);
        if (masked.count > 0) this.changes.push({ type: 'id-masked', line: unit.line, before: 'a full ID number in a table cell', after: MASKED, item: this.item });
        return masked.text;
      });
    }
    const row = (cells: readonly string[]) =>
      `| ${Array.from({ length: width }, (_, i) => escapeMarkdown(cells[i] ?? '')).join(' | ')} |`;
    const [header, ...rows] = this.table;
    this.blocks.push([row(header!.cells!), `|${' --- |'.repeat(width)}`, ...rows.map((r) => row(r.cells!))].join('\n'));
    this.table = [];
  }
}
