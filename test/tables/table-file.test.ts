import { zipSync } from 'fflate';
import { describe, expect, it, vi } from 'vitest';
import writeExcelFile from 'write-excel-file/node';
import type { SheetData } from 'write-excel-file/node';
import { TABLE_MEDIA_TYPES } from '../../src/tables/file-decoding.js';
import { TableFileError, type FileRow, type ReadTableSummary, type TableColumn } from '../../src/tables/file-rows.js';
import { readTableFile } from '../../src/tables/table-file.js';

/** The columns of an insurer's payout-claim list, as a notice declares them. */
const COLUMNS: TableColumn[] = [
  { key: 'seq', label: '序号', type: 'integer' },
  { key: 'name', label: '姓名', type: 'text', required: true },
  { key: 'idNumber', label: '身份证号', type: 'text', required: true },
  { key: 'county', label: '区县', type: 'text' },
  { key: 'town', label: '乡镇', type: 'text' },
  { key: 'village', label: '村庄', type: 'text' },
  { key: 'year', label: '赔款年度', type: 'integer' },
  { key: 'amount', label: '金额(元)', type: 'decimal', required: true },
];

const HEADER = ['序号', '姓名', '身份证号', '区县', '乡镇', '村庄', '赔款年度', '金额(元)'];
const SONG = ['1', '宋西顺', '3725011966****4816', '东昌府', '张炉集', '邓院村', '2021', '141.55'];
const LI = ['2', '李桂英', '3725011970****2231', '东昌府', '张炉集', '邓院村', '2021', '98.20'];

const csvOf = (lines: string[][], eol = '\n') => Buffer.from(lines.map((cells) => cells.join(',')).join(eol) + eol);
const tsvOf = (lines: string[][]) => Buffer.from(lines.map((cells) => cells.join('\t')).join('\n') + '\n');
/** The summary of a read, with the rows handed to `onRow` collected in the order they came. */
async function read(
  body: Buffer,
  contentType: string,
  columns = COLUMNS,
  limits?: { unpackedBytes: number },
): Promise<ReadTableSummary & { rows: FileRow[] }> {
  const rows: FileRow[] = [];
  const collect = (row: FileRow) => {
    rows.push(row);
  };
  return { rows, ...(await readTableFile(body, contentType, columns, collect, limits)) };
}
const readCsv = (body: Buffer, columns = COLUMNS) => read(body, TABLE_MEDIA_TYPES.csv, columns);
const readXlsx = (body: Buffer) => read(body, TABLE_MEDIA_TYPES.xlsx, COLUMNS);
const xlsxOf = (data: SheetData) => writeExcelFile(data).toBuffer();

