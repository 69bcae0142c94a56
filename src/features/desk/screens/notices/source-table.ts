/**
 * A table as the editor gave it (rows pasted from a spreadsheet, or an uploaded file), kept
 * as text for two things: handing it to the notices service as a TSV file, and showing it
 * back, cell for cell, with the service's problems pinned where they are.
 */
import type { CellError } from '../../../../errors.js';
import { maskIdsInText } from '../../../../lib/id-card.js';
import type { Column } from '../../../../tables/cells.js';
import { decodeTableFile, TABLE_MEDIA_TYPES } from '../../../../tables/file-decoding.js';
import type { RawCell } from '../../../../tables/file-rows.js';
import { headerText } from '../../../../tables/header-matching.js';

/** Rows the service looks through for the header, as it does (a title line or two may sit above). */
const HEADER_SEARCH_ROWS = 10;

export const TSV_TYPE = `${TABLE_MEDIA_TYPES.tsv}; charset=utf-8`;

/** The editor's table as text: rows as numbered in the source (from 1), and where its header is. */
export interface SourceTable {
  rows: { line: number; cells: string[] }[];
  /** The header's line, and for each of its positions the column it names; null: the source has none. */
  header: { line: number; slots: (number | undefined)[] } | null;
  /** Lines the service counts before the source's first: 1 when the desk put the labels above a paste without a header. */
  offset: number;
}

/** A problem placed in the source: the line and position of its cell, when it has one. */
export interface PlacedProblem {
  problem: CellError;
  line?: number;
  position?: number;
}

const isBlank = (cells: readonly string[]) => cells.every((cell) => cell.trim() === '');

/** The columns by the names a header may give them (label or key, compared as the service compares). */
function lookupOf(columns: readonly Column[]): Map<string, number> {
  const lookup = new Map<string, number>();
  columns.forEach((column, index) => lookup.set(headerText(column.key), index));
  columns.forEach((column, index) => lookup.set(headerText(column.label), index));
  return lookup;
}

/**
 * The source's header by the service's rule: the first of the first few non-blank rows in
 * which at least half of the filled cells name a column.
 */
function findHeader(rows: SourceTable['rows'], columns: readonly Column[]): SourceTable['header'] {
  const lookup = lookupOf(columns);
  const filled = rows.filter((row) => !isBlank(row.cells)).slice(0, HEADER_SEARCH_ROWS);
  for (const row of filled) {
    const names = row.cells.map((cell) => cell.trim()).filter((cell) => cell !== '');
    const named = names.filter((name) => lookup.has(headerText(name))).length;
    if (named * 2 >= names.length) return { line: row.line, slots: row.cells.map((cell) => lookup.get(headerText(cell.trim()))) };
  }
  return null;
}

/** Lines of pasted text, tab-separated; blank lines at the end (a spreadsheet's copy ends with one) dropped. */
export function pastedRows(text: string): SourceTable['rows'] {
  const lines = text.replace(/\r\n?/g, '\n').split('\n');
  while (lines.length && lines.at(-1)!.trim() === '') lines.pop();
  return lines.map((line, i) => ({ line: i + 1, cells: line.split('\t') }));
}

/**
 * Pasted rows as the service will read them: with their own header when they have one,
 * otherwise under the columns' labels in order (the desk adds that header line, so a paste of
 * bare rows is taken column by column).
 */
export function pastedTable(text: string, columns: readonly Column[]): { source: SourceTable; file: Buffer } {
  const rows = pastedRows(text);
  const header = findHeader(rows, columns);
  const body = rows.map((row) => row.cells.join('\t')).join('\n');
  if (header) return { source: { rows, header, offset: 0 }, file: Buffer.from(body) };
  const labels = columns.map((column) => column.label.replace(/\s+/g, ' ')).join('\t');
  return { source: { rows, header: null, offset: 1 }, file: Buffer.from(`${labels}\n${body}`) };
}

/** A file's cell as a person reads it in the sheet. */
function cellText(cell: RawCell): string {
  if (cell === null) return '';
  if (cell instanceof Date) return Number.isNaN(cell.getTime()) ? '' : cell.toISOString().slice(0, 10);
  if (typeof cell === 'boolean') return cell ? 'TRUE' : 'FALSE';
  if (typeof cell === 'number') return String(Number.isInteger(cell) ? cell : Number(cell.toPrecision(15)));
  return cell.replace(/[\t\r\n]+/g, ' ');
}

/** An uploaded file's rows as text, to show back when it is refused; null when it cannot be read at all. */
export async function fileTable(file: Buffer, contentType: string, columns: readonly Column[]): Promise<SourceTable | null> {
  const rows: SourceTable['rows'] = [];
  try {
    await decodeTableFile(file, contentType, (line, cells) => rows.push({ line, cells: cells.map(cellText) }));
  } catch {
    return null;
  }
  return { rows, header: findHeader(rows, columns), offset: 0 };
}

/** The media type to read an uploaded file as: by its name's extension, else by the type the browser gave. */
export function uploadType(filename: string, mimetype: string): string | undefined {
  const extension = /\.([a-z0-9]+)$/i.exec(filename)?.[1]?.toLowerCase();
  if (extension === 'xlsx') return TABLE_MEDIA_TYPES.xlsx;
  if (extension === 'csv') return TABLE_MEDIA_TYPES.csv;
  if (extension === 'tsv' || extension === 'tab' || extension === 'txt') return TABLE_MEDIA_TYPES.tsv;
  const essence = mimetype.split(';')[0]!.trim().toLowerCase();
  return Object.values(TABLE_MEDIA_TYPES).find((type) => type === essence);
}

/** A 0-based position from a spreadsheet's column letters (A, …, Z, AA…). */
function letterPosition(letters: string): number {
  return [...letters].reduce((n, letter) => n * 26 + letter.charCodeAt(0) - 64, 0) - 1;
}

/**
 * Where in the source each problem sits. The service numbers rows as the file it read does,
 * which is the source's numbering plus the header line the desk may have added; a cell is
 * found by the column's label through the header, or by the letter the service names for a
 * value under no header.
 */
export function placeProblems(source: SourceTable, problems: readonly CellError[], columns: readonly Column[]): PlacedProblem[] {
  return problems.map((problem) => {
    if (problem.fileRow === undefined) return { problem };
    const line = problem.fileRow - source.offset;
    if (line < 1) return { problem };
    const row = source.rows.find((r) => r.line === line);
    const letters = /^column ([A-Z]+)$/.exec(problem.column);
    if (letters) return { problem, line, position: letterPosition(letters[1]!) };
    if (source.header && line === source.header.line && row) {
      const names = [problem.value, problem.column].map(headerText);
      const matching = row.cells.flatMap((cell, i) => (names.includes(headerText(cell)) ? [i] : []));
      return { problem, line, ...(matching.length && { position: matching.at(-1)! }) };
    }
    const column = columns.findIndex((c) => c.label === problem.column);
    if (column < 0) return { problem, line };
    const position = source.header ? source.header.slots.indexOf(column) : column;
    return { problem, line, ...(position >= 0 && { position }) };
  });
}

/** The source as it may be typed again: every valid full ID number in its masked form, which the service takes as it is. */
export function keptText(source: SourceTable): string {
  return maskIdsInText(source.rows.map((row) => row.cells.join('\t')).join('\n')).text;
}
