/**
 * Photo captions and credits on an imported page: a picture's credit (记者 孙悦 摄) credits its
 * photographer, and its caption (图为…, ▲…, （记者 孙悦 摄）) leaves the body for a photo slot
 * on the draft, awaiting the picture's file.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parsePage, type ParseOptions } from '../../src/features/imports/page.js';
import { createTestApp, type TestApp } from '../helpers/app.js';
import type { ImportJson } from '../helpers/imports.js';

const OPTIONS: ParseOptions = { format: 'plain', kinds: [], today: '2026-01-02' };
const parse = (lines: string[]) => parsePage(lines.join('\n'), OPTIONS).articles[0]!;
const creditsOf = (credits: readonly { role: string; name: string }[]) => credits.map((c) => `${c.role}:${c.name}`);

interface StoredArticle {
  body: string;
  credits: { role: string; name: string }[];
  photoSlots: { caption: string; byline: string | null }[];
}

describe('photo captions through the imports API', () => {
  let t: TestApp;
  const post = async (lines: string[]) => {
    const res = await t.request('reporter', { method: 'POST', url: '/api/v1/imports/page', headers: { 'content-type': 'text/plain; charset=utf-8' }, payload: lines.join('\n') });
    expect(res.statusCode).toBe(201);
    return res.json() as ImportJson;
  };
  const stored = async (id: number) => (await t.request('reporter', { method: 'GET', url: `/api/v1/articles/${id}` })).json() as StoredArticle;

  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  it('credits 文/图 as reporter and photographer, and a 摄 credit as photographer, on the draft', async () => {
    const imported = await post(['运河两岸春意浓', '', '文/图 记者 张三 李四', '', '正文一段。', '', '图为市民在运河边赏花', '', '本报记者 孙悦 摄']);
    const article = await stored(imported.articles[0]!.id);
    expect(creditsOf(article.credits)).toEqual(['reporter:张三', 'photographer:张三', 'reporter:李四', 'photographer:李四', 'photographer:孙悦']);
  });

  it('keeps captions as photo slots on the stored draft, out of its body, and lists each as a change', async () => {
    const page = [
      '古城夜游火了',
      '',
      '记者 王静',
      '',
      '入夜，古城灯火璀璨，游人如织。',
      '',
      '▲图为游客在光岳楼前拍照。（本报记者 孙悦/摄）',
      '',
      '上图：东关古码头夜景',
      '',
      '（通讯员 王强 摄）',
      '',
      '不少商户延长了营业时间。',
    ];
    const imported = await post(page);
    const id = imported.articles[0]!.id;
    const article = await stored(id);
    expect(article.photoSlots).toEqual([
      { caption: '图为游客在光岳楼前拍照。', byline: '孙悦' },
      { caption: '上图：东关古码头夜景', byline: '王强' },
    ]);
    expect(article.body).toBe('入夜，古城灯火璀璨，游人如织。\n\n不少商户延长了营业时间。');
    expect(article.body).not.toMatch(/图为|上图|摄/u);
    // 通讯员 王强 摄 credits 王强 for the picture, not as a writer of the story.
    expect(creditsOf(article.credits)).toEqual(['reporter:王静', 'photographer:孙悦', 'photographer:王强']);
    expect(imported.changes.filter((c) => c.type === 'photo-slot')).toEqual([
      { type: 'photo-slot', line: 7, before: '▲图为游客在光岳楼前拍照。（本报记者 孙悦/摄）', after: '图为游客在光岳楼前拍照。', item: { kind: 'article', id } },
      { type: 'photo-slot', line: 9, toLine: 11, before: '上图：东关古码头夜景\n（通讯员 王强 摄）', after: '上图：东关古码头夜景', item: { kind: 'article', id } },
    ]);
  });

  it('joins a credit standing on the line after a caption to that caption’s slot', async () => {
    const imported = await post(['湿地迎来候鸟', '', '记者 赵敏', '', '东昌湖湿地迎来大批候鸟。', '', '图为白鹭在湖面觅食', '', '（记者 孙悦 摄）']);
    const article = await stored(imported.articles[0]!.id);
    expect(article.photoSlots).toEqual([{ caption: '图为白鹭在湖面觅食', byline: '孙悦' }]);
    expect(imported.changes.filter((c) => c.type === 'photo-slot').map((c) => [c.line, c.toLine])).toEqual([[7, 9]]);
  });

  it('keeps a paragraph that merely speaks of a picture as body text', async () => {
    const imported = await post(['老党员讲党史', '', '记者 钱进', '', '他拿出一张图为我们讲解那段岁月的故事。', '', '老人说，那是他一生最珍贵的照片。']);
    const article = await stored(imported.articles[0]!.id);
    expect(article.body).toBe('他拿出一张图为我们讲解那段岁月的故事。\n\n老人说，那是他一生最珍贵的照片。');
    expect(article.photoSlots).toEqual([]);
    expect(imported.changes.filter((c) => c.type === 'photo-slot')).toEqual([]);
  });
});

describe('reading photo credits and captions', () => {
  it.each([
    ['记者 孙悦 摄', ['photographer:孙悦']],
    ['本报记者 孙悦 摄', ['photographer:孙悦']],
    ['孙悦 摄', ['photographer:孙悦']],
    ['孙悦/摄', ['photographer:孙悦']],
    ['摄/孙悦', ['photographer:孙悦']],
    ['摄影 孙悦', ['photographer:孙悦']],
    ['图/孙悦', ['photographer:孙悦']],
    ['通讯员 王强 摄', ['correspondent:王强', 'photographer:王强']],
    ['（孙悦 摄）', ['photographer:孙悦']],
    ['（本报记者 孙悦/摄）', ['photographer:孙悦']],
    ['文/图 本报记者 孙悦', ['reporter:孙悦', 'photographer:孙悦']],
    ['文/图 记者 张三 李四', ['reporter:张三', 'photographer:张三', 'reporter:李四', 'photographer:李四']],
  ])('credits %s', (credit, expected) => {
    const article = parse(['# 标题', '', credit, '', '正文。']);
    expect(creditsOf(article.credits)).toEqual(expected);
    expect(article.body).toBe('正文。');
  });

  it.each([
    ['图为市民在公园赏花', '图为市民在公园赏花', null],
    ['图为市民在公园赏花。（记者 孙悦 摄）', '图为市民在公园赏花。', '孙悦'],
    ['图为市民在公园赏花。 本报记者 孙悦 摄', '图为市民在公园赏花。', '孙悦'],
    ['▲图为市民在公园赏花（记者 孙悦 摄）', '图为市民在公园赏花', '孙悦'],
    ['△市民在公园赏花 孙悦 摄', '市民在公园赏花', '孙悦'],
    ['上图：市民在公园赏花', '上图：市民在公园赏花', null],
    ['下图：游客拍照（通讯员 王强 摄）', '下图：游客拍照', '王强'],
    ['5月10日，市民在公园赏花。（孙悦 摄）', '5月10日，市民在公园赏花。', '孙悦'],
    ['5月10日，市民在公园赏花。（记者 孙悦 李想 摄）', '5月10日，市民在公园赏花。', '孙悦、李想'],
  ])('reads %s as a caption', (line, caption, byline) => {
    const article = parse(['标题', '', '记者 张三', '', '正文。', '', line]);
    expect(article.photoSlots.map(({ caption, byline }) => ({ caption, byline }))).toEqual([{ caption, byline }]);
    expect(article.body).toBe('正文。');
  });

  it.each(['他拿出一张图为我们讲解。', '图书馆新添座位200个。', '记者从市教育局获悉，今年共有3万人报名。（记者 张三）', '本报讯（记者 孙悦）正文。'])('keeps %s as body text', (line) => {
    const article = parse(['标题', '', '记者 张三', '', line]);
    expect(article.photoSlots).toEqual([]);
    expect(article.body).toBe(line);
  });

  it('credits every caption above a credit line, and gives an uncredited caption the byline’s photographer', () => {
    const credited = parse(['标题', '', '记者 张三', '', '正文。', '', '上图：运河夜景', '下图：游船', '', '记者 孙悦 摄']);
    expect(credited.photoSlots.map((s) => s.byline)).toEqual(['孙悦', '孙悦']);
    const byByline = parse(['标题', '', '文/图 记者 张三', '', '正文。', '', '图为运河夜景']);
    expect(byByline.photoSlots).toEqual([{ line: 7, caption: '图为运河夜景', byline: '张三' }]);
  });

  it('takes a caption wrapped over print lines out of a column, and joins the paragraph it cut', () => {
    const parsed = parsePage(
      [
        '运河两岸春意浓', '', '记者 王静', '',
        '五一假期，东昌湖畔春意正浓，湖边的步道',
        '上、古城的街巷里，前来踏青赏花的游人络',
        '图为市民在运河边赏花拍照留念，孩子们在',
        '草地上放风筝。（记者 孙悦 摄）',
        '绎不绝。许多市民带着家人来到湖边，有的',
        '拍照留念，有的放风筝，到处洋溢着欢声笑',
        '语。据统计，假期首日接待游客超过十万人',
        '次，同比增长百分之二十以上，创下新高。',
      ].join('\n'),
      OPTIONS,
    );
    const article = parsed.articles[0]!;
    expect(article.body).toBe('五一假期，东昌湖畔春意正浓，湖边的步道上、古城的街巷里，前来踏青赏花的游人络绎不绝。许多市民带着家人来到湖边，有的拍照留念，有的放风筝，到处洋溢着欢声笑语。据统计，假期首日接待游客超过十万人次，同比增长百分之二十以上，创下新高。');
    expect(article.photoSlots).toEqual([{ line: 7, caption: '图为市民在运河边赏花拍照留念，孩子们在草地上放风筝。', byline: '孙悦' }]);
    expect(creditsOf(article.credits)).toEqual(['reporter:王静', 'photographer:孙悦']);
  });

  it('joins a paragraph a caption cut in two, and lets no caption read as a heading', () => {
    const cut = '五一假期，东昌湖畔春意正浓，湖边的步道上、古城的街巷里，前来踏青赏花的游人';
    const article = parse(['标题', '', '记者 张三', '', cut, '', '▲市民赏花', '', '如织。', '', '下一段。']);
    expect(article.body).toBe(`${cut}如织。\n\n下一段。`);
    expect(article.photoSlots.map((s) => s.caption)).toEqual(['市民赏花']);
  });
});