/** The TableFileError a read fails with (the test fails if it succeeds or fails otherwise). */
async function failure(read: Promise<unknown>): Promise<TableFileError> {
  const error = await read.then(
    () => new Error('expected the read to fail'),
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(TableFileError);
  return error as TableFileError;
}

describe('readTableFile: formats', () => {
  it('reads a CSV: rows numbered from the header, cells as trimmed strings in column order', async () => {
    const table = await readCsv(csvOf([HEADER, SONG, [' 2 ', ' 李桂英 ', ...LI.slice(2)]]));
    expect(table.headerRow).toBe(1);
    expect(table.total).toBeNull();
    expect(table.rows).toEqual([
      { row: 1, fileRow: 2, cells: SONG },
      { row: 2, fileRow: 3, cells: LI },
    ]);
  });

  it('reads a TSV, keeping stray quotes inside and at the start of cells as text', async () => {
    const table = await read(tsvOf([HEADER, ['1', '宋"西"顺', '"3725011966****4816', ...SONG.slice(3)]]), TABLE_MEDIA_TYPES.tsv, COLUMNS);
    expect(table.rows).toEqual([{ row: 1, fileRow: 2, cells: ['1', '宋"西"顺', '"3725011966****4816', ...SONG.slice(3)] }]);
  });

  it('reads a CSV with a UTF-8 BOM and CRLF line ends, the BOM overriding a declared charset', async () => {
    const body = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), csvOf([HEADER, SONG], '\r\n')]);
    const table = await readCsv(body);
    expect(table.headerRow).toBe(1);
    expect(table.rows).toEqual([{ row: 1, fileRow: 2, cells: SONG }]);
    const declaredGbk = await read(body, 'text/csv; charset=gbk', COLUMNS);
    expect(declaredGbk.rows).toEqual([{ row: 1, fileRow: 2, cells: SONG }]);
  });

  it('keeps a quote inside an unquoted CSV cell as text, as Excel does', async () => {
    const table = await readCsv(csvOf([HEADER, ['1', '宋"西"顺', ...SONG.slice(2)]]));
    expect(table.rows[0]!.cells[1]).toBe('宋"西"顺');
  });

  it('reads an XLSX, keeping numbers, dates and booleans typed, and sheet row numbers past leading empty rows', async () => {
    const paidOn = new Date(Date.UTC(2021, 2, 4));
    const body = await xlsxOf([
      [null],
      ['赔款认领公示'],
      ['序号', '姓名', '身份证号', '赔款年度', '金额(元)', '区县'],
      [1, '宋西顺', '3725011966****4816', { value: paidOn, format: 'yyyy-mm-dd' }, 141.55, true],
      [null],
      [2, '  李桂英 ', '3725011970****2231', 2021, 98.2, null],
    ]);
    const table = await readXlsx(body);
    expect(table.headerRow).toBe(3);
    expect(table.rows).toEqual([
      { row: 1, fileRow: 4, cells: [1, '宋西顺', '3725011966****4816', true, null, null, paidOn, 141.55] },
      { row: 2, fileRow: 6, cells: [2, '李桂英', '3725011970****2231', null, null, null, 2021, 98.2] },
    ]);
  });

  it('reads a GB18030 (GBK) CSV when no charset is declared, and when charset=gbk is', async () => {
    const columns: TableColumn[] = [
      { key: 'seq', label: '序号', type: 'integer' },
      { key: 'name', label: '姓名', type: 'text', required: true },
    ];
    // "序号,姓名\n1,宋西顺\n" in GBK: 序 D0F2, 号 BAC5, 姓 D0D5, 名 C3FB, 宋 CBCE, 西 CEF7, 顺 CBB3.
    const body = Buffer.from('D0F2BAC52CD0D5C3FB0A312CCBCECEF7CBB30A', 'hex');
    const expected = { rows: [{ row: 1, fileRow: 2, cells: ['1', '宋西顺'] }], total: null, headerRow: 1, rowCount: 1 };
    expect(await readCsv(body, columns)).toEqual(expected);
    expect(await read(body, 'text/csv; charset=GBK', columns)).toEqual(expected);
    const declaredUtf8 = await failure(read(body, 'text/csv; charset=utf-8', columns));
    expect(declaredUtf8.message).toMatch(/not valid UTF-8/);
  });

  it('honours the media type whatever its case and parameters, and refuses other types and charsets', async () => {
    const table = await read(csvOf([HEADER, SONG]), 'Text/CSV; header=present; charset="UTF-8"', COLUMNS);
    expect(table.rows).toHaveLength(1);
    expect((await failure(read(csvOf([HEADER, SONG]), 'application/vnd.ms-excel', COLUMNS))).message).toMatch(/Unsupported table file type/);
    expect((await failure(read(csvOf([HEADER, SONG]), 'text/csv; charset=latin1', COLUMNS))).message).toMatch(/Unsupported character set "latin1"/);
  });
});

