import { describe, expect, it } from 'vitest';
import { parseByline } from '../../src/document/byline-reader.js';
import { chineseNumber, readDate } from '../../src/features/imports/notice.js';
import { parsePage, type ParseOptions } from '../../src/features/imports/page.js';
import { endsSentence, escapeMarkdown, joinBroken } from '../../src/features/imports/paragraphs.js';
import { parseMarkdown } from '../../src/document/markdown.js';
import type { ImportChange } from '../../src/features/imports/model.js';

const OPTIONS: ParseOptions = { format: 'markdown', kinds: [], today: '2026-01-02' };
const page = (text: string, options: Partial<ParseOptions> = {}) => parsePage(text, { ...OPTIONS, ...options });

describe('bylines', () => {
  it.each([
    ['记者 国晓宁 通讯员 楚克伟', [['reporter', '国晓宁'], ['correspondent', '楚克伟']]],
    ['本报记者 张丽 王强', [['reporter', '张丽'], ['reporter', '王强']]],
    ['记者 张三、李四', [['reporter', '张三'], ['reporter', '李四']]],
    ['见习记者 赵六 实习生 周八', [['reporter', '赵六'], ['intern', '周八']]],
    ['特约记者 孙七', [['reporter', '孙七']]],
    ['本报通讯员 吴九', [['correspondent', '吴九']]],
    ['文/图 本报记者 郑十', [['reporter', '郑十'], ['photographer', '郑十']]],
    ['文／图 郑十', [['reporter', '郑十'], ['photographer', '郑十']]],
    ['记者 张三 摄影 李四', [['reporter', '张三'], ['photographer', '李四']]],
    ['□本报记者　马晓燕', [['reporter', '马晓燕']]],
    ['（记者 阿依古丽·买买提）', [['reporter', '阿依古丽·买买提']]],
    ['记者国晓宁', [['reporter', '国晓宁']]],
    ['记者 许 诺 通讯员 陈　曦', [['reporter', '许诺'], ['correspondent', '陈曦']]],
    ['全媒体记者 张三', [['reporter', '张三']]],
    ['□记者 陈晓光 文/图', [['reporter', '陈晓光'], ['photographer', '陈晓光']]],
    ['本报记者 赵钱孙/文　钱周吴/图', [['reporter', '赵钱孙'], ['photographer', '钱周吴']]],
    ['撰文/马丽　摄影/朱峰', [['reporter', '马丽'], ['photographer', '朱峰']]],
    ['记者：张三', [['reporter', '张三']]],
    ['**记者 王志强**', [['reporter', '王志强']]],
    ['本报记者 刘一鸣 黄丽 通讯员 王建军 摄影报道', [['reporter', '刘一鸣'], ['reporter', '黄丽'], ['correspondent', '王建军'], ['photographer', '王建军']]],
    ['记者 张三 王五 报道', [['reporter', '张三'], ['reporter', '王五']]],
    ['记者 张三 整理', [['reporter', '张三']]],
    ['记者 王静 摄', [['photographer', '王静']]],
    ['张三 摄', [['photographer', '张三']]],
    ['文/张晓明 图/李立', [['reporter', '张晓明'], ['photographer', '李立']]],
    ['文/本报记者 张晓明', [['reporter', '张晓明']]],
    ['新华社记者 王 健 张晓明', [['reporter', '王健'], ['reporter', '张晓明']]],
    ['本報記者 陳國華 實習生 李 娜', [['reporter', '陳國華'], ['intern', '李娜']]],
    ['*本报记者 庄晓彤*', [['reporter', '庄晓彤']]],
    ['特约撰稿人 赵平', [['contributor', '赵平']]],
    ['记者 谢娜', [['reporter', '谢娜']]],
  ])('%s', (line, credits) => {
    expect(parseByline(line)?.map((c) => [c.role, c.name])).toEqual(credits);
  });

  it.each(['记者手记', '记者观察', '记者：好的', '记者：谢谢您', '记者了解到', '记者 报道', '摄影', '张三 李四', '记者 欧 阳 娜', '图为活动现场', '记者从市教育局获悉，今年共有3万人报名。', '国晓宁 记者', '记者', '聊城市被评为省级商业秘密保护创新试点', '通讯员 楚克伟 说了很多很多的话'])(
    '%s is prose',
    (line) => {
      expect(parseByline(line)).toBeNull();
    },
  );
});

