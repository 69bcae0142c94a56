import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { estimatedLines } from '../../src/features/desk/screens/stories/queue-length.js';
import { listDay, listTime } from '../../src/features/desk/screens/stories/queue-time.js';
import type { Actor, UserRole } from '../../src/lib/actor.js';
import { addDays, dayIn, todayIn } from '../../src/lib/time.js';
import { createTestApp, type TestApp } from '../helpers/app.js';
import { deskUser, type DeskSession } from '../helpers/desk.js';

/**
 * Issue 19: the story queue (稿件). A reporter sees their own stories (filed by them or
 * crediting them) in every state, and nobody else's whatever the URL asks; an editor sees
 * everyone's by state (待处理 first), section and reporter, with the filters kept in the URL and
 * in every link; each row shows its length, schedule and placement; pages follow by cursor.
 */

let t: TestApp;
let reporter: DeskSession & { id: number };
let other: DeskSession & { id: number };
let editor: DeskSession & { id: number };
let sport: number;
let city: number;
/** A month ahead, at 09:30 in the paper's time zone (the test app's, Asia/Shanghai); the edition is the next day's. */
const DAY = dayIn(new Date(Date.now() + 30 * 86_400_000), 'Asia/Shanghai');
const PUBLISH_AT = `${DAY}T09:30:00+08:00`;
const EDITION = addDays(DAY, 1);
/** Stories by name: what each test looks for in the pages. */
const ids: Record<string, number> = {};

const actor = (who: { id: number; login: string }, role: UserRole): Actor => ({ userId: who.id, login: who.login, role, tokenId: null, requestId: 'test' });

/** The headlines of the rows of a queue page, in order. */
function headlines(html: string): string[] {
  return [...html.matchAll(/<td class="queue-head">(?:<span class="queue-kicker">[^<]*<\/span>)?<a href="\/desk\/stories\/\d+">([^<]*)<\/a>/g)].map((m) => m[1]!);
}

/** The hrefs of a page's links, `&amp;` read back as `&`. */
function hrefs(html: string): string[] {
  return [...html.matchAll(/href="([^"]*)"/g)].map((m) => m[1]!.replaceAll('&amp;', '&'));
}

/** The row of story `id`. */
function row(html: string, id: number): string {
  const match = new RegExp(`<tr id="story-${id}">([\\s\\S]*?)</tr>`).exec(html);
  if (!match) throw new Error(`no row for story ${id}`);
  return match[1]!;
}

async function file(by: Actor, name: string, fields: { sectionId?: number; credits?: { role: string; name?: string; personId?: number }[]; body?: string; kicker?: string } = {}) {
  const { articles } = t.app.services;
  const story = await articles.create(by, {
    headline: name,
    kicker: fields.kicker,
    sectionId: fields.sectionId,
    body: fields.body ?? '第一段。\n\n第二段。',
    credits: fields.credits as never,
  });
  ids[name] = story.id;
  return story;
}

async function move(name: string, by: Actor, ...statuses: ('submitted' | 'edited' | 'scheduled' | 'published')[]) {
  const { articles } = t.app.services;
  let story = await articles.get(ids[name]!);
  for (const status of statuses) {
    story = await articles.changeStatus(by, story.id, story.version, status === 'scheduled' ? { status, publishAt: PUBLISH_AT } : { status });
  }
}

beforeAll(async () => {
  t = await createTestApp();
  reporter = await deskUser(t, 'reporter', '王芳');
  other = await deskUser(t, 'reporter', '李强');
  editor = await deskUser(t, 'editor', '赵编辑');
  const { sections, people, editions } = t.app.services;
  const ed = actor({ id: editor.id, login: editor.login }, 'editor');
  const me = actor({ id: reporter.id, login: reporter.login }, 'reporter');
  const them = actor({ id: other.id, login: other.login }, 'reporter');
  sport = (await sections.create(ed, { name: '体育', slug: 'sport' })).id;
  city = (await sections.create(ed, { name: '城事', slug: 'city' })).id;
  const wang = await people.create(ed, { name: '王芳', userId: reporter.id });

  await file(me, '王的草稿', { sectionId: city });
  await file(me, '王的已提交', { sectionId: sport, kicker: '引题在上' });
  await move('王的已提交', me, 'submitted');
  // Filed by an editor, crediting the reporter: the reporter's story too.
  await file(ed, '署名王的稿件', { sectionId: city, credits: [{ role: 'reporter', personId: wang.id }, { role: 'correspondent', name: '陈静' }] });
  await move('署名王的稿件', ed, 'submitted', 'edited');
  await file(them, '李的草稿', { sectionId: sport });
  await file(them, '李的已提交', { sectionId: city, credits: [{ role: 'reporter', name: '李强' }] });
  await move('李的已提交', them, 'submitted');
  await file(ed, '已排期稿件', { sectionId: sport, body: '甲'.repeat(1300) });
  await move('已排期稿件', ed, 'submitted', 'edited', 'scheduled');

  await editions.create(ed, { date: EDITION, issueNumber: 9001 });
  await editions.putPage(ed, EDITION, 'A03', {}, { name: '体育新闻', grid: 'broadsheet-8', items: [{ kind: 'article', id: ids['已排期稿件']!, columns: 3 }] });
});

