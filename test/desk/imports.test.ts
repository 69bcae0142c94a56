import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { createTestApp, type TestApp } from '../helpers/app.js';
import { deskUser, type DeskSession } from '../helpers/desk.js';
import { noticePage } from '../helpers/imports.js';
import { encodeGb18030 } from '../helpers/photo-files.js';

/**
 * The desk's page import (导入): a page pasted or uploaded (UTF-8 or GB18030) is previewed
 * with nothing stored, then imported as drafts, which an editor may place on an edition's
 * page; a refused import (a bad 合计, a reporter placing, a missing page) comes back to the
 * preview with the reason, never a 500. The pages here split obviously: the reader's finer
 * rules are test/imports'.
 */

type DeskUser = DeskSession & { id: number };

let t: TestApp;
let reporter: DeskUser;
let editor: DeskUser;
let admin: DeskUser;
let serial = 0;

beforeAll(async () => {
  t = await createTestApp();
  reporter = await deskUser(t, 'reporter', '王小记');
  editor = await deskUser(t, 'editor', '李编辑');
  admin = await deskUser(t, 'admin', '赵管理');
});

afterAll(async () => {
  await t?.close();
});

const flashOf = (res: { headers: Record<string, unknown> }) => decodeURIComponent(decodeURIComponent(/newsroom_flash=([^;]*)/.exec(String(res.headers['set-cookie']))?.[1] ?? ''));

/** A page of two stories (the first running on to A05) and a statement; `tag` makes each page's text its own. */
function storyPage(tag = `${++serial}`): string {
  return [
    `# 城区新建三座口袋公园${tag}`,
    '',
    '记者 张三',
    '',
    '今年以来，城区利用边角地新建了三座口袋公园，方便市民就近休闲锻炼，周边居民纷纷点赞。',
    '',
    '公园里设置了健身器材、座椅和儿童游乐设施，晚上还有照明，成为附近居民散步的好去处。',
    '',
    '（下转A05版）',
    '',
    `# 市图书馆延长开放时间${tag}`,
    '',
    '记者 李四',
    '',
    '从下月起，市图书馆每天开放到晚上九点，方便上班族下班后借书阅读。',
    '',
    '# 遗失声明',
    '',
    '张三遗失聊城市某某区营业执照正本，声明作废。',
    '',
    '李四遗失道路运输证，证号372501，声明作废。',
    '',
  ].join('\n');
}

/** A page with a notice table whose 合计 does not add up (10.00 + 20.50 is not 31.00). */
function badTotalPage(): string {
  return `# 一条新闻${++serial}\n\n记者 张三\n\n正文。\n\n${noticePage('补助发放公示', [['1', '张三', '3725011966****4816', '10.00'], ['2', '李四', '3725011966****4816', '20.50']], '31.00')}`;
}

/** A multipart/form-data body with text fields and, if given, one file. */
function multipart(fields: Record<string, string>, file?: { name: string; type: string; content: Buffer }) {
  const boundary = '----desk-import-boundary';
  const chunks: Buffer[] = Object.entries(fields).map(([name, value]) => Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`));
  if (file) chunks.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${file.name}"\r\nContent-Type: ${file.type}\r\n\r\n`), file.content, Buffer.from('\r\n'));
  chunks.push(Buffer.from(`--${boundary}--\r\n`));
  return { headers: { 'content-type': `multipart/form-data; boundary=${boundary}` }, payload: Buffer.concat(chunks) };
}

const preview = (as: DeskSession, text: string, format = 'markdown') => as.post('/desk/imports/preview', { text, format });

/** The import form of a preview page, as the browser would post it. */
function importForm(html: string): Record<string, string> {
  const text = /<input type="hidden" name="text" value="([^"]*)"/.exec(html)?.[1];
  const format = /<input type="hidden" name="format" value="([^"]*)"/.exec(html)?.[1];
  if (text === undefined || format === undefined) throw new Error('no import form on the page');
  const decoded = text.replace(/&#(\d+);/g, (_m, n: string) => String.fromCodePoint(Number(n))).replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&amp;/g, '&');
  return { text: decoded, format };
}

