import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import writeExcelFile from 'write-excel-file/node';
import type { SheetData } from 'write-excel-file/node';
import { checkCharacter } from '../../src/lib/id-card.js';
import { createTestApp, type TestApp } from '../helpers/app.js';
import {
  csvOf,
  FIXTURE_LINES,
  FIXTURE_ROWS,
  FIXTURE_TSV,
  MEDIA,
  noticesClient,
  PAYOUT_LABELS,
  SEED_FIELDS,
  SEED_TOTAL_FEN,
  SEED_VALUES,
  type Cell,
  type NoticeJson,
  type TableProblemJson,
} from '../helpers/notices.js';
import { expectProblem } from '../helpers/problem.js';

const full = (first17: string) => `${first17}${checkCharacter(first17)}`;
const wrongCheck = (first17: string) => `${first17}${checkCharacter(first17) === '0' ? '1' : '0'}`;
const maskedForm = (id: string) => `${id.slice(0, 10)}****${id.slice(-4)}`;

const xlsxOf = (data: SheetData) => writeExcelFile(data).toBuffer();

/** A valid payout row of a generated table: row `i` of the data (file row i + 1). */
const generatedRow = (i: number): string[] => [
  String(i),
  `户主${i}`,
  `3725011966****${String(i % 1000).padStart(3, '0')}${i % 10}`,
  '东昌府',
  '张炉集',
  '邓院村',
  '2021',
  `${i}.5`,
];

// ---------------------------------------------------------------------------------------------

