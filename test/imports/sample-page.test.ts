import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { endsSentence } from '../../src/features/imports/paragraphs.js';
import { createTestApp, type TestApp } from '../helpers/app.js';
import type { ImportJson } from '../helpers/imports.js';
import { expectProblem } from '../helpers/problem.js';

const SAMPLE = readFileSync(new URL('../../samples/liaocheng-page.txt', import.meta.url), 'utf8');


/** The body's paragraphs: blocks that are not sub-heads. */
function paragraphs(body: string): string[] {
  return body.split(/\n{2,}/u).filter((block) => !block.startsWith('#'));
}

describe('importing the sample page', () => {
  let t: TestApp;
  let first: ImportJson;
  let status: number;

  beforeAll(async () => {
    t = await createTestApp({ tableLimit: 1_048_576 });
    const res = await t.request('reporter', { method: 'POST', url: '/api/v1/imports/page', headers: { 'content-type': 'text/markdown; charset=utf-8' }, payload: SAMPLE });
    status = res.statusCode;
    first = res.json() as ImportJson;
  });
  afterAll(() => t.close());

  it('creates two story drafts and a notice draft', () => {
    expect(status).toBe(201);
    expect(first.articles).toHaveLength(2);
    expect(first.notices).toHaveLength(1);
    expect([...first.articles, ...first.notices].every((item) => item.status === 'draft')).toBe(true);
  });

  it('reads the first story’s head, credits and four sub-heads', () => {
    const story = first.articles[0]!;
    expect(story).toMatchObject({ kicker: null, headline: '“1+2+4”创新模式破解难题', subtitle: '聊城市被评为省级商业秘密保护创新试点' });
    expect(story.credits.map((c) => [c.role, c.name])).toEqual([
      ['reporter', '国晓宁'],
      ['correspondent', '楚克伟'],
    ]);
    const subheads = story.body.split('\n').filter((line) => line.startsWith('## '));
    expect(subheads).toEqual([
      '## 高度重视，完善商业秘密保护工作顶层设计',
      '## 多方联动，齐心共筑商业秘密保护“防火墙”',
      '## 行业引领，激发商业秘密保护“新活力”',
      '## 创新机制，探索建立商业秘密保护“聊城模式”',
    ]);
    // The lead paragraph above the byline opens the body; the byline itself is not body text.
    expect(paragraphs(story.body)[0]).toMatch(/^聊城市紧紧围绕/u);
    expect(story.body).not.toContain('记者 国晓宁');
  });

  it('reads the second story with its reporter', () => {
    const story = first.articles[1]!;
    expect(story).toMatchObject({ kicker: null, headline: '在景区救起两名落水儿童 悄然离去的他被找到了', subtitle: null });
    expect(story.credits.map((c) => [c.role, c.name])).toEqual([['reporter', '国晓宁']]);
    expect(story.body).not.toContain('赔款认领公示');
  });

  it('joins all four breaks and leaves no paragraph without sentence-final punctuation', () => {
    const bodies = first.articles.map((a) => a.body).join('\n\n');
    for (const joined of ['示范企业代表', '企业商业秘密保护诉求', '支柱产业和特色产业', '他闻声跑去，发现一个男孩']) expect(bodies).toContain(joined);
    for (const story of first.articles) {
      for (const paragraph of paragraphs(story.body)) expect(endsSentence(paragraph), paragraph).toBe(true);
    }
    const joins = first.changes.filter((c) => c.type === 'joined');
    expect(joins.map((c) => [c.line, c.toLine])).toEqual([
      [17, 19],
      [25, 27],
      [37, 39],
      [49, 51],
    ]);
    expect(joins.map((c) => c.item?.id)).toEqual([first.articles[0]!.id, first.articles[0]!.id, first.articles[0]!.id, first.articles[1]!.id]);
  });

  it('makes half-width punctuation in Chinese text full-width and lists each change with its line', () => {
    const bodies = first.articles.map((a) => a.body).join('');
    expect(bodies).not.toMatch(/\p{Script=Han}[,:;?!()]|[,:;?!()]\p{Script=Han}/u);
    const marks = first.changes.filter((c) => c.type === 'punctuation');
    expect(marks.length).toBeGreaterThan(100);
    // 出台实施方案。…实施方案(2023—2025年)》 on line 15.
    const lines = SAMPLE.split('\n');
    for (const mark of marks) {
      const chars = Array.from(lines[mark.line - 1]!);
      expect(chars[mark.column! - 1], `line ${mark.line} column ${mark.column}`).toBe(Array.from(mark.before.trim())[0]);
    }
    // The phone number's hyphen and the year range stay as printed.
    expect(first.notices[0]!.contact).toEqual({ name: '温经理', phone: '0635-8242056' });
    expect(bodies).toContain('（2023—2025年）');
  });

  it('reads the notice: title, salutation, issuer, date, contact, claim period, closing and its 24-row table', () => {
    const notice = first.notices[0]!;
    expect(notice).toMatchObject({
      kind: 'payout_claim',
      title: '赔款认领公示',
      salutation: '尊敬的客户：',
      closing: '特此公示',
      issuer: '中国人民财产保险股份有限公司聊城市分公司理赔中心/客户服务中心',
      issuedOn: '2024-04-10',
      contact: { name: '温经理', phone: '0635-8242056' },
      claimDays: 5,
      deadline: '2024-04-15',
    });
    expect(notice.table!.rowCount).toBe(24);
    expect(notice.table!.totals).toEqual([expect.objectContaining({ key: 'amount', value: 239426 })]);
  });

  it('stores the table rows typed and in order', async () => {
    const res = await t.request('editor', { method: 'GET', url: `/api/v1/notices/${first.notices[0]!.id}/rows` });
    const rows = (res.json() as { items: { values: (string | number | null)[] }[] }).items;
    expect(rows).toHaveLength(24);
    expect(rows[0]!.values).toEqual([1, '宋西顺', '3725011966****4816', '东昌府', '张炉集', '邓院村', 2021, 14155]);
    expect(rows[19]!.values[2]).toBe('3725261954****501X');
    expect(rows[23]!.values[0]).toBe(24);
  });

  it('answers the same page again with the first drafts and creates nothing', async () => {
    const count = async (url: string) => ((await t.request('editor', { method: 'GET', url })).json() as { items: unknown[] }).items.length;
    const before = [await count('/api/v1/articles'), await count('/api/v1/notices')];
    const again = await t.request('editor', { method: 'POST', url: '/api/v1/imports/page', headers: { 'content-type': 'text/plain' }, payload: SAMPLE.replace(/\n/gu, '\r\n') });
    expect(again.statusCode).toBe(200);
    const body = again.json() as ImportJson;
    expect(body.id).toBe(first.id);
    expect(body.articles.map((a) => a.id)).toEqual(first.articles.map((a) => a.id));
    expect(body.notices.map((n) => n.id)).toEqual(first.notices.map((n) => n.id));
    expect(body.changes).toEqual(first.changes);
    expect([await count('/api/v1/articles'), await count('/api/v1/notices')]).toEqual(before);
  });

  it('refuses input that is not a page, saying why', async () => {
    const post = (payload: string | Buffer, type = 'text/plain') => t.request('reporter', { method: 'POST', url: '/api/v1/imports/page', headers: { 'content-type': type }, payload });
    expect(expectProblem(await post(''), 400, 'bad-request').detail).toMatch(/empty/u);
    expect(expectProblem(await post('\n \n\t\n'), 400, 'bad-request').detail).toMatch(/empty/u);
    expect(expectProblem(await post(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d])), 400, 'bad-request').detail).toMatch(/binary/u);
    expect(expectProblem(await post(Buffer.from('标题\n\n正文\u0001内容。')), 400, 'bad-request').detail).toMatch(/binary.*line 3/u);
    expect(expectProblem(await post(Buffer.alloc(1_100_000, 0x41)), 413, 'payload-too-large').detail).toBeTruthy();
    expect(expectProblem(await post('{"headline":"x"}', 'application/json'), 415, 'unsupported-media-type').detail).toMatch(/text\/plain/u);
    expect(expectProblem(await post('没有标题的一段话，以句号结束。'), 422, 'unprocessable').detail).toMatch(/headline/u);
    expect(expectProblem(await post(Buffer.from([0xd6, 0xd0, 0xce, 0xc4])), 400, 'bad-request').detail).toMatch(/gb18030/iu);
    const missing = await t.request('editor', { method: 'POST', url: '/api/v1/imports/page?edition=2024-04-11', headers: { 'content-type': 'text/plain' }, payload: SAMPLE });
    expectProblem(missing, 400, 'validation-failed');
  });
});
