import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { chineseDate } from '../../src/lib/chinese-dates.js';
import { addDays, todayIn, zonedIso } from '../../src/lib/time.js';
import { createTestApp, type TestApp } from '../helpers/app.js';
import { deskUser, type DeskSession } from '../helpers/desk.js';
import { editionsClient, type ArticleRef } from '../helpers/editions.js';
import type { NoticeJson } from '../helpers/notices.js';

/**
 * Issue 19: 版面 on the desk. An editor creates an edition and its pages through forms, places
 * stories and notices from the queue, reorders them and gives them spans, sees each item's state
 * and copy fit in words on the flatplan, and releases the edition for a time after seeing what
 * goes out and what does not. Every move is the editions services' (the API's rules hold); a
 * reporter reaches none of it, and no form is taken without its token.
 */

const TZ = 'Asia/Shanghai';
/** An edition a few days ahead: its morning is still to come, and within the year a release may be set for. */
const DATE = addDays(todayIn(TZ), 3);

let t: TestApp;
let editor: DeskSession & { id: number };
let reporter: DeskSession & { id: number };
let story: ArticleRef;
let long: ArticleRef;
let draft: ArticleRef;
let notice: NoticeJson;

const page = (label: string) => t.app.services.editions.page(DATE, label);
const order = async (label: string) => (await page(label)).items.map((i) => `${i.kind}:${i.id}`);

/** The flatplan card of page `label`, from its section to the next one. */
async function card(label: string): Promise<string> {
  const res = await editor.get(`/desk/editions/${DATE}`);
  expect(res.statusCode).toBe(200);
  const match = new RegExp(`<section class="page-card[^"]*" id="page-${label}"[\\s\\S]*?</section>`).exec(res.body);
  if (!match) throw new Error(`no card for ${label}`);
  return match[0];
}

/** The placed item's entry on a card. */
function entry(html: string, label: string, key: string): string {
  const match = new RegExp(`<li class="placed[^"]*" id="item-${label}-${key.replace(':', '-')}">[\\s\\S]*?</li>`).exec(html);
  if (!match) throw new Error(`no entry for ${key} on ${label}`);
  return match[0];
}

beforeAll(async () => {
  t = await createTestApp();
  editor = await deskUser(t, 'editor', '版面编辑');
  reporter = await deskUser(t, 'reporter');
  const api = editionsClient(t);
  story = await api.articleIn('edited', { headline: '聊城市被评为省级商业秘密保护创新试点', body: '聊城市大力维护公平竞争市场环境。' });
  long = await api.articleIn('edited', { headline: '一篇很长的稿件', body: Array.from({ length: 100 }, () => '聊城市紧紧围绕国家市场监管总局关于商业秘密保护的工作安排，大力维护公平竞争市场环境。'.repeat(4)).join('\n\n') });
  draft = await api.articleIn('draft', { headline: '还在写的稿件' });
  notice = await api.seedNotice('edited');
});

afterAll(async () => {
  await t?.close();
});