afterAll(async () => {
  await t?.close();
});

describe('a reporter', () => {
  test('sees their own stories in every state, filed by them or crediting them, and no one else’s', async () => {
    const page = await reporter.get('/desk/stories');
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('<h1>我的稿件</h1>');
    expect(headlines(page.body).sort()).toEqual(['王的已提交', '王的草稿', '署名王的稿件'].sort());
    expect(page.body).toContain('href="/desk/stories/new"');
  });

  test('cannot see another reporter’s stories by putting them in the URL', async () => {
    const lee = (await t.app.services.people.list({ q: '李强' })).items[0]!;
    for (const url of [`/desk/stories?reporter=${other.id}`, `/desk/stories?reporter=${other.id}&state=submitted`, `/desk/stories?person=${lee.id}`, `/desk/stories?state=draft&reporter=${other.id}`]) {
      const page = await reporter.get(url);
      expect(page.statusCode, url).toBe(200);
      expect(headlines(page.body), url).not.toContain('李的草稿');
      expect(headlines(page.body), url).not.toContain('李的已提交');
    }
    expect(headlines((await reporter.get(`/desk/stories?state=draft&reporter=${other.id}`)).body)).toEqual(['王的草稿']);
    // The service holds the rule too: a reporter asking it for another's stories gets their own.
    const asked = await t.app.services.articles.queue(actor({ id: reporter.id, login: reporter.login }, 'reporter'), { reporter: other.id, statuses: ['draft'] });
    expect(asked.items.map((i) => i.headline)).toEqual(['王的草稿']);
  });

  test('with no stories, is told so in words', async () => {
    const fresh = await deskUser(t, 'reporter');
    const page = await fresh.get('/desk/stories');
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('还没有稿件');
    expect(page.body).not.toContain('<table');
  });
});

