import { isUtf8 } from 'node:buffer';
import { CsvError, parse } from 'csv-parse';
import { Unzip, UnzipInflate, unzipSync } from 'fflate';
import { readSheet } from 'read-excel-file/node';
import { redactIdsInText } from '../../lib/id-card.js';

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

/** The media types a table file may be uploaded as; anything else is refused. */
export const TABLE_MEDIA_TYPES = {
  csv: 'text/csv',
  tsv: 'text/tab-separated-values',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
} as const;

type TableFormat = keyof typeof TABLE_MEDIA_TYPES;
type TextFormat = Exclude<TableFormat, 'xlsx'>;
type TextCharset = 'utf-8' | 'gb18030';

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
/** How much of a text file the parser takes between turns of the event loop (about 800 rows). */
const PARSE_SLICE_BYTES = 64 * 1024;
const MAX_UNPACKED_BYTES = 256 * 1024 * 1024;
const UTF8_BOM = [0xef, 0xbb, 0xbf] as const;
const CHARSETS: Record<string, TextCharset> = {
  'utf-8': 'utf-8',
  utf8: 'utf-8',
  gbk: 'gb18030',
  gb2312: 'gb18030',
  gb18030: 'gb18030',
};
const TOTAL_LABELS = new Set(['合计', '总计']);

/**
 * Reads an uploaded CSV, TSV or XLSX table and matches it to a notice's columns.
 *
 * Editors export these tables from whatever the advertiser sent (often Chinese Excel, hence
 * GB18030 text and full-width header punctuation), so the header is found by name rather than
 * position and may sit below a title line. Cells are only aligned here, not typed: another
 * module validates values, and needs to know which cells the spreadsheet held as numbers.
 *
 * Data rows are handed to `onRow` one at a time, in file order, as they are read, so that a
 * large file is never held as rows all at once; the closing total row is returned instead.
 * Problems with rows are collected and thrown together once the whole file is read, so `onRow`
 * may have seen earlier rows of a file that then fails; a header problem is thrown before any.
 *
 * @throws TableFileError when the file is no table, is empty, or does not fit the columns.
 */
export async function readTableFile(
  body: Buffer,
  contentType: string,
  columns: TableColumn[],
  onRow: (row: FileRow) => void,
  limits: { unpackedBytes: number } = { unpackedBytes: MAX_UNPACKED_BYTES },
): Promise<ReadTableSummary> {
  const { format, charset } = parseContentType(contentType);
  if (body.length === 0) throw new TableFileError('The file is empty');
  const matcher = new ColumnMatcher(columns, onRow);
  if (format === 'xlsx') await readWorkbook(body, limits.unpackedBytes, matcher);
  else await readTextTable(body, format, charset, matcher);
  return matcher.finish();
}

function parseContentType(contentType: string): { format: TableFormat; charset: TextCharset | undefined } {
  const [essence = '', ...parameters] = contentType.split(';');
  const mediaType = essence.trim().toLowerCase();
  const format = (Object.keys(TABLE_MEDIA_TYPES) as TableFormat[]).find((name) => TABLE_MEDIA_TYPES[name] === mediaType);
  if (!format) {
    const expected = Object.values(TABLE_MEDIA_TYPES).join(', ');
    throw new TableFileError(`Unsupported table file type "${mediaType}": expected one of ${expected}`);
  }
  return { format, charset: parseCharset(parameters) };
}

function parseCharset(parameters: string[]): TextCharset | undefined {
  for (const parameter of parameters) {
    const [name = '', value = ''] = parameter.split('=', 2).map((part) => part.trim());
    if (name.toLowerCase() !== 'charset') continue;
    const requested = value.replace(/^"(.*)"$/, '$1').toLowerCase();
    const charset = CHARSETS[requested];
    if (!charset) throw new TableFileError(`Unsupported character set "${requested}": use UTF-8 or GB18030 (GBK)`);
    return charset;
  }
  return undefined;
}

async function readTextTable(body: Buffer, format: TextFormat, charset: TextCharset | undefined, matcher: ColumnMatcher): Promise<void> {
  if (hasControlBytes(body)) {
    throw new TableFileError(`The ${format.toUpperCase()} file is not a text table: it holds binary data`);
  }
  await parseDelimited(textOf(body, charset), format, matcher);
}

/**
 * Whether the bytes hold a NUL or another control character than tab, CR or LF. Checking bytes
 * is enough for both encodings read here: in UTF-8 and in GB18030 a byte below 0x20 or 0x7F is
 * never part of a multi-byte character.
 */
function hasControlBytes(bytes: Uint8Array): boolean {
  for (let i = 0; i < bytes.length; i++) {
    const byte = bytes[i]!;
    if ((byte < 0x20 && byte !== 0x09 && byte !== 0x0a && byte !== 0x0d) || byte === 0x7f) return true;
  }
  return false;
}

/**
 * The file's text: UTF-8 is handed on as bytes (csv-parse reads UTF-8 buffers itself, sparing a
 * copy of the whole file), GB18030 as a decoded string. Without a declared charset, text that is
 * not valid UTF-8 is taken for GB18030, which is how Chinese Excel saves CSV. A UTF-8 BOM settles
 * the encoding whatever the declared charset.
 */