describe('uploading a table file', () => {
  let t: TestApp;
  let api: ReturnType<typeof noticesClient>;

  beforeAll(async () => {
    t = await createTestApp();
    api = noticesClient(t);
  });
  afterAll(async () => t.close());

  /** A payout-claim notice with its preset columns and no rows yet. */
  const emptyNotice = () => api.create({ ...SEED_FIELDS });
  /** A payout-claim notice holding the seed table, uploaded from the TSV fixture. */
  const seededNotice = async () => api.putTableOk(await emptyNotice(), FIXTURE_TSV, MEDIA.tsv);

  /** Asserts that a refused upload left the notice exactly as it was: rows, version and ETag. */
  async function expectUnchanged(before: NoticeJson, values: Cell[][]) {
    const res = await t.request('reporter', { url: `/api/v1/notices/${before.id}` });
    expect(res.statusCode).toBe(200);
    expect(res.headers.etag).toBe(`"${before.version}"`);
    const { masked: _masked, ...stored } = before;
    expect(res.json()).toEqual(stored);
    expect(await api.storedValues(before.id)).toEqual(values);
  }

  it('refuses a 500-row CSV with 3 bad cells in one 422 listing exactly those cells, leaving the table as it was', async () => {
    const before = await seededNotice();
    const WRONG = wrongCheck('37152519980305301');
    const rows = Array.from({ length: 500 }, (_, i) => generatedRow(i + 1));
    // As the file counts rows (the header is row 1): file row 57 is data row 56, and so on.
    rows[57 - 2]![7] = '12.345';
    rows[200 - 2]![2] = WRONG;
    rows[480 - 2]![1] = '';
    const res = await api.putTable(before.id, before.version, csvOf([PAYOUT_LABELS, ...rows]), MEDIA.csv);
    const problem = expectProblem(res, 422, 'unprocessable') as TableProblemJson;
    expect(problem.errors).toEqual([
      { row: 56, fileRow: 57, column: '金额(元)', value: '12.345', message: expect.stringMatching(/2 decimal places/) },
      { row: 199, fileRow: 200, column: '身份证号', value: maskedForm(WRONG), message: expect.stringMatching(/check character/) },
      { row: 479, fileRow: 480, column: '姓名', value: '', message: expect.stringMatching(/required/) },
    ]);
    expect(problem.detail).toMatch(/\b3 bad cells\b/);
    expect(res.body).not.toContain(WRONG.slice(0, 14));
    await expectUnchanged(before, SEED_VALUES);

    // The same file corrected goes in whole.
    rows[57 - 2]![7] = '12.34';
    rows[200 - 2]![2] = maskedForm(WRONG);
    rows[480 - 2]![1] = '户主480';
    const fixed = await api.putTableOk(before, csvOf([PAYOUT_LABELS, ...rows]), MEDIA.csv);
    expect(fixed.table!.rowCount).toBe(500);
    const values = await api.storedValues(before.id);
    expect(values).toHaveLength(500);
    expect(values[55]![7]).toBe(1234);
    expect(values[198]![2]).toBe(maskedForm(WRONG));
    expect(values[478]![1]).toBe('户主480');
    expect(values[499]).toEqual([500, '户主500', '3725011966****5000', '东昌府', '张炉集', '邓院村', 2021, 50050]);
  });

  it('checks a 合计 row against the rows: a wrong one is a 422 at its row, a right one is taken and not stored', async () => {
    const before = await seededNotice();
    const wrongTotal = csvOf([...FIXTURE_LINES, ['合计', '', '', '', '', '', '', '"2,394.27"']]);
    const res = await api.putTable(before.id, before.version, wrongTotal, MEDIA.csv);
    const problem = expectProblem(res, 422, 'unprocessable') as TableProblemJson;
    expect(problem.errors).toEqual([{ fileRow: 26, column: '金额(元)', value: '2,394.27', message: expect.stringMatching(/2,394\.26/) }]);
    await expectUnchanged(before, SEED_VALUES);

    const empty = await emptyNotice();
    const rightTotal = csvOf([...FIXTURE_LINES, ['合计', '', '', '', '', '', '', '2394.26']]);
    const taken = await api.putTableOk(empty, rightTotal, MEDIA.csv);
    expect(taken.table).toMatchObject({ rowCount: 24, totals: [{ value: SEED_TOTAL_FEN, display: '2,394.26' }] });
    expect(await api.storedValues(empty.id)).toEqual(SEED_VALUES);
    // 总计 in the TSV form, too.
    const tsvTotal = Buffer.concat([FIXTURE_TSV, Buffer.from('总计\t\t\t\t\t\t\t2,394.26\n')]);
    const viaTsv = await api.putTableOk(taken, tsvTotal, MEDIA.tsv);
    expect(viaTsv.table!.rowCount).toBe(24);
  });

  it('refuses an empty file (422), leaving the table', async () => {
    const before = await seededNotice();
    for (const body of [Buffer.alloc(0), Buffer.from('\n\n  \n')]) {
      const res = await api.putTable(before.id, before.version, body, MEDIA.csv);
      expect(expectProblem(res, 422, 'unprocessable').detail).toMatch(/empty/);
    }
    await expectUnchanged(before, SEED_VALUES);
  });

  it('refuses a file whose header names no column (422 naming what it expected), leaving the table', async () => {
    const before = await seededNotice();
    const body = csvOf([['编号', '名字', '证件', '金额'], ['1', '宋西顺', '3725011966****4816', '141.55']]);
    const res = await api.putTable(before.id, before.version, body, MEDIA.csv);
    const problem = expectProblem(res, 422, 'unprocessable') as TableProblemJson;
    expect(problem.detail).toContain('金额(元)');
    expect(problem.errors!.map((e) => [e.row, e.fileRow, e.column])).toEqual([
      [undefined, 1, '编号'],
      [undefined, 1, '名字'],
      [undefined, 1, '证件'],
      [undefined, 1, '金额'],
    ]);
    // A header missing a required column.
    const partial = csvOf([['序号', '姓名'], ['1', '宋西顺']]);
    const missing = expectProblem(await api.putTable(before.id, before.version, partial, MEDIA.csv), 422, 'unprocessable') as TableProblemJson;
    expect(missing.errors).toEqual([expect.objectContaining({ fileRow: 1, column: '金额(元)', message: expect.stringMatching(/required column/) })]);
    await expectUnchanged(before, SEED_VALUES);
  });

  it('refuses binary garbage with NUL bytes (422), as CSV or TSV', async () => {
    const before = await seededNotice();
    let seed = 11;
    const garbage = Buffer.from(Array.from({ length: 2048 }, (_, i) => (i % 61 === 0 ? 0 : (seed = (seed * 1103515245 + 12345) % 2 ** 31) & 0xff)));
    for (const type of [MEDIA.csv, MEDIA.tsv]) {
      const res = await api.putTable(before.id, before.version, garbage, type);
      expect(expectProblem(res, 422, 'unprocessable').detail).toMatch(/binary/);
    }
    // Nor is it a workbook.
    expectProblem(await api.putTable(before.id, before.version, garbage, MEDIA.xlsx), 422, 'unprocessable');
    await expectUnchanged(before, SEED_VALUES);
  });

  it('takes a CSV with a UTF-8 BOM and CRLF line ends', async () => {
    const notice = await emptyNotice();
    const body = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), csvOf(FIXTURE_LINES, '\r\n')]);
    const res = await api.putTable(notice.id, notice.version, body, `${MEDIA.csv}; charset=utf-8`);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json<NoticeJson>().table).toMatchObject({ rowCount: 24, totals: [{ value: SEED_TOTAL_FEN }] });
    expect(await api.storedValues(notice.id)).toEqual(SEED_VALUES);
  });

  it('takes GB18030 text, as Chinese Excel saves CSV, with or without a declared charset', async () => {
    const text = '序号,姓名,金额(元)\r\n1,宋西顺,141.55\r\n2,孙希胜,76.8\r\n';
    // Node encodes no GB18030, so the bytes are given; decoding them proves they are that text.
    const bytes = Buffer.from('d0f2bac52cd0d5c3fb2cbdf0b6ee28d4aa290d0a312ccbcecef7cbb32c3134312e35350d0a322ccbefcfa3caa42c37362e380d0a', 'hex');
    expect(new TextDecoder('gb18030').decode(bytes)).toBe(text);
    const expected = [SEED_VALUES[0]!, SEED_VALUES[1]!].map((v) => [v[0]!, v[1]!, null, null, null, null, null, v[7]!]);
    for (const type of [`${MEDIA.csv}; charset=GBK`, MEDIA.csv]) {
      const notice = await emptyNotice();
      const res = await api.putTable(notice.id, notice.version, bytes, type);
      expect(res.statusCode, res.body).toBe(200);
      expect(await api.storedValues(notice.id)).toEqual(expected);
    }
    // Declared UTF-8, the same bytes are refused rather than misread.
    const notice = await emptyNotice();
    expectProblem(await api.putTable(notice.id, notice.version, bytes, `${MEDIA.csv}; charset=utf-8`), 422, 'unprocessable');
    expect(await api.storedValues(notice.id)).toEqual([]);
  });

  it('takes a CSV with quoted cells: grouped amounts and a comma inside a name', async () => {
    const notice = await emptyNotice();
    const body = Buffer.from('序号,姓名,金额(元)\n1,"宋西顺,之妻","1,343.86"\n');
    const done = await api.putTableOk(notice, body, MEDIA.csv);
    expect(done.table!.rows!.map((r) => r.values)).toEqual([[1, '宋西顺,之妻', null, null, null, null, null, 134386]]);
  });

  it('matches the header by label, with full-width parentheses and the columns in another order', async () => {
    const notice = await emptyNotice();
    const order = [7, 1, 0, 2, 6, 5, 4, 3];
    const header = order.map((i) => (i === 7 ? '金额（元）' : PAYOUT_LABELS[i]!));
    const lines = [header, ...FIXTURE_ROWS.map((cells) => order.map((i) => cells[i]!))];
    const done = await api.putTableOk(notice, csvOf(lines), MEDIA.csv);
    expect(done.table!.columns.map((c) => c.label)).toEqual(PAYOUT_LABELS);
    expect(await api.storedValues(notice.id)).toEqual(SEED_VALUES);
  });

  it('finds the header below a title line, numbering rows as the stored table does and as the file does', async () => {
    const notice = await emptyNotice();
    const body = csvOf([['赔款认领公示'], [], PAYOUT_LABELS, FIXTURE_ROWS[0]!, ['2', '孙希胜', '3725221935****3119', '', '', '', '2013', '7.6.8']]);
    const problem = expectProblem(await api.putTable(notice.id, notice.version, body, MEDIA.csv), 422, 'unprocessable') as TableProblemJson;
    expect(problem.errors).toEqual([expect.objectContaining({ row: 2, fileRow: 5, column: '金额(元)', value: '7.6.8' })]);
  });

  it('takes an XLSX workbook, numbers as numbers and IDs as text', async () => {
    const notice = await emptyNotice();
    const data: SheetData = [
      PAYOUT_LABELS,
      ...FIXTURE_ROWS.map((cells) => [Number(cells[0]), cells[1]!, cells[2]!, cells[3]!, cells[4]!, cells[5]!, Number(cells[6]), Number(cells[7])]),
    ];
    const res = await api.putTable(notice.id, notice.version, await xlsxOf(data), MEDIA.xlsx);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json<NoticeJson>().table).toMatchObject({ rowCount: 24, totals: [{ value: SEED_TOTAL_FEN, display: '2,394.26' }] });
    expect(await api.storedValues(notice.id)).toEqual(SEED_VALUES);
  });

  it('masks a full ID number in a workbook, and refuses one typed as a number without echoing it', async () => {
    const notice = await emptyNotice();
    const FULL = full('37250119661212481');
    const res = await api.putTable(notice.id, notice.version, await xlsxOf([PAYOUT_LABELS, [1, '宋西顺', FULL, null, null, null, 2021, 141.55]]), MEDIA.xlsx);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json<NoticeJson>().masked).toEqual([{ row: 1, fileRow: 2, column: '身份证号' }]);
    expect(res.json<NoticeJson>().table!.rows![0]!.values[2]).toBe(maskedForm(FULL));
    expect(res.body).not.toContain(FULL.slice(0, 14));

    const version = res.json<NoticeJson>().version;
    const numeric = await api.putTable(notice.id, version, await xlsxOf([PAYOUT_LABELS, [1, '宋西顺', 372501196612124, null, null, null, 2021, 141.55]]), MEDIA.xlsx);
    const problem = expectProblem(numeric, 422, 'unprocessable') as TableProblemJson;
    expect(problem.errors).toEqual([expect.objectContaining({ row: 1, fileRow: 2, column: '身份证号', message: expect.stringMatching(/text cells/) })]);
    expect(numeric.body).not.toContain('372501196612124');
  });

  it('numbers `masked` as the stored rows are (`row`), and as the file does (`fileRow`)', async () => {
    const notice = await emptyNotice();
    const FULL = full('37152519890101302');
    const body = csvOf([['赔款认领公示'], PAYOUT_LABELS, FIXTURE_ROWS[0]!, FIXTURE_ROWS[1]!, ['3', '赵六', FULL, '', '', '', '2021', '20']]);
    const done = await api.putTableOk(notice, body, MEDIA.csv);
    expect(done.masked).toEqual([{ row: 3, fileRow: 5, column: '身份证号' }]);
    // The same row as the answer's table numbers it.
    expect(done.table!.rows!.find((r) => r.row === 3)!.values[2]).toBe(maskedForm(FULL));
    expect((await api.storedValues(notice.id))[2]![2]).toBe(maskedForm(FULL));
  });

  // A full ID number must never be echoed back (src/lib/id-card.ts: "never stored, logged or
  // echoed back in an error"); a file whose header row is missing, or whose row runs past the
  // header, puts the raw cells into the 422.
  it('does not echo a full ID number from a file that has lost its header row', async () => {
    const before = await seededNotice();
    const FULL = full('37252619540305501');
    const res = await api.putTable(before.id, before.version, csvOf([['1', '肖凤臣', FULL, '冠县', '范寨乡', '温庄村', '2021', '300.39']]), MEDIA.csv);
    expectProblem(res, 422, 'unprocessable');
    expect(res.body).not.toContain(FULL.slice(0, 14));
  });

  it('does not echo a full ID number found outside any column', async () => {
    const before = await seededNotice();
    const FULL = full('37252619540305501');
    const res = await api.putTable(before.id, before.version, csvOf([['姓名', '金额(元)'], ['肖凤臣', '300.39', FULL]]), MEDIA.csv);
    const problem = expectProblem(res, 422, 'unprocessable') as TableProblemJson;
    expect(problem.errors).toEqual([expect.objectContaining({ row: 1, fileRow: 2, message: expect.stringMatching(/outside any column/) })]);
    expect(res.body).not.toContain(FULL.slice(0, 14));
  });

  it('refuses a type it does not read with 415, and a file for a notice whose kind has no columns with 422', async () => {
    const before = await seededNotice();
    const pdf = await api.putTable(before.id, before.version, Buffer.from('%PDF-1.7\n%âãÏÓ\n'), 'application/pdf');
    expectProblem(pdf, 415, 'unsupported-media-type');
    expectProblem(await api.putTable(before.id, before.version, FIXTURE_TSV, 'text/plain'), 415, 'unsupported-media-type');
    await expectUnchanged(before, SEED_VALUES);

    const bare = await api.create({ kind: 'table', title: '公示', issuer: '村委会', issuedOn: '2024-04-10' });
    expect(bare.table).toBeNull();
    expectProblem(await api.putTable(bare.id, bare.version, FIXTURE_TSV, MEDIA.tsv), 422, 'unprocessable');
  });
});

