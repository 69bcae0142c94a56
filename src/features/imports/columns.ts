/**
 * Text copied out of a PDF page keeps the print's line breaks: every line of a column is a line
 * of its own, often with no blank line between paragraphs. This undoes them: a line that runs
 * the column's full width and stops mid-sentence is joined to the next; a shorter line, or one
 * before an indented line, ends its paragraph.
 */
import { parseByline } from '../../document/byline-reader.js';
import { BULLET, isBriefsLabel } from './briefs.js';
import { CAPTION_START } from './captions.js';
import { isFurniture } from './furniture.js';
import type { ImportChange } from './model.js';
import { endsSentence } from './paragraphs.js';
import type { Line } from './lines.js';

/** A line as unwrapping reads it: where its text starts, and how wide its indent is. */
export type PrintedLine = Line & { offset: number; indent: number };

/** Lines looked at on each side of a line to find its column's width, where its block is too short to say. */
const NEIGHBOURS = 10;

/**
 * The width a line takes in print, in Han characters: a Latin letter, digit or half-width mark
 * takes half of one.
 */
export function printedWidth(text: string): number {
  let width = 0;
  // Half-width commas and brackets in Chinese text are set full-width, as they will be.
  for (const ch of text) width += ch.codePointAt(0)! < 0x100 && !/[,;:!?()]/u.test(ch) ? 0.5 : 1;
  return width;
}

/** A line's width in its column, its indent counted. */
function measure(line: PrintedLine): number {
  return Math.round(printedWidth(line.text) + line.indent);
}

/** A line ending with a mark, which the typesetter may hang past the column's edge (`…雨污分流,`). */
const HANGING = /[，。、；：！？,.;:!?”’」』）)]$/u;

/** The most common rounded width among the lines, the wider on a tie; 0 without lines. */
function modeOf(widths: readonly number[]): { width: number; count: number } {
  const counts = new Map<number, number>();
  for (const w of widths) counts.set(w, (counts.get(w) ?? 0) + 1);
  const [best] = [...counts].sort((a, b) => b[1] - a[1] || b[0] - a[0]);
  return best ? { width: best[0], count: best[1] } : { width: 0, count: 0 };
}

/**
 * Joins the lines of a page that kept its PDF columns' line breaks (most lines run straight
 * into the next, many are one column's width). Each line is measured against the width of the
 * column it stands in — the commonest width among the lines around it, as stories on one page
 * are set in columns of different widths — with its indent counted. A line of that width
 * which ends mid-sentence runs on into the next, unless the next is indented on a page that
 * indents its paragraphs, starts an item (`●`) or a caption, or stands alone (a byline, a jump
 * line, the page's furniture).
 */