describe('editions and pages through forms', () => {
  test('the list offers a new edition; creating one goes to its flatplan, and a taken date or number is refused in words', async () => {
    const list = await editor.get('/desk/editions');
    expect(list.statusCode).toBe(200);
    expect(list.body).toContain('新建一期');

    const made = await editor.post('/desk/editions', { date: DATE, issueNumber: '12001' });
    expect(made.statusCode, made.body).toBe(303);
    expect(made.headers.location).toBe(`/desk/editions/${DATE}`);
    expect(await t.app.services.editions.get(DATE)).toMatchObject({ issueNumber: 12001, status: 'planning' });

    const again = await editor.post('/desk/editions', { date: DATE, issueNumber: '12002' });
    expect(again.statusCode).toBe(409);
    expect(again.body).toContain('这一天已经有一期了');
    const number = await editor.post('/desk/editions', { date: addDays(DATE, 1), issueNumber: '12001' });
    expect(number.statusCode).toBe(409);
    expect(number.body).toContain('这个期号已被另一期使用');
    const bad = await editor.post('/desk/editions', { date: addDays(DATE, 2), issueNumber: 'twelve' });
    expect(bad.statusCode).toBe(422);
    expect(bad.body).toContain('请填写数字');
    expect(bad.body).toContain('value="twelve"');
    expect((await t.app.services.editions.list({})).items.map((e) => e.date)).toEqual([DATE]);

    const listed = await editor.get('/desk/editions');
    expect(listed.body).toContain(`href="/desk/editions/${DATE}"`);
    expect(listed.body).toContain('第 12001 期');
    expect(listed.body).toContain('策划中');
  });

  test('a page is added with its name, grid and editor; a label taken or malformed is refused', async () => {
    const added = await editor.post(`/desk/editions/${DATE}/pages`, { label: 'A01', name: '要闻', grid: 'broadsheet-8', sectionId: '', editorId: String(editor.id) });
    expect(added.statusCode, added.body).toBe(303);
    expect(added.headers.location).toBe(`/desk/editions/${DATE}#page-A01`);
    expect(await page('A01')).toMatchObject({ name: '要闻', grid: 'broadsheet-8', editorId: editor.id, sectionId: null, items: [] });

    const taken = await editor.post(`/desk/editions/${DATE}/pages`, { label: 'A01', name: '另一个', grid: 'broadsheet-8', sectionId: '', editorId: '' });
    expect(taken.statusCode).toBe(412);
    expect(taken.body).toContain('A01 版已经有了');
    expect((await page('A01')).name).toBe('要闻');
    const malformed = await editor.post(`/desk/editions/${DATE}/pages`, { label: 'A1', name: '二版', grid: 'broadsheet-8', sectionId: '', editorId: '' });
    expect(malformed.statusCode).toBe(422);
    expect(malformed.body).toContain('版号是一个大写字母加两位数字');
    const reporterAsEditor = await editor.post(`/desk/editions/${DATE}/pages`, { label: 'A02', name: '二版', grid: 'broadsheet-8', sectionId: '', editorId: String(reporter.id) });
    expect(reporterAsEditor.statusCode).toBe(422);
    expect(reporterAsEditor.body).toContain('责任编辑须是在职的编辑或管理员');
    expect((await t.app.services.editions.get(DATE)).pages.map((p) => p.label)).toEqual(['A01']);

    const card = await editor.get(`/desk/editions/${DATE}`);
    expect(card.body).toContain('value="A02"');
    expect(card.body).toContain(`href="/desk/editions/${DATE}/pages/A01.pdf"`);
  });
});

