/**
 * Forms real pages take that a first importer got wrong, one test each: found by sending it
 * pages it had never seen (notices without a date, contact lines set as short lines, spaced
 * names, closing credits, split titles, briefs, repeated table headers, ID numbers cut by a
 * column break).
 */
import { describe, expect, it } from 'vitest';
import { parsePage, type ParseOptions } from '../../src/features/imports/page.js';

const OPTIONS: ParseOptions = { format: 'plain', kinds: [], today: '2026-01-02' };
const page = (lines: string[], options: Partial<ParseOptions> = {}) => parsePage(lines.join('\n'), { ...OPTIONS, ...options });
const blocks = (body: string) => body.split('\n\n');

describe('notices', () => {
  it('keeps every line of an undated notice once, and its closing formula out of the preamble', () => {
    const parsed = page(['通告', '', '本周六停水一天，请提前储水。', '', '咨询电话：12345', '', '特此通告']);
    const [notice] = parsed.notices;
    expect(notice!.preamble).toBe('本周六停水一天，请提前储水。\n\n咨询电话：12345');
    expect(notice!.closing).toBe('特此通告');
    expect(parsed.changes.filter((c) => c.type === 'joined')).toEqual([]);
  });

  it('keeps a statement’s entries apart, each once, even when one ends without a full stop', () => {
    const parsed = page(['遗失声明', '', '聊城市鑫源商贸有限公司遗失公章一枚，声明作废', '', '李建国遗失居民身份证，声明作废。']);
    expect(parsed.notices[0]!.table!.rows.map((r) => r.cells[0])).toEqual(['聊城市鑫源商贸有限公司遗失公章一枚，声明作废', '李建国遗失居民身份证，声明作废。']);
  });

  it('reads contact lines and two issuer lines of a plain page as the notice’s, not as a story’s head', () => {
    const parsed = page(['赔款认领公示', '', '尊敬的客户：', '', '请以下客户于5日内来我司认领。', '', '联系人：温经理', '联系电话：0635-8242056', '', '特此公示', '', '聊城市医疗保障局', '国家税务总局聊城市税务局', '2024年4月10日']);
    expect(parsed.articles).toEqual([]);
    expect(parsed.notices[0]).toMatchObject({
      contact: { name: '温经理', phone: '0635-8242056' },
      closing: '特此公示',
      issuer: '聊城市医疗保障局 国家税务总局聊城市税务局',
      issuedOn: '2024-04-10',
      claimDays: 5,
    });
  });

  it('never joins a field line into the next, so a contact’s name stays a name', () => {
    const parsed = page(['# 领取公示', '', '请于7日内领取。', '', '联系人：陈科长', '', '联系电话：0635-8456789', '', '特此公示', '', '某某镇政府', '2024年5月8日'], { format: 'markdown' });
    expect(parsed.notices[0]!.contact).toEqual({ name: '陈科长', phone: '0635-8456789' });
  });

  it('recognises spaced, bracketed and qualified titles, and keeps the title as printed without the spacing', () => {
    for (const [line, title] of [
      ['公　告', '公告'],
      ['【遗失声明】', '遗失声明'],
      ['司法拍卖公告（第二次）', '司法拍卖公告（第二次）'],
      ['关于聊城市东昌府区2024年第一批次城镇建设用地范围内集体土地征收补偿安置方案的公示', '关于聊城市东昌府区2024年第一批次城镇建设用地范围内集体土地征收补偿安置方案的公示'],
    ]) {
      const parsed = page([line!, '', '某某事项予以公告。', '', '某某单位', '2024年5月8日']);
      expect(parsed.notices.map((n) => n.title), line).toEqual([title]);
    }
    expect(page(['公　告', '', '某某事项予以公告。']).changes).toContainEqual(expect.objectContaining({ type: 'spacing', line: 1, before: '公　告', after: '公告' }));
  });

  it('reads a title set over lines, or under its issuer’s name, as one title', () => {
    const parsed = page(['国网聊城供电公司', '关于东昌府区部分区域', '计划停电的通知', '', '尊敬的电力客户：', '', '5月15日停电检修。', '', '特此通知', '', '国网聊城供电公司', '2024年5月11日']);
    expect(parsed.articles).toEqual([]);
    expect(parsed.notices[0]!.title).toBe('国网聊城供电公司关于东昌府区部分区域计划停电的通知');
  });

  it('reads a headline ending in 通知 as a story’s when a byline follows it', () => {
    const parsed = page(['市气象台发布高温天气防范通知', '', '记者 周扬', '', '5月12日，市气象台发布通知。']);
    expect(parsed.notices).toEqual([]);
    expect(parsed.articles[0]).toMatchObject({ headline: '市气象台发布高温天气防范通知', credits: [{ role: 'reporter', name: '周扬' }] });
  });

  it('keeps a notice’s numbered sub-heads in it, and its numbered items apart', () => {
    const parsed = page(['# 招聘启事', '', '现将有关事项公告如下：', '', '## 一、招聘岗位', '', '1.临床医师 5名', '', '2.护士 10名', '', '## 二、报名方式', '', '联系人：张女士，电话：0635-7654321。', '', '聊城市第二人民医院', '2024年5月9日'], { format: 'markdown' });
    expect(parsed.articles).toEqual([]);
    expect(blocks(parsed.notices[0]!.preamble)).toEqual(['现将有关事项公告如下：', '## 一、招聘岗位', '1.临床医师 5名', '2.护士 10名', '## 二、报名方式', '联系人：张女士，电话：0635-7654321。']);
  });

  it('drops a table header repeated where the table ran on, and lists the drop', () => {
    const parsed = page(['# 领取公示', '', '序号\t姓名\t金额(元)', '1\t张三\t10', '序号\t姓名\t金额（元）', '2\t李四\t20', '', '某某公司', '2024年5月8日'], { format: 'markdown' });
    expect(parsed.notices[0]!.table!.rows.map((r) => r.cells)).toEqual([
      ['1', '张三', '10'],
      ['2', '李四', '20'],
    ]);
    expect(parsed.changes).toContainEqual(expect.objectContaining({ type: 'dropped', line: 5 }));
  });

  it('reads 二O二四 and 二○二四 as years, and a stated last day as the deadline', () => {
    const parsed = page(['减资公告', '', '公示时间：2024年5月8日至2024年5月17日。', '', '某某公司', '二O二四年五月十日']);
    expect(parsed.notices[0]).toMatchObject({ issuedOn: '2024-05-10', deadline: '2024-05-17', claimDays: null });
  });

  it('counts the claim period from the notice, not from a deposit due before an auction', () => {
    const parsed = page(['拍卖公告', '', '竞买人须于拍卖前3日内交纳保证金。请债权人自本公告见报之日起45日内申报。', '', '某某公司', '2024年5月8日']);
    expect(parsed.notices[0]!.claimDays).toBe(45);
  });

  it('takes no preamble line for the salutation or the issuer', () => {
    const parsed = page(['# 征收补偿方案公示', '', '现将有关事项公示如下：', '', '一、征收范围：前屯村。', '', '欢迎社会各界监督', '', '东昌府区人民政府', '2024年5月8日'], { format: 'markdown' });
    expect(parsed.notices[0]).toMatchObject({ salutation: null, issuer: '东昌府区人民政府' });
  });
});