export function unwrapColumns<T extends PrintedLine>(lines: T[], blankAfterLine: Set<number>, changes: ImportChange[]): T[] {
  const prose = lines.filter((l) => !l.cells && l.level === null);
  if (prose.length < 8) return lines;
  const adjacent = prose.filter((l) => !blankAfterLine.has(l.line)).length;
  if (adjacent < prose.length * 0.7) return lines;
  const widths = prose.map(measure);
  const page = modeOf(widths);
  const heads = headLines(lines);
  const block = blocksOf(prose, heads);
  const columnWidth = new Map<number, number>();
  /** Lines among neighbours that indent their paragraphs' first lines: there an indented line starts a paragraph. */
  const indenting = new Set<number>();
  let near = 0;
  prose.forEach((l, i) => {
    // A column is measured within its block (a story's body between its byline and the next head);
    // a block too short to say, among the lines around.
    const own = modeOf(widths.filter((_, k) => block[k] === block[i]));
    const around = modeOf(widths.slice(Math.max(0, i - NEIGHBOURS), i + NEIGHBOURS + 1));
    const local = own.count >= 2 && own.width >= 8 ? own : around;
    const width = local.count >= 2 && local.width >= 8 ? local.width : page.width;
    columnWidth.set(l.line, width);
    if (Math.abs(widths[i]! - width) <= 1) near += 1;
  });
  prose.forEach((l, i) => {
    // Indented lines of another column (a story set beside a briefs column) say nothing of this one.
    const width = columnWidth.get(l.line)!;
    const indented = prose.slice(Math.max(0, i - NEIGHBOURS), i + NEIGHBOURS + 1).filter((n) => n.indent > 0 && Math.abs(columnWidth.get(n.line)! - width) <= 1);
    if (indented.length >= 2) indenting.add(l.line);
  });
  // Printed columns: many lines run their column's full width, whatever the width of each column.
  const pageNear = widths.filter((w) => Math.abs(w - page.width) <= 1).length;
  if (page.width < 8 || page.width > 40 || (near < prose.length * 0.4 && pageNear < prose.length * 0.3)) return lines;

  const out: T[] = [];
  /** The printed line the last paragraph's latest part stood on, and that part. */
  let lastPart: PrintedLine | null = null;
  lines.forEach((line, k) => {
    const last = out[out.length - 1];
    const prose = last !== undefined && lastPart !== null && !last.cells && last.level === null && !line.cells && line.level === null && lastPart.line + 1 === line.line;
    /** Whether a line runs its column's full width. */
    // A line cut mid-word may fall a character or two short of a column whose commonest lines hang a
    // mark past its edge (`…雨污分流,`): no paragraph ends mid-word, and a sub-head is far shorter.
    const fills = (l: PrintedLine) => {
      const column = columnWidth.get(l.line) ?? page.width;
      return measure(l) >= column - 1 || (!HANGING.test(l.text) && measure(l) >= column - 2 && measure(l) >= column * 0.85);
    };
    const full = lastPart !== null && fills(lastPart);
    // A dateline's credits set on the next line (`本报讯` / `（记者 周倩）5月7日，…`) are its own.
    const dateline = prose && ((DATELINE_WORD.test(last.text) && /^[（(]/u.test(line.text)) || (DATELINE_CREDITED.test(last.text) && !standsAlone(line.text)));
    // A caption (图为…, ▲…) runs over its lines until its sentence ends, whatever their width.
    const caption = prose && CAPTION_START.test(last.text) && !endsSentence(last.text) && !/摄$/u.test(last.text) && !standsAlone(line.text) && !BULLET.test(line.text) && !CAPTION_START.test(line.text);
    const plain =
      prose && !heads.has(lastPart!.line) && !heads.has(line.line) && !standsAlone(last.text) && !standsAlone(line.text) &&
      !BULLET.test(line.text) && !line.text.startsWith('【') && !CAPTION_START.test(line.text) && !CAPTION_START.test(last.text);
    // A full line that ends no sentence runs on; so does one ending a sentence inside a quotation
    // still open, or a sentence that merely ended where the line did, when the next line is no
    // head (a paragraph's last line is short, so a full one is seldom its last). A notice's field
    // (`联系人：…`) does not run into the short line under it (its issuer).
    const shortHead = headLike(line.text) && !fills(line);
    /** A line as wide as its column, no wider: one printed line of it, not a whole paragraph. */
    const fitted = lastPart !== null && Math.abs(measure(lastPart) - (columnWidth.get(lastPart.line) ?? page.width)) <= 1;
    const ended = (text: string) => endsSentence(text) && !unclosed(text) && !(SENTENCE_END.test(text) && fitted && !shortHead);
    // A line wider than its column and than the line under it (a head over the column) is no line of it.
    const over =
      lastPart !== null &&
      measure(lastPart) > Math.max(columnWidth.get(lastPart.line) ?? page.width, measure(line)) + 1;
    const wrapped = plain && full && !(over && headLike(last.text) && last.text === lastPart!.text) && !ended(last.text) && !(indenting.has(line.line) && line.indent > 0) && !(NOTICE_LINE.test(last.text) && shortHead);
    // Where paragraphs are indented, a line set flush left carries on the paragraph above — unless
    // it is a head, a notice's field or closing, or a caption over a picture's credit.
    const next = lines[k + 1];
    const flush =
      plain && indenting.has(line.line) && line.indent === 0 && !(headLike(line.text) && !fills(line)) && !(headLike(last.text) && !full) &&
      !NOTICE_LINE.test(line.text) && !NOTICE_LINE.test(last.text) && !(next && /摄[）)]?$/u.test(next.text) && parseByline(next.text) !== null);
    const runsOn = dateline || caption || wrapped || flush;
    if (runsOn) {
      const tail = Array.from(last.text).slice(-8).join('');
      const head = Array.from(line.text).slice(0, 8).join('');
      changes.push({ type: 'joined', line: last.line, toLine: line.line, before: `${tail}\n${head}`, after: tail + head });
      last.text += line.text;
    } else {
      out.push({ ...line });
    }
    lastPart = line;
  });
  return out;
}

/** A quotation or bracket opened and not closed: the sentence goes on past the line's end. */
function unclosed(text: string): boolean {
  const count = (pattern: RegExp) => text.match(pattern)?.length ?? 0;
  return count(/“/gu) > count(/”/gu) || count(/[（(]/gu) > count(/[）)]/gu);
}

