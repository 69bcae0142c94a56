// XLSX cells the reader hands on that an import must still answer properly: a date-formatted
// cell whose serial is out of JavaScript's Date range (read as an Invalid Date), and a shared
// string holding a NUL, which PostgreSQL cannot store.
import { strFromU8, strToU8, unzipSync, zipSync } from 'fflate';
import writeExcelFile from 'write-excel-file/node';
import type { SheetData } from 'write-excel-file/node';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../helpers/app.js';
import { MEDIA, noticesClient, SEED_FIELDS } from '../helpers/notices.js';

let t: TestApp;
let api: ReturnType<typeof noticesClient>;
beforeAll(async () => {
  t = await createTestApp();
  api = noticesClient(t);
});
afterAll(async () => t.close());

/** A workbook whose A1 (a title row) or A2 (under 姓名) is date-formatted and holds the serial 1e20 (e.g. a long number pasted into a date cell). */
async function workbookWithHugeDateSerial(inData: boolean): Promise<Buffer> {
  const hugeDate = { value: new Date('2024-04-10T00:00:00Z'), format: 'yyyy-mm-dd' };
  const data = (
    inData
      ? [[{ value: '姓名' }, { value: '金额(元)' }], [hugeDate, { value: 141.55 }]]
      : [[hugeDate, { value: '赔款认领公示' }], [{ value: '姓名' }, { value: '金额(元)' }], [{ value: '宋西顺' }, { value: 141.55 }]]
  ) as unknown as SheetData;
  const files = unzipSync(new Uint8Array(await writeExcelFile(data).toBuffer()));
  const sheet = strFromU8(files['xl/worksheets/sheet1.xml']!);
  files['xl/worksheets/sheet1.xml'] = strToU8(sheet.replace('<v>45392</v>', '<v>1e20</v>'));
  return Buffer.from(zipSync(files));
}

it('skips a title row holding an out-of-range date cell above the header (was a 500)', async () => {
  const notice = await api.create({ ...SEED_FIELDS });
  const res = await api.putTable(notice.id, notice.version, await workbookWithHugeDateSerial(false), MEDIA.xlsx);
  expect(res.statusCode, res.body).toBe(200);
  expect(res.json<{ table: { rowCount: number } }>().table.rowCount).toBe(1);
});

it('answers an out-of-range date in a data cell with a 422 naming its row and column', async () => {
  const notice = await api.create({ ...SEED_FIELDS });
  const res = await api.putTable(notice.id, notice.version, await workbookWithHugeDateSerial(true), MEDIA.xlsx);
  expect(res.statusCode, res.body).toBe(422);
  expect(res.json<{ errors: { row: number; column: string }[] }>().errors).toEqual([expect.objectContaining({ row: 1, fileRow: 2, column: '姓名' })]);
});

it('answers an XLSX cell holding a NUL character with a 422 naming its row and column', async () => {
  const data = [[{ value: '姓名' }, { value: '金额(元)' }], [{ value: 'MARKER' }, { value: 1 }]] as unknown as SheetData;
  const files = unzipSync(new Uint8Array(await writeExcelFile(data).toBuffer()));
  const strings = strFromU8(files['xl/sharedStrings.xml']!);
  files['xl/sharedStrings.xml'] = strToU8(strings.replace('MARKER', '宋西&#0;顺'));
  const notice = await api.create({ ...SEED_FIELDS });
  const res = await api.putTable(notice.id, notice.version, Buffer.from(zipSync(files)), MEDIA.xlsx);
  expect(res.statusCode, res.body).toBe(422);
  expect(res.json<{ errors?: { row: number; column: string }[] }>().errors).toEqual([expect.objectContaining({ row: 1, fileRow: 2, column: '姓名' })]);
});