describe('placing items', () => {
  test('the queue offers what can be placed; a story and a notice go on a page, and leave the queue', async () => {
    const before = await editor.get(`/desk/editions/${DATE}?page=A01`);
    for (const key of [`article:${story.id}`, `article:${long.id}`, `notice:${notice.id}`]) expect(before.body).toContain(`value="${key}"`);
    expect(before.body).not.toContain(`value="article:${draft.id}"`);
    expect(before.body).toMatch(/<option value="A01" selected>/);

    const placed = await editor.post(`/desk/editions/${DATE}/items`, { page: 'A01', item: [`article:${story.id}`, `notice:${notice.id}`] });
    expect(placed.statusCode, placed.body).toBe(303);
    expect(await order('A01')).toEqual([`article:${story.id}`, `notice:${notice.id}`]);

    const after = await editor.get(`/desk/editions/${DATE}`);
    expect(after.body).not.toContain(`id="queue-article-${story.id}"`);
    const html = await card('A01');
    expect(entry(html, 'A01', `article:${story.id}`)).toContain('稿件');
    expect(entry(html, 'A01', `article:${story.id}`)).toContain('已编辑');
    expect(entry(html, 'A01', `notice:${notice.id}`)).toContain('公告');

    const none = await editor.post(`/desk/editions/${DATE}/items`, { page: 'A01' });
    expect(none.statusCode).toBe(422);
    expect(none.body).toContain('请先勾选');
  });

  test('an item already on another page of the edition is refused, naming the page', async () => {
    await editor.post(`/desk/editions/${DATE}/pages`, { label: 'A02', name: '聊城新闻', grid: 'tabloid-5', sectionId: '', editorId: '' });
    const twice = await editor.post(`/desk/editions/${DATE}/items`, { page: 'A02', item: [`article:${story.id}`] });
    expect(twice.statusCode).toBe(409);
    expect(twice.body).toContain('已在 A01 版');
    expect(await order('A02')).toEqual([]);
  });

  test('items move up and down; a form drawn from an older page is refused and changes nothing', async () => {
    const { version } = await page('A01');
    const up = await editor.post(`/desk/editions/${DATE}/pages/A01/items`, { item: `notice:${notice.id}`, move: 'up', version: String(version) });
    expect(up.statusCode, up.body).toBe(303);
    expect(await order('A01')).toEqual([`notice:${notice.id}`, `article:${story.id}`]);

    const stale = await editor.post(`/desk/editions/${DATE}/pages/A01/items`, { item: `notice:${notice.id}`, move: 'down', version: String(version) });
    expect(stale.statusCode).toBe(412);
    expect(stale.body).toContain('版面刚被别人改过');
    expect(await order('A01')).toEqual([`notice:${notice.id}`, `article:${story.id}`]);

    const down = await editor.post(`/desk/editions/${DATE}/pages/A01/items`, { item: `notice:${notice.id}`, move: 'down', version: String((await page('A01')).version) });
    expect(down.statusCode).toBe(303);
    expect(await order('A01')).toEqual([`article:${story.id}`, `notice:${notice.id}`]);
  });

  test('a span is set, and cleared back to the layout’s choice; more columns than the grid has are refused', async () => {
    const span = (columns: string) =>
      page('A01').then((p) => editor.post(`/desk/editions/${DATE}/pages/A01/items`, { item: `article:${story.id}`, move: 'span', columns, version: String(p.version) }));
    expect((await span('3')).statusCode).toBe(303);
    expect((await page('A01')).items[0]).toMatchObject({ kind: 'article', id: story.id, columns: 3 });
    expect(entry(await card('A01'), 'A01', `article:${story.id}`)).toContain('占 3 栏');

    const wide = await span('9');
    expect(wide.statusCode).toBe(422);
    expect((await page('A01')).items[0]!.columns).toBe(3);
    expect((await span('')).statusCode).toBe(303);
    expect((await page('A01')).items[0]!.columns).toBeNull();
  });

  test('the flatplan says each item’s copy fit in words, from the planner', async () => {
    await editor.post(`/desk/editions/${DATE}/items`, { page: 'A02', item: [`article:${long.id}`] });
    const plan = await t.app.services.planner.plan(DATE, t.app.log);
    const fit = plan.pages.find((p) => p.label === 'A02')!.items[0]!.fit!;
    expect(fit.overLines).toBeGreaterThan(0);
    const item = entry(await card('A02'), 'A02', `article:${long.id}`);
    expect(item).toContain('class="fit fit-over"');
    expect(item).toContain(`超出 ${fit.overLines} 行`);
    expect(await card('A02')).toContain('本版有 1 条超出版面');
    const short = entry(await card('A01'), 'A01', `article:${story.id}`);
    expect(short).toMatch(/class="fit fit-(ok|under)"/);
    expect(short).toMatch(/正好排满|不足 \d+ 行/);
  });

  test('an item is taken off its page', async () => {
    await editor.post(`/desk/editions/${DATE}/items`, { page: 'A02', item: [`article:${draft.id}`] });
    expect(await order('A02')).toEqual([`article:${long.id}`, `article:${draft.id}`]);
    const off = await editor.post(`/desk/editions/${DATE}/pages/A02/items`, { item: `article:${long.id}`, move: 'remove', version: String((await page('A02')).version) });
    expect(off.statusCode).toBe(303);
    expect(await order('A02')).toEqual([`article:${draft.id}`]);
  });

  test('a page’s proof is its print PDF, shown inline', async () => {
    const pdf = await editor.get(`/desk/editions/${DATE}/pages/A01.pdf`);
    expect(pdf.statusCode).toBe(200);
    expect(pdf.headers['content-type']).toBe('application/pdf');
    expect(pdf.headers['content-disposition']).toBe(`inline; filename="${DATE}-A01.pdf"`);
    expect(pdf.rawPayload.subarray(0, 5).toString()).toBe('%PDF-');
    expect((await editor.get(`/desk/editions/${DATE}/pages/Z99.pdf`)).statusCode).toBe(404);
  });
});

