/**
 * Reads a page of extracted newspaper text into stories and notices.
 *
 * Heading levels in extracted text follow the printed font size, not the structure, so a
 * heading's role is decided by where it stands and what it looks like:
 * - a notice starts at a title ending in 公示/公告/声明/启事/通知, at any level;
 * - a story starts at a run of headings that a byline follows (directly, or after a lead
 *   paragraph), at the page's first heading, at a run of two or three headings, or at a
 *   heading set as large as the current story's headline;
 * - in that run the largest heading is the headline, one above it the kicker (引题), one
 *   below it the subtitle (副题); any other heading inside a story is a sub-head.
 * A page without Markdown headings marks none: a short line without sentence punctuation,
 * standing alone, is then read as a heading.
 */
import { maskIdsInText } from '../../lib/id-card.js';
import { parseByline } from './byline.js';
import { readLines, type Line } from './lines.js';
import type { ImportChange, ImportWarning, ItemRef, ParsedArticle, ParsedCredit, ParsedNotice, ParsedPage } from './model.js';
import { datesNotice, isClosing, isNoticeTitle, readDate, readNotice, type KindPreset } from './notice.js';
import { endsSentence, escapeMarkdown, joinBroken, type Paragraph } from './paragraphs.js';

export interface ParseOptions {
  /** `text/plain` prose is escaped as it becomes Markdown; `text/markdown` keeps its inline marks. */
  format: 'plain' | 'markdown';
  kinds: readonly KindPreset[];
  /** The date an undated notice gets, YYYY-MM-DD. */
  today: string;
}

type Role = 'heading' | 'byline' | 'table' | 'prose' | 'furniture';

/** The page's own credits at its foot (责任编辑：张三 校对：李四): the page's, no story's. */
const PAGE_CREDITS = /^(?:(?:责任编辑|责编|本版编辑|值班编辑|编辑|校对|美编|组版|版式|审读|设计)\s*[：:]\s*[\p{Script=Han}·]{2,8}[\s\u3000]*)+$/u;

interface Unit extends Line {
  role: Role;
  credits?: ParsedCredit[];
  /** A heading's level: its Markdown level, or 0 where the page marks no headings. */
  rank: number;
}

/** The longest line read as a heading on a page that marks none. */
const MAX_BARE_HEADING = 36;
/** Lead paragraphs a story's head may stand above its byline. */
const LEAD_WINDOW = 2;

export function parsePage(text: string, options: ParseOptions): ParsedPage {
  const changes: ImportChange[] = [];
  const warnings: ImportWarning[] = [];
  const units = classify(readLines(text, changes));
  const articles: ParsedArticle[] = [];
  const notices: ParsedNotice[] = [];
  const order: ItemRef[] = [];
  const noticeContext = { kinds: options.kinds, today: options.today, plain: options.format === 'plain', changes, warnings };

  let story: StoryBuilder | null = null;
  /** The notice being read, and whether its date has been read (its signature is complete). */
  let notice: { lines: Unit[]; item: ItemRef; dated: boolean } | null = null;
  const orphans: Unit[] = [];

  const finishStory = (): void => {
    if (story) articles.push(story.finish());
    story = null;
  };
  const finishNotice = (): void => {
    if (notice) notices.push(readNotice(notice.lines, notice.item, noticeContext));
    notice = null;
  };

  for (let i = 0; i < units.length; ) {
    const unit = units[i]!;
    if (unit.role === 'furniture') {
      warnings.push({ line: unit.line, message: `The page's own credits (${unit.text}) belong to no story and were left out` });
      i += 1;
      continue;
    }
    if (unit.role !== 'heading') {
      if (notice) {
        notice.lines.push(unit);
        notice.dated ||= datesNotice(unit.text);
      }
      else if (story) story.add(unit);
      else orphans.push(unit);
      i += 1;
      continue;
    }
    let end = i;
    while (units[end + 1]?.role === 'heading') end += 1;
    const run = units.slice(i, end + 1);
    const titleAt = run.findIndex((heading) => isNoticeTitle(heading.text));
    if (titleAt === 0) {
      finishStory();
      finishNotice();
      const item: ItemRef = { kind: 'notice', index: notices.length };
      order.push(item);
      notice = { lines: [run[0]!], item, dated: false };
      i += 1;
      continue;
    }
    // Headings before a notice title are read on their own.
    const heads = titleAt > 0 ? run.slice(0, titleAt) : run;
    if (notice && !startsStory(units, i, heads, story, notice.dated)) {
      notice.lines.push(...heads);
    } else if (!notice && story && !startsStory(units, i, heads, story)) {
      for (const heading of heads) story.addSubhead(heading);
    } else {
      finishStory();
      finishNotice();
      const item: ItemRef = { kind: 'article', index: articles.length };
      order.push(item);
      story = new StoryBuilder(heads, item, options.format, changes, warnings);
    }
    i += heads.length;
  }
  finishStory();
  finishNotice();

  if (orphans.length > 0) {
    warnings.push({
      line: orphans[0]!.line,
      message: `${orphans.length} line(s) before the page's first headline belong to no story and were left out (lines ${orphans[0]!.line}–${orphans[orphans.length - 1]!.line})`,
    });
  }
  warnings.sort((a, b) => a.line - b.line);
  return { articles, notices, order, changes, warnings };
}