describe('stories', () => {
  it('starts a story at a dateline’s credits, and lets a closing or photo credit start none', () => {
    const parsed = page(
      ['# 第一条', '', '记者 张三', '', '正文一。', '', '## 下一步打算', '', '正文二。', '', '（本报记者 郑伟 实习生 李想）', '', '# 乡村振兴看今朝', '', '本报讯（记者 王雪 见习记者 马超）5月9日，正文三。', '', '图为现场', '', '记者 孟洁 摄'],
      { format: 'markdown' },
    );
    expect(parsed.articles.map((a) => a.headline)).toEqual(['第一条', '乡村振兴看今朝']);
    expect(parsed.articles[0]!.credits.map((c) => `${c.role}:${c.name}`)).toEqual(['reporter:张三', 'reporter:郑伟', 'intern:李想']);
    expect(parsed.articles[0]!.body).toContain('## 下一步打算');
    expect(parsed.articles[1]!.credits.map((c) => `${c.role}:${c.name}`)).toEqual(['reporter:王雪', 'reporter:马超', 'photographer:孟洁']);
  });

  it('keeps a plain page’s numbered outline (一、 / 1.) inside the story, and its photo caption with it as a photo slot', () => {
    const parsed = page(['我市全力推进“无废城市”建设', '', '本报记者 孟 洁', '', '导语一段。', '', '一、强化顶层设计', '', '1.成立工作专班', '', '正文一段。', '', '图为工作人员分拣可回收物', '', '记者 孟洁 摄']);
    expect(parsed.articles).toHaveLength(1);
    expect(parsed.articles[0]!.credits.map((c) => `${c.role}:${c.name}`)).toEqual(['reporter:孟洁', 'photographer:孟洁']);
    expect(blocks(parsed.articles[0]!.body)).toEqual(['导语一段。', '## 一、强化顶层设计', '## 1\\.成立工作专班', '正文一段。']);
    expect(parsed.articles[0]!.photoSlots).toEqual([{ line: 13, creditLine: 15, caption: '图为工作人员分拣可回收物', byline: '孟洁' }]);
  });

  it('reads a column of briefs as one story per brief', () => {
    const parsed = page(['# 简讯', '## 东阿县启动消夏文化节', '', '正文一。', '', '## 冠县开展防溺水教育', '', '正文二。', '', '（本报记者 郑伟）', '', '## 高唐县举办作品展', '', '正文三。'], { format: 'markdown' });
    expect(parsed.articles.map((a) => [a.headline, a.credits.map((c) => c.name).join()])).toEqual([
      ['东阿县启动消夏文化节', ''],
      ['冠县开展防溺水教育', '郑伟'],
      ['高唐县举办作品展', ''],
    ]);
  });

  it('gives an editor’s note above the first headline to its story, and leaves the running head and foot credits out', () => {
    const parsed = page(['聊城日报　2024年5月10日　星期五　A3　综合新闻', '', '编者按：本报今起推出“一线见闻”栏目。', '', '# 24小时不停工', '', '□记者 陈晓光 文/图', '', '正文。', '', '本版责编：王海洋　美术编辑：李 倩', '校对 刘 敏'], { format: 'markdown' });
    expect(parsed.articles[0]!.body).toBe('编者按：本报今起推出“一线见闻”栏目。\n\n正文。');
    expect(parsed.articles[0]!.credits.map((c) => `${c.role}:${c.name}`)).toEqual(['reporter:陈晓光', 'photographer:陈晓光']);
    expect(parsed.changes.filter((c) => c.type === 'furniture').map((c) => c.line)).toEqual([1, 11, 12]);
  });
});

