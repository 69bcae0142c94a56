import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { Actor, UserRole } from '../../src/lib/actor.js';
import { addDays, todayIn } from '../../src/lib/time.js';
import { createTestApp, type TestApp } from '../helpers/app.js';
import { deskUser, type DeskSession } from '../helpers/desk.js';

/**
 * 搜索 in the desk: who finds what (a reporter their own drafts and everyone's published stories,
 * an editor everything), the filters and the next page kept in the URL, the matches marked, each
 * hit linked to where the desk edits it, a refused query explained in Chinese, and the search box
 * on every page.
 */

let t: TestApp;
let reporter: DeskSession & { id: number };
let other: DeskSession & { id: number };
let editor: DeskSession & { id: number };
let sport: number;
let city: number;
const ids: Record<string, number> = {};
const TODAY = todayIn('Asia/Shanghai');

const actor = (who: { id: number; login: string }, role: UserRole): Actor => ({ userId: who.id, login: who.login, role, tokenId: null, requestId: 'test' });

/** The hits of a search page, as `kind:id`, in order. */
function hits(html: string): string[] {
  return [...html.matchAll(/<li class="search-hit" id="hit-(\w+)-(\d+)">/g)].map((m) => `${m[1]}:${m[2]}`);
}

/** The markup of one hit. */
function hit(html: string, kind: string, id: number): string {
  const match = new RegExp(`<li class="search-hit" id="hit-${kind}-${id}">([\\s\\S]*?)</li>`).exec(html);
  if (!match) throw new Error(`no hit ${kind}:${id}`);
  return match[1]!;
}

/** The hrefs of a page's links, `&amp;` read back as `&`. */
function hrefs(html: string): string[] {
  return [...html.matchAll(/href="([^"]*)"/g)].map((m) => m[1]!.replaceAll('&amp;', '&'));
}

const search = (who: DeskSession, query: Record<string, string>) => who.get(`/desk/search?${new URLSearchParams(query).toString()}`);

beforeAll(async () => {
  t = await createTestApp();
  reporter = await deskUser(t, 'reporter', '王芳');
  other = await deskUser(t, 'reporter', '李强');
  editor = await deskUser(t, 'editor', '赵编辑');
  const { sections, articles } = t.app.services;
  const ed = actor(editor, 'editor');
  sport = (await sections.create(ed, { name: '体育', slug: 'sport' })).id;
  city = (await sections.create(ed, { name: '城事', slug: 'city' })).id;

  const draft = await articles.create(actor(reporter, 'reporter'), { headline: '老城区的早市', sectionId: city, body: '东关菜场今年春天开始翻新，摊位换成了不锈钢台面。' });
  ids.draft = draft.id;
  let story = await articles.create(ed, { headline: '体育中心翻新完工', kicker: '市民健身', sectionId: sport, body: '体育中心的看台翻新后重新开放。' });
  for (const status of ['submitted', 'edited', 'published'] as const) story = await articles.changeStatus(ed, story.id, story.version, { status });
  ids.published = story.id;
  const notice = await t.request('editor', { method: 'POST', url: '/api/v1/notices', payload: { kind: 'payout_claim', title: '关于菜场翻新的补偿公告', issuer: '东关街道办事处', issuedOn: TODAY } });
  expect(notice.statusCode, notice.body).toBe(201);
  ids.notice = notice.json<{ id: number }>().id;
  // More stories than a page holds, for the next page.
  for (let i = 1; i <= 22; i++) await articles.create(ed, { headline: `季度报表第${i}篇`, sectionId: sport, body: '季度报表的数字。' });
});

afterAll(async () => {
  await t?.close();
});

describe('who finds what', () => {
  test('a reporter finds their own draft by a word of its body, linked to its editor', async () => {
    const page = await search(reporter, { q: '不锈钢' });
    expect(page.statusCode).toBe(200);
    expect(hits(page.body)).toEqual([`article:${ids.draft}`]);
    const draft = hit(page.body, 'article', ids.draft!);
    expect(draft).toContain(`<a href="/desk/stories/${ids.draft}">老城区的早市</a>`);
    expect(draft).toContain('<span class="state state-draft">草稿</span>');
    expect(draft).toContain('城事');
    // Not published: no public page to link to.
    expect(draft).not.toContain('查看网页');
    expect(page.body).toContain('找到 1 条');
  });

  test('another reporter does not find that draft; an editor does', async () => {
    expect(hits((await search(other, { q: '不锈钢' })).body)).toEqual([]);
    expect(hits((await search(editor, { q: '不锈钢' })).body)).toEqual([`article:${ids.draft}`]);
  });

  test('a published story is found by everyone, linked to its editor and its public page', async () => {
    for (const who of [reporter, other, editor]) {
      const page = await search(who, { q: '看台' });
      expect(hits(page.body)).toEqual([`article:${ids.published}`]);
      const story = hit(page.body, 'article', ids.published!);
      expect(hrefs(story)).toContain(`/desk/stories/${ids.published}`);
      expect(hrefs(story).some((href) => href.endsWith(`/articles/${ids.published}`) && href.startsWith('http'))).toBe(true);
      expect(story).toContain('市民健身');
    }
  });

  test('the words found are marked in the title and the snippet, and text is never markup', async () => {
    const page = await search(editor, { q: '翻新', kind: 'article' });
    const story = hit(page.body, 'article', ids.published!);
    expect(story).toContain('体育中心<mark>翻新</mark>完工');
    expect(story).toMatch(/<p class="search-snippet">[^<]*<mark>翻新<\/mark>/);
    const typed = await search(editor, { q: '<b>翻新</b>' });
    expect(typed.body).not.toContain('<b>翻新');
  });
});

