/**
 * A notice whose table is required is never published, scheduled or released without rows
 * (issue 17, defect 8): a payout notice (赔款认领公示) with no payees says nothing. A draft
 * without rows is still saved and moved to the desk, since the rows often come later as a file.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../helpers/app.js';
import { editionsClient } from '../helpers/editions.js';
import { FIXTURE_TSV, MEDIA, noticesClient, SEED_FIELDS, type NoticeJson } from '../helpers/notices.js';
import { expectProblem } from '../helpers/problem.js';

let t: TestApp;
let api: ReturnType<typeof noticesClient>;
let editions: ReturnType<typeof editionsClient>;
beforeAll(async () => {
  t = await createTestApp();
  api = noticesClient(t);
  editions = editionsClient(t);
});
afterAll(async () => t.close());

const hourAhead = () => new Date(Date.now() + 3_600_000).toISOString();

/** A payout notice filed without rows, moved on to `edited` (which needs no rows). */
async function emptyPayout(): Promise<NoticeJson> {
  const draft = await api.create({ ...SEED_FIELDS });
  expect(draft.table).toMatchObject({ rowCount: 0 });
  return api.bringTo(draft, 'edited');
}

describe('a notice of a kind that lists rows', () => {
  it('is saved, submitted and edited without rows, but neither published nor scheduled', async () => {
    const notice = await emptyPayout();
    for (const [status, publishAt] of [['published', undefined], ['scheduled', hourAhead()]] as const) {
      const problem = expectProblem(await api.move(notice.id, notice.version, status, 'editor', publishAt), 409, 'conflict');
      expect(problem.detail).toMatch(new RegExp(`Notice ${notice.id} cannot be ${status}: it has a table with no rows`, 'u'));
      expect(problem.detail).toMatch(/add its rows/u);
    }
    expect((await api.get(notice.id)).status).toBe('edited');

    const filled = await api.putTableOk(await api.get(notice.id), FIXTURE_TSV, MEDIA.tsv);
    expect((await api.moveOk(filled, 'published')).status).toBe('published');
  });

  it('is not published with its table dropped either; a kind without preset columns is', async () => {
    const notice = await emptyPayout();
    const dropped = await api.patchOk(notice, { columns: null });
    expect(dropped.table).toBeNull();
    const problem = expectProblem(await api.move(dropped.id, dropped.version, 'published'), 409, 'conflict');
    expect(problem.detail).toMatch(/has no table, and a 赔款认领公示 lists its rows in one/u);

    const plain = await api.bringTo(await api.create({ ...SEED_FIELDS, kind: 'table' }), 'edited');
    expect(plain.table).toBeNull();
    expect((await api.moveOk(plain, 'published')).status).toBe('published');

    // A notice of a kind without preset columns that declares a table still needs its rows.
    const declared = await api.bringTo(await api.create({ ...SEED_FIELDS, kind: 'table', columns: [{ key: 'name', label: '姓名', type: 'text' }] }), 'edited');
    expectProblem(await api.move(declared.id, declared.version, 'published'), 409, 'conflict');
  });

  it('keeps its rows once scheduled or published: an edit that empties the table is refused', async () => {
    for (const state of ['scheduled', 'published'] as const) {
      const notice = await editions.seedNotice(state);
      const emptied = expectProblem(await api.patch(notice.id, { rows: [] }, notice.version), 422, 'unprocessable');
      expect(emptied.detail).toMatch(new RegExp(`is ${state}, and after this change it has a table with no rows`, 'u'));
      expect(emptied.errors).toEqual([{ pointer: '/rows', message: expect.stringMatching(/needs rows/u) }]);
      expectProblem(await api.putTable(notice.id, notice.version, { rows: [] }), 422, 'unprocessable');
      expectProblem(await api.patch(notice.id, { columns: null }, notice.version), 422, 'unprocessable');
      const kept = await api.get(notice.id);
      expect(kept).toMatchObject({ version: notice.version, status: state, table: { rowCount: 24 } });
    }
  });

  it('blocks the release of an edition that holds it, and is skipped, not scheduled, by a forced release', async () => {
    const notice = await emptyPayout();
    const story = await editions.articleIn('edited');
    await editions.createEdition('2031-05-06', 7);
    await editions.putPageOk('2031-05-06', 'A01', { name: '要闻', grid: 'broadsheet-8', items: [{ kind: 'article', id: story.id }] });
    await editions.putPageOk('2031-05-06', 'A02', { name: '公告', grid: 'broadsheet-8', items: [{ kind: 'notice', id: notice.id }] });

    // The plan says so before anyone tries: not ready, and left out, with why.
    const plan = await editions.plan('2031-05-06');
    const planned = plan.pages.find((p) => p.label === 'A02')!.items[0]!;
    expect(planned).toMatchObject({ kind: 'notice', id: notice.id, status: 'edited', rows: 0, ready: false });
    expect(plan.summary.notReady.map((r) => [r.kind, r.id])).toEqual([['notice', notice.id]]);
    expect(plan.summary.leftOut).toEqual([expect.objectContaining({ kind: 'notice', id: notice.id, reason: expect.stringMatching(/no rows/) })]);

    const refused = expectProblem(await editions.release('2031-05-06', { at: hourAhead() }), 409, 'conflict');
    expect(refused.detail).toMatch(new RegExp(`notice ${notice.id} on A02 has a table with no rows`, 'u'));
    expect((refused as { notReady?: unknown }).notReady).toEqual([expect.objectContaining({ kind: 'notice', id: notice.id, page: 'A02' })]);

    const forced = await editions.release('2031-05-06', { at: hourAhead(), force: true });
    expect(forced.statusCode, forced.body).toBe(200);
    const result = forced.json<{ scheduled: { kind: string; id: number }[]; skipped: { kind: string; id: number }[] }>();
    expect(result.scheduled.map((r) => [r.kind, r.id])).toEqual([['article', story.id]]);
    expect(result.skipped.map((r) => [r.kind, r.id])).toEqual([['notice', notice.id]]);
    expect((await api.get(notice.id)).status).toBe('edited');
  });
});