/** A sentence's end: 。！？ and a closing quotation mark after it. */
const SENTENCE_END = /[。！？!?][”’」』]?$/u;

/** A notice's field (`联系人：…`, `电话：…`) or closing formula, which stand on lines of their own. */
const NOTICE_LINE = /^[\p{Script=Han}A-Za-z]{1,8}[：:]|^特此/u;

/** A dateline's last word, its credits to follow: `本报讯`, `本报聊城5月7日讯`, `新华社北京5月7日电`. */
const DATELINE_WORD = /(?:本报|本刊|新华社|中新社)[^，。（(\s]{0,16}(?:讯|电)$/u;
/** A dateline with its credits ending the line (`…本报讯（记者 周倩）`): its text follows on the next. */
const DATELINE_CREDITED = /(?:本报|本刊|新华社|中新社)[^，。（(\s]{0,16}(?:讯|电)\s*[（(][^（）()]{2,60}[）)]$/u;
/** A dateline opening a story's first line. */
const DATELINE_START = /^(?:本报|本刊|新华社|中新社)[^，。（(]{0,16}(?:讯|电)/u;
/** The most lines a story's head takes above its byline: kicker, headline, subtitle. */
const HEAD_LINES = 3;

/** A line that may be a line of a head: short, and ending no sentence. */
function headLike(text: string): boolean {
  return printedWidth(text) <= 36 && !/[。！？!?；;，,、：:）)]$/u.test(text) && !BULLET.test(text) && !CAPTION_START.test(text);
}

/**
 * The lines of stories' heads, which stand alone however wide they are: the short lines just
 * above a byline, a dateline or a continuation's jump line (`（上接A01版）`), a subtitle (`——…`)
 * under a short line, and a notice's title.
 */
function headLines(lines: readonly PrintedLine[]): Set<number> {
  const heads = new Set<number>();
  lines.forEach((line, i) => {
    if (/(?:公告|公示|声明|启事|通知|通告)(?:[（(][^）)]{1,12}[）)])?$/u.test(line.text) && !/[，,]/u.test(line.text) && headLike(line.text)) heads.add(line.line);
    if (line.text.startsWith('——') && headLike(line.text) && i > 0 && headLike(lines[i - 1]!.text)) heads.add(line.line).add(lines[i - 1]!.line);
    // A notice's date alone on its line is its signature's: the issuer's short lines above it stand apart too.
    const opens = (parseByline(line.text) !== null && !/^[（(]/u.test(line.text)) || DATELINE_START.test(line.text) || line.jump?.direction === 'from' || DATE_ALONE.test(line.text);
    if (!opens) return;
    // Up the lines right above it, with no blank line between: a blank line ends the head.
    for (let k = i - 1; k >= 0 && k >= i - HEAD_LINES && lines[k]!.line === lines[k + 1]!.line - 1 && !lines[k]!.cells && headLike(lines[k]!.text) && !isFurniture(lines[k]!.text); k -= 1) {
      heads.add(lines[k]!.line);
    }
  });
  return heads;
}

/**
 * The block each prose line is in (by index in `prose`): lines in a row, without a blank line,
 * a head, a byline, a jump line or the page's furniture between them — one story's text, or one
 * column of briefs.
 */
function blocksOf(prose: readonly PrintedLine[], heads: ReadonlySet<number>): number[] {
  let block = 0;
  return prose.map((line, k) => {
    const apart = heads.has(line.line) || standsAlone(line.text) || isBriefsLabel(line.text);
    if (apart || (k > 0 && prose[k - 1]!.line !== line.line - 1) || (k > 0 && (heads.has(prose[k - 1]!.line) || standsAlone(prose[k - 1]!.text)))) block += 1;
    return apart ? -1 - k : block;
  });
}

/** A date alone on its line (2024年5月8日, 二〇二四年五月八日, 2024-05-08): a notice's signature. */
const DATE_ALONE = /^(?:[\d〇零一二三四五六七八九十OoＯ○]{4}\s*年\s*[\d〇零一二三四五六七八九十]{1,3}\s*月\s*[\d〇零一二三四五六七八九十]{1,3}\s*日|\d{4}-\d{1,2}-\d{1,2})$/u;

/** A line that is never part of a wrapped paragraph: a byline, a jump line, the page's furniture, a date alone. */
function standsAlone(text: string): boolean {
  return parseByline(text) !== null || isFurniture(text) || DATE_ALONE.test(text) || /星期[一二三四五六日天]|第\d{1,2}版|[|｜]/u.test(text);
}