describe('dates and numbers as notices write them', () => {
  it.each([
    ['2024年4月10日', '2024-04-10'],
    ['2024 年 4 月 10 日', '2024-04-10'],
    ['二〇二四年四月十日', '2024-04-10'],
    ['二〇二四年十二月三十一日', '2024-12-31'],
    ['2024-05-08', '2024-05-08'],
    ['2024.5.8', '2024-05-08'],
    ['2024年2月30日', null],
    ['4月10日', null],
    ['2024年4月10日下午', null],
  ])('%s → %s', (text, date) => {
    expect(readDate(text)).toBe(date);
  });

  it.each([
    ['五', 5],
    ['十', 10],
    ['十五', 15],
    ['二十', 20],
    ['三十', 30],
    ['一百二十', 120],
    ['两', 2],
    ['二〇二四', 2024],
    ['15', 15],
    ['十十', null],
    ['廿', null],
  ])('%s → %s', (text, value) => {
    expect(chineseNumber(text)).toBe(value);
  });
});

describe('paragraphs cut by breaks', () => {
  it.each([
    ['参加会议。', true],
    ['“可算找到您了……”', true],
    ['他说：“走吧。”', true],
    ['（完）', true],
    ['尊敬的客户：', true],
    ['示范企', false],
    ['他闻声跑去，', false],
    ['共筑“防火墙”', false],
    ['in English.', true],
  ])('%s ends a sentence: %s', (text, ends) => {
    expect(endsSentence(text)).toBe(ends);
  });

  it('joins Han text directly, Latin words with a space, and hyphenated words whole', () => {
    const changes: ImportChange[] = [];
    const joined = joinBroken(
      [
        { line: 1, text: '商业秘密保护示范企' },
        { line: 3, text: '业代表参加了 the' },
        { line: 5, text: 'meeting in Liao-' },
        { line: 7, text: 'cheng.' },
        { line: 9, text: '下一段。' },
      ],
      changes,
      { kind: 'article', index: 0 },
    );
    expect(joined.map((p) => p.text)).toEqual(['商业秘密保护示范企业代表参加了 the meeting in Liaocheng.', '下一段。']);
    expect(changes.map((c) => [c.line, c.toLine])).toEqual([
      [1, 3],
      [3, 5],
      [5, 7],
    ]);
    expect(changes[0]).toMatchObject({ type: 'joined', before: '业秘密保护示范企\n\n业代表参加了 t', after: '业秘密保护示范企业代表参加了 t' });
  });

  it('escapes plain text so Markdown shows it as written', () => {
    for (const text of ['# 不是标题', '1. 不是列表', '- 也不是', '3725011966****4816 号', '<b>粗</b> [链接](http://x.cn) `代码` _斜_', '> 引用']) {
      const document = parseMarkdown(escapeMarkdown(text));
      expect(document.blocks).toHaveLength(1);
      expect(document.blocks[0]!.type).toBe('paragraph');
      const inline = (document.blocks[0] as { children: { type: string; text?: string }[] }).children;
      expect(inline.map((run) => run.text ?? '').join('')).toBe(text);
    }
  });
});

