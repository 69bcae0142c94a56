// The notice table's 422s, as the desk reads them: the rows counted as sent, in good English,
// every value echoed (masked where it could be an ID number), and every message saying what to
// send instead. Rows keyed by column label (a pasted spreadsheet row) are accepted.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../helpers/app.js';
import {
  csvOf,
  FIXTURE_ROWS,
  MEDIA,
  noticesClient,
  PAYOUT_KEYS,
  PAYOUT_LABELS,
  SEED_FIELDS,
  SEED_VALUES,
  type NoticeJson,
  type TableProblemJson,
} from '../helpers/notices.js';
import { expectProblem } from '../helpers/problem.js';

let t: TestApp;
let client: ReturnType<typeof noticesClient>;

beforeAll(async () => {
  t = await createTestApp();
  client = noticesClient(t);
});
afterAll(() => t.close());

const post = (body: Record<string, unknown>) => t.request('editor', { method: 'POST', url: '/api/v1/notices', payload: body });
const problemOf = (res: Awaited<ReturnType<typeof post>>) => expectProblem(res, 422, 'unprocessable') as TableProblemJson;

/** A fixture row as an object keyed by `names` (column keys or labels). */
const objectOf = (names: string[], cells: string[]) => Object.fromEntries(names.map((name, i) => [name, cells[i]]));

/** A full ID number with a valid check character (GB 11643), which must never come back whole. */
const FULL_ID = '110101199003074514';

describe('the detail counts the rows the client sent', () => {
  it('counts rows that do not fit the columns among the rows of the table', async () => {
    const res = await post({ ...SEED_FIELDS, rows: [FIXTURE_ROWS[0], [...FIXTURE_ROWS[1]!, 'extra'], { name: '张三', amount: 'x' }] });
    const problem = problemOf(res);
    expect(problem.errors).toHaveLength(2);
    expect(problem.detail).toBe('2 bad cells in a table of 3 rows; nothing was changed');
  });

  it('says "1 row" of a single row that does not fit', async () => {
    const problem = problemOf(await post({ ...SEED_FIELDS, rows: [[...FIXTURE_ROWS[0]!, 'extra']] }));
    expect(problem.detail).toBe('1 bad cell in a table of 1 row; nothing was changed');
  });

  it('says "1 row" of a single row with a bad cell', async () => {
    const problem = problemOf(await post({ ...SEED_FIELDS, rows: [{ name: '张三', amount: 'x' }] }));
    expect(problem.detail).toBe('1 bad cell in a table of 1 row; nothing was changed');
  });

  it('says "1 row" of an uploaded file with one data row', async () => {
    const notice = await client.create({ ...SEED_FIELDS });
    const file = csvOf([PAYOUT_LABELS, [...FIXTURE_ROWS[0]!.slice(0, 7), 'x']]);
    const problem = problemOf(await client.putTable(notice.id, notice.version, file, MEDIA.csv));
    expect(problem.detail).toBe('1 bad cell in a table of 1 row; nothing was changed');
  });

  it('counts the data rows of a file whose shape is wrong, with the bad cells', async () => {
    const notice = await client.create({ ...SEED_FIELDS });
    const file = csvOf([PAYOUT_LABELS, [...FIXTURE_ROWS[0]!, 'stray'], FIXTURE_ROWS[1]!]);
    const problem = problemOf(await client.putTable(notice.id, notice.version, file, MEDIA.csv));
    expect(problem.errors).toEqual([
      { row: 1, fileRow: 2, column: 'column I', value: 'stray', message: 'a value outside any column: give its column a header (one of the table’s labels), or delete the value' },
    ]);
    expect(problem.detail).toBe('1 bad cell in a table of 2 rows; nothing was changed');
  });
});

describe('file shape problems say what to send', () => {
  it('names the header a missing required column needs', async () => {
    const notice = await client.create({ ...SEED_FIELDS });
    const file = csvOf([['序号', '身份证号', '金额(元)'], ['1', '3725011966****4816', '141.55']]);
    const problem = problemOf(await client.putTable(notice.id, notice.version, file, MEDIA.csv));
    expect(problem.errors).toContainEqual({ fileRow: 1, column: '姓名', value: '', message: 'a required column is missing from the header: add a column headed 姓名' });
  });

  it('says where a total row in the middle belongs', async () => {
    const notice = await client.create({ ...SEED_FIELDS });
    const file = csvOf([PAYOUT_LABELS, FIXTURE_ROWS[0]!, ['合计', '', '', '', '', '', '', '141.55'], FIXTURE_ROWS[1]!]);
    const problem = problemOf(await client.putTable(notice.id, notice.version, file, MEDIA.csv));
    expect(problem.errors).toEqual([
      { row: 2, fileRow: 3, column: '序号', value: '合计', message: 'a total row must be the last row: move it below the rows, or delete it' },
    ]);
    expect(problem.detail).toBe('1 bad cell in a table of 3 rows; nothing was changed');
  });
});

