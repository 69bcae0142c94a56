/**
 * A table file's rows matched to a notice's columns: the header is found by name, the data
 * rows below it aligned to the columns, and a closing total row told apart.
 */
import { redactIdsInText } from '../lib/id-card.js';
import { TableFileError, type CellProblem, type FileRow, type RawCell, type ReadTableSummary, type TableColumn, type TotalRow } from './file-rows.js';

/** A non-blank row of the file before it is matched to the columns. */
interface SheetRow {
  fileRow: number;
  cells: readonly RawCell[];
}

/** What one position of the header row means for the data beneath it. */
type HeaderSlot = { kind: 'column'; index: number } | { kind: 'unknown' } | { kind: 'unnamed' };

interface HeaderMatch {
  fileRow: number;
  slots: HeaderSlot[];
  problems: CellProblem[];
}

/** How the file's positions map onto the notice's columns. */
interface Layout {
  slots: HeaderSlot[];
  columns: TableColumn[];
}

const HEADER_SEARCH_ROWS = 10;
const TOTAL_LABELS = new Set(['合计', '总计']);

function isEmptyCell(cell: RawCell): boolean {
  return cell === null || (typeof cell === 'string' && cell.trim() === '');
}

/** A cell as the typer gets it: strings trimmed, and an empty string is no value. */
function cleanCell(cell: RawCell): RawCell {
  if (typeof cell !== 'string') return cell;
  const trimmed = cell.trim();
  return trimmed === '' ? null : trimmed;
}

/** A cell as an error may show it: long digit runs (ID numbers) redacted. */
function cellText(cell: RawCell): string {
  if (cell === null) return '';
  if (cell instanceof Date) return Number.isNaN(cell.getTime()) ? 'Invalid Date' : cell.toISOString();
  return redactIdsInText(String(cell).trim());
}

/** Header text as compared: NFKC (full-width `（` is `(`), no whitespace at all, lower case. */
export function headerText(text: string): string {
  return text.normalize('NFKC').replace(/\s+/gu, '').toLowerCase();
}

/**
 * Matches a file's rows, fed one at a time in file order, to the notice's columns.
 *
 * The header is the first of the first few non-blank rows in which at least half of the
 * non-empty cells name a column; rows above it (a title such as `赔款认领公示`) are skipped.
 * Below it, each data row is aligned and handed on once the next non-blank row has arrived:
 * only the last one may be the total row, and that is known only when the file ends.
 */
export class ColumnMatcher {
  private readonly lookup: Map<string, number>;
  /** The first non-blank row, kept for the message when no header turns up. */
  private first: SheetRow | null = null;
  private searched = 0;
  private header: { fileRow: number; layout: Layout } | null = null;
  /** The latest data row, held back until it is known not to be the last. */
  private pending: SheetRow | null = null;
  private readonly problems: CellProblem[] = [];
  private rowCount = 0;

  constructor(
    private readonly columns: TableColumn[],
    private readonly onRow: (row: FileRow) => void,
  ) {
    this.lookup = columnLookup(columns);
  }

  /** Takes the file's next row; blank rows are skipped (but keep their number). */
  add(fileRow: number, cells: readonly RawCell[]): void {
    if (cells.every(isEmptyCell)) return;
    const source: SheetRow = { fileRow, cells };
    if (this.header === null) {
      this.seekHeader(source);
      return;
    }
    if (this.pending !== null) this.deliver(this.pending, this.header.layout);
    this.pending = source;
  }

  /** Settles the last row as the total or a data row, and throws every problem found. */
  finish(): ReadTableSummary {
    if (this.header === null) {
      if (this.first === null) throw new TableFileError('The file is empty');
      throw this.noHeader(this.first);
    }
    const { layout } = this.header;
    let total: TotalRow | null = null;
    const last = this.pending;
    this.pending = null;
    if (last !== null) {
      const label = totalLabelPosition(last);
      if (label === undefined) this.deliver(last, layout);
      else total = alignRow(last, layout, this.problems, undefined, label);
    }
    if (this.problems.length > 0) throw problemsError(this.problems);
    return { total, headerRow: this.header.fileRow, rowCount: this.rowCount };
  }

  private seekHeader(source: SheetRow): void {
    this.first ??= source;
    if (looksLikeHeader(source, this.lookup)) {
      const match = matchHeader(source, this.columns, this.lookup);
      if (match.problems.length > 0) throw problemsError(match.problems);
      this.header = { fileRow: match.fileRow, layout: { slots: match.slots, columns: this.columns } };
      this.first = null;
    } else if (++this.searched >= HEADER_SEARCH_ROWS) {
      throw this.noHeader(this.first);
    }
  }

  /** Hands on a data row that is not the last one; a total label here is a problem. */
  private deliver(source: SheetRow, layout: Layout): void {
    const row = ++this.rowCount;
    const label = totalLabelPosition(source);
    if (label !== undefined) this.problems.push(problemAt(source, row, label, layout, 'a total row must be the last row: move it below the rows, or delete it'));
    this.onRow({ row, ...alignRow(source, layout, this.problems, row), ...(label !== undefined && { misfit: true as const }) });
  }