function textOf(body: Buffer, charset: TextCharset | undefined): Buffer | string {
  const hasBom = UTF8_BOM.every((byte, i) => body[i] === byte);
  if (hasBom || charset !== 'gb18030') {
    const bytes = hasBom ? body.subarray(UTF8_BOM.length) : body;
    if (isUtf8(bytes)) return bytes;
    if (hasBom || charset === 'utf-8') throw new TableFileError('The file is not valid UTF-8 text');
  }
  try {
    return new TextDecoder('gb18030', { fatal: true }).decode(body);
  } catch {
    throw new TableFileError(charset ? 'The file is not valid GB18030 text' : 'The file is neither UTF-8 nor GB18030 text');
  }
}

/**
 * Feeds a CSV's or TSV's rows to the matcher, numbered by record (a quoted multi-line cell is one
 * row, as in a spreadsheet; blank lines count). Each record goes to the matcher as soon as it is
 * parsed and `on_record` then drops it, so csv-parse never collects the file's records. The file
 * goes to the parser in slices with a turn of the event loop between them, so a 100,000-row
 * import does not keep the instance from answering other requests for a second at a time; the
 * parser keeps an incomplete record (or character) across slices.
 */
async function parseDelimited(text: Buffer | string, format: TextFormat, matcher: ColumnMatcher): Promise<void> {
  const bytes = typeof text === 'string' ? Buffer.from(text) : text;
  let row = 0;
  const parser = parse({
    delimiter: format === 'csv' ? ',' : '\t',
    quote: format === 'csv' ? '"' : false,
    relax_quotes: true,
    relax_column_count: true,
    skip_empty_lines: false,
    record_delimiter: ['\r\n', '\n', '\r'],
    on_record: (record: string[]) => {
      matcher.add(++row, record);
      return null;
    },
  });
  const finished = new Promise<void>((resolve, reject) => {
    // `on`, not `once`: writing on after a failure can raise a second error.
    parser.on('error', reject);
    parser.once('end', resolve);
  });
  // Awaited below, after the slices; until then a failure must not count as unhandled.
  finished.catch(() => undefined);
  parser.resume();
  try {
    for (let start = 0; start < bytes.length && !parser.destroyed; start += PARSE_SLICE_BYTES) {
      parser.write(bytes.subarray(start, start + PARSE_SLICE_BYTES));
      await new Promise<void>((resolve) => setImmediate(resolve));
    }
    if (!parser.destroyed) parser.end();
    await finished;
  } catch (error) {
    // An error thrown by the matcher (a header problem) or by `onRow` comes through as thrown.
    if (!(error instanceof CsvError)) throw error;
    const where = typeof error.records === 'number' ? ` from row ${error.records + 1}` : '';
    throw new TableFileError(`The ${format.toUpperCase()} file cannot be parsed${where}: ${error.message}`);
  }
}

/**
 * Feeds the rows of the workbook's first sheet to the matcher. read-excel-file keeps empty rows
 * above and between the data (it only drops them at the end), so a row's index + 1 is its
 * number in the sheet. It reads the whole sheet at once; its rows are still handed on singly.
 */
async function readWorkbook(body: Buffer, limit: number, matcher: ColumnMatcher): Promise<void> {
  assertUnpackedSizeWithinLimit(body, limit);
  assertInflatesWithinLimit(body, limit);
  let data: unknown[][];
  try {
    data = await readSheet(body);
  } catch (error) {
    const detail = error instanceof Error ? `: ${error.message}` : '';
    throw new TableFileError(`The file is not an XLSX workbook${detail}`);
  }
  data.forEach((cells, index) => matcher.add(index + 1, cells.map(toRawCell)));
}

/**
 * Refuses a zip bomb before anything is inflated, by summing the uncompressed sizes the zip's
 * central directory declares. The filter returns false, so fflate reads only the directory.
 */
function assertUnpackedSizeWithinLimit(body: Buffer, limit: number): void {
  let unpacked = 0;
  try {
    unzipSync(body, {
      filter: (file) => {
        unpacked += file.originalSize;
        return false;
      },
    });
  } catch {
    throw new TableFileError('The file is not an XLSX workbook');
  }
  if (unpacked > limit) throw tooLarge(`unpacks to ${megabytes(unpacked)} MB`, limit);
}

/**
 * A zip's directory can understate its entries' sizes, and the workbook reader trusts it; so
 * the entries are inflated once here, counting bytes and stopping at the limit, before the
 * reader inflates them for real.
 */
function assertInflatesWithinLimit(body: Buffer, limit: number): void {
  let inflated = 0;
  let broken = false;
  const unzip = new Unzip((file) => {
    file.ondata = (error, chunk) => {
      if (error) broken = true;
      else inflated += chunk.length;
      if (error || inflated > limit) file.terminate();
    };
    file.start();
  });
  unzip.register(UnzipInflate);
  try {
    unzip.push(body, true);
  } catch {
    broken = true;
  }
  if (inflated > limit) throw tooLarge('unpacks to more than its directory says', limit);
  if (broken) throw new TableFileError('The file is not an XLSX workbook');
}

const megabytes = (bytes: number) => Math.ceil(bytes / (1024 * 1024));

function tooLarge(what: string, limit: number): TableFileError {
  return new TableFileError(`The XLSX workbook ${what}, more than the ${megabytes(limit)} MB allowed`);
}

function toRawCell(value: unknown): RawCell {
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') return value;
  return value instanceof Date ? value : null;
}

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
class ColumnMatcher {
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