/** Reads each line's role: table row, byline, heading (marked, or by shape on an unmarked page), or prose. */
function classify(lines: Line[]): Unit[] {
  const marked = lines.some((line) => line.level !== null);
  const units: Unit[] = [];
  for (const line of lines) {
    if (line.cells) {
      units.push({ ...line, role: 'table', rank: 0 });
      continue;
    }
    if (PAGE_CREDITS.test(line.text)) {
      units.push({ ...line, role: 'furniture', rank: 0 });
      continue;
    }
    const credits = parseByline(line.text);
    if (credits) {
      units.push({ ...line, role: 'byline', credits, rank: 0 });
      continue;
    }
    if (line.level !== null) {
      units.push({ ...line, role: 'heading', rank: line.level });
      continue;
    }
    // A line after one cut off mid-sentence carries it on; a date or closing formula is not cut off.
    const previous = units[units.length - 1];
    const continues = previous?.role === 'prose' && !endsSentence(previous.text) && !isSignOff(previous.text);
    const heading = !marked && !continues && looksLikeHeading(line.text) && !isSignOff(line.text);
    units.push({ ...line, role: heading ? 'heading' : 'prose', rank: 0 });
  }
  return units;
}

/** A notice's closing formula or date, which end without punctuation and are no headings. */
function isSignOff(text: string): boolean {
  return isClosing(text) || readDate(text) !== null;
}

/** A bare line that reads as a heading: short, with no sentence in it and no run-on end. */
function looksLikeHeading(text: string): boolean {
  const length = Array.from(text).length;
  if (length > MAX_BARE_HEADING) return false;
  if (/[。；;！!？?]./u.test(text) || /[。；;：:，,、]$/u.test(text)) return false;
  return !/^[（(]/u.test(text);
}

/**
 * Whether the run of headings at `at` opens a new story rather than continuing what is being
 * read: a sub-head of `story`, or — in a notice (`story` null) — a line of a notice not yet
 * dated that only looks like a heading because the page marks none (its issuer).
 */
function startsStory(units: readonly Unit[], at: number, heads: readonly Unit[], story: StoryBuilder | null, noticeDated = true): boolean {
  if (heads.length >= 2 || bylineFollows(units, at + heads.length)) return true;
  if (!story) return noticeDated || heads.some((h) => h.level !== null);
  const rank = Math.min(...heads.map((h) => h.rank));
  return rank > 0 && story.headlineRank > 0 && rank <= story.headlineRank;
}

/** A byline directly at `from`, or after a lead paragraph or two. */
function bylineFollows(units: readonly Unit[], from: number): boolean {
  for (let next = from; next <= from + LEAD_WINDOW; next += 1) {
    const unit = units[next];
    if (!unit || unit.role === 'heading' || unit.role === 'table') return false;
    if (unit.role === 'byline') return true;
  }
  return false;
}

/** A dateline's credits: 本报讯（记者 张三） or 本报聊城4月10日讯（…） opening the first paragraph. */
const DATELINE = /^(?:本报|本刊|新华社|中新社|人民网|大众网|据)[^（(。，]{0,20}讯\s*[（(]([^（）()]{2,60})[）)]/u;
/** Credits closing a paragraph: …。（记者 张三 通讯员 李四） */
const CLOSING_CREDITS = /[（(]([^（）()]{2,60})[）)]$/u;

/** Credits a paragraph carries in its text, which stays as printed. */
function creditsInText(text: string, first: boolean): ParsedCredit[] {
  const dateline = first ? DATELINE.exec(text) : null;
  const found = dateline ? parseByline(dateline[1]!) : null;
  const closing = CLOSING_CREDITS.exec(text);
  const atEnd = closing && closing.index > 0 ? parseByline(closing[1]!) : null;
  return [...(found ?? []), ...(atEnd ?? [])];
}

/** One story as its lines arrive: head, credits, and body runs cut at sub-heads, bylines and tables. */
class StoryBuilder {
  readonly headlineRank: number;
  private readonly head: { kicker: string | null; headline: string; subtitle: string | null };
  private readonly credits: ParsedCredit[] = [];
  private readonly blocks: string[] = [];
  private run: Paragraph[] = [];
  private table: Unit[] = [];
  private readonly line: number;

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
    if (unit.role === 'table') {
      this.flushRun();
      this.table.push(unit);
      return;
    }
    this.flushTable();
    if (unit.role === 'byline') {
      this.flushRun();
      this.credits.push(...unit.credits!);
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
    if (this.credits.length === 0) this.warnings.push({ line: this.line, item: this.item, message: 'No byline was found for this story' });
    return { line: this.line, ...this.head, body: this.blocks.join('\n\n'), credits: this.credits };
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
        if (masked.count > 0) this.changes.push({ type: 'id-masked', line: unit.line, before: 'a full ID number in a table cell', after: 'stored masked, as 3725011966****4816', item: this.item });
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