describe('readTableFile: header', () => {
  it('skips a title line above the header', async () => {
    const table = await readCsv(csvOf([['赔款认领公示'], HEADER, SONG]));
    expect(table.headerRow).toBe(2);
    expect(table.rows).toEqual([{ row: 1, fileRow: 3, cells: SONG }]);
  });

  it('matches headers in any order, by label or key, re-ordering cells to the columns', async () => {
    const table = await readCsv(csvOf([
      ['AMOUNT', '身份证号', 'name', '序号'],
      ['141.55', '3725011966****4816', '宋西顺', '1'],
    ]));
    expect(table.rows).toEqual([{ row: 1, fileRow: 2, cells: ['1', '宋西顺', '3725011966****4816', null, null, null, null, '141.55'] }]);
  });

  it('matches full-width parentheses and spaces inside header cells', async () => {
    const table = await readCsv(csvOf([['序号', '姓 名', '身份证号\u3000', '金额（元）'], ['1', '宋西顺', '3725011966****4816', '141.55']]));
    expect(table.rows[0]!.cells).toEqual(['1', '宋西顺', '3725011966****4816', null, null, null, null, '141.55']);
  });

  it('ignores an empty header cell over an empty column', async () => {
    const table = await readCsv(csvOf([['序号', '', ...HEADER.slice(1)], ['1', '', ...SONG.slice(1)]]));
    expect(table.rows).toEqual([{ row: 1, fileRow: 2, cells: SONG }]);
  });

  it('reports a header cell that names no column, listing the expected labels', async () => {
    const error = await failure(readCsv(csvOf([[...HEADER, '备注'], [...SONG, '已领']])));
    expect(error.problems).toEqual([
      { fileRow: 1, column: '备注', value: '备注', message: `matches no column; expected one of: ${HEADER.join(', ')}` },
    ]);
  });

  it('reports a missing required column and a column named twice, together', async () => {
    const error = await failure(readCsv(csvOf([['序号', '姓名', '姓 名', '金额(元)'], ['1', '宋西顺', '宋西顺', '141.55']])));
    expect(error.problems).toEqual([
      { fileRow: 1, column: '姓名', value: '姓 名', message: 'the column appears twice in the header: keep one of the two' },
      { fileRow: 1, column: '身份证号', value: '', message: 'a required column is missing from the header: add a column headed 身份证号' },
    ]);
  });

  it('says there is no header when no early row names the columns', async () => {
    const error = await failure(readCsv(csvOf([['赔款认领公示'], ['编号', '户主', '证件', '金额(元)'], SONG])));
    expect(error.message).toBe(`No header row: expected a row naming the columns: ${HEADER.join(', ')}; row 1 of the file reads: 赔款认领公示`);
    expect(error.problems.map((problem) => problem.column)).toEqual(['赔款认领公示']);
  });

  it.each([
    ['names no column', [[...HEADER, '备注'], [...SONG, '已领']], /^The table has 1 problem; first, row 1 of the file, 备注: matches no column/],
    ['lacks a required column', [HEADER.slice(0, 2), SONG.slice(0, 2)], /^The table has 2 problems; first, row 1 of the file, 身份证号: a required column is missing/],
    ['is missing', [['赔款认领公示'], ['编号', '户主', '证件', '金额(元)'], SONG], /^No header row/],
  ])('throws when the header %s before handing on any row or reading the rest', async (_name, lines, message) => {
    const onRow = vi.fn();
    // The unclosed quote at the end would be a parse error if the file were read that far.
    const body = Buffer.concat([csvOf([...lines, ...Array.from({ length: 10 }, () => LI)]), Buffer.from('"3,王五\n')]);
    const error = await failure(readTableFile(body, TABLE_MEDIA_TYPES.csv, COLUMNS, onRow));
    expect(error.message).toMatch(message);
    expect(onRow).not.toHaveBeenCalled();
  });

  it('looks for the header only among the first 10 non-blank rows', async () => {
    const titles = Array.from({ length: 10 }, (_, i) => [`说明${i}`]);
    const error = await failure(readCsv(csvOf([...titles, HEADER, SONG])));
    expect(error.message).toMatch(/^No header row/);
    const found = await readCsv(csvOf([...titles.slice(1), HEADER, SONG]));
    expect(found.headerRow).toBe(10);
  });
});

