import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../helpers/app.js';
import { csvOf, FIXTURE_LINES, MEDIA, noticesClient, SEED_FIELDS, type NoticeJson } from '../helpers/notices.js';
import { expectProblem } from '../helpers/problem.js';

let t: TestApp;
let api: ReturnType<typeof noticesClient>;
beforeAll(async () => {
  t = await createTestApp();
  api = noticesClient(t);
});
afterAll(async () => t.close());

const withRows = (lines: string[][]) => api.create({ ...SEED_FIELDS, rows: lines.map((cells) => ({ name: cells[1], amount: cells[7] })) });

describe('uploads', () => {
  it('refuses a file with a header and no rows, keeping the table', async () => {
    const notice = await withRows(FIXTURE_LINES.slice(1, 3));
    for (const body of [csvOf([FIXTURE_LINES[0]!]), csvOf([FIXTURE_LINES[0]!, ['合计', '', '', '', '', '', '', '0']])]) {
      const problem = expectProblem(await api.putTable(notice.id, notice.version, body, MEDIA.csv), 422, 'unprocessable');
      expect(problem.detail).toMatch(/no rows/);
    }
    expect((await api.get(notice.id)).table!.rowCount).toBe(2);
  });

  it('answers a stale If-Match with 412 before reading the file', async () => {
    const notice = await withRows(FIXTURE_LINES.slice(1, 2));
    const problem = expectProblem(await api.putTable(notice.id, notice.version + 1, Buffer.from('not, a, table\n'), MEDIA.csv), 412, 'stale-version');
    expect(problem.currentVersion).toBe(notice.version);
  });

  it('takes a file under the kind’s preset columns after the table was dropped', async () => {
    const notice = await withRows(FIXTURE_LINES.slice(1, 2));
    const dropped = await api.patchOk(notice, { columns: null });
    expect(dropped.table).toBeNull();
    const res = await api.putTable(notice.id, dropped.version, csvOf(FIXTURE_LINES.slice(0, 4)), MEDIA.csv);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json<NoticeJson>().table!.rowCount).toBe(3);
  });
});

describe('columns', () => {
  it('leaves the notice as it is when PATCH sends the columns it has', async () => {
    const notice = await withRows(FIXTURE_LINES.slice(1, 3));
    const same = await api.patchOk(notice, { columns: notice.table!.columns });
    const revisions = await t.request('editor', { url: `/api/v1/notices/${notice.id}/revisions` });
    const snapshots = await Promise.all(
      revisions.json<{ items: { version: number }[] }>().items.map(async (r) => (await t.request('editor', { url: `/api/v1/notices/${notice.id}/revisions/${r.version}` })).json<{ notice: { tableId: number } }>().notice.tableId),
    );
    expect(new Set(snapshots).size).toBe(1);
    expect(same.table!.rowCount).toBe(2);
  });

  it('refuses a label that is another column’s key', async () => {
    const res = await t.request('editor', {
      method: 'POST',
      url: '/api/v1/notices',
      payload: { ...SEED_FIELDS, kind: 'table', columns: [{ key: 'name', label: '姓名', type: 'text' }, { key: 'amount', label: 'name', type: 'money' }] },
    });
    expect(expectProblem(res, 422, 'unprocessable').errors).toEqual([{ pointer: '/columns/1/label', message: 'is the key of another column (name)' }]);
  });
});

describe('the claim period', () => {
  it('clears a derived deadline with its days, and keeps a given one when days are cleared', async () => {
    const derived = await api.create({ ...SEED_FIELDS, claimDays: 5 });
    expect(derived.deadline).toBe('2024-04-15');
    const cleared = await api.patchOk(derived, { claimDays: null });
    expect([cleared.claimDays, cleared.deadline]).toEqual([null, null]);

    const given = await api.create({ ...SEED_FIELDS, claimDays: undefined, deadline: '2024-05-01' });
    const kept = await api.patchOk(given, { claimDays: null });
    expect([kept.claimDays, kept.deadline]).toEqual([null, '2024-05-01']);
  });
});

describe('the public list', () => {
  it('names each notice’s kind', async () => {
    const notice = await withRows(FIXTURE_LINES.slice(1, 2));
    let version = notice.version;
    for (const status of ['submitted', 'edited', 'published']) {
      const moved = await t.request('editor', { method: 'POST', url: `/api/v1/notices/${notice.id}/status`, headers: { 'if-match': `"${version}"` }, payload: { status } });
      expect(moved.statusCode, moved.body).toBe(200);
      version = moved.json<NoticeJson>().version;
    }
    const list = await t.request(null, { url: '/content/v1/notices' });
    expect(list.json<{ items: { id: number; kind: string; kindName: string }[] }>().items.find((i) => i.id === notice.id)).toMatchObject({ kind: 'payout_claim', kindName: '赔款认领公示' });
  });
});
