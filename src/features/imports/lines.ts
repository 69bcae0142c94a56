/**
 * The first pass of a page import: the page's text as numbered lines, each read for what its
 * form says — a Markdown heading and its level, a table row and its cells, or prose — with
 * the repairs every line gets (half-width punctuation in Chinese text, full ID numbers) listed.
 */
import { normalizeChinesePunctuation } from '../../document/punctuation.js';
import { maskIdsInText } from '../../lib/id-card.js';
import type { ImportChange } from './model.js';

export interface Line {
  /** 1-based line number in the page as sent. */
  line: number;
  /** The text, trimmed, without its heading marker; for a table row, the raw line. */
  text: string;
  /** `#` count of a Markdown heading; null for any other line. */
  level: number | null;
  /** A table row's cells (tab- or pipe-separated), trimmed; absent for other lines. */
  cells?: string[];
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
export function readLines(text: string, changes: ImportChange[]): Line[] {
  const lines: Line[] = [];
  text.split(/\r\n|\r|\n/u).forEach((raw, i) => {
    const line = i + 1;
    const trimmed = raw.replace(EDGE_SPACE, '');
    if (trimmed === '') return;
    const cells = tableCells(raw);
    if (cells) {
      if (!PIPE_RULE.test(trimmed)) lines.push({ line, text: trimmed, level: null, cells });
      return;
    }
    const heading = HEADING.exec(trimmed);
    const body = heading ? heading[2]!.trim() : trimmed;
    if (body === '') return;
    const offset = columnOf(raw, raw.indexOf(body)) - 1;
    lines.push({ line, text: repairProse(body, line, offset, changes), level: heading ? heading[1]!.length : null });
  });
  findSpacedTables(lines);
  return lines;
}

/** Words a table's header is made of; a header names at least two, and mostly these. */
const HEADER_WORD =
  /^(?:序号|编号|姓名|名称|户主|户名|身份证号码?|证件号码?|公民身份号码|区县|县区|县[（(]市、区[)）]|乡镇|乡[（(]镇[)）]|街道|村庄?|村[（(]居[)）]|社区|地址|住址|年度|年份|赔款年度|金额|金额[（(]元[)）]|\S{1,6}金额(?:[（(]元[)）])?|赔款|面积|面积[（(]亩[)）]|亩数|电话|联系电话|联系方式|备注|项目|\S{1,4}项目|性别|年龄|出生年月|单位|职务|数量|单价)$/u;
const TOTAL_WORD = /^(?:合计|总计)[:：]?$/u;
const SPACES = /[ \t\u3000]+/u;

/**
 * Tables whose cells extraction left apart by spaces instead of tabs: a line of header words
 * (序号 姓名 身份证号 金额(元)…) and the lines under it with as many cells, a trailing 合计
 * row with fewer. Two one-character cells in a row are one spaced-out name (张 三, spaced with an ideographic space).
 */
function findSpacedTables(lines: Line[]): void {
  for (let i = 0; i < lines.length; i += 1) {
    const header = lines[i]!;
    if (header.cells || header.level !== null) continue;
    const labels = header.text.split(SPACES);
    const known = labels.filter((label) => HEADER_WORD.test(label)).length;
    if (labels.length < 3 || known < 2 || known * 2 < labels.length) continue;
    const rows: [Line, string[]][] = [];
    for (let j = i + 1; j < lines.length && !lines[j]!.cells && lines[j]!.level === null; j += 1) {
      const cells = fitRow(lines[j]!.text.split(SPACES), labels.length);
      if (!cells) break;
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
    if (/^\p{Script=Han}$/u.test(cells[k]!) && /^\p{Script=Han}{1,2}$/u.test(cells[k + 1]!)) cells.splice(k, 2, cells[k]! + cells[k + 1]!);
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
    changes.push({ type: 'id-masked', line, column: offset + 1, before: `${masked.count} full ID number${masked.count > 1 ? 's' : ''}`, after: 'masked as 3725011966****4816' });
  }
  const normalized = normalizeChinesePunctuation(masked.text);
  for (const change of normalized.changes) {
    changes.push({ type: 'punctuation', line, column: columnOf(masked.text, change.index) + offset, before: change.before, after: change.after });
  }
  return normalized.text;
}

/** The 1-based column, in characters, of a UTF-16 offset. */
export function columnOf(text: string, index: number): number {
  return Array.from(text.slice(0, index)).length + 1;
}