describe('readTableFile: rows', () => {
  it('hands each data row to onRow once, in file order, but not the header, blank rows or the total', async () => {
    const onRow = vi.fn();
    const body = csvOf([['赔款认领公示'], HEADER, SONG, [], LI, ['3', ...SONG.slice(1)], ['合计', '', '', '', '', '', '', '381.30'], []]);
    const summary = await readTableFile(body, TABLE_MEDIA_TYPES.csv, COLUMNS, onRow);
    expect(onRow.mock.calls).toEqual([[{ row: 1, fileRow: 3, cells: SONG }], [{ row: 2, fileRow: 5, cells: LI }], [{ row: 3, fileRow: 6, cells: ['3', ...SONG.slice(1)] }]]);
    expect(summary).toEqual({ total: { fileRow: 7, cells: [null, null, null, null, null, null, null, '381.30'] }, headerRow: 2, rowCount: 3 });
  });

  it('returns a closing 合计 row as the total, not a row, with its label cell cleared', async () => {
    const table = await readCsv(csvOf([HEADER, SONG, LI, ['合计', '', '', '', '', '', '', '239.75']]));
    expect(table.rows.map((row) => [row.row, row.fileRow])).toEqual([[1, 2], [2, 3]]);
    expect(table.total).toEqual({ fileRow: 4, cells: [null, null, null, null, null, null, null, '239.75'] });
  });

  it.each(['合 计', '总计', '合计：', '合计:', '总 计'])('recognises %j as a total label', async (label) => {
    const table = await readCsv(csvOf([HEADER, SONG, ['', label, '', '', '', '', '', '141.55']]));
    expect(table.rows).toHaveLength(1);
    expect(table.total).toEqual({ fileRow: 3, cells: [null, null, null, null, null, null, null, '141.55'] });
  });

  it('reads an XLSX total row with a numeric sum', async () => {
    const table = await readXlsx(await xlsxOf([HEADER, [1, '宋西顺', '3725011966****4816', null, null, null, 2021, 141.55], ['合 计', null, null, null, null, null, null, 141.55]]));
    expect(table.total).toEqual({ fileRow: 3, cells: [null, null, null, null, null, null, null, 141.55] });
  });

  it('does not take a name containing 计 for a total', async () => {
    const table = await readCsv(csvOf([HEADER, ['计划', ...SONG.slice(1)]]));
    expect(table.total).toBeNull();
    expect(table.rows).toHaveLength(1);
  });

  it('reports a total row that is not the last row', async () => {
    const error = await failure(readCsv(csvOf([HEADER, SONG, ['合计', '', '', '', '', '', '', '141.55'], LI])));
    expect(error.problems).toEqual([{ row: 2, fileRow: 3, column: '序号', value: '合计', message: 'a total row must be the last row: move it below the rows, or delete it' }]);
  });

  it('numbers rows as the file does across blank lines, and counts a multi-line quoted cell as one row', async () => {
    const body = Buffer.from(`${HEADER.join(',')}\n\n${SONG.join(',')}\n,,,\n\n"2","李\n桂英",${LI.slice(2).join(',')}\n${LI.join(',')}\n`);
    const table = await readCsv(body);
    expect(table.rows.map((row) => [row.row, row.fileRow])).toEqual([[1, 3], [2, 6], [3, 7]]);
    expect(table.rows[1]!.cells[1]).toBe('李\n桂英');
  });

  it('reports each value beyond the header width, and every other problem with it', async () => {
    const error = await failure(readCsv(csvOf([HEADER, [...SONG, '', '多余'], [...LI, '又多'], ['合计', '', '', '', '', '', '', '239.75'], LI])));
    expect(error.problems).toEqual([
      { row: 1, fileRow: 2, column: 'column J', value: '多余', message: 'a value outside any column: give its column a header (one of the table’s labels), or delete the value' },
      { row: 2, fileRow: 3, column: 'column I', value: '又多', message: 'a value outside any column: give its column a header (one of the table’s labels), or delete the value' },
      { row: 3, fileRow: 4, column: '序号', value: '合计', message: 'a total row must be the last row: move it below the rows, or delete it' },
    ]);
    expect(error.message).toBe('The table has 3 problems; first, row 2 of the file, column J: a value outside any column: give its column a header (one of the table’s labels), or delete the value');
  });

  it('reports a value under an empty header cell', async () => {
    const error = await failure(readCsv(csvOf([['序号', '', ...HEADER.slice(1)], ['1', '?', ...SONG.slice(1)]])));
    expect(error.problems).toEqual([{ row: 1, fileRow: 2, column: 'column B', value: '?', message: 'a value outside any column: give its column a header (one of the table’s labels), or delete the value' }]);
  });

  it('reads every row whole however the file falls into parsing slices: Han characters and quoted line breaks across them', async () => {
    const expected: FileRow[] = [];
    const lines = [HEADER.join(',')];
    for (let i = 1; i <= 6000; i++) {
      // Row lengths vary, so slice boundaries land inside characters, fields and quoted cells.
      const village = `"邓院${'村'.repeat(i % 7)}\n${'北'.repeat(i % 5)}组"`;
      lines.push(`${i},宋${'西'.repeat(i % 3)}顺,3725011966****4816,东昌府,张炉集,${village},2021,${i}.5`);
      expected.push({
        row: i,
        fileRow: i + 1,
        cells: [String(i), `宋${'西'.repeat(i % 3)}顺`, '3725011966****4816', '东昌府', '张炉集', `邓院${'村'.repeat(i % 7)}\n${'北'.repeat(i % 5)}组`, '2021', `${i}.5`],
      });
    }
    const body = Buffer.from(lines.join('\r\n'));
    expect(body.length).toBeGreaterThan(4 * 64 * 1024);
    const rows: FileRow[] = [];
    await readTableFile(body, TABLE_MEDIA_TYPES.csv, COLUMNS, (row) => rows.push(row));
    expect(rows).toEqual(expected);
  });

  it('reads a 100,000-row CSV, numbering its last row as the file does', async () => {
    const lines = [HEADER.join(',')];
    for (let i = 1; i <= 100_000; i++) lines.push(`${i},宋西顺,3725011966****4816,东昌府,张炉集,邓院村,2021,141.55`);
    const body = Buffer.from(lines.join('\n'));
    let last: FileRow | undefined;
    const summary = await readTableFile(body, TABLE_MEDIA_TYPES.csv, COLUMNS, (row) => {
      last = row;
    });
    expect(summary.rowCount).toBe(100_000);
    expect(last).toEqual({ row: 100_000, fileRow: 100_001, cells: ['100000', ...SONG.slice(1)] });
  });
});

