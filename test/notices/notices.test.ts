import { Writable } from 'node:stream';
import { count, eq, sql } from 'drizzle-orm';
import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { rowsOf } from '../../src/db/client.js';
import { notices } from '../../src/db/schema/index.js';
import { checkCharacter } from '../../src/lib/id-card.js';
import { startPublisher } from '../../src/publishing/publisher.js';
import { createTestApp, type TestApp } from '../helpers/app.js';
import {
  csvOf,
  FIXTURE_ROWS,
  FIXTURE_TSV,
  MEDIA,
  noticesClient,
  PAYOUT_KEYS,
  PAYOUT_LABELS,
  SEED_FIELDS,
  SEED_TOTAL_FEN,
  SEED_VALUES,
  type Cell,
  type NoticeJson,
  type Page,
  type PublicNoticeJson,
  type Status,
  type TableProblemJson,
} from '../helpers/notices.js';
import { NOTIFIED } from '../helpers/notified.js';
import { expectProblem } from '../helpers/problem.js';

// ---------------------------------------------------------------------------------------------
// One app for the file, logging everything at trace level into `logLines`, so that the
// privacy checks below can read what the service logged.

const logLines: string[] = [];
let t: TestApp;
let api: ReturnType<typeof noticesClient>;
let owner: { id: number; token: string };
let otherReporter: { id: number; token: string };

beforeAll(async () => {
  const stream = new Writable({
    write(chunk: Buffer | string, _encoding, done) {
      logLines.push(String(chunk));
      done();
    },
  });
  t = await createTestApp({ logger: { level: 'trace', stream } });
  api = noticesClient(t);
  owner = await t.user('reporter');
  otherReporter = await t.user('reporter');
});
afterAll(async () => t.close());

/** The seed notice's rows as JSON objects by column key, 序号 and 赔款年度 as numbers, amounts as JSON numbers. */
const SEED_JSON_ROWS = FIXTURE_ROWS.map((cells) =>
  Object.fromEntries(PAYOUT_KEYS.map((key, i) => [key, i === 0 || i === 6 || i === 7 ? Number(cells[i]) : cells[i]])),
);

/** The seed notice as filed through the API, rows included. */
const seedNotice = (extra: Record<string, unknown> = {}) => api.create({ ...SEED_FIELDS, rows: SEED_JSON_ROWS, ...extra });

/** A short payout-claim notice: rows as objects by key. */
const payoutNotice = (rows: Record<string, unknown>[], token: string = 'editor', extra: Record<string, unknown> = {}) =>
  api.create({ ...SEED_FIELDS, rows, ...extra }, token);

const postNotice = (body: Record<string, unknown>, token: string = 'editor') =>
  t.request(token, { method: 'POST', url: '/api/v1/notices', payload: body });

async function noticeCount(): Promise<number> {
  const [row] = await t.database.db.select({ n: count() }).from(notices);
  return row!.n;
}

const readPublic = (id: number) => t.request(null, { url: `/content/v1/notices/${id}` });

const LIST_URL = '/content/v1/notices?limit=100';
const listedIds = (res: LightMyRequestResponse) => res.json<Page<{ id: number }>>().items.map((i) => i.id);

/**
 * A public read once it shows `done`. The public cache drops a rendering when the database's
 * NOTIFY of a change arrives, which on PostgreSQL may be a moment after the write returned.
 */
const publicEventually = (url: string, done: (res: LightMyRequestResponse) => boolean) =>
  vi.waitFor(async () => {
    const res = await t.request(null, { url });
    expect(done(res), `${url}: ${res.body}`).toBe(true);
    return res;
  }, NOTIFIED);

const full = (first17: string) => `${first17}${checkCharacter(first17)}`;
/** The same 17 digits with a check character that is not theirs. */
const wrongCheck = (first17: string) => `${first17}${checkCharacter(first17) === '0' ? '1' : '0'}`;
/** The form notices print: the first 10 and the last 4 characters around ****. */
const maskedForm = (id: string) => `${id.slice(0, 10)}****${id.slice(-4)}`;

// ---------------------------------------------------------------------------------------------

describe('the seed notice (acceptance 1)', () => {
  it('entered as JSON rows and uploaded as its TSV fixture, stores the same 24-row table', async () => {
    const viaJson = await seedNotice();
    expect(viaJson).toMatchObject({
      kind: 'payout_claim',
      title: '赔款认领公示',
      salutation: '尊敬的客户:',
      preamble: SEED_FIELDS.preamble,
      closing: '特此公示',
      issuer: '中国人民财产保险股份有限公司聊城市分公司理赔中心/客户服务中心',
      issuedOn: '2024-04-10',
      contact: { name: '温经理', phone: '0635-8242056' },
      claimDays: 5,
      deadline: '2024-04-15',
      status: 'draft',
      version: 1,
    });
    expect(viaJson).not.toHaveProperty('masked');
    expect(viaJson.table).toMatchObject({
      presentation: 'table',
      rowCount: 24,
      totals: [{ key: 'amount', label: '金额(元)', value: SEED_TOTAL_FEN, display: '2,394.26' }],
      nextCursor: null,
    });
    expect(viaJson.table!.columns.map((c) => c.label)).toEqual(PAYOUT_LABELS);

    const empty = await api.create({ ...SEED_FIELDS });
    expect(empty.table).toMatchObject({ rowCount: 0, rows: [], totals: [{ key: 'amount', value: 0, display: '0.00' }] });
    const viaTsv = await api.putTableOk(empty, FIXTURE_TSV, MEDIA.tsv);
    expect(viaTsv.version).toBe(empty.version + 1);
    expect(viaTsv.deadline).toBe('2024-04-15');
    expect(viaTsv.table).toMatchObject({
      rowCount: 24,
      totals: [{ key: 'amount', label: '金额(元)', value: SEED_TOTAL_FEN, display: '2,394.26' }],
    });

    const jsonValues = await api.storedValues(viaJson.id);
    expect(jsonValues).toEqual(SEED_VALUES);
    expect(await api.storedValues(viaTsv.id)).toEqual(jsonValues);

    const rows = (await api.get(viaTsv.id)).table!.rows!;
    expect(rows.map((r) => r.row)).toEqual(Array.from({ length: 24 }, (_, i) => i + 1));
    expect(rows[0]!.display).toEqual(['1', '宋西顺', '3725011966****4816', '东昌府', '张炉集', '邓院村', '2021', '141.55']);
    expect(rows.map((r) => r.display[7])).toEqual(FIXTURE_ROWS.map((cells) => Number(cells[7]).toFixed(2)));
    expect(rows[19]!.values[2]).toBe('3725261954****501X');
  });
});

// ---------------------------------------------------------------------------------------------

