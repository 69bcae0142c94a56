import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkCharacter } from '../../src/lib/id-card.js';
import { createTestApp, type TestApp } from '../helpers/app.js';
import { noticePage, type ImportJson } from '../helpers/imports.js';
import { expectProblem } from '../helpers/problem.js';


const fullId = (first17: string) => first17 + checkCharacter(first17);


describe('page import rules', () => {
  let t: TestApp;
  const post = (token: string, payload: string, query = '') =>
    t.request(token, { method: 'POST', url: `/api/v1/imports/page${query}`, headers: { 'content-type': 'text/plain; charset=utf-8' }, payload });
  const count = async (what: 'articles' | 'notices') => ((await t.request('editor', { method: 'GET', url: `/api/v1/${what}?limit=200` })).json() as { items: unknown[] }).items.length;

  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  it('refuses a page whose 合计 does not add up, naming the line, and stores nothing', async () => {
    const before = [await count('articles'), await count('notices')];
    const page = `# 一条新闻\n\n记者 张三\n\n正文。\n\n${noticePage('补助发放公示', [['1', '张三', '3725011966****4816', '10.00'], ['2', '李四', '3725011966****4816', '20.50']], '31.00')}`;
    const problem = expectProblem(await post('reporter', page), 422, 'unprocessable');
    expect(problem.detail).toMatch(/line 19/u);
    expect(problem.errors).toEqual([expect.objectContaining({ line: 19, column: '金额(元)', message: expect.stringMatching(/30\.50/u) })]);
    expect([await count('articles'), await count('notices')]).toEqual(before);
  });

  it('refuses a bad ID number or amount, every bad cell listed by line, never echoing a full ID', async () => {
    const wrongCheck = `${fullId('37150219800101123').slice(0, 17)}${checkCharacter('37150219800101123') === '0' ? '1' : '0'}`;
    const page = noticePage('补助发放公示', [['1', '张三', wrongCheck, '10'], ['2', '李四', '3725011966****4816', '十元'], ['x', '王五', '3725011966****4816', '3']]);
    const res = await post('reporter', page);
    const problem = expectProblem(res, 422, 'unprocessable');
    // `line` is the page's line; `row` the data row of the notice's table, as its stored rows are numbered.
    expect(problem.errors!.map((e) => [(e as unknown as { line: number }).line, (e as unknown as { row: number }).row])).toEqual([
      [11, 1],
      [12, 2],
      [13, 3],
    ]);
    expect(res.body).not.toContain(wrongCheck);
  });

  it('refuses a row with more cells than its header', async () => {
    const problem = expectProblem(await post('reporter', noticePage('领取公示', [['1', '张三', '3725011966****4816', '10', '多余']])), 422, 'unprocessable');
    expect(problem.detail).toMatch(/line 11 has 5 cells/u);
  });

  it('masks full ID numbers in a table, lists each at its line, and never returns or stores them whole', async () => {
    const ids = [fullId('37150219800101123'), fullId('37150219751231456')];
    const res = await post('reporter', noticePage('领取公示', [['1', '张三', ids[0]!, '10'], ['2', '李四', ids[1]!, '5.5']], '15.50'));
    expect(res.statusCode, res.body).toBe(201);
    const body = res.json() as ImportJson;
    const masked = body.changes.filter((c) => c.type === 'id-masked');
    expect(masked.map((c) => c.line)).toEqual([11, 12]);
    expect(masked.every((c) => c.item?.kind === 'notice' && c.item.id === body.notices[0]!.id)).toBe(true);
    for (const id of ids) expect(res.body).not.toContain(id);
    const rows = await t.request('editor', { method: 'GET', url: `/api/v1/notices/${body.notices[0]!.id}/rows` });
    expect(rows.body).toContain(`${ids[0]!.slice(0, 10)}****${ids[0]!.slice(14)}`);
    for (const id of ids) expect(rows.body).not.toContain(id);
    const stored = await t.database.db.execute(`select changes::text as c from page_imports where id = ${body.id}`);
    for (const id of ids) expect(JSON.stringify(stored)).not.toContain(id);
  });

  it('files stories in the section given, and places the drafts on a page in page order for editors only', async () => {
    const section = (await t.request('editor', { method: 'POST', url: '/api/v1/sections', payload: { name: '本地', slug: 'local-import' } })).json() as { id: number };
    await t.request('editor', { method: 'POST', url: '/api/v1/editions', payload: { date: '2024-07-01', issueNumber: 70001 } });
    const put = await t.request('editor', {
      method: 'PUT',
      url: '/api/v1/editions/2024-07-01/pages/A02',
      headers: { 'if-none-match': '*' },
      payload: { name: '要闻', grid: 'broadsheet-8', items: [] },
    });
    expect(put.statusCode, put.body).toBe(201);
    const text = `# 第一条消息\n\n记者 张三\n\n正文一。\n\n# 第二条消息\n\n记者 李四\n\n正文二。\n\n${noticePage('领取公示', [['1', '张三', '3725011966****4816', '10']])}`;
    expectProblem(await post('reporter', text, '?edition=2024-07-01&page=A02'), 403, 'forbidden');
    expect(expectProblem(await post('reporter', text, '?section=999999'), 422, 'unprocessable').errors).toEqual([{ in: 'query', pointer: '/section', message: 'no such section' }]);
    expectProblem(await post('editor', text, '?edition=2024-07-01&page=A09'), 404, 'not-found');
    const res = await post('editor', text, `?edition=2024-07-01&page=A02&section=${section.id}`);
    expect(res.statusCode, res.body).toBe(201);
    const body = res.json() as ImportJson;
    expect(body.articles.map((a) => a.sectionId)).toEqual([section.id, section.id]);
    const page = (await t.request('editor', { method: 'GET', url: '/api/v1/editions/2024-07-01/pages/A02' })).json() as { items: { kind: string; id: number }[] };
    const audit = (await t.request('admin', { method: 'GET', url: '/api/v1/audit?limit=50' })).json() as { items: { action: string; entityId: string; details: Record<string, unknown> }[] };
    expect(audit.items.find((e) => e.action === 'page.import' && e.entityId === String(body.id))?.details).toMatchObject({
      articles: body.articles.map((a) => a.id),
      notices: body.notices.map((n) => n.id),
      placedOn: { date: '2024-07-01', label: 'A02' },
    });
    expect(page.items.map((i) => [i.kind, i.id])).toEqual([
      ['article', body.articles[0]!.id],
      ['article', body.articles[1]!.id],
      ['notice', body.notices[0]!.id],
    ]);
  });

  it('makes one set of drafts when the same page arrives twice at once', async () => {
    const text = `# 同时到达的一页\n\n记者 张三\n\n正文。\n`;
    const before = await count('articles');
    const [a, b] = await Promise.all([post('reporter', text), post('editor', text)]);
    expect([a.statusCode, b.statusCode].sort()).toEqual([200, 201]);
    expect((a.json() as ImportJson).articles[0]!.id).toBe((b.json() as ImportJson).articles[0]!.id);
    expect(await count('articles')).toBe(before + 1);
  });

  it('reads GB18030 text when the charset says so', async () => {
    const text = '# 国标编码的一页\n\n记者 王五\n\n正文。\n';
    const gb = gb18030(text);
    const res = await t.request('reporter', { method: 'POST', url: '/api/v1/imports/page', headers: { 'content-type': 'text/plain; charset=GB18030' }, payload: gb });
    expect(res.statusCode, res.body).toBe(201);
    expect((res.json() as ImportJson).articles[0]!.headline).toBe('国标编码的一页');
  });

  it('needs a signed-in user', async () => {
    expectProblem(await post('not-a-token', '# 标题\n\n正文。'), 401, 'unauthorized');
  });
});

/** GB18030 bytes of text that is ASCII or in the GB2312 range, found by decoding every double-byte code. */
function gb18030(text: string): Buffer {
  const decoder = new TextDecoder('gb18030');
  const table = new Map<string, number[]>();
  for (let hi = 0xa1; hi <= 0xf7; hi += 1) {
    for (let lo = 0xa1; lo <= 0xfe; lo += 1) table.set(decoder.decode(new Uint8Array([hi, lo])), [hi, lo]);
  }
  const bytes: number[] = [];
  for (const ch of text) {
    if (ch.charCodeAt(0) < 0x80) bytes.push(ch.charCodeAt(0));
    else bytes.push(...(table.get(ch) ?? (() => { throw new Error(`no GB2312 code for ${ch}`); })()));
  }
  return Buffer.from(bytes);
}
