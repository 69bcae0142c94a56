// Imports must check a stated 合计 and, when anything is wrong, list every bad cell at once.
import writeExcelFile from 'write-excel-file/node';
import type { SheetData } from 'write-excel-file/node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../helpers/app.js';
import { FIXTURE_LINES, FIXTURE_ROWS, MEDIA, noticesClient, SEED_FIELDS, SEED_TOTAL_FEN, type TableProblemJson } from '../helpers/notices.js';

let t: TestApp;
let api: ReturnType<typeof noticesClient>;
beforeAll(async () => {
  t = await createTestApp();
  api = noticesClient(t);
});
afterAll(async () => t.close());

describe('a stated 合计 in an XLSX workbook', () => {
  it('accepts the seed table with its 合计 computed by the spreadsheet (=SUM(H2:H25))', async () => {
    // The amounts as a spreadsheet holds them (numbers), and their sum as a spreadsheet computes
    // it in binary floating point: 2394.2600000000007, which Excel shows (and prints) as 2,394.26.
    const amounts = FIXTURE_ROWS.map((cells) => Number(cells[7]));
    const sum = amounts.reduce((a, b) => a + b, 0);
    expect(sum.toFixed(2)).toBe('2394.26');
    const data = [
      FIXTURE_LINES[0]!.map((label) => ({ value: label })),
      ...FIXTURE_ROWS.map((c) => [Number(c[0]), c[1], c[2], c[3], c[4], c[5], Number(c[6]), Number(c[7])].map((value) => ({ value }))),
      [{ value: '合计' }, null, null, null, null, null, null, { value: sum }],
    ] as unknown as SheetData;
    const notice = await api.create({ ...SEED_FIELDS });
    const res = await api.putTable(notice.id, notice.version, await writeExcelFile(data).toBuffer(), MEDIA.xlsx);
    //              message: "the stated total an amount has at most 2 decimal places (fen)" }
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json<{ table: { rowCount: number; totals: { value: number }[] } }>().table).toMatchObject({ rowCount: 24, totals: [{ value: SEED_TOTAL_FEN }] });
  });
});

describe('a 422 for a file lists every bad cell', () => {
  it('lists the bad amounts too when another row has a value outside any column', async () => {
    const notice = await api.create({ ...SEED_FIELDS });
    const csv = Buffer.from('姓名,金额(元)\n张三,abc\n李四,xyz\n王五,1,多出来的一格\n');
    const res = await api.putTable(notice.id, notice.version, csv, MEDIA.csv);
    expect(res.statusCode).toBe(422);
    const errors = res.json<TableProblemJson>().errors!;
    expect(errors.map((e) => [e.row, e.fileRow, e.column])).toEqual(
      expect.arrayContaining([
        [1, 2, '金额(元)'],
        [2, 3, '金额(元)'],
        [3, 4, 'column C'],
      ]),
    );
  });

  it('lists the bad amounts too when a total row is not the last row', async () => {
    const notice = await api.create({ ...SEED_FIELDS });
    const csv = Buffer.from('姓名,金额(元)\n张三,abc\n合计,1\n李四,xyz\n');
    const res = await api.putTable(notice.id, notice.version, csv, MEDIA.csv);
    expect(res.statusCode).toBe(422);
    const rows = res.json<TableProblemJson>().errors!.map((e) => [e.row, e.fileRow]);
    expect(rows).toEqual(expect.arrayContaining([[1, 2], [2, 3], [3, 4]]));
  });
});