describe('money cells (acceptance 2)', () => {
  it('reads yuan as exact fen: 141.55, 400, 312.5, 1,343.86', async () => {
    const notice = await payoutNotice(['141.55', '400', '312.5', '1,343.86'].map((amount, i) => ({ name: `户主${i}`, amount })));
    const rows = notice.table!.rows!;
    expect(rows.map((r) => r.values[7])).toEqual([14155, 40000, 31250, 134386]);
    expect(rows.map((r) => r.display[7])).toEqual(['141.55', '400.00', '312.50', '1,343.86']);
    expect(notice.table!.totals).toEqual([{ key: 'amount', label: '金额(元)', value: 219791, display: '2,197.91' }]);
  });

  it('reads amounts as they are pasted: ¥ and 元, full-width digits, spaces in grouping', async () => {
    const notice = await payoutNotice(['¥1,343.86', '400元', '１４１．５５', ' 312.50 ', 0].map((amount, i) => ({ name: `户主${i}`, amount })));
    expect(notice.table!.rows!.map((r) => r.values[7])).toEqual([134386, 40000, 14155, 31250, 0]);
  });

  it.each([
    ['12.345', /2 decimal places/],
    ['1.2.3', /expected an amount/],
    ['-5', /negative/],
    ['', /required/],
  ])('refuses %j in a required money column: 422 naming the row and column, nothing written', async (amount, message) => {
    const before = await noticeCount();
    const res = await postNotice({
      ...SEED_FIELDS,
      rows: [
        { name: '宋西顺', amount: '141.55' },
        { name: '孙希胜', amount },
        { name: '赵记伟', amount: '15' },
      ],
    });
    const problem = expectProblem(res, 422, 'unprocessable') as TableProblemJson;
    expect(problem.errors).toEqual([{ pointer: '/rows/1/amount', row: 2, column: '金额(元)', value: amount, message: expect.stringMatching(message) }]);
    expect(await noticeCount()).toBe(before);
  });

  it('lists every bad cell of the rows at once', async () => {
    const res = await postNotice({
      ...SEED_FIELDS,
      rows: [
        { name: '', amount: '1' },
        { name: '孙希胜', amount: '2' },
        { name: '赵记伟', amount: 'abc', year: '1800' },
      ],
    });
    const problem = expectProblem(res, 422, 'unprocessable') as TableProblemJson;
    expect(problem.errors!.map((e) => [e.row, e.column])).toEqual([
      [1, '姓名'],
      [3, '赔款年度'],
      [3, '金额(元)'],
    ]);
  });

  it('lists at most 1000 bad cells, and counts them all', async () => {
    const rows = Array.from({ length: 1200 }, (_, i) => ({ name: `户主${i}`, amount: 'x' }));
    const problem = expectProblem(await postNotice({ ...SEED_FIELDS, rows }), 422, 'unprocessable') as TableProblemJson;
    expect(problem.errors).toHaveLength(1000);
    expect(problem.errorCount).toBe(1200);
    expect(problem.errors!.at(-1)).toMatchObject({ row: 1000, column: '金额(元)' });
    expect(problem.detail).toMatch(/1200 bad cells/);
  });

  // The 422's pointer is documented as a JSON Pointer into the request. Rows given as arrays
  // are addressed by index, so the pointer to a bad cell must be /rows/1/7, not /rows/1/amount
  // (which resolves to nothing in the body sent).
  it('points into an array row by the cell’s index', async () => {
    const res = await postNotice({ ...SEED_FIELDS, rows: [FIXTURE_ROWS[0]!, [...FIXTURE_ROWS[1]!.slice(0, 7), '1.2.3']] });
    const problem = expectProblem(res, 422, 'unprocessable') as TableProblemJson;
    expect(problem.errors).toEqual([expect.objectContaining({ row: 2, column: '金额(元)', value: '1.2.3' })]);
    expect(problem.errors![0]!.pointer).toBe('/rows/1/7');
  });
});

// ---------------------------------------------------------------------------------------------

describe('ID numbers (acceptance 2)', () => {
  const FULL = full('37250119661212481');
  const FULL_CSV = full('37152519890101302');
  const FULL_PATCH = full('61272619840704002');
  const WRONG = wrongCheck('37152519980305301');
  const WRONG_CSV = wrongCheck('37252219351120311');
  const secrets = [FULL, FULL_CSV, FULL_PATCH, WRONG, WRONG_CSV];
  const first14 = secrets.map((id) => id.slice(0, 14));
  const leaks = (text: string) => [...secrets, ...first14].filter((s) => text.includes(s));

  it('are never stored, echoed or logged in full: masked ones kept, full ones masked, bad ones refused', async () => {
    // A masked number is kept as it is; a full valid one is masked, and `masked` says where.
    const res = await postNotice({
      ...SEED_FIELDS,
      rows: [
        { name: '宋西顺', id_number: '3725011966****4816', amount: '141.55' },
        { name: '张三', id_number: FULL, amount: '10' },
      ],
    });
    expect(res.statusCode, res.body).toBe(201);
    const notice = res.json<NoticeJson>();
    expect(notice.masked).toEqual([{ row: 2, column: '身份证号' }]);
    expect(notice.table!.rows!.map((r) => r.values[2])).toEqual(['3725011966****4816', maskedForm(FULL)]);
    expect(notice.table!.rows!.map((r) => r.display[2])).toEqual(['3725011966****4816', maskedForm(FULL)]);
    expect(leaks(res.body)).toEqual([]);

    // A full number with a wrong check character is refused, shown only masked.
    const before = await noticeCount();
    const refused = await postNotice({ ...SEED_FIELDS, rows: [{ name: '李四', id_number: WRONG, amount: '5' }] });
    const problem = expectProblem(refused, 422, 'unprocessable') as TableProblemJson;
    expect(problem.errors).toEqual([
      { pointer: '/rows/0/id_number', row: 1, column: '身份证号', value: maskedForm(WRONG), message: expect.stringMatching(/check character/) },
    ]);
    expect(leaks(refused.body)).toEqual([]);
    expect(await noticeCount()).toBe(before);

    // An edit's rows are masked too.
    const patched = await api.patch(notice.id, { rows: [{ name: '王五', id_number: FULL_PATCH, amount: '1' }] }, notice.version);
    expect(patched.statusCode, patched.body).toBe(200);
    expect(patched.json<NoticeJson>().masked).toEqual([{ row: 1, column: '身份证号' }]);
    expect(await api.storedValues(notice.id)).toEqual([[null, '王五', maskedForm(FULL_PATCH), null, null, null, null, 100]]);
    expect(leaks(patched.body)).toEqual([]);

    // A CSV upload: the full number masked (its data row, and its row as the file counts it), a bad one refused.
    const current = await api.get(notice.id);
    const header = PAYOUT_LABELS;
    const good = await api.putTable(notice.id, current.version, csvOf([header, ['1', '赵六', FULL_CSV, '冠县', '', '', '2021', '20']]), MEDIA.csv);
    expect(good.statusCode, good.body).toBe(200);
    expect(good.json<NoticeJson>().masked).toEqual([{ row: 1, fileRow: 2, column: '身份证号' }]);
    expect(good.json<NoticeJson>().table!.rows![0]!.values[2]).toBe(maskedForm(FULL_CSV));
    expect(leaks(good.body)).toEqual([]);
    const bad = await api.putTable(
      notice.id,
      good.json<NoticeJson>().version,
      csvOf([header, ['1', '赵六', '3725011966****4816', '', '', '', '', '20'], ['2', '钱七', WRONG_CSV, '', '', '', '', '30']]),
      MEDIA.csv,
    );
    const badProblem = expectProblem(bad, 422, 'unprocessable') as TableProblemJson;
    expect(badProblem.errors).toEqual([{ row: 2, fileRow: 3, column: '身份证号', value: maskedForm(WRONG_CSV), message: expect.stringMatching(/check character/) }]);
    expect(leaks(bad.body)).toEqual([]);

    // Nowhere in the database: every table of the schema, every column as text.
    const tables = rowsOf<{ table_name: string }>(
      await t.database.db.execute(sql`select table_name from information_schema.tables where table_schema = 'public' and table_type = 'BASE TABLE'`),
    ).map((r) => r.table_name);
    expect(tables).toEqual(expect.arrayContaining(['notices', 'notice_tables', 'notice_rows', 'revisions', 'audit_events']));
    // The search itself finds what is there: the masked forms are stored.
    const maskedHits = rowsOf<{ n: number }>(
      await t.database.db.execute(sql.raw(`select count(*)::int as n from "notice_rows" x where x::text like '%${maskedForm(FULL_CSV)}%'`)),
    );
    expect(maskedHits[0]!.n).toBeGreaterThan(0);
    for (const table of tables) {
      for (const digits of [...secrets, ...first14]) {
        const [hit] = rowsOf<{ n: number }>(
          await t.database.db.execute(sql.raw(`select count(*)::int as n from "${table}" x where x::text like '%${digits}%'`)),
        );
        expect(hit!.n, `${digits} in ${table}`).toBe(0);
      }
    }

    // Nowhere in the logs, which did record these requests.
    const log = logLines.join('');
    expect(log).toContain('writing a notice table');
    expect(log).toContain(`/api/v1/notices/${notice.id}/table`);
    expect(log).toMatch(/"statusCode":422/);
    expect(leaks(log)).toEqual([]);
  });
});

