/**
 * The first pass of a page import: the page's text as numbered lines, each read for what its
 * form says — a Markdown heading and its level, a table row and its cells, or prose — with
 * the repairs every line gets (half-width punctuation in Chinese text, full ID numbers) listed.
 */
import { normalizeChinesePunctuation } from '../../document/punctuation.js';
import { maskIdsInText, redactIdsInText } from '../../lib/id-card.js';
import { printedWidth, unwrapColumns, type PrintedLine } from './columns.js';
import { readJump, splitJump, type Jump } from './furniture.js';
import { MASKED, type ImportChange, type ImportWarning } from './model.js';

export interface Line {
  /** 1-based line number in the page as sent. */
  line: number;
  /** The text, trimmed, without its heading marker; for a table row, the raw line. */
  text: string;
  /** `#` count of a Markdown heading; null for any other line. */
  level: number | null;
  /** A table row's cells (tab- or pipe-separated), trimmed; absent for other lines. */
  cells?: string[];
  /** How many cells the row was printed with, trailing empty ones included. */
  width?: number;
  /** A jump line (`（下转A05版）`), split off the line it ended or started where it shared one. */
  jump?: Jump;
}

const HEADING = /^(#{1,6})[ \t\u3000]+(.*?)(?:[ \t]+#+)?$/u;
const PIPE_ROW = /^\|.*\|$/u;
const PIPE_RULE = /^\|?(?:[ \t]*:?-{3,}:?[ \t]*\|)+[ \t]*:?-{3,}:?[ \t]*\|?$|^\|?(?:[ \t]*:?-{3,}:?[ \t]*\|)+$/u;
/** Leading and trailing blanks, the ideographic space of an indented paragraph among them. */
const EDGE_SPACE = /^[\s\u3000\uFEFF]+|[\s\u3000]+$/gu;

/**
 * Splits the page into its non-blank lines. Prose lines have their punctuation normalised
 * and full ID numbers masked; each repair is pushed onto `changes` against its line and column.
 */
export function readLines(text: string, changes: ImportChange[], warnings: ImportWarning[] = []): Line[] {
  const lines: PrintedLine[] = [];
  text.split(/\r\n|\r|\n/u).forEach((raw, i) => {
    const line = i + 1;
    const trimmed = raw.replace(EDGE_SPACE, '');
    if (trimmed === '') return;
    const cells = tableCells(raw);
    if (cells) {
      if (!PIPE_RULE.test(trimmed)) lines.push({ line, text: trimmed, level: null, cells, width: raw.includes('\t') ? raw.split('\t').length : cells.length, offset: 0, indent: 0 });
      return;
    }
    const heading = HEADING.exec(trimmed);
    // A heading is plain text: emphasis the export set on it (`## **遗失声明**`) is no part of it.
    const body = heading ? heading[2]!.replace(EMPHASIS, '$2').trim() : trimmed;
    if (body === '') return;
    const offset = columnOf(raw, raw.indexOf(body)) - 1;
    const indent = heading ? 0 : printedWidth(raw.slice(0, raw.indexOf(body)).replace(/\t/gu, '  '));
    const jump = heading ? null : readJump(body);
    const split = heading || jump ? null : splitJump(body);
    if (!split) {
      lines.push({ line, text: body, level: heading ? heading[1]!.length : null, offset, indent, ...(jump && { jump }) });
      return;
    }
    // A jump sharing a line with the story's text is a line of its own, before or after that text.
    const own = { line, text: split.jump, level: null, offset, indent: 0, jump: readJump(split.jump)! };
    const rest = { line, text: split.text, level: null, offset: split.at === 'start' ? offset + Array.from(split.jump).length : offset, indent };
    lines.push(...(split.at === 'start' ? [own, rest] : [rest, own]));
  });
  proseForLoneTabs(lines);
  // Tables spaced out by extraction are found before punctuation work closes up their spaces.
  findSpacedTables(lines, warnings);
  const unwrapped = unwrapColumns(lines, blankAfter(text), changes);
  return unwrapped.map(({ offset, indent: _indent, ...line }) =>
    line.cells
      ? { ...line, cells: line.cells.map((cell) => closeUp(cell, line.line, changes)) }
      : { ...line, text: repairProse(letterSpaced(line.text, line.line, changes), line.line, offset, changes) },
  );
}

const EMPHASIS = /^(\*\*|__|\*|_)(.+)\1$/u;

/** The line numbers followed by a blank line (or the end of the page). */
function blankAfter(text: string): Set<number> {
  const raw = text.split(/\r\n|\r|\n/u);
  const blank = new Set<number>();
  raw.forEach((line, i) => {
    if (raw[i + 1] === undefined || raw[i + 1]!.trim() === '') blank.add(i + 1);
  });
  return blank;
}

/**
 * A tab in a line of prose (a Word list's `1.⇥…`, `联系人：许科长⇥电话：…`) makes no table: a
 * table is two or more rows in a row under a header of short labels.
 */
function proseForLoneTabs(lines: Line[]): void {
  for (let i = 0; i < lines.length; ) {
    if (!lines[i]!.cells || lines[i]!.text.startsWith('|')) {
      i += 1;
      continue;
    }
    let end = i;
    while (lines[end + 1]?.cells) end += 1;
    const header = lines[i]!.cells!;
    const labels = end > i && header.every((cell) => Array.from(cell).length <= 20 && !/[。！？；]/u.test(cell)) && !/^\d{1,2}[.、．]$/u.test(header[0]!);
    if (!labels) {
      for (let k = i; k <= end; k += 1) {
        const line = lines[k]!;
        delete line.cells;
        line.text = line.text.replace(/\t+/gu, ' ');
      }
    }
    i = end + 1;
  }
}

/**
 * A line letter-spaced all through loses the spaces between its Han characters: four words
 * or more, nearly all of them one Han character (`临 清 市 举 办`), as OCR or a typesetter's
 * letter-spacing leaves them. A byline's spaced name (`记者 许 诺`) is left to the byline.
 */
function letterSpaced(text: string, line: number, changes: ImportChange[]): string {
  const words = text.split(/[ \u3000]+/u);
  const single = words.filter((word) => /^\p{Script=Han}$/u.test(word)).length;
  if (words.length < 4 || single < words.length * 0.8) return text;
  const closed = text.replace(SPACED_HAN, '');
  changes.push({ type: 'spacing', line, before: redactIdsInText(text), after: redactIdsInText(closed) });
  return closed;
}

/** Spaces between Han characters, which Chinese text never sets: a typesetter's spacing. */
export const SPACED_HAN = /(?<=\p{Script=Han})[ \u3000]+(?=\p{Script=Han})/gu;

/** A table cell without the spacing that spread a short name across its column (`张 三`). */
function closeUp(cell: string, line: number, changes: ImportChange[]): string {
  const closed = cell.replace(SPACED_HAN, '');
  if (closed !== cell) changes.push({ type: 'spacing', line, before: redactIdsInText(cell), after: redactIdsInText(closed) });
  return closed;
}

/**
 * Words a table's header is made of: a unit in brackets (`保证金（元）`, `面积(亩)`), or a word
 * that names a column (序号, 姓名, …名称, …金额, …号码, …日期). A header names at least two,
 * and mostly these.
 */
const HEADER_WORD =
  /^(?:\S{0,10}[（(](?:元|万元|亩|平方米|㎡|米|人|户|个|岁|%)[)）]|序号|编号|姓名|性别|年龄|户主|户名|备注|\S{0,8}(?:名称|姓名|金额|价格?|号码?|日期|时间|地址|住址|单位|职务|项目|年度|年份|村庄?|乡镇|街道|区县|县区|社区|电话|方式|数量|单价|标准|类型|类别|用途|期限|面积|亩数|赔款|出生年月))$/u;
const TOTAL_WORD = /^(?:合计|总计)[:：]?$/u;
const SPACES = /[ \t\u3000]+/u;
const WIDE_SPACES = /[ ]{2,}|[\t\u3000]+/u;

/**
 * Tables whose cells extraction left apart by spaces instead of tabs: a line of header words
 * (序号 姓名 身份证号 金额(元)…) and the lines under it with as many cells, a trailing 合计
 * row with fewer. Two one-character cells in a row are one spaced-out name (张 三, spaced with an ideographic space).
 */
function findSpacedTables(lines: Line[], warnings: ImportWarning[]): void {
  for (let i = 0; i < lines.length; i += 1) {
    const header = lines[i]!;
    if (header.cells || header.level !== null) continue;
    // A header spaced by runs of spaces keeps single spaces inside its cells.
    const split = /[ ]{2,}|[\t\u3000]/u.test(header.text) ? WIDE_SPACES : SPACES;
    const labels = header.text.split(split);
    const known = labels.filter((label) => HEADER_WORD.test(label)).length;
    if (labels.length < 3 || known < 2 || known * 2 < labels.length) continue;
    const rows: [Line, string[]][] = [];
    for (let j = i + 1; j < lines.length && !lines[j]!.cells && lines[j]!.level === null; j += 1) {
      const cells = fitRow(lines[j]!.text.split(split), labels.length);
      if (!cells) {
        if (/\d/u.test(lines[j]!.text) && lines[j]!.text.split(split).length >= 3) {
          warnings.push({ line: lines[j]!.line, message: `This line reads like a row of the table above, but its cells do not line up with the header's ${labels.length}; the table ends above it and the line is kept as text: check it` });
        }
        break;
      }
      rows.push([lines[j]!, cells]);
      if (TOTAL_WORD.test(cells[0]!)) break;
    }
    if (rows.length === 0) continue;
    header.cells = labels;
    for (const [line, cells] of rows) line.cells = cells;
    i += rows.length;
  }
}

function fitRow(tokens: string[], width: number): string[] | null {
  if (TOTAL_WORD.test(tokens[0] ?? '') && tokens.length <= width) {
    return [tokens[0]!, ...new Array<string>(width - tokens.length).fill(''), ...tokens.slice(1)];
  }
  const cells = [...tokens];
  for (let k = 0; cells.length > width && k < cells.length - 1; ) {
    if (/^\p{Script=Han}$/u.test(cells[k]!) && /^\p{Script=Han}{1,2}$/u.test(cells[k + 1]!)) cells.splice(k, 2, `${cells[k]!}\u3000${cells[k + 1]!}`);
    else k += 1;
  }
  return cells.length === width ? cells : null;
}

/** The cells of a tab-separated or Markdown pipe table row, or undefined for any other line. */
function tableCells(raw: string): string[] | undefined {
  const trimmed = raw.trim();
  if (raw.includes('\t')) {
    const cells = raw.replace(/^[\r\n]+|[\r\n]+$/gu, '').split('\t').map((cell) => cell.replace(EDGE_SPACE, ''));
    while (cells.length > 0 && cells[cells.length - 1] === '') cells.pop();
    if (cells.filter((cell) => cell !== '').length >= 2) return cells;
    return undefined;
  }
  if (PIPE_ROW.test(trimmed) && trimmed.length > 2) {
    return trimmed
      .slice(1, -1)
      .split(/(?<!\\)\|/u)
      .map((cell) => cell.replace(/\\\|/gu, '|').replace(EDGE_SPACE, ''));
  }
  return undefined;
}

/** Normalises punctuation and masks full ID numbers in one line of prose, listing each repair. */
function repairProse(text: string, line: number, offset: number, changes: ImportChange[]): string {
  const masked = maskIdsInText(text);
  if (masked.count > 0) {
    changes.push({ type: 'id-masked', line, column: offset + 1, before: `${masked.count} full ID number${masked.count > 1 ? 's' : ''}`, after: MASKED });
  }
  const normalized = normalizeChinesePunctuation(masked.text);
  // A Markdown link's destination keeps its parentheses, or the link would stop being one.
  const linkParens = new Set([...masked.text.matchAll(LINK_DESTINATION)].flatMap((m) => [m.index + 1, m.index + m[0].length - 1]));
  for (const change of normalized.changes) {
    if (linkParens.has(change.index)) continue;
    changes.push({ type: 'punctuation', line, column: columnOf(masked.text, change.index) + offset, before: change.before, after: change.after });
  }
  return linkParens.size > 0 ? normalized.text.replace(/\]（([^（）\s]*)）/gu, ']($1)') : normalized.text;
}

/** `](https://…)`: the destination of a Markdown link or image. */
const LINK_DESTINATION = /\]\(([^()\s]*)\)/gu;

/** The 1-based column, in characters, of a UTF-16 offset. */
export function columnOf(text: string, index: number): number {
  return Array.from(text.slice(0, index)).length + 1;
}