describe('breaks', () => {
  it('joins numbers, decimals, URLs and a clause after a closing bracket without a stray space', () => {
    const parsed = page(['# 标题', '', '出口额增长了1', '', '23%，增速达7.', '', '5个百分点，详见www.lcsh', '', 'eavy.com网站和《若干措施》', '', '，对参加者给予奖励。'], { format: 'markdown' });
    expect(parsed.articles[0]!.body).toBe('出口额增长了123%，增速达7.5个百分点，详见www.lcsheavy.com网站和《若干措施》，对参加者给予奖励。');
  });

  it('masks an ID number a column break cut in two, never showing its halves', () => {
    const parsed = page(['遗失声明', '', '王建华遗失居民身份证，身份证号码：3715021985', '', '0312201X，声明作废。']);
    const entry = parsed.notices[0]!.table!.rows[0]!.cells[0]!;
    expect(entry).toBe('王建华遗失居民身份证，身份证号码：3715021985****201X，声明作废。');
    expect(JSON.stringify(parsed.changes)).not.toMatch(/0312201X|19850312/u);
    expect(parsed.changes).toContainEqual(expect.objectContaining({ type: 'id-masked', line: 3 }));
  });
});

describe('forms a second set of unseen pages showed', () => {
  it('never echoes an ID number in the repair list, whatever its grouping, and masks it in any grouping', () => {
    const parsed = page(['# 失信名单公示', '', '姓名\t备注', '张三\t家属 申报 身份证371503198206157124', '', '另有证号：3715 0319 8206 1571 24，已冻结。', '', '某某法院', '2024年5月8日'], { format: 'markdown' });
    expect(JSON.stringify(parsed.changes)).not.toMatch(/371503198206157124|3715 0319 8206 1571 24/u);
    expect(parsed.notices[0]!.preamble).toContain('3715031982****7124');
  });

  it('joins an ID number or a phone number a break cut inside a field line', () => {
    const parsed = page(['注销公告', '', '负责人身份证号码：3715021985', '', '03124015，联系电话：0635-', '', '8123789。', '', '某某便利店', '2024年5月8日']);
    const notice = parsed.notices[0]!;
    // A plain page's preamble is Markdown, its asterisks escaped.
    expect(notice.preamble).toBe('负责人身份证号码：3715021985\\*\\*\\*\\*4015，联系电话：0635-8123789。');
    expect(notice.issuer).toBe('某某便利店');
  });

  it('ends an undated notice at a story credited below its heading, and reads a brief credited only at its end as a story', () => {
    const parsed = page(['寻人启事', '', '王德顺，男，81岁，走失至今未归。', '', '请知情者速与家属联系：13306351234（王女士）', '', '市民公园新增健身器材', '', '公园新添健身器材20余件。', '', '本报记者 贾振宇 摄', '', '市教育局发布寒假放假通知', '', '本报讯 记者从市教育局获悉，中小学1月20日放假。（记者 董一帆）']);
    expect(parsed.notices.map((n) => n.title)).toEqual(['寻人启事']);
    expect(parsed.notices[0]!.preamble).toContain('13306351234');
    expect(parsed.articles.map((a) => [a.headline, a.credits.map((c) => `${c.role}:${c.name}`).join()])).toEqual([
      ['市民公园新增健身器材', 'photographer:贾振宇'],
      ['市教育局发布寒假放假通知', 'reporter:董一帆'],
    ]);
  });

  it('keeps the previous notice’s field lines out of the next title, and drops a banner over a title', () => {
    const parsed = page(['## 招聘启事', '', '招聘司机2名。', '', '联系人：刘女士 电话：0635-8587777', '报名截止时间：2026年12月10日', '## 公　告', '### 关于注销部分残疾人证的公告', '', '现予注销。', '', '某某残联', '2026年11月20日'], { format: 'markdown' });
    expect(parsed.notices.map((n) => n.title)).toEqual(['招聘启事', '关于注销部分残疾人证的公告']);
    expect(parsed.notices[0]!.contact).toEqual({ name: '刘女士', phone: '0635-8587777' });
    expect(parsed.changes).toContainEqual(expect.objectContaining({ type: 'dropped', before: '公　告' }));
  });

  it('reads questions, interview lines, jump lines and column labels for what they are', () => {
    const parsed = page(['【深度报道】', '', '一条河的重生', '', '记者 谭雅楠', '', '那时候的徒骇河，是什么样子？', '', '记者：这次新增的项目有什么特点？', '', '邵慧敏：一是数量多。', '', '记者手记', '', '河水清了。', '', '下转第4版']);
    expect(parsed.articles).toHaveLength(1);
    const story = parsed.articles[0]!;
    expect(story).toMatchObject({ kicker: null, headline: '一条河的重生', credits: [{ role: 'reporter', name: '谭雅楠' }] });
    expect(blocks(story.body)).toEqual(['那时候的徒骇河，是什么样子？', '记者：这次新增的项目有什么特点？', '邵慧敏：一是数量多。', '## 记者手记', '河水清了。']);
    expect(parsed.changes.filter((c) => c.type === 'furniture').map((c) => c.line)).toEqual([1]);
    expect(story.jumps).toEqual([{ line: 17, direction: 'to', page: '4' }]);
    expect(parsed.changes).toContainEqual({ type: 'jump', line: 17, before: '下转第4版', after: 'to 4', item: { kind: 'article', index: 0 } });
  });

  it('keeps Markdown lists, images and emphasised lines apart, and a link’s parentheses', () => {
    const parsed = page(['# 智慧农业', '', '*编者按：今起推出栏目。*', '', '走进[示范园](https://example.cn/a.html)，一排排大棚', '', '- 病虫害识别：上传照片即可诊断', '- 产品溯源：扫码可查', '', '![](a.jpg)', '', '图为示范园一角'], { format: 'markdown' });
    expect(blocks(parsed.articles[0]!.body)).toEqual(['*编者按：今起推出栏目。*', '走进[示范园](https://example.cn/a.html)，一排排大棚', '- 病虫害识别：上传照片即可诊断', '- 产品溯源：扫码可查', '![](a.jpg)', '图为示范园一角']);
  });

  it('credits a person once though byline and dateline both name them', () => {
    const parsed = page(['# 标题', '', '本报记者 张晓明', '', '本报讯（记者 张晓明）正文。']);
    expect(parsed.articles[0]!.credits).toEqual([{ role: 'reporter', name: '张晓明' }]);
  });

  it('reads a letter-spaced OCR headline closed up', () => {
    const parsed = page(['临 清 市 举 办 首 届 运 河 文 化 节', '', '记者 付晓', '', '正文。']);
    expect(parsed.articles[0]!.headline).toBe('临清市举办首届运河文化节');
  });
});

