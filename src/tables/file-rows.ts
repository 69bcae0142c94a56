/**
 * What reading a table file gives: its data rows as the file holds them, aligned to a notice's
 * columns but not yet typed, and the problems that stop it, each pinned to a row and a column.
 */

/** One column a notice declares for its table (e.g. `{ key: 'name', label: '姓名', type: 'text' }`). */
export interface TableColumn {
  key: string;
  label: string;
  type: string;
  required?: boolean;
}

/**
 * A cell as the file holds it. Spreadsheet cells keep their type (a number stays a number)
 * so that the cell typer can tell a typed `141.55` from the text `"141.55"`.
 */
export type RawCell = string | number | boolean | Date | null;

/**
 * A data row: its place among the data rows (`row`, from 1: the numbering of the stored table's
 * `rows[].row`), the row as the file numbers it (`fileRow`: the header and any title above it
 * counted, as a spreadsheet shows it), and its cells in the notice's column order.
 */
export interface FileRow {
  row: number;
  fileRow: number;
  cells: RawCell[];
  /** A total row above the last row: reported as one problem, so its cells are not to be typed. */
  misfit?: true;
}

/** The closing total row: as the file numbers it, and its cells in the notice's column order. */
export interface TotalRow {
  fileRow: number;
  cells: RawCell[];
}

/** What is left of a table file once its data rows have been handed on one by one. */
export interface ReadTableSummary {
  /** The closing `合计`/`总计` row, its label cell set to null; null when the table has none. */
  total: TotalRow | null;
  headerRow: number;
  /** How many data rows were handed on (the total row not among them). */
  rowCount: number;
}

/**
 * One thing wrong with the file, pinned to a row and a column so the editor can find it: the
 * row as the file numbers it, and for a data row also its place among the data rows.
 */
export interface CellProblem {
  row?: number;
  fileRow: number;
  /** The column's label, or the header text when the header names no column. */
  column: string;
  value: string;
  message: string;
}

/**
 * The uploaded file cannot be turned into rows: it is not a table, it is empty, or its header
 * or rows do not fit the notice's columns. `problems` lists every such fault at once, so the
 * editor can fix the file in one pass instead of uploading it again for each fault.
 */
export class TableFileError extends Error {
  constructor(
    message: string,
    readonly problems: CellProblem[] = [],
  ) {
    super(message);
    this.name = 'TableFileError';
  }
}