describe('reading a page', () => {
  it('on a page without Markdown headings, reads short lone lines as heads, kicker above the longer headline', () => {
    const parsed = page(
      ['聚焦民生实事', '', '我市新建口袋公园二十处', '', '本报记者 王强', '', '今年以来，我市新建口袋公园20处，', '', '方便市民就近休闲。', '', '小公园大民生', '', '公园建在家门口。'].join('\n'),
      { format: 'plain' },
    );
    expect(parsed.articles).toHaveLength(1);
    const [story] = parsed.articles;
    expect(story).toMatchObject({ kicker: '聚焦民生实事', headline: '我市新建口袋公园二十处', subtitle: null, credits: [{ role: 'reporter', name: '王强' }] });
    expect(story!.body).toBe('今年以来，我市新建口袋公园20处，方便市民就近休闲。\n\n## 小公园大民生\n\n公园建在家门口。');
  });

  it('takes the largest heading of a head as the headline, whatever its position', () => {
    const parsed = page(['#### 引题在上', '', '## 主标题', '', '### ——副题在下', '', '记者 张三', '', '正文。'].join('\n'));
    expect(parsed.articles[0]).toMatchObject({ kicker: '引题在上', headline: '主标题', subtitle: '——副题在下' });
  });

  it('starts a new story at a heading as large as the current headline, and keeps smaller ones as sub-heads', () => {
    const parsed = page(['## 第一条', '', '正文一。', '', '### 小标题', '', '正文二。', '', '## 第二条', '', '正文三。'].join('\n'));
    expect(parsed.articles.map((a) => a.headline)).toEqual(['第一条', '第二条']);
    expect(parsed.articles[0]!.body).toBe('正文一。\n\n## 小标题\n\n正文二。');
    expect(parsed.warnings.filter((w) => /byline/u.test(w.message))).toHaveLength(2);
  });

  it('never joins across a heading, byline or table', () => {
    const parsed = page(['# 标题', '', '没有句号的导语', '', '记者 张三', '', '没有句号的一段', '', '## 小标题', '', '表前一段', '', '项目\t数量', '苹果\t3', '', '表后一段。'].join('\n'));
    const body = parsed.articles[0]!.body;
    expect(body).toContain('没有句号的导语\n\n没有句号的一段\n\n## 小标题\n\n表前一段\n\n| 项目 | 数量 |\n| --- | --- |\n| 苹果 | 3 |\n\n表后一段。');
    expect(parsed.changes.filter((c) => c.type === 'joined')).toEqual([]);
  });

  it('takes credits from a dateline and from the parenthesis closing a story, leaving the text as printed', () => {
    const parsed = page(['# 标题', '', '本报讯（记者 张三 通讯员 李四）4月1日，会议召开。', '', '会议要求落实。（记者 王五）', '', '这一段（完）'].join('\n'));
    const [story] = parsed.articles;
    expect(story!.credits.map((c) => [c.role, c.name])).toEqual([
      ['reporter', '张三'],
      ['correspondent', '李四'],
      ['reporter', '王五'],
    ]);
    expect(story!.body).toContain('本报讯（记者 张三 通讯员 李四）4月1日');
    expect(parsed.warnings).toEqual([]);
    expect(page('# 标题\n\n本报聊城4月10日讯 (记者 赵六) 昨天。').articles[0]!.credits).toEqual([{ role: 'reporter', name: '赵六' }]);
  });

  it('leaves the page’s own credits at its foot out of the last item, listed as furniture', () => {
    const parsed = page(['# 标题', '', '记者 张三', '', '正文。', '', '责任编辑：李四　校对：王五'].join('\n'));
    expect(parsed.articles[0]!.body).toBe('正文。');
    expect(parsed.changes).toContainEqual({ type: 'furniture', line: 7, before: '责任编辑：李四　校对：王五', after: '' });
    expect(parsed.warnings).toEqual([]);
  });

  it('warns of text before the first headline instead of dropping it silently', () => {
    const parsed = page(['还有一段文字。', '', '# 标题', '', '正文。'].join('\n'));
    expect(parsed.warnings[0]).toMatchObject({ line: 1, message: expect.stringMatching(/left out/u) });
  });

  it('makes a continuation before the first headline a draft of its own, its jump kept on it and out of its text', () => {
    const parsed = page(['（上接第一版）还有一段文字。', '', '# 标题', '', '正文。'].join('\n'));
    expect(parsed.articles.map((a) => [a.headline, a.body, a.jumps])).toEqual([
      ['（接一版）', '还有一段文字。', [{ line: 1, direction: 'from', page: '一' }]],
      ['标题', '正文。', []],
    ]);
    expect(parsed.warnings[0]).toMatchObject({ line: 1, message: expect.stringMatching(/continues a story from page 一/u) });
  });

  it('lists each punctuation repair at its line and column, leaving numbers, times and URLs alone', () => {
    const line = '　　会议于10:30开始,共1,234人参加(含线上),详见https://www.example.cn/a?b=1,另见 Hello, world!';
    const parsed = page(['# 标题', '', line].join('\n'));
    expect(parsed.articles[0]!.body).toBe('会议于10:30开始，共1,234人参加（含线上），详见https://www.example.cn/a?b=1，另见 Hello, world!');
    const marks = parsed.changes.filter((c) => c.type === 'punctuation');
    expect(marks.map((c) => [c.before, c.after])).toEqual([
      [',', '，'],
      ['(', '（'],
      [')', '）'],
      [',', '，'],
      [',', '，'],
    ]);
    for (const mark of marks) {
      expect(mark.line).toBe(3);
      expect(Array.from(line)[mark.column! - 1]).toBe(mark.before);
    }
  });

  it('masks a full ID number in any prose and says so without echoing it', () => {
    const parsed = page(['# 遗失声明', '', '张三遗失身份证，号码372501198001011234，声明作废。'].join('\n'));
    const entry = parsed.notices[0]!.table!.rows[0]!.cells[0]!;
    expect(entry).toContain('3725011980****1234');
    const change = parsed.changes.find((c) => c.type === 'id-masked')!;
    expect(change.line).toBe(3);
    expect(JSON.stringify(parsed.changes)).not.toContain('372501198001011234');
  });
});

