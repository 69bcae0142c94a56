/**
 * The page import's dry run (`POST /api/v1/imports/page/preview`) and e-paper pages imported for
 * real: what the split shows, that it stores nothing, and that a briefs column, captions and
 * jump lines reach the stored drafts as they were read.
 */
import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ImportPreview } from '../../src/features/imports/preview.js';
import { createTestApp, type TestApp } from '../helpers/app.js';
import type { ImportJson } from '../helpers/imports.js';
import { expectProblem } from '../helpers/problem.js';

const page = (name: string) => fs.readFileSync(new URL(`../fixtures/imports/${name}`, import.meta.url), 'utf8');
const PLAIN = { 'content-type': 'text/plain; charset=utf-8' };

describe('the page import’s dry run', () => {
  let t: TestApp;
  const preview = async (text: string) => {
    const res = await t.request('reporter', { method: 'POST', url: '/api/v1/imports/page/preview', headers: PLAIN, payload: text });
    expect(res.statusCode, res.body).toBe(200);
    return res.json() as ImportPreview;
  };
  const stored = async () => ({
    articles: ((await t.request('editor', { method: 'GET', url: '/api/v1/articles' })).json() as { items: unknown[] }).items.length,
    notices: ((await t.request('editor', { method: 'GET', url: '/api/v1/notices' })).json() as { items: unknown[] }).items.length,
  });

  beforeAll(async () => {
    t = await createTestApp({ tableLimit: 1_048_576 });
  });
  afterAll(() => t.close());

  it('shows a briefs column split into its stories, each credited, and stores nothing', async () => {
    const split = await preview(page('epaper/a2-briefs-column.txt'));
    expect(split.articles.map((a) => [a.headline, a.brief, a.byline])).toEqual([
      ['东阿县阿胶产业园新添3家配套企业', false, '记者 宋佳 韩雪'],
      ['临清举办夏季招聘会', true, '记者 周倩'],
      ['茌平开展防溺水宣传', true, '通讯员 马骏'],
      ['冠县农家书屋上新', true, '通讯员 李娜'],
      ['阳谷麦收进度过七成', true, '通讯员 高峰 记者 孙悦'],
      ['高唐启动夜市惠民季', true, '实习生 陈晨 通讯员 王磊'],
    ]);
    expect(split.changes.filter((c) => c.type === 'brief').map((c) => [c.line, c.after, c.item])).toEqual([
      [19, '临清举办夏季招聘会', { kind: 'article', index: 1 }],
      [26, '茌平开展防溺水宣传', { kind: 'article', index: 2 }],
      [33, '冠县农家书屋上新', { kind: 'article', index: 3 }],
      [39, '阳谷麦收进度过七成', { kind: 'article', index: 4 }],
      [45, '高唐启动夜市惠民季', { kind: 'article', index: 5 }],
    ]);
    expect(split.changes.filter((c) => c.type === 'furniture').map((c) => c.before)).toEqual(['聊城日报 2024年6月12日 星期三 A03', '简讯', '责任编辑 孟凡  美编 吕晓  校对 何静']);
    expect(split.problems).toEqual([]);
    expect(await stored()).toEqual({ articles: 0, notices: 0 });
  });

  it('shows notices’ credit codes with their check, warning of one that fails', async () => {
    const split = await preview(page('epaper/a5-notices-no-table.txt'));
    expect(split.notices.map((n) => [n.title, n.codes.map((c) => [c.code, c.valid])])).toEqual([
      ['注销公告', [['91371502MA3C8K2Q7D', true]]],
      ['减资公告', [['91371521MA94T6LB39', false]]],
      ['东昌府区第三实验小学操场改造项目招标公告', []],
    ]);
    expect(split.warnings).toContainEqual({ line: 11, item: { kind: 'notice', index: 1 }, message: expect.stringMatching(/91371521MA94T6LB39 fails its GB 32100 check: .* the last would be 8, not 9/u) });
    expect(split.notices[0]).toMatchObject({ claimDays: 45, contact: { name: '张先生', phone: '15863571246' }, table: null, entries: null });
  });

  it('lists what would refuse the import, by line, and never shows an ID number whole', async () => {
    const refused = await preview(page('bad-total.txt'));
    expect(refused.problems).toEqual([{ line: 34, message: expect.stringMatching(/^金额\(元\): .*16,500\.00.*15,600\.00/u) }]);
    const ids = await preview(page('unmasked-ids.txt'));
    expect(ids.problems).toEqual([]);
    expect(ids.notices[0]!.table).toMatchObject({ rowCount: 9, totalLine: null });
    expect(JSON.stringify(ids)).not.toMatch(/\d{17}[\dX]/u);
    expect(await stored()).toEqual({ articles: 0, notices: 0 });
  });

  it('refuses a body that is no page, and a page with no item in it', async () => {
    const json = await t.request('reporter', { method: 'POST', url: '/api/v1/imports/page/preview', headers: { 'content-type': 'application/json' }, payload: '{}' });
    expectProblem(json, 415, 'unsupported-media-type');
    const empty = await preview('只是一句话。');
    expect(empty.problems).toEqual([{ line: 1, message: expect.stringMatching(/No story or notice was found/u) }]);
  });

  it('imports a briefs column as five short drafts, each with its own credit', async () => {
    const res = await t.request('editor', { method: 'POST', url: '/api/v1/imports/page', headers: PLAIN, payload: page('epaper/b1-briefs-closing-credit.txt') });
    expect(res.statusCode, res.body).toBe(201);
    const result = res.json() as ImportJson;
    const briefs = result.articles.slice(1);
    expect(briefs).toHaveLength(5);
    for (const brief of briefs) {
      expect(brief.credits.length, brief.headline).toBeGreaterThan(0);
      expect(brief.body).not.toMatch(/^[■●▲]|短讯/u);
    }
  });

  it('stores captions as photo slots crediting their photographers, and keeps jump lines out of the text', async () => {
    const captions = (await t.request('editor', { method: 'POST', url: '/api/v1/imports/page', headers: PLAIN, payload: page('epaper/a3-photo-captions.txt') })).json() as ImportJson;
    const first = (await t.request('editor', { method: 'GET', url: `/api/v1/articles/${captions.articles[0]!.id}` })).json() as {
      body: string;
      credits: { role: string; name: string }[];
      photoSlots: { caption: string; byline: string | null }[];
    };
    expect(first.photoSlots).toEqual([
      { caption: '图为家庭医生为社区老人测量血压。', byline: '赵明' },
      { caption: '志愿者指导居民使用智能体检一体机。', byline: '张伟' },
    ]);
    expect(first.credits.filter((c) => c.role === 'photographer').map((c) => c.name)).toEqual(['赵明', '张伟']);
    expect(first.body).not.toMatch(/图为|摄/u);

    const jumps = (await t.request('editor', { method: 'POST', url: '/api/v1/imports/page', headers: PLAIN, payload: page('epaper/a1-front-page-jump.txt') })).json() as ImportJson;
    const story = jumps.articles[0]!;
    expect(story.body).not.toMatch(/下转|A05/u);
    expect(jumps.changes).toContainEqual({ type: 'jump', line: 27, before: '（下转A05版）', after: 'to A05', item: { kind: 'article', id: story.id } });
  });
});