// ---------------------------------------------------------------------------------------------

describe('the workflow and versions', () => {
  it('refuses writes without If-Match (428), changing nothing', async () => {
    const notice = await seedNotice();
    expectProblem(await api.patch(notice.id, { title: '改' }), 428, 'version-required');
    expectProblem(await api.putTable(notice.id, undefined, { rows: [] }), 428, 'version-required');
    expectProblem(await api.putTable(notice.id, undefined, FIXTURE_TSV, MEDIA.tsv), 428, 'version-required');
    expectProblem(await api.move(notice.id, undefined, 'submitted'), 428, 'version-required');
    expect(await api.get(notice.id)).toEqual(notice);
  });

  it('refuses a stale If-Match (412) naming the current version, changing nothing', async () => {
    const notice = await seedNotice();
    const edited = await api.patchOk(notice, { title: '赔款认领公示（更正）' });
    expect(edited.version).toBe(notice.version + 1);
    const stale = await api.patch(notice.id, { title: '旧版上改' }, notice.version);
    expect(expectProblem(stale, 412, 'stale-version').currentVersion).toBe(edited.version);
    expect(stale.headers.etag).toBe(`"${edited.version}"`);
    expect(expectProblem(await api.putTable(notice.id, notice.version, { rows: [] }), 412, 'stale-version').currentVersion).toBe(edited.version);
    expect(expectProblem(await api.move(notice.id, notice.version, 'submitted'), 412, 'stale-version').currentVersion).toBe(edited.version);
    const now = await api.get(notice.id);
    expect(now).toEqual(edited);
    expect(now.title).toBe('赔款认领公示（更正）');
    expect(now.table!.rowCount).toBe(24);
  });

  it('lets only one of two writes on the same version through; the other is 412', async () => {
    const notice = await seedNotice();
    const results = await Promise.all([
      api.patch(notice.id, { title: '甲改' }, notice.version),
      api.putTable(notice.id, notice.version, { rows: [{ name: '乙', amount: '1' }] }),
      api.putTable(notice.id, notice.version, FIXTURE_TSV, MEDIA.tsv),
    ]);
    expect(results.map((r) => r.statusCode).sort()).toEqual([200, 412, 412]);
    const winner = results.find((r) => r.statusCode === 200)!.json<NoticeJson>();
    expect(winner.version).toBe(notice.version + 1);
    const { masked: _masked, ...stored } = winner;
    expect(await api.get(notice.id)).toEqual(stored);
  });

  it('lets a reporter edit their own draft only: someone else’s is 403, and so is their own once submitted', async () => {
    const notice = await payoutNotice([{ name: '宋西顺', amount: '1' }], owner.token);
    expect(notice.createdBy).toBe(owner.id);

    expectProblem(await api.patch(notice.id, { title: '别人改' }, notice.version, otherReporter.token), 403, 'forbidden');
    expectProblem(await api.putTable(notice.id, notice.version, { rows: [{ name: '别人', amount: '2' }] }, undefined, otherReporter.token), 403, 'forbidden');
    expectProblem(await api.putTable(notice.id, notice.version, FIXTURE_TSV, MEDIA.tsv, otherReporter.token), 403, 'forbidden');
    expect(await api.get(notice.id)).toEqual(notice);

    const own = await api.patchOk(notice, { title: '本人修改' }, owner.token);
    expect(own).toMatchObject({ title: '本人修改', updatedBy: owner.id });
    const submittedRes = await api.move(own.id, own.version, 'submitted', owner.token);
    expect(submittedRes.statusCode, submittedRes.body).toBe(200);
    const submitted = submittedRes.json<NoticeJson>();
    expectProblem(await api.patch(notice.id, { title: '提交后改' }, submitted.version, owner.token), 403, 'forbidden');
    // An editor may.
    expect((await api.patchOk(submitted, { title: '编辑修改' })).title).toBe('编辑修改');
  });

  it('answers an illegal move with 409 and the moves allowed', async () => {
    const notice = await seedNotice();
    const res = await api.move(notice.id, notice.version, 'withdrawn');
    const problem = expectProblem(res, 409, 'conflict') as TableProblemJson & { allowed?: string[]; currentStatus?: string };
    // An editor may also publish or schedule a draft in one request.
    expect(problem.allowed).toEqual(['submitted', 'scheduled', 'published']);
    expect(problem.currentStatus).toBe('draft');
    expect((await api.get(notice.id)).status).toBe('draft');
    // A reporter may not move someone else's notice.
    expectProblem(await api.move(notice.id, notice.version, 'submitted', otherReporter.token), 403, 'forbidden');
  });

  it('publishes through the status route: the notice appears in the public list and in full', async () => {
    const notice = await seedNotice();
    expectProblem(await readPublic(notice.id), 404, 'not-found');
    const published = await api.bringTo(notice, 'published');
    expect(published.publishedAt).not.toBeNull();

    const res = await readPublic(notice.id);
    expect(res.statusCode, res.body).toBe(200);
    const shown = res.json<PublicNoticeJson>();
    expect(shown).toMatchObject({
      id: notice.id,
      version: published.version,
      url: `http://newsroom.test/notices/${notice.id}`,
      kind: 'payout_claim',
      kindName: '赔款认领公示',
      title: '赔款认领公示',
      salutation: '尊敬的客户:',
      closing: '特此公示',
      issuer: SEED_FIELDS.issuer,
      issuedOn: '2024-04-10',
      contact: { name: '温经理', phone: '0635-8242056' },
      claimDays: 5,
      deadline: '2024-04-15',
      publishedAt: published.publishedAt,
    });
    expect(shown.preambleHtml).toContain('于5日内');
    expect(shown.preambleHtml).toContain('联系人:温经理');
    expect(shown.table).toMatchObject({ rowCount: 24, nextCursor: null, totals: [{ key: 'amount', value: SEED_TOTAL_FEN, display: '2,394.26' }] });
    expect(shown.table!.rows!.map((r) => r.values)).toEqual(SEED_VALUES);
    expect(shown.table!.rows![1]!.display).toEqual(['2', '孙希胜', '3725221935****3119', '阳谷', '安乐镇', '孙孟刘村', '2013', '76.80']);

    expect(res.headers['cache-control']).toMatch(/^public\b/);
    const notModified = await t.request(null, { url: `/content/v1/notices/${notice.id}`, headers: { 'if-none-match': res.headers.etag as string } });
    expect(notModified.statusCode).toBe(304);

    const list = await publicEventually(LIST_URL, (r) => listedIds(r).includes(notice.id));
    expect(list.statusCode, list.body).toBe(200);
    const item = list.json<Page<{ id: number; rowCount: number; deadline: string | null; title: string }>>().items.find((i) => i.id === notice.id);
    expect(item).toMatchObject({ rowCount: 24, deadline: '2024-04-15', title: '赔款认领公示' });
  });

  it.each(['draft', 'submitted', 'edited', 'scheduled'] as const)('keeps a %s notice out of the public API (404)', async (state) => {
    const notice = await api.bringTo(await seedNotice(), state);
    expectProblem(await readPublic(notice.id), 404, 'not-found');
    expectProblem(await t.request(null, { url: `/content/v1/notices/${notice.id}/rows` }), 404, 'not-found');
    expect(listedIds(await t.request(null, { url: LIST_URL }))).not.toContain(notice.id);
  });

  it('takes a withdrawn notice out of the public API, though it was shown before', async () => {
    const published = await api.bringTo(await seedNotice(), 'published');
    const rowsUrl = `/content/v1/notices/${published.id}/rows`;
    expect((await readPublic(published.id)).statusCode).toBe(200);
    expect((await t.request(null, { url: rowsUrl })).statusCode).toBe(200);
    expect((await publicEventually(LIST_URL, (r) => listedIds(r).includes(published.id))).statusCode).toBe(200);
    await api.moveOk(published, 'withdrawn');
    expectProblem(await publicEventually(`/content/v1/notices/${published.id}`, (r) => r.statusCode === 404), 404, 'not-found');
    expectProblem(await publicEventually(rowsUrl, (r) => r.statusCode === 404), 404, 'not-found');
    expect(listedIds(await publicEventually(LIST_URL, (r) => !listedIds(r).includes(published.id)))).not.toContain(published.id);
  });

  it('shows the new version publicly after a published notice is edited (the cached rendering is dropped)', async () => {
    const published = await api.bringTo(await seedNotice(), 'published');
    const url = `/content/v1/notices/${published.id}`;
    const rowsUrl = `${url}/rows`;
    const titleListed = (r: LightMyRequestResponse) => r.json<Page<{ id: number; title: string }>>().items.find((i) => i.id === published.id)?.title;
    // Read (and so cached) before the edit.
    const first = await readPublic(published.id);
    expect(first.json<PublicNoticeJson>()).toMatchObject({ title: '赔款认领公示', version: published.version });
    expect((await t.request(null, { url: rowsUrl })).json<Page<{ values: Cell[] }>>().items).toHaveLength(24);
    expect(titleListed(await publicEventually(LIST_URL, (r) => titleListed(r) !== undefined))).toBe('赔款认领公示');

    const edited = await api.patchOk(published, { title: '赔款认领公示（更正）' });
    expect(edited.status).toBe('published');
    const shown = await publicEventually(url, (r) => r.json<PublicNoticeJson>().version === edited.version);
    expect(shown.json<PublicNoticeJson>()).toMatchObject({ title: '赔款认领公示（更正）', version: edited.version });
    expect(shown.headers.etag).not.toBe(first.headers.etag);
    expect(titleListed(await publicEventually(LIST_URL, (r) => titleListed(r) === '赔款认领公示（更正）'))).toBe('赔款认领公示（更正）');

    // A new table shows too, in the notice and through its rows.
    const retabled = await api.putTableOk(edited, { rows: [{ name: '新户', amount: '9.9' }] });
    const again = await publicEventually(url, (r) => r.json<PublicNoticeJson>().version === retabled.version);
    expect(again.json<PublicNoticeJson>().table).toMatchObject({ rowCount: 1, totals: [{ value: 990, display: '9.90' }] });
    const rows = await publicEventually(rowsUrl, (r) => r.json<Page<unknown>>().items.length === 1);
    expect(rows.json<Page<{ values: Cell[] }>>().items.map((r) => r.values)).toEqual([[null, '新户', null, null, null, null, null, 990]]);
  });

  it('publishes a scheduled notice when the publisher finds it due', async () => {
    const scheduled = await api.bringTo(await seedNotice(), 'scheduled');
    expect(scheduled.publishAt).not.toBeNull();
    expectProblem(await readPublic(scheduled.id), 404, 'not-found');
    // Its time comes: moved into the past, as the clock would.
    await t.database.db
      .update(notices)
      .set({ publishAt: sql`now() - interval '1 second'` })
      .where(eq(notices.id, scheduled.id));

    const publisher = startPublisher({ db: t.database.db, log: t.app.log, kinds: t.app.services.publishable, intervalMs: 3_600_000 });
    await publisher.stop(); // no loop: only the run below
    expect(await publisher.runOnce()).toBe(1);
    expect(await publisher.runOnce()).toBe(0);

    const after = await api.get(scheduled.id);
    expect(after).toMatchObject({ status: 'published', version: scheduled.version + 1 });
    expect(after.publishedAt).not.toBeNull();
    const shown = await readPublic(scheduled.id);
    expect(shown.statusCode, shown.body).toBe(200);
    expect(shown.json<PublicNoticeJson>()).toMatchObject({ version: after.version, deadline: '2024-04-15' });
    const revisions = (await t.request('reporter', { url: `/api/v1/notices/${scheduled.id}/revisions` })).json<{ items: { version: number; status: Status; createdBy: number | null }[] }>();
    expect(revisions.items.at(-1)).toEqual(expect.objectContaining({ version: after.version, status: 'published', createdBy: null }));
  });

  it('keeps a scheduled notice scheduled with the new text or table when it is edited, and says so', async () => {
    for (const edit of [
      (n: NoticeJson) => api.patch(n.id, { title: '改过的标题' }, n.version),
      (n: NoticeJson) => api.putTable(n.id, n.version, FIXTURE_TSV, MEDIA.tsv),
    ]) {
      const scheduled = await api.bringTo(await seedNotice(), 'scheduled');
      const res = await edit(scheduled);
      expect(res.statusCode, res.body).toBe(200);
      const edited = res.json<NoticeJson>();
      expect(edited).toMatchObject({ status: 'scheduled', publishAt: scheduled.publishAt, version: scheduled.version + 1 });
      const inShanghai = `${new Date(Date.parse(scheduled.publishAt!) + 8 * 3_600_000).toISOString().slice(0, 19)}+08:00`;
      expect(edited.stillScheduled).toEqual({ publishAt: scheduled.publishAt, version: scheduled.version + 1, message: expect.stringContaining(inShanghai) });
      expect((await api.get(scheduled.id)).status).toBe('scheduled');
    }
    const draft = await seedNotice();
    expect(await api.patchOk(draft, { title: '草稿修改' })).not.toHaveProperty('stillScheduled');
  });

  it('lists notices in the newsroom by kind and status, without their rows; the API needs a token', async () => {
    const statement = await api.create({ kind: 'statement', title: '遗失声明', issuer: '本报', issuedOn: '2024-04-10', rows: ['某某遗失某证'] });
    const submitted = await api.bringTo(await seedNotice(), 'submitted');
    const list = async (query: string) => {
      const res = await t.request('reporter', { url: `/api/v1/notices?limit=200${query}` });
      expect(res.statusCode, res.body).toBe(200);
      return res.json<Page<NoticeJson>>().items;
    };
    const statements = await list('&kind=statement');
    expect(statements.map((n) => n.id)).toContain(statement.id);
    expect(statements.every((n) => n.kind === 'statement')).toBe(true);
    const listed = statements.find((n) => n.id === statement.id)!;
    expect(listed.table).toMatchObject({ presentation: 'list', rowCount: 1 });
    expect(listed.table).not.toHaveProperty('rows');
    const inReview = await list('&status=submitted');
    expect(inReview.map((n) => n.id)).toContain(submitted.id);
    expect(inReview.every((n) => n.status === 'submitted')).toBe(true);
    expect(inReview.map((n) => n.id)).not.toContain(statement.id);

    expectProblem(await t.request(null, { url: '/api/v1/notices' }), 401, 'unauthorized');
    expectProblem(await t.request(null, { url: `/api/v1/notices/${statement.id}/rows` }), 401, 'unauthorized');
    expectProblem(await t.request(null, { method: 'POST', url: '/api/v1/notices', payload: { ...SEED_FIELDS } }), 401, 'unauthorized');
  });

  it('keeps a revision of every save, each naming its table', async () => {
    const revisionsOf = async (id: number) => {
      const res = await t.request('reporter', { url: `/api/v1/notices/${id}/revisions` });
      expect(res.statusCode, res.body).toBe(200);
      return res.json<{ items: { version: number; status: Status }[] }>().items;
    };
    const revision = async (id: number, version: number) => {
      const res = await t.request('reporter', { url: `/api/v1/notices/${id}/revisions/${version}` });
      expect(res.statusCode, res.body).toBe(200);
      return res.json<{ version: number; status: Status; notice: Record<string, unknown> & { tableId: number | null; table: Record<string, unknown> | null } }>();
    };

    const v1 = await seedNotice();
    expect((await revisionsOf(v1.id)).map((r) => r.version)).toEqual([1]);
    const v2 = await api.patchOk(v1, { title: '改过标题' });
    expect((await revisionsOf(v1.id)).map((r) => r.version)).toEqual([1, 2]);
    const v3 = await api.putTableOk(v2, FIXTURE_TSV, MEDIA.tsv);
    const v4 = await api.moveOk(v3, 'submitted');
    expect((await revisionsOf(v1.id)).map((r) => [r.version, r.status])).toEqual([
      [1, 'draft'],
      [2, 'draft'],
      [3, 'draft'],
      [4, 'submitted'],
    ]);
    expect(v4.version).toBe(4);

    const [r1, r2, r3, r4] = await Promise.all([1, 2, 3, 4].map((v) => revision(v1.id, v)));
    expect(r1!.notice).toMatchObject({ id: v1.id, title: '赔款认领公示', version: 1, tableId: expect.any(Number) });
    expect(r2!.notice).toMatchObject({ title: '改过标题', version: 2 });
    // A text edit keeps the table; a new table is a new tableId; rows are not copied into revisions.
    expect(r2!.notice.tableId).toBe(r1!.notice.tableId);
    expect(r3!.notice.tableId).not.toBe(r1!.notice.tableId);
    expect(r4!.notice.tableId).toBe(r3!.notice.tableId);
    expect(r1!.notice.table).toMatchObject({ rowCount: 24 });
    expect(r1!.notice.table).not.toHaveProperty('rows');
    expectProblem(await t.request('reporter', { url: `/api/v1/notices/${v1.id}/revisions/5` }), 404, 'not-found');
  });
});

