import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from './helpers/app.js';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => t.close());

interface Event {
  id: number;
  actorId: number | null;
  action: string;
  entity: string;
  entityId: string;
  requestId: string | null;
}

describe('GET /api/v1/audit', () => {
  it('is for admins only', async () => {
    expect((await t.request('editor', { url: '/api/v1/audit' })).statusCode).toBe(403);
    expect((await t.request('reporter', { url: '/api/v1/audit' })).statusCode).toBe(403);
    expect((await t.request(null, { url: '/api/v1/audit' })).statusCode).toBe(401);
  });

  it('lists the changes to one item newest first, with who made them and the request id', async () => {
    const editorId = (await t.request('editor', { url: '/api/v1/me' })).json().user.id;
    const created = await t.request('editor', {
      method: 'POST',
      url: '/api/v1/sections',
      headers: { 'x-request-id': 'audit-create-1' },
      payload: { name: '要闻', slug: 'yaowen' },
    });
    expect(created.statusCode).toBe(201);
    const id = created.json().id;
    const patched = await t.request('editor', {
      method: 'PATCH',
      url: `/api/v1/sections/${id}`,
      headers: { 'if-match': '"1"' },
      payload: { name: '要闻版' },
    });
    expect(patched.statusCode).toBe(200);

    const res = await t.request('admin', { url: `/api/v1/audit?entity=section&entityId=${id}` });
    expect(res.statusCode).toBe(200);
    const items = res.json().items as Event[];
    expect(items.map((e) => e.action)).toEqual(['section.update', 'section.create']);
    expect(items.every((e) => e.actorId === editorId && e.entityId === String(id))).toBe(true);
    expect(items[1]!.requestId).toBe('audit-create-1');
  });

  it('pages backwards through every event exactly once', async () => {
    for (const slug of ['a1', 'a2', 'a3']) {
      await t.request('admin', { method: 'POST', url: '/api/v1/sections', payload: { name: slug, slug } });
    }
    const all = (await t.request('admin', { url: '/api/v1/audit?limit=200' })).json().items as Event[];
    const seen: number[] = [];
    let cursor: string | null = null;
    do {
      const page: { items: Event[]; nextCursor: string | null } = (await t.request('admin', { url: `/api/v1/audit?limit=2${cursor ? `&cursor=${cursor}` : ''}` })).json();
      seen.push(...page.items.map((e) => e.id));
      cursor = page.nextCursor;
    } while (cursor);
    expect(seen).toEqual(all.map((e) => e.id));
    expect([...seen].sort((a, b) => b - a)).toEqual(seen);
  });
});
