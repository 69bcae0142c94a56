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
  return lines;
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