const count = async (what: 'articles' | 'notices') => ((await t.request('editor', { method: 'GET', url: `/api/v1/${what}?limit=200` })).json() as { items: unknown[] }).items.length;

async function importedIdOf(res: { statusCode: number; headers: Record<string, unknown>; body: string }): Promise<number> {
  expect(res.statusCode, res.body.slice(0, 2000)).toBe(303);
  const id = Number(/^\/desk\/imports\/(\d+)$/.exec(String(res.headers.location))?.[1]);
  expect(id).toBeGreaterThan(0);
  return id;
}

describe('the import screen', () => {
  test('every signed-in role reaches it from the navigation, and its form posts to the preview with the token', async () => {
    for (const as of [reporter, editor, admin]) {
      const page = await as.get('/desk/imports');
      expect(page.statusCode).toBe(200);
      expect(page.body).toContain('<a href="/desk/imports" aria-current="page">导入</a>');
      expect(page.body).toMatch(/<form method="post" action="\/desk\/imports\/preview" enctype="multipart\/form-data"[^>]*>\s*<input type="hidden" name="_csrf" value="[^"]+"/);
      expect(page.body).toContain('name="file"');
      expect(page.body).toContain('<textarea id="page-text" name="text"');
    }
    expect((await reporter.get('/desk/stories')).body).toContain('<a href="/desk/imports">导入</a>');
  });

  test('a post without the form token is refused and nothing is read or stored', async () => {
    const before = await count('articles');
    const res = await reporter.post('/desk/imports/preview', { text: storyPage() }, { csrf: false });
    expect(res.statusCode).toBe(403);
    const imported = await editor.post('/desk/imports', { text: storyPage(), format: 'markdown' }, { csrf: false });
    expect(imported.statusCode).toBe(403);
    const upload = multipart({ text: storyPage(), format: 'markdown' });
    expect((await editor.inject({ method: 'POST', url: '/desk/imports/preview', ...upload })).statusCode).toBe(403);
    expect(await count('articles')).toBe(before);
  });
});