// ---------------------------------------------------------------------------------------------

describe('credits', () => {
  it('gives a notice a byline when it has one, and replaces it on edit', async () => {
    const notice = await api.create({
      ...SEED_FIELDS,
      credits: [
        { role: 'reporter', name: '国晓宁' },
        { role: 'correspondent', name: '楚克伟' },
      ],
    });
    expect(notice.byline).toBe('记者 国晓宁 通讯员 楚克伟');
    const edited = await api.patchOk(notice, { credits: [{ role: 'reporter', personId: notice.credits[0]!.personId }] });
    expect(edited.byline).toBe('记者 国晓宁');
    const none = await api.create(SEED_FIELDS);
    expect(none.byline).toBe('');
    const bad = await postNotice({ ...SEED_FIELDS, credits: [{ role: 'reporter', personId: 999999 }] });
    expect(expectProblem(bad, 422, 'unprocessable').errors).toEqual([{ pointer: '/credits/0/personId', message: 'no such person' }]);
  });
});

describe('kinds of notice', () => {
  const kindBody = (key: string) => ({
    key,
    name: '耕地地力保护补贴公示',
    description: '按户公示补贴面积与金额',
    columns: [
      { key: 'name', label: '户主', type: 'text', required: true },
      { key: 'area', label: '面积(亩)', type: 'decimal' },
      { key: 'amount', label: '补贴金额(元)', type: 'money', required: true },
    ],
    closing: '特此公告',
  });

  it('lists the four presets', async () => {
    const res = await t.request('reporter', { url: '/api/v1/notice-kinds' });
    expect(res.statusCode, res.body).toBe(200);
    const items = res.json<{ items: { key: string; presentation: string; closing: string | null; columns: { label: string }[] | null }[] }>().items;
    const presets = items.filter((k) => ['payout_claim', 'subsidy_payout', 'statement', 'table'].includes(k.key));
    expect(presets.map((k) => [k.key, k.presentation, k.closing])).toEqual([
      ['payout_claim', 'table', '特此公示'],
      ['statement', 'list', '特此声明'],
      ['subsidy_payout', 'table', '特此公示'],
      ['table', 'table', '特此公示'],
    ]);
    expect(presets.find((k) => k.key === 'payout_claim')!.columns!.map((c) => c.label)).toEqual(PAYOUT_LABELS);
    expect(presets.find((k) => k.key === 'table')!.columns).toBeNull();
    const one = await t.request('reporter', { url: '/api/v1/notice-kinds/statement' });
    expect(one.json()).toEqual(items.find((k) => k.key === 'statement'));
    expectProblem(await t.request('reporter', { url: '/api/v1/notice-kinds/no_such_kind' }), 404, 'not-found');
  });

  it('lets an editor add a kind (201), not a reporter (403), and not the same key twice (409)', async () => {
    expectProblem(await t.request('reporter', { method: 'POST', url: '/api/v1/notice-kinds', payload: kindBody('farmland_a') }), 403, 'forbidden');
    expectProblem(await t.request('reporter', { url: '/api/v1/notice-kinds/farmland_a' }), 404, 'not-found');

    const res = await t.request('editor', { method: 'POST', url: '/api/v1/notice-kinds', payload: kindBody('farmland_a') });
    expect(res.statusCode, res.body).toBe(201);
    expect(res.headers.location).toBe('/api/v1/notice-kinds/farmland_a');
    expect(res.json()).toMatchObject({ ...kindBody('farmland_a'), presentation: 'table' });
    const read = await t.request('reporter', { url: res.headers.location as string });
    expect(read.json()).toEqual(res.json());

    expectProblem(await t.request('admin', { method: 'POST', url: '/api/v1/notice-kinds', payload: { ...kindBody('farmland_a'), name: '另一个' } }), 409, 'conflict');
    expect((await t.request('reporter', { url: '/api/v1/notice-kinds/farmland_a' })).json()).toEqual(res.json());
  });

  it('lets an editor change a kind with If-Match; notices filed before keep their columns', async () => {
    const made = await t.request('editor', { method: 'POST', url: '/api/v1/notice-kinds', payload: kindBody('farmland_c') });
    expect(made.headers.etag).toBe('"1"');
    const before = await api.create({ kind: 'farmland_c', title: '补贴公示', issuer: '农业农村局', issuedOn: '2024-05-06' });
    const columns = [
      { key: 'name', label: '姓名', type: 'text', required: true },
      { key: 'amount', label: '金额(元)', type: 'money', required: true },
    ];
    const url = '/api/v1/notice-kinds/farmland_c';
    expectProblem(await t.request('editor', { method: 'PATCH', url, payload: { columns } }), 428, 'version-required');
    expectProblem(await t.request('reporter', { method: 'PATCH', url, payload: { columns }, headers: { 'if-match': '"1"' } }), 403, 'forbidden');
    const changed = await t.request('editor', { method: 'PATCH', url, payload: { columns, closing: '特此公示' }, headers: { 'if-match': '"1"' } });
    expect(changed.statusCode, changed.body).toBe(200);
    expect(changed.json()).toMatchObject({ key: 'farmland_c', columns, closing: '特此公示', version: 2 });
    expect(changed.headers.etag).toBe('"2"');
    expect(expectProblem(await t.request('editor', { method: 'PATCH', url, payload: { name: '又一个' }, headers: { 'if-match': '"1"' } }), 412, 'stale-version').currentVersion).toBe(2);
    expectProblem(await t.request('editor', { method: 'PATCH', url: '/api/v1/notice-kinds/no_such_kind', payload: { name: '无' }, headers: { 'if-match': '"1"' } }), 404, 'not-found');

    expect((await api.get(before.id)).table!.columns.map((c) => c.label)).toEqual(['户主', '面积(亩)', '补贴金额(元)']);
    const after = await api.create({ kind: 'farmland_c', title: '补贴公示', issuer: '农业农村局', issuedOn: '2024-05-06' });
    expect(after.table!.columns).toEqual(columns);
    expect(after.closing).toBe('特此公示');
  });

  it('refuses a kind whose columns share a label (labels match uploaded headers)', async () => {
    const body = kindBody('farmland_dup');
    body.columns[1] = { key: 'area', label: '户 主', type: 'decimal' };
    const problem = expectProblem(await t.request('editor', { method: 'POST', url: '/api/v1/notice-kinds', payload: body }), 422, 'unprocessable');
    expect(problem.errors).toEqual([expect.objectContaining({ pointer: '/columns/1/label' })]);
  });

  it('gives a notice of the new kind its columns and closing formula', async () => {
    expect((await t.request('editor', { method: 'POST', url: '/api/v1/notice-kinds', payload: kindBody('farmland_b') })).statusCode).toBe(201);
    const notice = await api.create({
      kind: 'farmland_b',
      title: '2024年耕地地力保护补贴发放公示',
      issuer: '东昌府区农业农村局',
      issuedOn: '2024-05-06',
      rows: [
        ['张炉集', '6.5', '812.5'],
        { name: '邓院', area: '1,234.25', amount: 100 },
      ],
    });
    expect(notice.closing).toBe('特此公告');
    expect(notice.table!.columns).toEqual(kindBody('farmland_b').columns);
    expect(notice.table!.rows!.map((r) => r.values)).toEqual([
      ['张炉集', '6.5', 81250],
      ['邓院', '1234.25', 10000],
    ]);
    expect(notice.table!.totals).toEqual([{ key: 'amount', label: '补贴金额(元)', value: 91250, display: '912.50' }]);
    // A notice may still give its own closing, or none.
    const own = await api.create({ kind: 'farmland_b', title: '公示', issuer: '农业农村局', issuedOn: '2024-05-06', closing: null });
    expect(own.closing).toBeNull();
  });

  it('refuses an unknown kind with 422 naming the known ones', async () => {
    const problem = expectProblem(await postNotice({ ...SEED_FIELDS, kind: 'lost_and_found' }), 422, 'unprocessable');
    expect(problem.errors).toEqual([{ pointer: '/kind', message: expect.any(String) }]);
    for (const key of ['payout_claim', 'subsidy_payout', 'statement', 'table']) expect(problem.errors![0]!.message).toContain(key);
  });

  it('takes a statement’s entries as plain strings, as a list', async () => {
    const entries = ['聊城市东昌府区某某商店遗失营业执照正本，统一社会信用代码92371502MA3C8Q7L1R，声明作废。', '张三遗失道路运输证，证号371502000001，声明作废。'];
    const notice = await api.create({ kind: 'statement', title: '遗失声明', issuer: '本报', issuedOn: '2024-04-10', rows: entries });
    expect(notice.closing).toBe('特此声明');
    expect(notice.table).toMatchObject({ presentation: 'list', rowCount: 2, totals: [] });
    expect(notice.table!.rows!.map((r) => r.values)).toEqual(entries.map((e) => [e]));
    // Text rows need a one-column table.
    const problem = expectProblem(await postNotice({ ...SEED_FIELDS, rows: ['宋西顺 141.55'] }), 422, 'unprocessable') as TableProblemJson;
    expect(problem.errors).toEqual([expect.objectContaining({ pointer: '/rows/0', row: 1 })]);
  });

  it('refuses rows for a `table` notice that declares no columns (422), and takes them with columns', async () => {
    const base = { kind: 'table', title: '公示', issuer: '某村委会', issuedOn: '2024-04-10' };
    const before = await noticeCount();
    const problem = expectProblem(await postNotice({ ...base, rows: [['张三', '100']] }), 422, 'unprocessable');
    expect(problem.errors).toEqual([expect.objectContaining({ pointer: '/columns' })]);
    expect(await noticeCount()).toBe(before);

    const bare = await api.create(base);
    expect(bare.table).toBeNull();
    const withColumns = await api.create({
      ...base,
      columns: [
        { key: 'name', label: '姓名', type: 'text' },
        { key: 'amount', label: '金额', type: 'money' },
      ],
      rows: [['张三', '100']],
    });
    expect(withColumns.table!.rows!.map((r) => r.values)).toEqual([['张三', 10000]]);
  });
});

