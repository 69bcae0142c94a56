import { Unprocessable, type CellError } from '../errors.js';
import { redactIdsInText } from '../lib/id-card.js';
import { displayCell, parseCell, shownValue, type CellValue, type Column, type RawCell } from './cells.js';
import { headerText } from './header-matching.js';

/** How a kind's table is set: a grid with a header, or a list of text entries (a 遗失声明). */
export const NOTICE_PRESENTATIONS = ['table', 'list'] as const;
export type NoticePresentation = (typeof NOTICE_PRESENTATIONS)[number];

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
 * and how its cells are named: by column key or label (objects), by position (arrays), or not
 * at all (a one-column row given as text). A `misfit` row does not fit the columns and has been
 * reported as a whole: it counts among the table's rows, but its cells are not typed.
 */
export interface SourceRow extends RowPlace {
  cells: RawCell[];
  pointer?: string;
  cellsBy?: 'key' | 'index' | 'none';
  /** For an object row: the name (key or label) each column was given by, for pointers into it. */
  givenAs?: (string | undefined)[];
  misfit?: true;
}

/** A table ready to store: values in column order, money totals in fen, and where ID numbers were masked. */
export interface TypedTable {
  values: CellValue[][];
  totals: Record<string, number>;
  masked: (RowPlace & { column: string })[];
}

/** Money totals of a table without rows: zero for each money column. */
export function zeroTotals(columns: Column[]): Record<string, number> {
  return Object.fromEntries(columns.filter((c) => c.type === 'money').map((c) => [c.key, 0]));
}

/** A typed table with no rows. */
export function emptyTable(columns: Column[]): TypedTable {
  return { values: [], totals: zeroTotals(columns), masked: [] };
}

/** Whether two column lists declare the same keys, labels, types and required flags, in the same order. */
export function sameColumns(a: Column[], b: Column[]): boolean {
  const shape = (columns: Column[]) => JSON.stringify(columns.map((c) => [c.key, c.label, c.type, c.required ?? false]));
  return shape(a) === shape(b);
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
      if (++rowCount > MAX_ROWS || source.misfit) return;
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
        throw new Unprocessable(`A notice table holds at most ${rowsText(MAX_ROWS)}; this one has ${rowsText(rowCount)}: split it, or shorten it`);
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
  const name = source.givenAs?.[index] ?? column.key;
  const cell = { key: `/${pointerToken(name)}`, index: `/${index}`, none: '' }[source.cellsBy ?? 'index'];
  const pointer = source.pointer === undefined ? undefined : `${source.pointer}${cell}`;
  return { ...(pointer !== undefined && { pointer }), ...placeOf(source), column: column.label, value, message };
}

/** `1 row`, `2 rows`. */
function rowsText(count: number): string {
  return `${count} ${count === 1 ? 'row' : 'rows'}`;
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
      `${this.count} bad ${this.count === 1 ? 'cell' : 'cells'} in a table of ${rowsText(rowCount)}${more}; nothing was changed`,
      this.listed,
      this.count > this.listed.length ? { errorCount: this.count } : {},
    );
  }
}

/**
 * Rows as a JSON body gives them — arrays in column order, objects by column key or by column
 * label (a row pasted from a spreadsheet), or (for a one-column table such as a statement's
 * entries) plain strings — lined up with the columns. Every row is returned, so the table's
 * row count is the count sent; a row that does not fit is marked `misfit` and reported once,
 * not again cell by cell.
 */
export function rowsFromJson(columns: Column[], rows: unknown[], pointer = '/rows'): { rows: SourceRow[]; errors: CellError[] } {
  const errors: CellError[] = [];
  const names = new ColumnNames(columns);
  const out = rows.map((row, i): SourceRow => {
    const at = `${pointer}/${i}`;
    const source: SourceRow = { row: i + 1, cells: new Array<RawCell>(columns.length).fill(null), pointer: at };
    const misfit = (error: Omit<CellError, 'row'>) => {
      errors.push({ ...error, row: i + 1 });
      source.misfit = true;
    };
    if (typeof row === 'string') {
      if (columns.length !== 1) {
        misfit({
          pointer: at,
          column: '',
          value: shownValue(row),
          message: `a row given as text needs a one-column table; this one has ${columns.length} columns: give an array in column order or an object keyed by column key or label`,
        });
      } else {
        source.cells[0] = row;
        source.cellsBy = 'none';
      }
    } else if (Array.isArray(row)) {
      if (row.length > columns.length) {
        misfit({
          pointer: at,
          column: '',
          value: (row.slice(columns.length) as RawCell[]).map(shownValue).join(', '),
          message: `has ${row.length} cells; the table has ${columns.length} columns: send at most ${columns.length} cells, in column order (${labelsOf(columns)})`,
        });
      }
      row.slice(0, columns.length).forEach((cell, c) => (source.cells[c] = cell as RawCell));
    } else if (row !== null && typeof row === 'object') {
      const givenAs = new Array<string | undefined>(columns.length);
      source.cellsBy = 'key';
      source.givenAs = givenAs;
      for (const [name, cell] of Object.entries(row)) {
        const problem = (message: string) => {
          const shown = redactIdsInText(name);
          misfit({ pointer: `${at}/${pointerToken(shown)}`, column: shown, value: shownValue(cell as RawCell), message });
        };
        const c = names.exact(name);
        if (c === undefined) problem(names.unknown(name));
        else if (givenAs[c] !== undefined) problem(`"${name}" is the ${name === columns[c]!.key ? 'key' : 'label'} of column "${columns[c]!.key}", which the row also gives as "${givenAs[c]}": give each column once`);
        else {
          givenAs[c] = name;
          source.cells[c] = cell as RawCell;
        }
      }
    }
    return source;
  });
  return { rows: out, errors };
}

/** How a JSON row object may name a column: by its key, or by its label exactly. */
class ColumnNames {
  private readonly byName = new Map<string, number>();
  /** Keys and labels as a file's header is matched (NFKC, no spaces, lower case), for hints. */
  private readonly byHeader = new Map<string, number>();

  constructor(private readonly columns: Column[]) {
    // Keys first: a label that is another column's key (never allowed by checkColumns) keeps meaning the key.
    columns.forEach((column, i) => this.byName.set(column.key, i));
    columns.forEach((column, i) => {
      if (!this.byName.has(column.label)) this.byName.set(column.label, i);
    });
    columns.forEach((column, i) => this.byHeader.set(headerText(column.key), i));
    columns.forEach((column, i) => {
      if (!this.byHeader.has(headerText(column.label))) this.byHeader.set(headerText(column.label), i);
    });
  }

  exact(name: string): number | undefined {
    return this.byName.get(name);
  }

  /** Why `name` names no column, and what to key the row by instead. */
  unknown(name: string): string {
    const near = this.byHeader.get(headerText(name));
    if (near === undefined) {
      return `is not a column of this table: key a row object by column key (${this.columns.map((c) => c.key).join(', ')}) or by label (${labelsOf(this.columns)})`;
    }
    const { key, label } = this.columns[near]!;
    const reads = headerText(name) === headerText(label) ? `the label of column "${key}" (${label})` : `column "${key}" (${label})`;
    return `"${redactIdsInText(name)}" is not a key of this table but reads as ${reads}: key the row by "${key}" or "${label}"`;
  }
}

function labelsOf(columns: Column[]): string {
  return columns.map((column) => column.label).join(', ');
}

/** A name as one token of a JSON Pointer (RFC 6901): `~` and `/` escaped. */
function pointerToken(name: string): string {
  return name.replaceAll('~', '~0').replaceAll('/', '~1');
}