describe('filters', () => {
  test('the word alone finds the draft, the published story and the notice', async () => {
    expect(hits((await search(editor, { q: '翻新' })).body).sort()).toEqual([`article:${ids.draft}`, `article:${ids.published}`, `notice:${ids.notice}`].sort());
  });

  test('status, kind and section narrow the hits', async () => {
    expect(hits((await search(editor, { q: '翻新', status: 'draft' })).body).sort()).toEqual([`article:${ids.draft}`, `notice:${ids.notice}`].sort());
    expect(hits((await search(editor, { q: '翻新', status: 'draft', kind: 'article' })).body)).toEqual([`article:${ids.draft}`]);
    expect(hits((await search(editor, { q: '翻新', status: 'published' })).body)).toEqual([`article:${ids.published}`]);
    expect(hits((await search(editor, { q: '翻新', kind: 'notice' })).body)).toEqual([`notice:${ids.notice}`]);
    expect(hits((await search(editor, { q: '翻新', section: String(city) })).body)).toEqual([`article:${ids.draft}`]);
    const page = await search(editor, { q: '翻新', section: String(sport), status: 'published' });
    expect(hits(page.body)).toEqual([`article:${ids.published}`]);
    // The form shows the filters chosen, in the desk's words.
    expect(page.body).toContain('<option value="published" selected>已发布</option>');
    expect(page.body).toContain(`<option value="${sport}" selected>体育</option>`);
  });

  test('dates from and to narrow the hits', async () => {
    const all = [`article:${ids.draft}`, `article:${ids.published}`, `notice:${ids.notice}`].sort();
    expect(hits((await search(editor, { q: '翻新', from: TODAY, to: TODAY })).body).sort()).toEqual(all);
    expect(hits((await search(editor, { q: '翻新', from: addDays(TODAY, 1) })).body)).toEqual([]);
    expect(hits((await search(editor, { q: '翻新', to: addDays(TODAY, -1) })).body)).toEqual([]);
    const backwards = await search(editor, { q: '翻新', from: TODAY, to: addDays(TODAY, -1) });
    expect(backwards.statusCode).toBe(400);
    expect(backwards.body).toContain('开始日期晚于结束日期');
  });

  test('a notice links to its editor for an editor, to nothing in the desk for a reporter', async () => {
    const page = await search(editor, { q: '补偿公告' });
    expect(hrefs(hit(page.body, 'notice', ids.notice!))).toContain(`/desk/notices/${ids.notice}`);
    // A reporter finds no draft notice at all.
    expect(hits((await search(reporter, { q: '补偿公告' })).body)).toEqual([]);
  });

  test('the next page carries the query and every filter, and lists the rest', async () => {
    const query = { q: '季度报表', kind: 'article', section: String(sport), from: TODAY };
    const first = await search(editor, query);
    expect(hits(first.body)).toHaveLength(20);
    expect(first.body).toContain('找到 22 条');
    const next = hrefs(first.body).find((href) => href.startsWith('/desk/search?') && href.includes('cursor='));
    expect(next).toBeDefined();
    const params = new URL(next!, 'http://desk').searchParams;
    expect({ q: params.get('q'), kind: params.get('kind'), section: params.get('section'), from: params.get('from') }).toEqual(query);
    const second = await editor.get(next!);
    expect(hits(second.body)).toHaveLength(2);
    expect(new Set([...hits(first.body), ...hits(second.body)]).size).toBe(22);
    expect(second.body).not.toContain('rel="next"');
  });
});

describe('a refused query', () => {
  test('shows the form with the reason in Chinese, as a 400', async () => {
    const page = await search(reporter, { q: '菜' });
    expect(page.statusCode).toBe(400);
    expect(page.body).toContain('每个词至少要两个字');
    expect(page.body).toContain('id="search-q"');
    expect(page.body).toMatch(/id="search-q"[^>]*value="菜"/);
  });

  test('never shows a whole ID number back', async () => {
    const page = await search(reporter, { q: '11010519491231002X' });
    expect(page.statusCode).toBe(400);
    expect(page.body).toContain('不能用完整的身份证号搜索');
    expect(page.body).not.toContain('11010519491231002');
    // The field is empty: `value` bare (Preact's rendering of "") or not there at all.
    expect(page.body).toMatch(/<input type="search" id="search-q" name="q"(?: value(?:="")?)? maxlength=/);
  });

  test('an empty search is the form alone', async () => {
    const page = await reporter.get('/desk/search');
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('<h1>搜索</h1>');
    expect(hits(page.body)).toEqual([]);
    expect(page.body).not.toContain('找到');
  });
});

describe('the search box', () => {
  test('is in the bar of every desk page, and at the top of the story queue for stories', async () => {
    for (const url of ['/desk/account', '/desk/stories', '/desk/photos']) {
      const page = await reporter.get(url);
      expect(page.statusCode, url).toBe(200);
      expect(page.body, url).toMatch(/<form method="get" action="\/desk\/search" role="search" class="search-box bar-search"[^>]*>[\s\S]*?<label for="bar-search" class="sr-only">[^<]+<\/label>[\s\S]*?<input type="search" id="bar-search" name="q"/);
    }
    const queue = await editor.get('/desk/stories');
    expect(queue.body).toMatch(/<form [^>]*class="search-box queue-search"[^>]*>[\s\S]*?<input type="hidden" name="kind" value="article"\/?>[\s\S]*?name="q"/);
  });
});