describe('text that kept the print’s line breaks', () => {
  it('joins a column’s wrapped lines into paragraphs, and leaves heads, bylines and short last lines alone', () => {
    const parsed = page([
      '东昌晚报 2026年11月26日 星期四 A1 要闻',
      '秋冬种植进度过九成',
      '全市小麦播种面积稳中有增',
      '本报记者 孟庆涛 通讯员 韩雪',
      '本报讯 连日来，全市各地抢抓墒',
      '情适宜的有利时机，全力推进秋冬',
      '种植工作。截至11月24日，全市',
      '已播种小麦412.6万亩。',
      '在茌平区贾寨镇的高标准农田里，',
      '几台大型播种机来回穿梭，旋耕、',
      '施肥、播种一次完成。',
      '下一步，各地将加强冬前管理，确',
      '保小麦安全越冬。',
    ]);
    expect(parsed.articles).toHaveLength(1);
    expect(parsed.articles[0]).toMatchObject({ kicker: '秋冬种植进度过九成', headline: '全市小麦播种面积稳中有增', credits: [{ role: 'reporter', name: '孟庆涛' }, { role: 'correspondent', name: '韩雪' }] });
    expect(blocks(parsed.articles[0]!.body)).toEqual([
      '本报讯 连日来，全市各地抢抓墒情适宜的有利时机，全力推进秋冬种植工作。截至11月24日，全市已播种小麦412.6万亩。',
      '在茌平区贾寨镇的高标准农田里，几台大型播种机来回穿梭，旋耕、施肥、播种一次完成。',
      '下一步，各地将加强冬前管理，确保小麦安全越冬。',
    ]);
  });

  it('leaves a page with blank lines between its paragraphs as it is', () => {
    const parsed = page(['# 标题', '', '记者 张三', '', '第一段没有句号', '', '第二段。']);
    expect(parsed.changes.filter((c) => c.type === 'joined')).toHaveLength(1);
  });
});