describe('readTableFile: files that are no table', () => {
  it.each([
    ['an empty CSV', Buffer.alloc(0), TABLE_MEDIA_TYPES.csv],
    ['a whitespace-only CSV', Buffer.from(' \r\n\t\n\u3000\n,,\n'), TABLE_MEDIA_TYPES.csv],
    ['a whitespace-only TSV', Buffer.from('\t\t\n  \n'), TABLE_MEDIA_TYPES.tsv],
    ['an empty XLSX body', Buffer.alloc(0), TABLE_MEDIA_TYPES.xlsx],
  ])('refuses %s as empty', async (_name, body, type) => {
    const error = await failure(read(body, type, COLUMNS));
    expect(error.message).toBe('The file is empty');
  });

  it('refuses an XLSX whose sheet is empty', async () => {
    const error = await failure(readXlsx(await xlsxOf([[null]])));
    expect(error.message).toBe('The file is empty');
  });

  it('refuses binary garbage with NUL bytes', async () => {
    let seed = 7;
    const bytes = Buffer.from(Array.from({ length: 4096 }, (_, i) => (i % 97 === 0 ? 0 : (seed = (seed * 1103515245 + 12345) % 2 ** 31) & 0xff)));
    const error = await failure(readCsv(bytes));
    expect(error.message).toBe('The CSV file is not a text table: it holds binary data');
  });

  it('refuses text holding a control character other than tab, CR and LF', async () => {
    const error = await failure(read(Buffer.from(`${HEADER.join('\t')}\n1\t宋西顺\x1b[0m\n`), TABLE_MEDIA_TYPES.tsv, COLUMNS));
    expect(error.message).toBe('The TSV file is not a text table: it holds binary data');
  });

  it('reports where a CSV has an unclosed quote', async () => {
    const error = await failure(readCsv(Buffer.from(`${HEADER.join(',')}\n${SONG.join(',')}\n"2,李桂英\n3,王五\n`)));
    expect(error.message).toMatch(/^The CSV file cannot be parsed from row 3: Quote Not Closed/);
  });

  it('refuses a body that is not a zip, declared as XLSX', async () => {
    const error = await failure(readXlsx(Buffer.from(csvOf([HEADER, SONG]))));
    expect(error.message).toBe('The file is not an XLSX workbook');
  });

  it('refuses a zip that is not a workbook', async () => {
    const error = await failure(readXlsx(Buffer.from(zipSync({ 'notes.txt': new TextEncoder().encode('赔款认领公示') }))));
    expect(error.message).toMatch(/^The file is not an XLSX workbook: /);
  });

  it('refuses a workbook whose entries declare more than 256 MB unpacked, without inflating them', async () => {
    const zip = Buffer.from(zipSync({ 'xl/worksheets/sheet1.xml': new TextEncoder().encode('<worksheet/>') }));
    const centralEntry = zip.indexOf(Buffer.from([0x50, 0x4b, 0x01, 0x02]));
    zip.writeUInt32LE(300 * 1024 * 1024, centralEntry + 24);
    const error = await failure(readXlsx(zip));
    expect(error.message).toBe('The XLSX workbook unpacks to 300 MB, more than the 256 MB allowed');
  });

  it('refuses a workbook whose entries inflate beyond the limit while their directory understates them', async () => {
    const zip = Buffer.from(zipSync({ 'xl/worksheets/sheet1.xml': new Uint8Array(4 * 1024 * 1024) }));
    const centralEntry = zip.indexOf(Buffer.from([0x50, 0x4b, 0x01, 0x02]));
    zip.writeUInt32LE(100, centralEntry + 24);
    const error = await failure(read(zip, TABLE_MEDIA_TYPES.xlsx, COLUMNS, { unpackedBytes: 1024 * 1024 }));
    expect(error.message).toBe('The XLSX workbook unpacks to more than its directory says, more than the 1 MB allowed');
  });
});
