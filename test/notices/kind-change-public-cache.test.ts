// A published notice's public rendering shows its kind's name and presentation, so changing a
// kind must drop the cached renderings of every notice, not only the newsroom's view of them.
import { afterAll, beforeAll, expect, it, vi } from 'vitest';
import { createTestApp, type TestApp } from '../helpers/app.js';
import { ifMatch, noticesClient, SEED_FIELDS, type PublicNoticeJson } from '../helpers/notices.js';
import { NOTIFIED } from '../helpers/notified.js';

let t: TestApp;
let api: ReturnType<typeof noticesClient>;
beforeAll(async () => {
  t = await createTestApp();
  api = noticesClient(t);
});
afterAll(async () => t.close());

it('shows a renamed kind on the public notice once the kind is changed', async () => {
  const notice = await api.bringTo(await api.create({ ...SEED_FIELDS, rows: [{ name: '宋西顺', amount: '141.55' }] }), 'published');
  const url = `/content/v1/notices/${notice.id}`;
  expect((await t.request(null, { url })).json<PublicNoticeJson>().kindName).toBe('赔款认领公示');

  const kind = await t.request('editor', { url: '/api/v1/notice-kinds/payout_claim' });
  const patched = await t.request('editor', {
    method: 'PATCH',
    url: '/api/v1/notice-kinds/payout_claim',
    headers: ifMatch(kind.json<{ version: number }>().version),
    payload: { name: '理赔款认领公示' },
  });
  expect(patched.statusCode, patched.body).toBe(200);

  await vi.waitFor(async () => {
    const res = await t.request(null, { url });
    expect(res.json<PublicNoticeJson>().kindName).toBe('理赔款认领公示');
  }, NOTIFIED);
});
