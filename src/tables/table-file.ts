import { Unprocessable } from '../errors.js';
import type { Column } from './cells.js';
import { decodeTableFile, MAX_UNPACKED_BYTES } from './file-decoding.js';
import { TableFileError, type FileRow, type ReadTableSummary, type TableColumn } from './file-rows.js';
import { ColumnMatcher } from './header-matching.js';
import { createTableTyper, type TypedTable } from './typed-table.js';

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
  const matcher = new ColumnMatcher(columns, onRow);
  await decodeTableFile(body, contentType, (fileRow, cells) => matcher.add(fileRow, cells), limits.unpackedBytes);
  return matcher.finish();
}

/**
 * Reads an uploaded file and types its cells as they are read, keeping only the typed values;
 * a file that cannot be read is a 422 naming why.
 */
export async function typeTableFile(file: Buffer, contentType: string, columns: Column[]): Promise<TypedTable> {
  const typer = createTableTyper(columns);
  let summary;
  try {
    summary = await readTableFile(file, contentType, columns, (row) => typer.add(row));
  } catch (err) {
    if (!(err instanceof TableFileError)) throw err;
    // Problems of the file's shape found among its rows come with the rows' bad cells, in one list.
    if (err.problems.length && typer.rowCount > 0) typer.finish(null, err.problems);
    throw new Unprocessable(err.message, err.problems);
  }
  if (summary.rowCount === 0) {
    throw new Unprocessable('The file has a header but no rows, so nothing was changed; to empty the table, send `rows: []` as JSON');
  }
  return typer.finish(summary.total);
}
