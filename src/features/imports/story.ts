/** A story as the page reader meets its lines: head, credits, and body in Markdown. */
import { maskIdsInText } from '../../lib/id-card.js';
import { parseByline } from '../../document/byline-reader.js';
import { photoCredits, photographers } from './captions.js';
import { MASKED, type ImportChange, type ImportWarning, type ItemRef, type ParsedArticle, type ParsedCredit, type ParsedPhotoSlot } from './model.js';
import type { Unit } from './page.js';
import { escapeMarkdown, joinBroken, type Paragraph } from './paragraphs.js';

/** A dateline's credits: 本报讯（记者 张三） or 本报聊城4月10日讯（…） opening the first paragraph. */
export const DATELINE = /^(?:本报|本刊|新华社|中新社|人民网|大众网|据)[^（(。，]{0,20}(?:讯|电)\s*[（(]([^（）()]{2,60})[）)]/u;
/** Credits closing a paragraph: …。（记者 张三 通讯员 李四） */
const CLOSING_CREDITS = /[（(]([^（）()]{2,60})[）)]$/u;

/** Credits a paragraph carries in its text, which stays as printed. */
export function creditsInText(text: string, first: boolean): ParsedCredit[] {
  const dateline = first ? DATELINE.exec(text) : null;
  const found = dateline ? parseByline(dateline[1]!) : null;
  const closing = CLOSING_CREDITS.exec(text);
  const atEnd = closing && closing.index > 0 ? parseByline(closing[1]!) : null;
  return [...(found ?? []), ...(atEnd ?? [])];
}

/** One story as its lines arrive: head, credits, and body runs cut at sub-heads, bylines and tables. */
export class StoryBuilder {
  readonly headlineRank: number;
  /** One of a column of briefs (简讯): the next heading starts the next brief. */
  briefs = false;
  private readonly head: { kicker: string | null; headline: string; subtitle: string | null };
  private readonly credits: ParsedCredit[] = [];
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
    else if (texts.length === 2) at = /^[—-]/u.test(texts[1]!) || Array.from(texts[0]!).length >= Array.from(texts[1]!).length ? 0 : 1;
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
      this.credits.push(...unit.credits!);
      this.bylineCredits.push(...unit.credits!);
      return;
    }
    this.credits.push(...creditsInText(unit.text, this.blocks.length === 0 && this.run.length === 0));
    this.run.push({ line: unit.line, text: unit.text });
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
    const credits = this.credits.filter((c, i) => this.credits.findIndex((d) => d.role === c.role && d.name === c.name) === i);
    this.credits.splice(0, this.credits.length, ...credits);
    const photographer = photographers(this.bylineCredits);
    for (const slot of this.photoSlots) slot.byline ??= photographer;
    if (this.credits.length === 0) this.warnings.push({ line: this.line, item: this.item, message: 'No byline was found for this story' });
    // A story of captions alone is a picture story, not a head without its body.
    if (this.blocks.length === 0 && this.photoSlots.length === 0) this.warnings.push({ line: this.line, item: this.item, message: 'This story has a head and no body: check whether its head belongs to the item next to it' });
    return { line: this.line, ...this.head, body: this.blocks.join('\n\n'), credits: this.credits, photoSlots: this.photoSlots };
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
      // A credit without brackets (`记者 孙悦 摄`) under captions is theirs.
      const credits = unit.role === 'byline' && this.uncredited.length > 0 ? photoCredits(unit.text) : null;
      if (!credits) return false;
      this.creditSlots(unit, credits);
      return true;
    }
    if (caption.caption === '' && this.uncredited.length > 0) {
      this.creditSlots(unit, caption.credits);
      return true;
    }
    this.credits.push(...caption.credits);
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

  /** The captions read just before, credited by the line that follows them. */
  private creditSlots(unit: Unit, credits: ParsedCredit[]): void {
    this.credits.push(...credits);
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
    for (const paragraph of joinBroken(this.run, this.changes, this.item)) this.blocks.push(this.inline(paragraph.text));
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