describe('rows keyed by column label', () => {
  it('points a bad cell of a label-keyed row at the label it was sent under', async () => {
    const problem = problemOf(await post({ ...SEED_FIELDS, rows: [{ 姓名: '张三', '金额(元)': '1.2.3' }] }));
    expect(problem.errors).toEqual([{ pointer: '/rows/0/金额(元)', row: 1, column: '金额(元)', value: '1.2.3', message: expect.stringMatching(/^expected an amount/) }]);
  });

  it('accepts objects keyed by the columns’ labels, as a pasted spreadsheet row is', async () => {
    const notice = await client.create({ ...SEED_FIELDS, rows: FIXTURE_ROWS.map((cells) => objectOf(PAYOUT_LABELS, cells)) });
    expect(await client.storedValues(notice.id)).toEqual(SEED_VALUES);
  });

  it('accepts labels and keys mixed in one row, on PATCH and PUT /table alike', async () => {
    const notice = await client.create({ ...SEED_FIELDS });
    const mixed = { 序号: 1, name: '宋西顺', '金额(元)': '141.55' };
    const patched = await client.patchOk(notice, { rows: [mixed] });
    expect(await client.storedValues(notice.id)).toEqual([[1, '宋西顺', null, null, null, null, null, 14155]]);
    const put: NoticeJson = await client.putTableOk(patched, { rows: [mixed, { ...mixed, 序号: 2 }] });
    expect(put.table!.rowCount).toBe(2);
  });

  it('refuses a row naming one column twice, by key and by label, showing both values', async () => {
    const problem = problemOf(await post({ ...SEED_FIELDS, rows: [{ name: '张三', 姓名: '李四', amount: '1' }] }));
    expect(problem.errors).toEqual([
      {
        pointer: '/rows/0/姓名',
        row: 1,
        column: '姓名',
        value: '李四',
        message: '"姓名" is the label of column "name", which the row also gives as "name": give each column once',
      },
    ]);
  });
});

describe('a key that names no column', () => {
  it('says rows are keyed by column key or label, lists them, and shows the value sent', async () => {
    const problem = problemOf(await post({ ...SEED_FIELDS, rows: [{ 名字: '张三', amount: '1' }] }));
    expect(problem.errors).toEqual([
      {
        pointer: '/rows/0/名字',
        row: 1,
        column: '名字',
        value: '张三',
        message: `is not a column of this table: key a row object by column key (${PAYOUT_KEYS.join(', ')}) or by label (${PAYOUT_LABELS.join(', ')})`,
      },
    ]);
  });

  it('names the key of a column whose label or key it nearly matches', async () => {
    const problem = problemOf(await post({ ...SEED_FIELDS, rows: [{ name: '张三', '金额（元）': '1', Year: 2021 }] }));
    expect(problem.errors).toEqual([
      expect.objectContaining({ column: '金额（元）', value: '1', message: '"金额（元）" is not a key of this table but reads as the label of column "amount" (金额(元)): key the row by "amount" or "金额(元)"' }),
      expect.objectContaining({ column: 'Year', value: '2021', message: '"Year" is not a key of this table but reads as column "year" (赔款年度): key the row by "year" or "赔款年度"' }),
    ]);
  });

  it('never echoes a full ID number sent under an unknown key', async () => {
    const problem = problemOf(await post({ ...SEED_FIELDS, rows: [{ name: '张三', 证件号码: FULL_ID, amount: '1' }] }));
    expect(problem.errors).toHaveLength(1);
    expect(problem.errors![0]!.value).toBe('1101011990****4514');
    expect(JSON.stringify(problem)).not.toContain(FULL_ID);
  });
});

describe('rows that do not fit the columns', () => {
  it('shows the cells of an array row beyond the columns, and says how many to send', async () => {
    const problem = problemOf(await post({ ...SEED_FIELDS, rows: [[...FIXTURE_ROWS[0]!, 'extra', FULL_ID]] }));
    expect(problem.errors).toEqual([
      {
        pointer: '/rows/0',
        row: 1,
        column: '',
        value: 'extra, 1101011990****4514',
        message: `has 10 cells; the table has 8 columns: send at most 8 cells, in column order (${PAYOUT_LABELS.join(', ')})`,
      },
    ]);
  });

  it('shows a text row given to a table of several columns, and says what to send', async () => {
    const problem = problemOf(await post({ ...SEED_FIELDS, rows: [`张三 ${FULL_ID}`] }));
    expect(problem.errors).toEqual([
      {
        pointer: '/rows/0',
        row: 1,
        column: '',
        value: '张三 1101011990****4514',
        message: 'a row given as text needs a one-column table; this one has 8 columns: give an array in column order or an object keyed by column key or label',
      },
    ]);
  });
});
