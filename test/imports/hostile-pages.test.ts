import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../helpers/app.js';
import { expectProblem } from '../helpers/problem.js';

/** A small deterministic generator (mulberry32), so a failure can be replayed from its seed. */
function random(seed: number) {
  let a = seed;
  const next = () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const pick = <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)]!;
  return { next, pick };
}

const PIECES = [
  '聊城市召开全市经济工作会议',
  '记者 张三 通讯员 李四',
  '文/图 本报记者 王五',
  '（记者 赵六）',
  '会议要求,各部门要抓好落实;确保完成全年目标!',
  '他闻声跑去,',
  '发现一个男孩',
  '示范企',
  '赔款认领公示',
  '遗失声明',
  '关于停水的通知',
  '尊敬的客户:',
  '特此公示',
  '特此声明。',
  '某某有限公司',
  '2024年4月10日',
  '二〇二四年十三月四十日',
  '某某公司 2024年2月30日',
  '联系人:温经理,联系电话:0635-8242056。请于5日内认领。',
  '请于十个工作日内认领。',
  '序号\t姓名\t身份证号\t金额(元)',
  '1\t宋西顺\t3725011966****4816\t141.55',
  '2\t孙希胜\t372501196601011239\t76.8',
  '3\t赵记伟\t37250119660101123X\t-5',
  '4\t\t\t',
  '合计\t\t\t218.35',
  '合计\t\t\t9e99',
  '\t\t\t\t\t\t',
  'x\ty\tz\tw\tv\tu\tt\ts\tr\tq\tp\to\tn\tm\tl\tk\tj\ti\th\tg\tf\te\td\tc\tb\ta\tA\tB\tC\tD\tE',
  '| 项目 | 数量 |',
  '| --- | --- |',
  '| a \\| b | 3 |',
  '#',
  '# ',
  '#######',
  '> 引用',
  '- 列表项',
  '1. 第一',
  '**粗体** _斜体_ [链接](javascript:alert(1)) <script>alert(1)</script>',
  '#read("/etc/hostname") $x$ <label> @ref = heading',
  '😀👨‍👩‍👧‍👦 ‮RTL‬ e\u0301 \u200b\u200d\u2060 \u3000\u3000',
  '\r',
  '\f',
  '。。。。',
  '——',
  '……”',
  'A'.repeat(250),
  '长'.repeat(260),
  '金'.repeat(45),
  'https://www.example.cn/a?b=1,c=(2)',
];
const PREFIXES = ['', '', '', '# ', '## ', '### ', '#### ', '　　'];

function hostilePage(seed: number): string {
  const { next, pick } = random(seed);
  const lines: string[] = [];
  const count = 1 + Math.floor(next() * 40);
  for (let i = 0; i < count; i += 1) {
    const piece = pick(PIECES);
    lines.push(piece.includes('\t') || piece.startsWith('|') ? piece : pick(PREFIXES) + piece);
    if (next() < 0.6) lines.push('');
  }
  return lines.join(pick(['\n', '\r\n', '\n\n']));
}

describe('pages no newsroom would send', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ tableLimit: 1_048_576 });
  });
  afterAll(() => t.close());

  const counts = async () =>
    Promise.all(['articles', 'notices'].map(async (what) => ((await t.request('editor', { method: 'GET', url: `/api/v1/${what}?limit=200` })).json() as { items: unknown[] }).items.length));

  it('never answer 5xx; a refusal is problem+json and changes nothing', async () => {
    const statuses = new Map<number, number>();
    for (let seed = 1; seed <= 300; seed += 1) {
      const page = hostilePage(seed);
      const before = await counts();
      const res = await t.request('reporter', {
        method: 'POST',
        url: '/api/v1/imports/page',
        headers: { 'content-type': seed % 2 ? 'text/plain' : 'text/markdown' },
        payload: page,
      });
      statuses.set(res.statusCode, (statuses.get(res.statusCode) ?? 0) + 1);
      expect(res.statusCode, `seed ${seed}: ${res.body.slice(0, 300)}`).toBeLessThan(500);
      if (res.statusCode >= 400) {
        expect(res.headers['content-type'], `seed ${seed}`).toMatch(/^application\/problem\+json/u);
        expect(await counts(), `seed ${seed} changed something`).toEqual(before);
      } else {
        expect(res.body, `seed ${seed}: ${page}`).not.toContain("372501196601011239");
      }
    }
    // The generator must reach both outcomes, or it tests nothing.
    expect(statuses.get(201) ?? 0).toBeGreaterThan(20);
    expect([...statuses.keys()].some((status) => status >= 400)).toBe(true);
  }, 120_000);

  it('refuses a title longer than the API allows, naming its line', async () => {
    const title = [1, 2, 3, 4, 5, 6].map(() => `# ${'长'.repeat(38)}`).join('\n');
    const problem = expectProblem(
      await t.request('reporter', { method: 'POST', url: '/api/v1/imports/page', headers: { 'content-type': 'text/plain' }, payload: `${title}\n# 公告\n\n正文。` }),
      422,
      'unprocessable',
    );
    expect(problem.detail).toMatch(/line 7: the notice's title is 230 characters long; at most 200/u);
  });

  it('reads a marked heading too long for a head as prose', async () => {
    const res = await t.request('reporter', { method: 'POST', url: '/api/v1/imports/page', headers: { 'content-type': 'text/plain' }, payload: `# 标题\n\n## ${'长'.repeat(61)}。\n` });
    expect(res.statusCode, res.body).toBe(201);
    expect((res.json() as { articles: { body: string }[] }).articles[0]!.body).toBe(`${'长'.repeat(61)}。`);
  });

  it('refuses a line too long to be a paragraph before reading it', async () => {
    const problem = expectProblem(
      await t.request('reporter', { method: 'POST', url: '/api/v1/imports/page', headers: { 'content-type': 'text/plain' }, payload: `# 标题\n\n${'字'.repeat(100_001)}` }),
      422,
      'unprocessable',
    );
    expect(problem.detail).toMatch(/Line 3 is 100001 characters long/u);
  });

  it('refuses a table with two columns of one name', async () => {
    const problem = expectProblem(
      await t.request('reporter', { method: 'POST', url: '/api/v1/imports/page', headers: { 'content-type': 'text/plain' }, payload: '# 领取公示\n\n姓名\t金额\t金额\n张三\t1\t2\n' }),
      422,
      'unprocessable',
    );
    expect(problem.detail).toMatch(/line 3: two columns are headed 金额/u);
  });
});
