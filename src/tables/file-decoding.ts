/**
 * Table files decoded into rows: CSV and TSV text (UTF-8 or GB18030, as Chinese Excel saves
 * it) and XLSX workbooks (guarded against zip bombs), each row handed on as it is read with
 * its number in the file. What the rows mean is the header matcher's business.
 */
import { isUtf8 } from 'node:buffer';
import { CsvError, parse } from 'csv-parse';
import { Unzip, UnzipInflate, unzipSync } from 'fflate';
import { readSheet } from 'read-excel-file/node';
import { TableFileError, type RawCell } from './file-rows.js';

/** The media types a table file may be uploaded as; anything else is refused. */
export const TABLE_MEDIA_TYPES = {
  csv: 'text/csv',
  tsv: 'text/tab-separated-values',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
} as const;

type TableFormat = keyof typeof TABLE_MEDIA_TYPES;
type TextFormat = Exclude<TableFormat, 'xlsx'>;
type TextCharset = 'utf-8' | 'gb18030';

/** Takes the file's rows one at a time, in file order, with the row's number in the file. */
export type RowSink = (fileRow: number, cells: readonly RawCell[]) => void;

/** How many bytes a workbook may unpack to. */
export const MAX_UNPACKED_BYTES = 256 * 1024 * 1024;
/** How much of a text file the parser takes between turns of the event loop (about 800 rows). */
const PARSE_SLICE_BYTES = 64 * 1024;
const UTF8_BOM = [0xef, 0xbb, 0xbf] as const;
const CHARSETS: Record<string, TextCharset> = {
  'utf-8': 'utf-8',
  utf8: 'utf-8',
  gbk: 'gb18030',
  gb2312: 'gb18030',
  gb18030: 'gb18030',
};

/**
 * Hands the file's rows to `sink` as they are read; an unsupported media type or charset, an
 * empty file or bytes that are no table of the declared format throw a TableFileError.
 */
export async function decodeTableFile(body: Buffer, contentType: string, sink: RowSink, unpackedBytes = MAX_UNPACKED_BYTES): Promise<void> {
  const { format, charset } = parseContentType(contentType);
  if (body.length === 0) throw new TableFileError('The file is empty');
  if (format === 'xlsx') await readWorkbook(body, unpackedBytes, sink);
  else await readTextTable(body, format, charset, sink);
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

async function readTextTable(body: Buffer, format: TextFormat, charset: TextCharset | undefined, sink: RowSink): Promise<void> {
  if (hasControlBytes(body)) {
    throw new TableFileError(`The ${format.toUpperCase()} file is not a text table: it holds binary data`);
  }
  await parseDelimited(textOf(body, charset), format, sink);
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
 * Feeds a CSV's or TSV's rows to the sink, numbered by record (a quoted multi-line cell is one
 * row, as in a spreadsheet; blank lines count). Each record goes to the sink as soon as it is
 * parsed and `on_record` then drops it, so csv-parse never collects the file's records. The file
 * goes to the parser in slices with a turn of the event loop between them, so a 100,000-row
 * import does not keep the instance from answering other requests for a second at a time; the
 * parser keeps an incomplete record (or character) across slices.
 */
async function parseDelimited(text: Buffer | string, format: TextFormat, sink: RowSink): Promise<void> {
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
      sink(++row, record);
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
    // An error thrown by the sink (a header problem, a row handed on) comes through as thrown.
    if (!(error instanceof CsvError)) throw error;
    const where = typeof error.records === 'number' ? ` from row ${error.records + 1}` : '';
    throw new TableFileError(`The ${format.toUpperCase()} file cannot be parsed${where}: ${error.message}`);
  }
}

/**
 * Feeds the rows of the workbook's first sheet to the sink. read-excel-file keeps empty rows
 * above and between the data (it only drops them at the end), so a row's index + 1 is its
 * number in the sheet. It reads the whole sheet at once; its rows are still handed on singly.
 */
async function readWorkbook(body: Buffer, limit: number, sink: RowSink): Promise<void> {
  assertUnpackedSizeWithinLimit(body, limit);
  assertInflatesWithinLimit(body, limit);
  let data: unknown[][];
  try {
    data = await readSheet(body);
  } catch (error) {
    const detail = error instanceof Error ? `: ${error.message}` : '';
    throw new TableFileError(`The file is not an XLSX workbook${detail}`);
  }
  data.forEach((cells, index) => sink(index + 1, cells.map(toRawCell)));
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