describe('forms a third set of unseen pages showed', () => {
  it('masks an ID number that opens a longer number (a disability card’s)', () => {
    const parsed = page(['遗失声明', '', '王芳遗失残疾人证，证号37150219900714232343，声明作废。']);
    const entry = parsed.notices[0]!.table!.rows[0]!.cells[0]!;
    expect(entry).toContain('3715021990****232343');
    expect(JSON.stringify(parsed)).not.toContain('371502199007142323');
  });

  it('credits a county media centre’s reporters', () => {
    const parsed = page(['# 标题', '', '东阿融媒记者 胡静怡 摄影 孔令飞', '', '11月22日，正文。']);
    expect(parsed.articles[0]!.credits.map((c) => `${c.role}:${c.name}`)).toEqual(['reporter:胡静怡', 'photographer:孔令飞']);
    expect(parsed.articles[0]!.body).toBe('11月22日，正文。');
  });

  it('puts a 合计 row printed short under the last columns, so it is checked', () => {
    const parsed = page(['# 补贴公示', '', '序号\t姓名\t补贴项目\t面积(亩)\t金额(元)', '1\t张三\t玉米\t10.5\t100', '2\t李四\t小麦\t13.2\t200', '合计\t23.7\t300', '', '某镇政府', '2026年11月20日'], { format: 'markdown' });
    expect(parsed.notices[0]!.table!.total).toEqual({ line: 6, cells: [null, null, null, '23.7', '300'] });
    // Printed with its empty cells but one tab short, it is aligned all the same.
    const tabbed = page(['# 补贴公示', '', '序号	姓名	补贴项目	面积(亩)	金额(元)', '1	张三	玉米	10.5	100', '合计		23.7	9999'], { format: 'markdown' });
    expect(tabbed.notices[0]!.table!.total!.cells).toEqual([null, null, null, '23.7', '9999']);
  });

  it('keeps an issuer printed under the title out of the preamble’s first sentence', () => {
    const parsed = page(['# 征地补偿公示', '', '茌平区人民政府', '', '根据有关规定，现将补偿情况公示如下。', '', '2026年11月20日'], { format: 'markdown' });
    expect(parsed.notices[0]!.preamble).toBe('茌平区人民政府\n\n根据有关规定，现将补偿情况公示如下。');
  });

  it('takes no document-download window for the claim deadline', () => {
    const parsed = page(['招标公告', '', '招标文件发售时间为2026年11月28日至2026年12月4日。', '', '某公司', '2026年11月26日']);
    expect(parsed.notices[0]!.deadline).toBeNull();
  });

  it('says what a masked ID number became without showing any number', () => {
    const parsed = page(['# 标题', '', '记者 张三', '', '证号371502199007142323。']);
    const change = parsed.changes.find((c) => c.type === 'id-masked')!;
    expect(change.after).not.toMatch(/\d{4}/u);
  });
});