  private noHeader(first: SheetRow): TableFileError {
    const names = first.cells.map(cellText).filter((text) => text !== '');
    return new TableFileError(
      `No header row: expected a row naming the columns: ${labelsOf(this.columns)}; row ${first.fileRow} of the file reads: ${names.join(', ')}`,
      names.filter((text) => !this.lookup.has(headerText(text))).map((text) => unknownNameProblem(first.fileRow, text, this.columns)),
    );
  }
}

/** Normalized names to column index; a column answers to its label and to its key. */
function columnLookup(columns: TableColumn[]): Map<string, number> {
  const lookup = new Map<string, number>();
  columns.forEach((column, index) => lookup.set(headerText(column.key), index));
  columns.forEach((column, index) => lookup.set(headerText(column.label), index));
  return lookup;
}

function looksLikeHeader(row: SheetRow, lookup: Map<string, number>): boolean {
  const names = row.cells.map(cellText).filter((text) => text !== '');
  const matched = names.filter((text) => lookup.has(headerText(text))).length;
  return matched * 2 >= names.length;
}

function matchHeader(header: SheetRow, columns: TableColumn[], lookup: Map<string, number>): HeaderMatch {
  const problems: CellProblem[] = [];
  const seen = new Set<number>();
  const slots = header.cells.map((cell): HeaderSlot => {
    const text = cellText(cell);
    if (text === '') return { kind: 'unnamed' };
    const column = lookup.get(headerText(text));
    if (column === undefined) {
      problems.push(unknownNameProblem(header.fileRow, text, columns));
      return { kind: 'unknown' };
    }
    if (seen.has(column)) {
      problems.push({ fileRow: header.fileRow, column: columns[column]!.label, value: text, message: 'the column appears twice in the header: keep one of the two' });
      return { kind: 'unknown' };
    }
    seen.add(column);
    return { kind: 'column', index: column };
  });
  columns.forEach((column, position) => {
    if (column.required && !seen.has(position)) {
      problems.push({ fileRow: header.fileRow, column: column.label, value: '', message: `a required column is missing from the header: add a column headed ${column.label}` });
    }
  });
  return { fileRow: header.fileRow, slots, problems };
}

function unknownNameProblem(fileRow: number, text: string, columns: TableColumn[]): CellProblem {
  return { fileRow, column: text, value: text, message: `matches no column; expected one of: ${labelsOf(columns)}` };
}

function labelsOf(columns: TableColumn[]): string {
  return columns.map((column) => column.label).join(', ');
}

/** Where a total row's `合计`/`总计` label sits, or undefined when the row is no total row. */
function totalLabelPosition(source: SheetRow): number | undefined {
  const position = source.cells.findIndex((cell) => !isEmptyCell(cell));
  const first = source.cells[position];
  if (typeof first !== 'string' || !first.includes('计')) return undefined;
  const label = headerText(first).replace(/:$/, '');
  return TOTAL_LABELS.has(label) ? position : undefined;
}

/**
 * The row's cells in the columns' order, leaving out the cell at `skip` (a total row's label).
 * A value under no header cell is a problem; a value under an unknown header cell is not, as
 * the header problem already covers that column.
 */
function alignRow(source: SheetRow, layout: Layout, problems: CellProblem[], row: number | undefined, skip?: number): TotalRow {
  const cells = new Array<RawCell>(layout.columns.length).fill(null);
  source.cells.forEach((raw, position) => {
    const cell = cleanCell(raw);
    if (cell === null || position === skip) return;
    const slot = layout.slots[position] ?? { kind: 'unnamed' };
    if (slot.kind === 'column') cells[slot.index] = cell;
    else if (slot.kind === 'unnamed') problems.push(problemAt(source, row, position, layout, 'a value outside any column: give its column a header (one of the table’s labels), or delete the value'));
  });
  return { fileRow: source.fileRow, cells };
}

/** A problem at a cell; `row` is the data row's place, undefined for the total row. */
function problemAt(source: SheetRow, row: number | undefined, position: number, layout: Layout, message: string): CellProblem {
  const slot = layout.slots[position];
  const column = slot?.kind === 'column' ? layout.columns[slot.index]!.label : `column ${spreadsheetColumn(position)}`;
  return { ...(row !== undefined && { row }), fileRow: source.fileRow, column, value: cellText(source.cells[position] ?? null), message };
}

/** A 0-based position as a spreadsheet names its column: A, B, …, Z, AA, AB, … */
function spreadsheetColumn(position: number): string {
  let name = '';
  for (let n = position + 1; n > 0; n = Math.floor((n - 1) / 26)) {
    name = String.fromCharCode(65 + ((n - 1) % 26)) + name;
  }
  return name;
}

function problemsError(problems: CellProblem[]): TableFileError {
  const first = problems[0]!;
  const count = problems.length === 1 ? '1 problem' : `${problems.length} problems`;
  return new TableFileError(`The table has ${count}; first, row ${first.fileRow} of the file, ${first.column}: ${first.message}`, problems);
}
