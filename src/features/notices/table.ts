import { Unprocessable, type CellError } from '../../errors.js';
import { redactIdsInText } from '../../lib/id-card.js';
import { displayCell, parseCell, type CellValue, type Column, type RawCell } from './cells.js';
import { headerText } from './table-file.js';

/** The largest table a notice may carry. */
export const MAX_ROWS = 200_000;
/** A 422 lists at most this many bad cells, and says how many there are in all. */
export const MAX_LISTED_ERRORS = 1000;

/**
 * Where a row of a table is: its place among the data rows (`row`, from 1: the numbering of the
 * stored table's `rows[].row` and the rows endpoint; none for a total row), and where the source
 * has its own numbering, the row as an uploaded file numbers it (`fileRow`, the header counted)
 * or the line of an imported page (`line`).
 */
export interface RowPlace {
  row?: number;
  fileRow?: number;
  line?: number;
}

/**
 * A row to type: where it is, cells in column order, and for JSON rows a pointer to the row
 * and how its cells are named: by column key (objects), by position (arrays), or not at all
 * (a one-column row given as text).
 */
export interface SourceRow extends RowPlace {
  cells: RawCell[];
  pointer?: string;
  cellsBy?: 'key' | 'index' | 'none';
}

/** A table ready to store: values in column order, money totals in fen, and where ID numbers were masked. */
export interface TypedTable {
  values: CellValue[][];
  totals: Record<string, number>;
  masked: (RowPlace & { column: string })[];
}

/** Checks declared columns: unique keys and labels (labels are what an uploaded header is matched by). */
export function checkColumns(columns: Column[], pointer = '/columns'): void {
  const errors: { pointer: string; message: string }[] = [];
  const keys = new Set<string>();
  const labels = new Set<string>();
  columns.forEach((column, i) => {
    if (keys.has(column.key)) errors.push({ pointer: `${pointer}/${i}/key`, message: `duplicates the key ${column.key}` });
    const label = headerText(column.label);
    if (labels.has(label)) errors.push({ pointer: `${pointer}/${i}/label`, message: `duplicates the label ${column.label}` });
    keys.add(column.key);
    labels.add(label);
  });
  // Header cells may name a column by key or by label, so one column's label must not be another's key.
  columns.forEach((column, i) => {
    const other = columns.find((c) => c !== column && headerText(c.key) === headerText(column.label));
    if (other) errors.push({ pointer: `${pointer}/${i}/label`, message: `is the key of another column (${other.key})` });
  });
  if (errors.length) throw new Unprocessable('Each column needs its own key and its own label', errors);
}

/**
 * Types every cell of every row against the columns, all or nothing: the bad cells are all
 * collected, and any bad cell throws one 422 listing them (ID numbers only ever masked).
 * A stated total (a file's 合计 row) is checked against the computed totals.
 */
export function typeRows(columns: Column[], rows: SourceRow[], statedTotal: SourceRow | null = null, more: CellError[] = []): TypedTable {
  const typer = createTableTyper(columns);
  for (const row of rows) typer.add(row);
  return typer.finish(statedTotal, more);
}

/**
 * The same, a row at a time, so an uploaded file's rows can be typed as they are read and only
 * the typed values are kept: `add` each row, then `finish`, which throws if any cell was bad.
 */
export function createTableTyper(columns: Column[]) {
  const problems = new ProblemList();
  const moneyColumns = columns.flatMap((column, index) => (column.type === 'money' ? [{ column, index }] : []));
  const sums = moneyColumns.map(() => 0);
  const masked: TypedTable['masked'] = [];
  const values: CellValue[][] = [];
  let rowCount = 0;

  return {
    add(source: SourceRow): void {
      if (++rowCount > MAX_ROWS) return;
      const typed = new Array<CellValue>(columns.length);
      columns.forEach((column, c) => {
        const result = parseCell(column, source.cells[c]);
        if (!result.ok) {
          problems.add(cellError(source, column, c, result.shown, result.message));
          typed[c] = null;
          return;
        }
        typed[c] = result.value;
        if (result.masked) masked.push({ ...placeOf(source), column: column.label });
      });
      values.push(typed);
      moneyColumns.forEach(({ index }, m) => {
        sums[m]! += (typed[index] as number | null) ?? 0;
      });
    },

    /** Rows added so far. */
    get rowCount(): number {
      return rowCount;
    },

    /** The typed table, or a 422 listing every bad cell, with `more` problems found elsewhere (the file's shape). */
    finish(statedTotal: SourceRow | null = null, more: CellError[] = []): TypedTable {
      for (const problem of more) problems.add(problem);
      if (rowCount > MAX_ROWS) {
        throw new Unprocessable(`A notice table holds at most ${MAX_ROWS} rows; this one has ${rowCount}`);
      }
      const totals: Record<string, number> = {};
      moneyColumns.forEach(({ column }, m) => {
        if (!Number.isSafeInteger(sums[m])) {
          problems.add({ column: column.label, value: '', message: 'the total is too large to compute exactly' });
        }
        totals[column.key] = sums[m]!;
      });
      if (statedTotal) checkStatedTotal(columns, statedTotal, totals, problems);
      problems.throwIfAny(rowCount);
      return { values, totals, masked };
    },
  };
}