describe('the preview', () => {
  test('a pasted page shows its items in page order and the lines taken out, storing nothing', async () => {
    const before = [await count('articles'), await count('notices')];
    const res = await preview(reporter, storyPage('甲'));
    expect(res.statusCode, res.body.slice(0, 1500)).toBe(200);
    const html = res.body;
    const first = html.indexOf('城区新建三座口袋公园甲');
    const second = html.indexOf('市图书馆延长开放时间甲');
    const notice = html.indexOf('<h3 class="headline">遗失声明</h3>');
    expect(first).toBeGreaterThan(0);
    expect(second).toBeGreaterThan(first);
    expect(notice).toBeGreaterThan(second);
    expect(html).toContain('张三');
    expect(html).toContain('下转 A05 版');
    expect(html).toMatch(/转版 <span class="count">1 处<\/span>/);
    expect(html).toContain('第 9 行');
    expect(html).toContain('共 2 条');
    expect(html).toContain('张三遗失聊城市某某区营业执照正本，声明作废。');
    // The import form carries the page, and a reporter is offered no page to place the drafts on.
    expect(importForm(html).text).toBe(storyPage('甲'));
    expect(html).not.toContain('name="placeOn"');
    expect(html).not.toContain('name="edition"');
    expect(html).toMatch(/<button type="submit" class="primary">导入为草稿<\/button>/);
    expect([await count('articles'), await count('notices')]).toEqual(before);
  });

  test('a GB18030 file previews as its text, its format from its name', async () => {
    const text = storyPage('乙');
    const encoded = encodeGb18030(text);
    expect(() => new TextDecoder('utf-8', { fatal: true }).decode(encoded)).toThrow();
    const body = multipart({ _csrf: editor.csrf, text: '', format: 'auto' }, { name: '版面.md', type: 'text/markdown', content: encoded });
    const res = await editor.inject({ method: 'POST', url: '/desk/imports/preview', ...body });
    expect(res.statusCode, res.body.slice(0, 1500)).toBe(200);
    expect(res.body).toContain('城区新建三座口袋公园乙');
    expect(res.body).toContain('按 Markdown 读');
    expect(res.body).toContain('文件：版面.md');
    expect(importForm(res.body)).toEqual({ text, format: 'markdown' });
  });

  test('a file that is not text, or nothing at all, comes back to the form with the reason', async () => {
    const binary = multipart({ _csrf: reporter.csrf, text: '' }, { name: 'page.txt', type: 'text/plain', content: Buffer.from([0x50, 0x4b, 0x03, 0x04, 0x00, 0x00, 0xff, 0xfe]) });
    const res = await reporter.inject({ method: 'POST', url: '/desk/imports/preview', ...binary });
    expect(res.statusCode).toBe(400);
    expect(res.body).toContain('不是纯文本');
    const empty = await reporter.post('/desk/imports/preview', { text: '  \n' });
    expect(empty.statusCode).toBe(400);
    expect(empty.body).toContain('请粘贴版面文字');
    const word = multipart({ _csrf: reporter.csrf }, { name: 'page.docx', type: 'application/octet-stream', content: Buffer.from('x') });
    expect((await reporter.inject({ method: 'POST', url: '/desk/imports/preview', ...word })).statusCode).toBe(415);
  });

  test('a bad 合计 is shown as a problem, the import button is disabled, and importing anyway stores nothing', async () => {
    const before = [await count('articles'), await count('notices')];
    const res = await preview(editor, badTotalPage());
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain('class="card import-problems" role="alert"');
    expect(res.body).toContain('第 19 行');
    expect(res.body).toContain('合计行写的是 31.00，各行加起来是 30.50');
    expect(res.body).toMatch(/<button type="submit" class="primary" disabled aria-describedby="blocked-reason">导入为草稿<\/button>/);
    expect(res.body).not.toMatch(/<button type="submit" class="primary">导入为草稿/);
    const forced = await editor.post('/desk/imports', importForm(res.body));
    expect(forced.statusCode).toBe(422);
    expect(forced.body).toContain('什么都没有导入');
    expect([await count('articles'), await count('notices')]).toEqual(before);
  });
});