// ---------------------------------------------------------------------------------------------

describe('editing a notice’s table', () => {
  const relabelled = () => {
    const labels = ['编号', '客户姓名', '身份证号码', '区县', '乡镇', '村庄', '年度', '赔款金额(元)'];
    return PAYOUT_KEYS.map((key, i) => ({ key, label: labels[i]!, type: ['integer', 'text', 'id_cn', 'text', 'text', 'text', 'year', 'money'][i]!, ...((i === 1 || i === 7) && { required: true }) }));
  };

  it('relabels columns without rows and keeps every row', async () => {
    const notice = await seedNotice();
    const edited = await api.patchOk(notice, { columns: relabelled() });
    expect(edited.version).toBe(notice.version + 1);
    expect(edited.table!.columns).toEqual(relabelled());
    expect(edited.table).toMatchObject({ rowCount: 24, totals: [{ key: 'amount', label: '赔款金额(元)', value: SEED_TOTAL_FEN, display: '2,394.26' }] });
    expect(await api.storedValues(notice.id)).toEqual(SEED_VALUES);
    // The relabelled header is what an upload is now matched by.
    const upload = await api.putTable(notice.id, edited.version, csvOf([['客户姓名', '赔款金额(元)'], ['新户', '3']]), MEDIA.csv);
    expect(upload.statusCode, upload.body).toBe(200);
    expect(await api.storedValues(notice.id)).toEqual([[null, '新户', null, null, null, null, null, 300]]);
  });

  it('refuses to change a column’s type without rows (422), keeping the table', async () => {
    const notice = await seedNotice();
    const columns = relabelled();
    columns[6] = { key: 'year', label: '年度', type: 'text' };
    const problem = expectProblem(await api.patch(notice.id, { columns }, notice.version), 422, 'unprocessable');
    expect(problem.errors).toEqual([expect.objectContaining({ pointer: '/columns' })]);
    const dropped = relabelled().slice(0, 7);
    expectProblem(await api.patch(notice.id, { columns: dropped }, notice.version), 422, 'unprocessable');
    expect(await api.get(notice.id)).toEqual(notice);
  });

  it('changes a type when the rows come with the columns', async () => {
    const notice = await seedNotice();
    const columns = relabelled();
    columns[6] = { key: 'year', label: '年度', type: 'text' };
    const edited = await api.patchOk(notice, { columns, rows: [{ name: '宋西顺', year: '2021年度', amount: '1' }] });
    expect(edited.table!.rows!.map((r) => r.values)).toEqual([[null, '宋西顺', null, null, null, null, '2021年度', 100]]);
  });

  it('refuses to make a column required while rows leave it empty (422 naming the rows)', async () => {
    const notice = await payoutNotice([
      { name: '甲', county: '冠县', village: '邓院村', amount: '1' },
      { name: '乙', county: '冠县', amount: '2' },
      { name: '丙', county: '冠县', village: '  ', amount: '3' },
      { name: '丁', county: '冠县', village: '胡里村', amount: '4' },
    ]);
    const columns = relabelled();
    columns[5] = { key: 'village', label: '村庄', type: 'text', required: true };
    const res = await api.patch(notice.id, { columns }, notice.version);
    const problem = expectProblem(res, 422, 'unprocessable');
    expect(problem.detail).toMatch(/rows 2, 3\b/);
    expect(problem.errors).toEqual([expect.objectContaining({ pointer: '/columns/5/required' })]);
    expect(await api.get(notice.id)).toEqual(notice);
    // Required where every row has a value: accepted, and enforced from then on.
    columns[5] = { key: 'village', label: '村庄', type: 'text' };
    columns[3] = { key: 'county', label: '区县', type: 'text', required: true };
    const ok = await api.patchOk(notice, { columns });
    expect(ok.table!.rowCount).toBe(4);
    expect(ok.table!.columns[3]).toEqual({ key: 'county', label: '区县', type: 'text', required: true });
    const missing = expectProblem(await api.putTable(notice.id, ok.version, { rows: [{ name: '戊', amount: '5' }] }), 422, 'unprocessable') as TableProblemJson;
    expect(missing.errors).toEqual([expect.objectContaining({ row: 1, column: '区县', message: expect.stringMatching(/required/) })]);
  });

  it('drops the table with columns: null, refuses rows with columns: null, and takes a file under the kind’s preset again', async () => {
    const notice = await seedNotice();
    const dropped = await api.patchOk(notice, { columns: null });
    expect(dropped.table).toBeNull();
    expect((await api.get(notice.id)).table).toBeNull();
    const rows = await t.request('reporter', { url: `/api/v1/notices/${notice.id}/rows` });
    expect(rows.json()).toEqual({ items: [], nextCursor: null });
    expectProblem(await api.patch(notice.id, { columns: null, rows: [{ name: '甲', amount: '1' }] }, dropped.version), 422, 'unprocessable');
    expect((await api.get(notice.id)).version).toBe(dropped.version);
    // A file is matched by the kind's preset columns when the notice has none of its own.
    const uploaded = await api.putTable(notice.id, dropped.version, FIXTURE_TSV, MEDIA.tsv);
    expect(uploaded.statusCode, uploaded.body).toBe(200);
    expect(uploaded.json<NoticeJson>().table!.rowCount).toBe(24);
  });

  it('replaces the table with JSON rows through PUT /table, and with new columns', async () => {
    const notice = await seedNotice();
    const replaced = await api.putTableOk(notice, { rows: [[1, '宋西顺', '3725011966****4816', null, null, null, 2021, '141.55']] });
    expect(replaced.version).toBe(notice.version + 1);
    expect(replaced.table).toMatchObject({ rowCount: 1, totals: [{ value: 14155 }] });
    expect(await api.storedValues(notice.id)).toEqual([SEED_VALUES[0]!.map((v, i) => (i >= 3 && i <= 5 ? null : v))]);

    const columns = [
      { key: 'name', label: '姓名', type: 'text', required: true },
      { key: 'phone', label: '电话', type: 'phone' },
    ];
    const recolumned = await api.putTableOk(replaced, { columns, rows: [{ name: '温经理', phone: '0635 8242056' }] });
    expect(recolumned.table).toMatchObject({ columns, rowCount: 1, totals: [] });
    expect(recolumned.table!.rows![0]!.values).toEqual(['温经理', '0635-8242056']);

    const bad = await api.putTable(notice.id, recolumned.version, { rows: [{ name: '', phone: '12' }] });
    const problem = expectProblem(bad, 422, 'unprocessable') as TableProblemJson;
    expect(problem.errors!.map((e) => [e.pointer, e.row, e.column])).toEqual([
      ['/rows/0/name', 1, '姓名'],
      ['/rows/0/phone', 1, '电话'],
    ]);
    expect(await api.get(notice.id)).toEqual(recolumned);
  });
});

