import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { ContentCache } from '../src/publishing/content-cache.js';
import { createTestApp, type TestApp } from './helpers/app.js';
import { NOTIFIED } from './helpers/notified.js';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => t.close());

async function publish(headline: string, sectionId: number): Promise<number> {
  const filed = await t.request('editor', { method: 'POST', url: '/api/v1/articles', payload: { headline, sectionId, body: '正文。' } });
  expect(filed.statusCode, filed.body).toBe(201);
  let version = filed.json().version as number;
  for (const status of ['submitted', 'edited', 'published']) {
    const moved = await t.request('editor', {
      method: 'POST',
      url: `/api/v1/articles/${filed.json().id}/status`,
      headers: { 'if-match': `"${version}"` },
      payload: { status },
    });
    expect(moved.statusCode, moved.body).toBe(200);
    version = moved.json().version;
  }
  return filed.json().id;
}

describe('rendered public content', () => {
  it('drops a cached list when an article is published, and a cached item when its section is renamed', async () => {
    const section = await t.request('editor', { method: 'POST', url: '/api/v1/sections', payload: { name: '本地', slug: 'local' } });
    const first = await publish('第一篇', section.json().id);
    const list = async () => (await t.request(null, { url: '/content/v1/articles?section=local' })).json().items.map((i: { id: number }) => i.id);
    expect(await list()).toEqual([first]);
    expect(await list()).toEqual([first]);

    const second = await publish('第二篇', section.json().id);
    await vi.waitFor(async () => expect(await list()).toHaveLength(2), NOTIFIED);
    expect(await list()).toEqual([second, first]);

    const item = async () => (await t.request(null, { url: `/content/v1/articles/${first}` })).json();
    expect((await item()).section.name).toBe('本地');
    const renamed = await t.request('editor', {
      method: 'PATCH',
      url: `/api/v1/sections/${section.json().id}`,
      headers: { 'if-match': `"${section.json().version}"` },
      payload: { name: '本地新闻' },
    });
    expect(renamed.statusCode).toBe(200);
    await vi.waitFor(async () => expect((await item()).section.name).toBe('本地新闻'), NOTIFIED);
  });
});

describe('byline language', () => {
  it('gives Chinese role labels by default and English ones with ?lang=en, for the item and the list', async () => {
    const section = await t.request('editor', { method: 'POST', url: '/api/v1/sections', payload: { name: '体育', slug: 'sports' } });
    const filed = await t.request('editor', {
      method: 'POST',
      url: '/api/v1/articles',
      payload: { headline: '运动会开幕', sectionId: section.json().id, credits: [{ role: 'reporter', name: 'Zhang Li' }, { role: 'photographer', name: 'Wang Qiang' }] },
    });
    let version = filed.json().version as number;
    for (const status of ['submitted', 'edited', 'published']) {
      version = (
        await t.request('editor', { method: 'POST', url: `/api/v1/articles/${filed.json().id}/status`, headers: { 'if-match': `"${version}"` }, payload: { status } })
      ).json().version;
    }
    const id = filed.json().id as number;
    const zh = (await t.request(null, { url: `/content/v1/articles/${id}` })).json().byline as string;
    const en = (await t.request(null, { url: `/content/v1/articles/${id}?lang=en` })).json().byline as string;
    expect(zh).toBe('记者 Zhang Li 摄影 Wang Qiang');
    expect(en).toMatch(/^Reporter\b.*Zhang Li.*Photographer\b.*Wang Qiang$/);
    const list = (await t.request(null, { url: '/content/v1/articles?section=sports&lang=en' })).json();
    expect(list.items[0].byline).toBe(en);
    expect((await t.request(null, { url: `/content/v1/articles/${id}?lang=fr` })).statusCode).toBe(400);
  });
});