describe('the import', () => {
  test('a reporter imports the drafts; the import’s page links them; the same page again makes nothing', async () => {
    const shown = await preview(reporter, storyPage());
    const form = importForm(shown.body);
    const res = await reporter.post('/desk/imports', form);
    const id = await importedIdOf(res);
    expect(flashOf(res)).toContain('已导入 2 篇稿件、1 则公告');
    const page = await reporter.get(`/desk/imports/${id}`);
    expect(page.statusCode).toBe(200);
    const stories = [...page.body.matchAll(/<a href="\/desk\/stories\/(\d+)">([^<]+)<\/a>/g)];
    expect(stories.map((m) => m[2])).toEqual([expect.stringContaining('城区新建三座口袋公园'), expect.stringContaining('市图书馆延长开放时间')]);
    const story = await reporter.get(`/desk/stories/${stories[0]![1]}`);
    expect(story.statusCode).toBe(200);
    expect(page.body).toContain('遗失声明');
    expect(page.body).not.toContain('/desk/notices/'); // a reporter's desk has no notice pages
    expect(page.body).toContain('都还没有放上版面');
    const editorView = await editor.get(`/desk/imports/${id}`);
    expect(editorView.body).toMatch(/<a href="\/desk\/notices\/\d+">遗失声明<\/a>/);
    // Another reporter does not see it.
    const other = await deskUser(t, 'reporter');
    expect((await other.get(`/desk/imports/${id}`)).statusCode).toBe(404);
    expect((await reporter.get('/desk/imports/99999999')).statusCode).toBe(404);
    // Imported again by another reporter: nothing is made, and they are told so rather than sent to a page they may not see.
    const byOther = await other.post('/desk/imports', form);
    expect(byOther.headers.location).toBe('/desk/imports');
    expect(flashOf(byOther)).toContain('以前已经由别人导入过');

    const before = await count('articles');
    const again = await reporter.post('/desk/imports', form);
    expect(await importedIdOf(again)).toBe(id);
    expect(flashOf(again)).toContain('以前已经导入过');
    expect(await count('articles')).toBe(before);
  });

  test('an editor places the drafts at the end of an edition’s page, chosen from the pages offered', async () => {
    const created = await t.request('editor', { method: 'POST', url: '/api/v1/editions', payload: { date: '2099-07-01', issueNumber: 99001 } });
    expect(created.statusCode, created.body).toBe(201);
    const put = await t.request('editor', { method: 'PUT', url: '/api/v1/editions/2099-07-01/pages/A02', headers: { 'if-none-match': '*' }, payload: { name: '要闻', grid: 'broadsheet-8', items: [] } });
    expect(put.statusCode, put.body).toBe(201);
    const shown = await preview(editor, storyPage());
    expect(shown.body).toContain('<option value="2099-07-01/A02">A02 要闻（2099-07-01）</option>');
    expect(shown.body).toContain('name="edition"');

    const missing = await editor.post('/desk/imports', { ...importForm(shown.body), edition: '2099-07-01', page: 'A09' });
    expect(missing.statusCode).toBe(404);
    expect(missing.body).toContain('找不到2099-07-01 的 A09 版');
    const half = await editor.post('/desk/imports', { ...importForm(shown.body), edition: '2099-07-01' });
    expect(half.statusCode).toBe(400);
    expect(half.body).toContain('日期和版号要一起填');

    const res = await editor.post('/desk/imports', { ...importForm(shown.body), placeOn: '2099-07-01/A02' });
    const id = await importedIdOf(res);
    expect(flashOf(res)).toContain('已放上 2099-07-01 的 A02 版');
    const page = (await t.request('editor', { method: 'GET', url: '/api/v1/editions/2099-07-01/pages/A02' })).json() as { items: { kind: string; id: number }[] };
    expect(page.items.map((i) => i.kind)).toEqual(['article', 'article', 'notice']);
    const shownImport = await editor.get(`/desk/imports/${id}`);
    expect(shownImport.body).toContain('A02 版 要闻');
    expect(shownImport.body).toContain('3 项');
    for (const item of page.items) expect(shownImport.body).toContain(`/desk/${item.kind === 'article' ? 'stories' : 'notices'}/${item.id}`);
  });

  test('a reporter is offered no page, and a forged placement is refused on the preview, nothing stored', async () => {
    const before = [await count('articles'), await count('notices')];
    const shown = await preview(reporter, storyPage());
    const res = await reporter.post('/desk/imports', { ...importForm(shown.body), placeOn: '2099-07-01/A02' });
    expect(res.statusCode).toBe(403);
    expect(res.body).toContain('只有编辑可以把稿件放上版面');
    expect(res.body).toContain('导入预览');
    const typed = await reporter.post('/desk/imports', { ...importForm(shown.body), edition: '2099-07-01', page: 'A02' });
    expect(typed.statusCode).toBe(403);
    expect([await count('articles'), await count('notices')]).toEqual(before);
  });

  test('the import form posted as multipart, as the browser sends it, imports too', async () => {
    const shown = await preview(admin, storyPage());
    const body = multipart({ _csrf: admin.csrf, ...importForm(shown.body), section: '', placeOn: '', edition: '', page: '' });
    const res = await admin.inject({ method: 'POST', url: '/desk/imports', ...body });
    await importedIdOf(res);
  });
});