// ---------------------------------------------------------------------------------------------

describe('claim period dates', () => {
  it('refuses a deadline that disagrees with claimDays (422)', async () => {
    const problem = expectProblem(await postNotice({ ...SEED_FIELDS, deadline: '2024-04-16' }), 422, 'unprocessable');
    expect(problem.errors).toEqual([expect.objectContaining({ pointer: '/deadline' })]);
    expect(problem.detail).toContain('2024-04-15');
  });

  it('takes a deadline that agrees with claimDays', async () => {
    const notice = await api.create({ ...SEED_FIELDS, deadline: '2024-04-15' });
    expect(notice).toMatchObject({ claimDays: 5, deadline: '2024-04-15' });
  });

  it('refuses a deadline before the issue date (422)', async () => {
    const { claimDays: _days, ...fields } = SEED_FIELDS;
    const problem = expectProblem(await postNotice({ ...fields, deadline: '2024-04-09' }), 422, 'unprocessable');
    expect(problem.errors).toEqual([expect.objectContaining({ pointer: '/deadline' })]);
  });

  it('refuses an issue date that does not exist (4xx), writing nothing', async () => {
    const before = await noticeCount();
    const res = await postNotice({ ...SEED_FIELDS, issuedOn: '2024-02-30' });
    expect(res.statusCode, res.body).toBeGreaterThanOrEqual(400);
    expect(res.statusCode).toBeLessThan(500);
    expect(res.json<{ errors: { pointer: string }[] }>().errors).toEqual([expect.objectContaining({ pointer: '/issuedOn' })]);
    expect(await noticeCount()).toBe(before);
  });

  it('keeps a deadline given alone, and derives it over a month end and a leap day', async () => {
    const { claimDays: _days, ...fields } = SEED_FIELDS;
    const alone = await api.create({ ...fields, deadline: '2024-04-20' });
    expect(alone).toMatchObject({ claimDays: null, deadline: '2024-04-20' });
    expect((await api.get(alone.id)).deadline).toBe('2024-04-20');
    const leap = await api.create({ ...fields, issuedOn: '2024-02-25', claimDays: 5 });
    expect(leap.deadline).toBe('2024-03-01');
    const none = await api.create({ ...fields });
    expect(none).toMatchObject({ claimDays: null, deadline: null });
  });

  it('moves the derived deadline with the issue date on edit, and checks an edited deadline', async () => {
    const notice = await api.create({ ...SEED_FIELDS });
    const moved = await api.patchOk(notice, { issuedOn: '2024-04-12' });
    expect(moved).toMatchObject({ issuedOn: '2024-04-12', claimDays: 5, deadline: '2024-04-17' });
    expectProblem(await api.patch(notice.id, { claimDays: 5, deadline: '2024-04-30' }, moved.version), 422, 'unprocessable');
    expectProblem(await api.patch(notice.id, { issuedOn: '2024-05-01', deadline: '2024-04-30' }, moved.version), 422, 'unprocessable');
    const fixed = await api.patchOk(moved, { deadline: '2024-04-30' });
    expect(fixed).toMatchObject({ claimDays: null, deadline: '2024-04-30' });
  });
});