describe('ContentCache', () => {
  it('does not keep a rendering begun before an invalidation', () => {
    const cache = new ContentCache();
    const stale = cache.ticket();
    cache.invalidate('article', 1);
    cache.set('article', 1, 'json', 3, { body: 'old', etag: '"a"' }, stale);
    expect(cache.get('article', 1, 'json')).toBeUndefined();
    cache.set('article', 1, 'json', 4, { body: 'new', etag: '"b"' }, cache.ticket());
    expect(cache.get('article', 1, 'json')?.body).toBe('new');
  });

  it('keeps variants of one version together and drops them all on a new version', () => {
    const cache = new ContentCache();
    cache.set('article', 1, 'json', 3, { body: 'j3', etag: '"1"' }, cache.ticket());
    cache.set('article', 1, 'ninjs', 3, { body: 'n3', etag: '"2"' }, cache.ticket());
    expect(cache.get('article', 1, 'ninjs')?.body).toBe('n3');
    cache.set('article', 1, 'json', 4, { body: 'j4', etag: '"3"' }, cache.ticket());
    expect(cache.get('article', 1, 'ninjs')).toBeUndefined();
    expect(cache.get('article', 1, 'json')?.version).toBe(4);
  });

  it('evicts the least recently used item when full, and lists with any change of their kind', () => {
    const cache = new ContentCache(2);
    for (const id of [1, 2]) cache.set('article', id, 'json', 1, { body: String(id), etag: '"x"' }, cache.ticket());
    cache.get('article', 1, 'json');
    cache.set('article', 3, 'json', 1, { body: '3', etag: '"x"' }, cache.ticket());
    expect(cache.get('article', 2, 'json')).toBeUndefined();
    expect(cache.get('article', 1, 'json')?.body).toBe('1');
    cache.setList('article', 'q', { body: '[]', etag: '"l"' }, cache.ticket());
    expect(cache.getList('article', 'q')?.body).toBe('[]');
    cache.invalidate('article', 99);
    expect(cache.getList('article', 'q')).toBeUndefined();
  });
});

describe('ContentCache.invalidateKind', () => {
  it('drops every item and list of one kind and leaves other kinds', () => {
    const cache = new ContentCache();
    const r = (body: string) => ({ body, etag: `"${body}"` });
    cache.set('notice', 1, 'json', 1, r('n1'), cache.ticket());
    cache.set('notice', 2, 'json', 1, r('n2'), cache.ticket());
    cache.set('article', 1, 'json', 1, r('a1'), cache.ticket());
    cache.setList('notice', 'q', r('nl'), cache.ticket());
    cache.setList('article', 'q', r('al'), cache.ticket());
    const before = cache.ticket();
    cache.invalidateKind('notice');
    expect(cache.get('notice', 1, 'json')).toBeUndefined();
    expect(cache.get('notice', 2, 'json')).toBeUndefined();
    expect(cache.getList('notice', 'q')).toBeUndefined();
    expect(cache.get('article', 1, 'json')?.body).toBe('a1');
    expect(cache.getList('article', 'q')?.body).toBe('al');
    // A rendering begun before the invalidation is not kept.
    cache.set('notice', 3, 'json', 1, r('n3'), before);
    expect(cache.get('notice', 3, 'json')).toBeUndefined();
  });
});

describe('ContentCache.dependOn', () => {
  it('drops every rendering of a kind that shows another kind when an item of that kind changes, and nothing else', () => {
    const cache = new ContentCache();
    const r = (body: string) => ({ body, etag: `"${body}"` });
    cache.dependOn('edition', ['article', 'notice']);
    const fill = () => {
      cache.set('edition', 20240411, 'json', 1, r('e1'), cache.ticket());
      cache.setList('edition', 'q', r('el'), cache.ticket());
      cache.set('article', 1, 'json', 1, r('a1'), cache.ticket());
      cache.set('article', 2, 'json', 1, r('a2'), cache.ticket());
      cache.set('section', 1, 'json', 1, r('s1'), cache.ticket());
    };
    fill();
    cache.invalidate('article', 1);
    expect(cache.get('edition', 20240411, 'json')).toBeUndefined();
    expect(cache.getList('edition', 'q')).toBeUndefined();
    expect(cache.get('article', 1, 'json')).toBeUndefined();
    expect(cache.get('article', 2, 'json')?.body).toBe('a2');

    fill();
    cache.invalidateKind('notice');
    expect(cache.get('edition', 20240411, 'json')).toBeUndefined();
    expect(cache.get('article', 2, 'json')?.body).toBe('a2');

    // An edition's own change does not reach the kinds it shows.
    fill();
    cache.invalidate('edition', 20240411);
    expect(cache.get('edition', 20240411, 'json')).toBeUndefined();
    expect(cache.get('article', 1, 'json')?.body).toBe('a1');
    expect(cache.get('section', 1, 'json')?.body).toBe('s1');
  });
});