describe('the release', () => {
  test('defaults to the edition’s morning and shows what goes out and what does not, with why', async () => {
    const res = await editor.get(`/desk/editions/${DATE}/release`);
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain(`value="${DATE}T06:00:00"`);
    expect(res.body).toContain('将随本期发布（2）');
    expect(res.body).toContain(`随本期于 ${chineseDate(DATE)} 06:00 发布`);
    expect(res.body).toContain('不会发布（1）');
    expect(res.body).toContain('还在写的稿件');
    expect(res.body).toContain('还是草稿，没有提交');
    const past = await editor.get(`/desk/editions/${DATE}/release?at=2020-01-01T06:00`);
    expect(past.body).toContain('这个时间已经过了');
    expect(past.body).not.toContain(`<form method="post" action="/desk/editions/${DATE}/release">`);
    expect(res.body).toContain(`<form method="post" action="/desk/editions/${DATE}/release">`);
  });

  test('for a time a few seconds ahead: refused while an item is not ready, then released skipping it; the flatplan says when it goes public', async () => {
    const at = zonedIso(new Date(Date.now() + 5_000), TZ).slice(0, 19);
    const form = await editor.get(`/desk/editions/${DATE}/release?at=${at}`);
    const version = /name="version" value="(\d+)"/.exec(form.body)![1]!;

    const refused = await editor.post(`/desk/editions/${DATE}/release`, { at, version });
    expect(refused.statusCode).toBe(409);
    expect(refused.body).toContain('有 1 条内容还没就绪');
    expect((await t.app.services.editions.get(DATE)).status).toBe('planning');

    const released = await editor.post(`/desk/editions/${DATE}/release`, { at, version, force: 'true' });
    expect(released.statusCode, released.body).toBe(303);
    expect(released.headers.location).toBe(`/desk/editions/${DATE}`);
    const edition = await t.app.services.editions.get(DATE);
    expect(edition.status).toBe('released');
    expect(Date.parse(edition.releaseAt!)).toBe(Date.parse(`${at}+08:00`));
    expect((await t.app.services.articles.get(story.id)).status).toBe('scheduled');
    expect((await t.app.services.articles.get(draft.id)).status).toBe('draft');

    const flatplan = await editor.inject({ url: `/desk/editions/${DATE}`, headers: { cookie: `${editor.cookie}; ${String(released.headers['set-cookie']).split(';')[0]}` } });
    expect(flatplan.body).toContain('本期已发布：2 条内容');
    expect(flatplan.body).toMatch(/已排期，\d{4}年\d+月\d+日 \d{2}:\d{2} 公开/);
    expect(flatplan.body).toContain('不会随本期发布（1）');
    expect(entry(flatplan.body, 'A01', `article:${story.id}`)).toContain('已排期');
    // The list of editions: the state's short name, its time on a line of its own.
    const listed = await editor.get('/desk/editions');
    expect(listed.body).toMatch(/<span class="edition-state edition-released">已排期<\/span><span class="edition-at">\d{4}年\d+月\d+日 \d{2}:\d{2} 公开<\/span>/);
  });

  test('a release form drawn before a page changed is refused, and shows the plan as it is now', async () => {
    const form = await editor.get(`/desk/editions/${DATE}/release`);
    const version = /name="version" value="(\d+)"/.exec(form.body)![1]!;
    await editor.post(`/desk/editions/${DATE}/pages/A02/items`, { item: `article:${draft.id}`, move: 'remove', version: String((await page('A02')).version) });
    const stale = await editor.post(`/desk/editions/${DATE}/release`, { at: '', version });
    expect(stale.statusCode).toBe(412);
    expect(stale.body).toContain('预览之后版面又有改动');
    expect(stale.body).toContain('不会发布（0）');
  });
});