describe('an editor', () => {
  test('sees what waits for them first: submitted and edited stories, everyone’s', async () => {
    const page = await editor.get('/desk/stories');
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('<h1>稿件</h1>');
    expect(headlines(page.body).sort()).toEqual(['王的已提交', '署名王的稿件', '李的已提交'].sort());
    expect(page.body).toMatch(/<a href="\/desk\/stories" aria-current="page">待处理<\/a>/);
  });

  test('filters by state, section and reporter, and every link keeps the other filters', async () => {
    const drafts = await editor.get('/desk/stories?state=draft');
    expect(headlines(drafts.body).sort()).toEqual(['李的草稿', '王的草稿'].sort());

    const all = await editor.get(`/desk/stories?state=all&section=${sport}`);
    expect(headlines(all.body).sort()).toEqual(['王的已提交', '李的草稿', '已排期稿件'].sort());
    const links = hrefs(all.body);
    // The state tabs keep the section; the section's select shows it chosen.
    expect(links).toContain(`/desk/stories?state=draft&section=${sport}`);
    expect(links).toContain(`/desk/stories?section=${sport}`);
    expect(all.body).toMatch(new RegExp(`<option value="${sport}" selected>体育</option>`));
    expect(all.body).toContain('<input type="hidden" name="state" value="all"/>');

    // By reporter: what they filed, and what credits the person who is them.
    const wang = await editor.get(`/desk/stories?state=all&reporter=${reporter.id}`);
    expect(headlines(wang.body).sort()).toEqual(['王的已提交', '王的草稿', '署名王的稿件'].sort());
    expect(hrefs(wang.body)).toContain(`/desk/stories?state=submitted&reporter=${reporter.id}`);

    const both = await editor.get(`/desk/stories?state=all&section=${city}&reporter=${reporter.id}`);
    expect(headlines(both.body).sort()).toEqual(['王的草稿', '署名王的稿件'].sort());

    // A credited name links to the list of that person's stories, keeping the filters.
    const row1 = row(both.body, ids['署名王的稿件']!);
    const person = /href="\/desk\/stories\?([^"]*person=(\d+)[^"]*)">陈静<\/a>/.exec(row1.replaceAll('&amp;', '&'));
    expect(person?.[1]).toContain(`section=${city}`);
    const byPerson = await editor.get(`/desk/stories?state=all&person=${person![2]}`);
    expect(headlines(byPerson.body)).toEqual(['署名王的稿件']);
    expect(byPerson.body).toContain('署名：陈静');
  });

  test('我的稿件 lists the editor’s own', async () => {
    const page = await editor.get('/desk/stories');
    const mine = hrefs(page.body).find((h) => h.includes(`reporter=${editor.id}`));
    expect(mine).toBe(`/desk/stories?state=all&reporter=${editor.id}`);
    expect(headlines((await editor.get(mine!)).body).sort()).toEqual(['署名王的稿件', '已排期稿件'].sort());
  });

  test('sees each story’s state in words, section, byline, length, schedule and placement', async () => {
    const page = await editor.get('/desk/stories?state=all');
    const scheduled = row(page.body, ids['已排期稿件']!);
    expect(scheduled).toContain('<span class="state state-scheduled">已排期</span>');
    // A month ahead: the day without its year when it falls in this year.
    const shown = (day: string) => {
      const [y, m, d] = day.split('-').map(Number);
      return day.startsWith(todayIn('Asia/Shanghai').slice(0, 4)) ? `${m}月${d}日` : `${y}年${m}月${d}日`;
    };
    expect(scheduled).toContain(`${shown(DAY)} 09:30`);
    expect(scheduled).toContain(`<a href="/desk/editions/${EDITION}">${shown(EDITION)} A03</a>`);
    expect(scheduled).toMatch(/<td class="queue-time">今天 \d\d:\d\d<\/td>/);
    expect(scheduled).toContain('1,300 字');
    expect(scheduled).toContain(`约 ${estimatedLines({ characters: 1300, paragraphs: 1, headings: 0 })} 行`);
    const credited = row(page.body, ids['署名王的稿件']!);
    expect(credited).toContain('王芳');
    expect(credited).toContain('陈静');
    expect(credited).toContain('<span class="state state-edited">已编辑</span>');
    expect(credited).toContain('城事');
    const kicker = row(page.body, ids['王的已提交']!);
    expect(kicker).toContain('<span class="queue-kicker">引题在上</span>');
    expect(row(page.body, ids['王的草稿']!)).not.toContain('/desk/editions/');
  });

  test('pages through a long list by cursor, keeping the filters', async () => {
    const ed = actor({ id: editor.id, login: editor.login }, 'editor');
    for (let i = 0; i < 52; i++) await file(ed, `翻页稿件${i}`, { sectionId: city });
    const first = await editor.get(`/desk/stories?state=draft&section=${city}`);
    const shown = headlines(first.body);
    expect(shown).toHaveLength(50);
    const next = hrefs(first.body).find((h) => h.includes('cursor='));
    expect(next).toMatch(new RegExp(`^/desk/stories\\?state=draft&section=${city}&cursor=`));
    const second = await editor.get(next!);
    const rest = headlines(second.body);
    expect([...shown, ...rest].sort()).toEqual([...Array.from({ length: 52 }, (_, i) => `翻页稿件${i}`), '王的草稿'].sort());
    expect(hrefs(second.body)).toContain(`/desk/stories?state=draft&section=${city}`);
    expect(hrefs(second.body).some((h) => h.includes('cursor='))).toBe(false);
  });

  test('a filter the page never hands out is a 400 page, not an error', async () => {
    const forged = (key: unknown[]) => `/desk/stories?cursor=${Buffer.from(JSON.stringify(key)).toString('base64url')}`;
    for (const url of [
      '/desk/stories?state=lost',
      '/desk/stories?section=abc',
      '/desk/stories?reporter=-1',
      '/desk/stories?cursor=notacursor',
      '/desk/stories?person=99999999999',
      forged(['yesterday', 5]),
      forged(['2026-02-31T10:00:00+00:00', 5]),
      forged(['2026-13-01T10:00:00Z', 5]),
    ]) {
      const page = await editor.get(url);
      expect(page.statusCode, url).toBe(400);
      expect(page.headers['content-type']).toContain('text/html');
    }
    const none = await editor.get('/desk/stories?person=2147483647');
    expect(none.statusCode).toBe(200);
    expect(none.body).toContain('没有符合条件的稿件');
  });
});

describe('times in the list', () => {
  test('say 今天, 明天 and 昨天 near today, leave out this year, and are read in the paper’s zone', () => {
    const today = '2026-12-07';
    expect(listDay('2026-12-07', today)).toBe('今天');
    expect(listDay('2026-12-08', today)).toBe('明天');
    expect(listDay('2026-12-06', today)).toBe('昨天');
    expect(listDay('2026-03-01', today)).toBe('3月1日');
    expect(listDay('2027-01-02', today)).toBe('2027年1月2日');
    expect(listTime('2026-12-07T01:30:00Z', 'Asia/Shanghai', today)).toBe('今天 09:30');
    // 17:00 UTC on the 6th is already 01:00 on the 7th in Shanghai.
    expect(listTime('2026-12-06T17:00:00Z', 'Asia/Shanghai', today)).toBe('今天 01:00');
    expect(listTime('2026-12-06T17:00:00Z', 'Europe/London', today)).toBe('昨天 17:00');
  });
});

describe('line estimate', () => {
  test('counts indents and paragraph ends at 13 characters a line', () => {
    expect(estimatedLines({ characters: 0, paragraphs: 0, headings: 0 })).toBe(0);
    // One paragraph of 24 characters: 2 + 24 = 26 characters, two full lines, plus half a line on average.
    expect(estimatedLines({ characters: 24, paragraphs: 1, headings: 0 })).toBe(3);
    expect(estimatedLines({ characters: 1300, paragraphs: 10, headings: 2 })).toBe(Math.ceil((1300 + 20) / 13 + 6));
  });
});