// ---------------------------------------------------------------------------------------------

describe('the table size limit', () => {
  const LIMIT = 4096;
  let t: TestApp;
  let api: ReturnType<typeof noticesClient>;

  beforeAll(async () => {
    t = await createTestApp({ tableLimit: LIMIT });
    api = noticesClient(t);
  });
  afterAll(async () => t.close());

  const bigCsv = () => csvOf([PAYOUT_LABELS, ...Array.from({ length: 100 }, (_, i) => generatedRow(i + 1))]);

  it('refuses a file over the limit with 413, leaving the table; takes one under it', async () => {
    const notice = await api.create({ ...SEED_FIELDS });
    expect(bigCsv().length).toBeGreaterThan(LIMIT);
    const res = await api.putTable(notice.id, notice.version, bigCsv(), MEDIA.csv);
    expectProblem(res, 413, 'payload-too-large');
    expect((await api.get(notice.id)).version).toBe(notice.version);
    expect(await api.storedValues(notice.id)).toEqual([]);

    expect(FIXTURE_TSV.length).toBeLessThan(LIMIT);
    const small = await api.putTableOk(notice, FIXTURE_TSV, MEDIA.tsv);
    expect(small.table!.rowCount).toBe(24);
  });

  it('refuses JSON rows over the limit with 413, on every route that takes rows', async () => {
    const rows = Array.from({ length: 100 }, (_, i) => generatedRow(i + 1));
    expect(Buffer.byteLength(JSON.stringify({ rows }))).toBeGreaterThan(LIMIT);
    expectProblem(await t.request('editor', { method: 'POST', url: '/api/v1/notices', payload: { ...SEED_FIELDS, rows } }), 413, 'payload-too-large');
    const notice = await api.create({ ...SEED_FIELDS, rows: rows.slice(0, 2) });
    expectProblem(await api.patch(notice.id, { rows }, notice.version), 413, 'payload-too-large');
    expectProblem(await api.putTable(notice.id, notice.version, { rows }), 413, 'payload-too-large');
    expect(await api.get(notice.id)).toEqual(notice);
  });
});