describe('reading a notice', () => {
  it('finds the signature on one line, a closing with its full stop, and a claim period in Chinese numerals', () => {
    const parsed = page(
      ['### 停水通知', '', '广大用户：', '', '因管网改造，自通知之日起十五日内分批停水，请做好储水准备。联系人：刘师傅，电话：0635-2123456。', '', '特此通知。', '', '聊城市自来水公司 2024年6月1日'].join('\n'),
    );
    expect(parsed.notices[0]).toMatchObject({
      kind: 'table',
      title: '停水通知',
      salutation: '广大用户：',
      closing: '特此通知',
      issuer: '聊城市自来水公司',
      issuedOn: '2024-06-01',
      contact: { name: '刘师傅', phone: '0635-2123456' },
      claimDays: 15,
      table: null,
    });
  });

  it('joins several issuer lines, and keeps a date as 年月日 from being read as a claim period', () => {
    const parsed = page(['# 征迁公告', '', '3月27日起，请相关住户前来登记。', '', '特此公告', '', '某某街道办事处', '某某社区居民委员会', '2024年3月20日'].join('\n'));
    expect(parsed.notices[0]).toMatchObject({ issuer: '某某街道办事处 某某社区居民委员会', issuedOn: '2024-03-20', claimDays: null });
  });

  it('warns instead of guessing where a notice is unsigned, undated, counted in working days or half a contact', () => {
    const parsed = page(['## 领取通知', '', '请于10个工作日内领取。联系电话：0635-1234567。'].join('\n'));
    expect(parsed.notices[0]).toMatchObject({ issuedOn: '2026-01-02', issuer: '（未署名）', claimDays: null, contact: null });
    const messages = parsed.warnings.map((w) => w.message).join('\n');
    expect(messages).toMatch(/working days/u);
    expect(messages).toMatch(/No date/u);
    expect(messages).toMatch(/No issuer/u);
    expect(messages).toMatch(/contact is incomplete/u);
  });

  it('types a table from its header and sets a trailing 合计 row apart', () => {
    const parsed = page(
      ['# 补贴发放公示', '', '序号\t姓名\t身份证号码\t年度\t面积(亩)\t金额（元）\t联系电话\t备注', '1\t张三\t3725011966****4816\t2023\t6.5\t100.5\t13800000000\t', '2\t李四\t3725011966****4816\t2023\t3\t20\t0635-1234567\t已核', '合计\t\t\t\t\t120.5\t\t'].join('\n'),
    );
    const table = parsed.notices[0]!.table!;
    expect(table.columns.map((c) => [c.key, c.type])).toEqual([
      ['no', 'integer'],
      ['name', 'text'],
      ['id_number', 'id_cn'],
      ['year', 'year'],
      ['area', 'decimal'],
      ['amount', 'money'],
      ['phone', 'phone'],
      ['remark', 'text'],
    ]);
    expect(table.rows.map((r) => r.line)).toEqual([4, 5]);
    expect(table.total).toEqual({ line: 6, cells: [null, null, null, null, null, '120.5'] });
  });

  it('reads a table whose cells extraction left apart by spaces, a spaced-out name as one cell', () => {
    const parsed = page(
      ['# 征收补偿公示', '', '序号 姓名 身份证号码 村庄 补偿金额(元)', '1 张　三 3725011966****4816 前屯村 1,200.50', '2 李四光 3725011966****4816 后屯村 800', '合计 2,000.50', '', '特此公示', '', '某某镇人民政府', '2024年5月8日'].join('\n'),
    );
    const table = parsed.notices[0]!.table!;
    expect(table.columns.map((c) => c.type)).toEqual(['integer', 'text', 'id_cn', 'text', 'money']);
    expect(table.rows.map((r) => r.cells)).toEqual([
      ['1', '张三', '3725011966****4816', '前屯村', '1,200.50'],
      ['2', '李四光', '3725011966****4816', '后屯村', '800'],
    ]);
    expect(table.total).toEqual({ line: 6, cells: [null, null, null, null, '2,000.50'] });
    expect(parsed.changes).toContainEqual(expect.objectContaining({ type: 'spacing', line: 4, before: '张　三', after: '张三' }));
    expect(parsed.notices[0]).toMatchObject({ closing: '特此公示', issuer: '某某镇人民政府', issuedOn: '2024-05-08' });
  });

  it('leaves prose with a few spaces as prose, and closes up a letter-spaced line', () => {
    const parsed = page(['# 标题', '', '记者 张三 通讯员 李四', '', '姓名 年龄 都不重要。', '', '他 说 了 很 多 话。'].join('\n'));
    expect(parsed.articles[0]!.body).toBe('姓名 年龄 都不重要。\n\n他说了很多话。');
    expect(parsed.changes).toContainEqual(expect.objectContaining({ type: 'spacing', line: 7, before: '他 说 了 很 多 话。' }));
  });

  it('uses a kind whose preset columns the header names', () => {
    const kinds = [{ key: 'subsidy', presentation: 'table' as const, columns: [{ key: 'n', label: '姓名', type: 'text' as const }, { key: 'a', label: '金额(元)', type: 'money' as const }] }];
    const parsed = page(['# 补贴公示', '', '姓名\t金额（元）', '张三\t1'].join('\n'), { kinds });
    expect(parsed.notices[0]).toMatchObject({ kind: 'subsidy', table: { columns: kinds[0]!.columns } });
  });
});