describe('bad addresses and forms', () => {
  test('are 4xx pages, never a 500, and change nothing', async () => {
    const before = await t.app.services.editions.get(DATE);
    expect((await editor.get('/desk/editions/2031-02-30')).statusCode).toBe(400);
    expect((await editor.get('/desk/editions/1999-01-01')).statusCode).toBe(404);
    expect((await editor.get(`/desk/editions/${DATE}/pages/a1.pdf`)).statusCode).toBe(400);
    expect((await editor.get('/desk/editions?cursor=nonsense')).statusCode).toBe(400);
    const version = String((await page('A01')).version);
    expect((await editor.post(`/desk/editions/${DATE}/pages/A01/items`, { item: 'article:x', move: 'up', version })).statusCode).toBe(400);
    expect((await editor.post(`/desk/editions/${DATE}/pages/A01/items`, { item: `article:${story.id}`, move: 'sideways', version })).statusCode).toBe(400);
    expect((await editor.post(`/desk/editions/${DATE}/pages/A01/items`, { item: `article:${story.id}`, move: 'span', columns: 'wide', version })).statusCode).toBe(400);
    expect((await editor.post(`/desk/editions/${DATE}/pages/A01/items`, { item: `article:${story.id}`, move: 'up' })).statusCode).toBe(400);
    expect((await editor.post(`/desk/editions/${DATE}/items`, { page: 'A01', item: 'notice:99999' })).statusCode).toBe(422);
    expect((await editor.post(`/desk/editions/${DATE}/release`, { at: 'soon', version: String(before.version) })).statusCode).toBe(422);
    expect((await t.app.services.editions.get(DATE)).version).toBe(before.version);
  });
});

describe('who may', () => {
  const gets = [`/desk/editions`, `/desk/editions/${DATE}`, `/desk/editions/${DATE}/pages/A01.pdf`, `/desk/editions/${DATE}/release`];
  const posts = [
    `/desk/editions`,
    `/desk/editions/${DATE}/pages`,
    `/desk/editions/${DATE}/items`,
    `/desk/editions/${DATE}/pages/A01`,
    `/desk/editions/${DATE}/pages/A01/items`,
    `/desk/editions/${DATE}/pages/A01/delete`,
    `/desk/editions/${DATE}/release`,
  ];

  test('a reporter gets 403 on every route, and nothing changes', async () => {
    const before = await t.app.services.editions.get(DATE);
    for (const url of gets) expect((await reporter.get(url)).statusCode, url).toBe(403);
    for (const url of posts) expect((await reporter.post(url, { label: 'B01', name: '偷偷加的', grid: 'broadsheet-8', page: 'A01', item: `article:${story.id}`, move: 'remove', version: '1' })).statusCode, url).toBe(403);
    expect((await t.app.services.editions.get(DATE)).version).toBe(before.version);
  });

  test('a form without its token is refused, and nothing changes', async () => {
    const before = await t.app.services.editions.get(DATE);
    for (const url of posts) {
      const res = await editor.post(url, { label: 'B01', name: '无令牌', grid: 'broadsheet-8', page: 'A01', item: `article:${story.id}`, move: 'remove', version: String(before.version) }, { csrf: false });
      expect(res.statusCode, url).toBe(403);
    }
    expect((await t.app.services.editions.get(DATE)).version).toBe(before.version);
    expect((await t.app.services.editions.list({})).items).toHaveLength(1);
  });
});