/** A 合计 row must agree with the computed totals in every money column it fills in. */
function checkStatedTotal(columns: Column[], stated: SourceRow, totals: Record<string, number>, problems: ProblemList): void {
  columns.forEach((column, c) => {
    const raw = stated.cells[c];
    if (column.type !== 'money' || raw === null || raw === undefined || String(raw).trim() === '') return;
    const result = parseCell({ ...column, required: false }, raw);
    if (!result.ok) {
      problems.add(cellError(stated, column, c, result.shown, `the stated total ${result.message}`));
    } else if (result.value !== totals[column.key]) {
      problems.add(
        cellError(
          stated,
          column,
          c,
          redactIdsInText(String(raw)),
          `the stated total ${displayCell('money', result.value)} does not match the rows, which add up to ${displayCell('money', totals[column.key]!)}`,
        ),
      );
    }
  });
}

/** The place of a row, with only the numbers it has. */
function placeOf(source: RowPlace): RowPlace {
  return {
    ...(source.row !== undefined && { row: source.row }),
    ...(source.fileRow !== undefined && { fileRow: source.fileRow }),
    ...(source.line !== undefined && { line: source.line }),
  };
}

function cellError(source: SourceRow, column: Column, index: number, value: string, message: string): CellError {
  const cell = { key: `/${column.key}`, index: `/${index}`, none: '' }[source.cellsBy ?? 'index'];
  const pointer = source.pointer === undefined ? undefined : `${source.pointer}${cell}`;
  return { ...(pointer !== undefined && { pointer }), ...placeOf(source), column: column.label, value, message };
}

/** Where a problem sits in its source, for listing problems in source order. */
const sourceOrder = (e: CellError) => e.fileRow ?? e.line ?? e.row ?? 0;

/** Bad cells, listed up to a bound and counted in full. */
class ProblemList {
  private readonly listed: CellError[] = [];
  private count = 0;

  add(error: CellError): void {
    this.count++;
    if (this.listed.length < MAX_LISTED_ERRORS) this.listed.push(error);
  }

  throwIfAny(rowCount: number): void {
    if (this.count === 0) return;
    this.listed.sort((a, b) => sourceOrder(a) - sourceOrder(b));
    const more = this.count > this.listed.length ? ` (the first ${this.listed.length} are listed)` : '';
    throw new Unprocessable(
      `${this.count} bad ${this.count === 1 ? 'cell' : 'cells'} in a table of ${rowCount} rows${more}; nothing was changed`,
      this.listed,
      this.count > this.listed.length ? { errorCount: this.count } : {},
    );
  }
}

/**
 * Rows as a JSON body gives them — arrays in column order, objects by column key, or (for a
 * one-column table such as a statement's entries) plain strings — lined up with the columns.
 */
export function rowsFromJson(columns: Column[], rows: unknown[], pointer = '/rows'): { rows: SourceRow[]; errors: CellError[] } {
  const errors: CellError[] = [];
  const byKey = new Map(columns.map((column, i) => [column.key, i]));
  const out = rows.map((row, i): SourceRow => {
    const at = `${pointer}/${i}`;
    const source: SourceRow = { row: i + 1, cells: new Array<RawCell>(columns.length).fill(null), pointer: at };
    if (typeof row === 'string') {
      if (columns.length !== 1) errors.push({ pointer: at, row: i + 1, column: '', value: '', message: 'a row given as text needs a one-column table; give an array or an object' });
      else {
        source.cells[0] = row;
        source.cellsBy = 'none';
      }
    } else if (Array.isArray(row)) {
      if (row.length > columns.length) {
        errors.push({ pointer: at, row: i + 1, column: '', value: '', message: `has ${row.length} cells; the table has ${columns.length} columns` });
      }
      row.slice(0, columns.length).forEach((cell, c) => (source.cells[c] = cell as RawCell));
    } else if (row !== null && typeof row === 'object') {
      source.cellsBy = 'key';
      for (const [key, cell] of Object.entries(row)) {
        const c = byKey.get(key);
        if (c === undefined) {
          const shown = redactIdsInText(key);
          errors.push({ pointer: `${at}/${shown}`, row: i + 1, column: shown, value: '', message: 'is not a column of this table' });
        }
        else source.cells[c] = cell as RawCell;
      }
    }
    return source;
  });
  // A row that does not fit is reported once, not again cell by cell.
  const misfits = new Set(errors.map((e) => e.row));
  return { rows: out.filter((row) => !misfits.has(row.row)), errors };
}