describe('notices in columns copied out of an e-paper PDF', () => {
  it('keeps a signature’s issuer lines and date apart however wide the column is, and checks the company’s code', () => {
    // Columns of 14: the issuer fills a line, and must not run into the date under it.
    const parsed = page([
      '注销公告',
      '聊城市鑫源商贸有限公司（统一社',
      '会信用代码：91371502MA3C8K2Q7',
      'D）经股东会决议，决定注销本公',
      '司。请债权人自本公告见报之日起',
      '45日内向本公司清算组申报债权。',
      '联系人：张先生',
      '联系电话：15863571246',
      '特此公告',
      '聊城市鑫源商贸有限公司清算组',
      '2024年11月5日',
    ]);
    expect(parsed.notices[0]).toMatchObject({
      issuer: '聊城市鑫源商贸有限公司清算组',
      issuedOn: '2024-11-05',
      claimDays: 45,
      contact: { name: '张先生', phone: '15863571246' },
      codes: [{ line: 2, code: '91371502MA3C8K2Q7D', valid: true }],
    });
    expect(parsed.notices[0]!.preamble).toBe('聊城市鑫源商贸有限公司（统一社会信用代码：91371502MA3C8K2Q7D）经股东会决议，决定注销本公司。请债权人自本公告见报之日起45日内向本公司清算组申报债权。\n\n联系人：张先生\n\n联系电话：15863571246');
  });
});
