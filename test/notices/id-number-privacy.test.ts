// "ID numbers are never stored, logged, or echoed in an error unmasked (masked form: first 10 +
// **** + last 4)." Each case sends a valid 18-character resident ID number where a careless
// service would store, publish, echo or log it with its birth date (characters 7–14) readable.
import { Writable } from 'node:stream';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rowsOf } from '../../src/db/client.js';
import { checkCharacter } from '../../src/lib/id-card.js';
import { createTestApp, type TestApp } from '../helpers/app.js';
import { noticesClient, SEED_FIELDS, type TableProblemJson } from '../helpers/notices.js';

const ID = `11010119900307451${checkCharacter('11010119900307451')}`; // 110101199003074514, born 1990-03-07
const BIRTH_MONTH_DAY = ID.slice(10, 14); // 0307: what the masked form hides

const logLines: string[] = [];
let t: TestApp;
let api: ReturnType<typeof noticesClient>;
beforeAll(async () => {
  const stream = new Writable({
    write(chunk: Buffer | string, _encoding, done) {
      logLines.push(String(chunk));
      done();
    },
  });
  t = await createTestApp({ logger: { level: 'trace', stream } });
  api = noticesClient(t);
});
afterAll(async () => t.close());

const post = (body: Record<string, unknown>) => t.request('editor', { method: 'POST', url: '/api/v1/notices', payload: body });
const STATEMENT = { kind: 'statement', title: '遗失声明', issuer: '张三', issuedOn: '2024-04-10' };

async function storedAnywhere(id: number): Promise<string> {
  const rows = rowsOf<Record<string, unknown>>(
    await t.database.db.execute(sql`select n.*, (select json_agg(r.cells) from notice_rows r where r.table_id = n.table_id) as cells from notices n where n.id = ${id}`),
  );
  return JSON.stringify(rows);
}

describe('stored and published in full', () => {
  it('masks an ID number in a statement’s preamble and salutation', async () => {
    const res = await post({ ...STATEMENT, salutation: `身份证号${ID}:`, preamble: `张三不慎遗失居民身份证，证号${ID}，特此声明作废。`, rows: ['（见上文）'] });
    expect(res.body).not.toContain(ID);
    if (res.statusCode === 201) expect(await storedAnywhere(res.json<{ id: number }>().id)).not.toContain(ID);
  });

  it('never stores an ID number that lands in a decimal column', async () => {
    // subsidy_payout: …, 面积(亩) decimal, …; a row where the ID went into the area cell.
    const res = await post({ kind: 'subsidy_payout', title: '耕地地力保护补贴发放公示', issuer: '某镇财政所', issuedOn: '2024-04-10', rows: [{ name: '张三', area: ID, amount: '1' }] });
    expect(res.body).not.toContain(ID);
  });

  it('masks an ID number written in groups (110101 19900307 4514) inside a text entry', async () => {
    const grouped = `${ID.slice(0, 6)} ${ID.slice(6, 14)} ${ID.slice(14)}`;
    const notice = await api.create({ ...STATEMENT, rows: [`张三遗失居民身份证，号码${grouped}，声明作废。`] });
    expect(JSON.stringify(notice.table!.rows)).not.toContain(ID.slice(6, 14));
  });
});

describe('echoed in errors', () => {
  it('does not reveal the birth month and day when a rejected value is cut to 100 characters', async () => {
    const res = await post({ ...SEED_FIELDS, rows: [{ name: '张三', amount: `${'备'.repeat(86)}${ID}` }] });
    expect(res.statusCode).toBe(422);
    const value = res.json<TableProblemJson>().errors![0]!.value;
    expect(value).not.toContain(BIRTH_MONTH_DAY);
  });

  it('does not echo an ID number given as a row’s key', async () => {
    const res = await post({ ...SEED_FIELDS, rows: [{ name: '张三', amount: '1', [ID]: '张三' }] });
    expect(res.statusCode).toBe(422);
    expect(res.body).not.toContain(ID);
  });

  it('does not echo an ID number given as an unknown body field in the schema layer’s 400', async () => {
    const res = await post({ ...SEED_FIELDS, [ID]: '张三' });
    expect(res.statusCode).toBe(400);
    expect(res.body).not.toContain(ID);
  });
});

describe('logged', () => {
  it('does not write an ID number to the log when the database refuses a value', async () => {
    const res = await post({ ...STATEMENT, preamble: `证号${ID}`, issuedOn: '9999-12-01', claimDays: 3650 });
    expect(res.statusCode).toBeGreaterThanOrEqual(400);
    expect(logLines.filter((line) => line.includes(ID))).toEqual([]);
  });
});