// ---------------------------------------------------------------------------------------------

describe('paging a long table', () => {
  const ROWS = 2500;
  const rowOf = (i: number): Cell[] => [i, `户主${i}`, null, null, null, null, 2021, `${i}.01`];
  const expected = (i: number): Cell[] => [i, `户主${i}`, null, null, null, null, 2021, i * 100 + 1];
  const all = Array.from({ length: ROWS }, (_, i) => expected(i + 1));

  it('carries the first 1000 rows and a cursor; the rows endpoint walks all 2500 in order, publicly too once published', async () => {
    const body = { ...SEED_FIELDS, rows: Array.from({ length: ROWS }, (_, i) => rowOf(i + 1)) };
    // Larger than the API's general body limit: the table routes take more.
    expect(Buffer.byteLength(JSON.stringify(body))).toBeGreaterThan(65_536);
    const created = await api.create(body);
    const total = (ROWS * (ROWS + 1) * 100) / 2 + ROWS;
    expect(created.table).toMatchObject({ rowCount: ROWS, totals: [{ value: total, display: '3,126,275.00' }] });

    const notice = await api.get(created.id);
    expect(notice.table!.rows).toHaveLength(1000);
    expect(notice.table!.rows!.map((r) => r.values)).toEqual(all.slice(0, 1000));
    expect(notice.table!.nextCursor).toEqual(expect.any(String));

    const walked = await api.allRows(`/api/v1/notices/${notice.id}/rows`);
    expect(walked.pages).toBe(3);
    expect(walked.rows.map((r) => r.row)).toEqual(all.map((_, i) => i + 1));
    expect(walked.rows.map((r) => r.values)).toEqual(all);
    expect(walked.rows[2499]!.display[7]).toBe('2,500.01');

    const small = await api.allRows(`/api/v1/notices/${notice.id}/rows`, 700);
    expect(small.pages).toBe(4);
    expect(small.rows.map((r) => r.values)).toEqual(all);

    // The notice's cursor continues where its rows stop.
    const next = await t.request('reporter', { url: `/api/v1/notices/${notice.id}/rows?cursor=${encodeURIComponent(notice.table!.nextCursor!)}` });
    expect(next.json<Page<{ row: number }>>().items[0]!.row).toBe(1001);
    expectProblem(await t.request('reporter', { url: `/api/v1/notices/${notice.id}/rows?cursor=bm90LWEtY3Vyc29y` }), 400, 'bad-request');

    expectProblem(await t.request(null, { url: `/content/v1/notices/${notice.id}/rows` }), 404, 'not-found');
    const published = await api.bringTo(notice, 'published');
    const shown = (await readPublic(published.id)).json<PublicNoticeJson>();
    expect(shown.table!.rows).toHaveLength(1000);
    expect(shown.table!.nextCursor).toEqual(expect.any(String));
    const publicRows = await api.allRows(`/content/v1/notices/${notice.id}/rows`, undefined, null);
    expect(publicRows.rows.map((r) => r.values)).toEqual(all);
    const publicSmall = await api.allRows(`/content/v1/notices/${notice.id}/rows`, 999, null);
    expect(publicSmall.pages).toBe(3);
    expect(publicSmall.rows.map((r) => r.row)).toEqual(all.map((_, i) => i + 1));
  });

  it('gives no cursor when the table fits in one page', async () => {
    const notice = await api.create({ ...SEED_FIELDS, rows: Array.from({ length: 1000 }, (_, i) => rowOf(i + 1)) });
    expect((await api.get(notice.id)).table).toMatchObject({ rowCount: 1000, nextCursor: null });
    const walked = await api.allRows(`/api/v1/notices/${notice.id}/rows`);
    expect(walked.pages).toBe(1);
    expect(walked.rows).toHaveLength(1000);
  });
});
