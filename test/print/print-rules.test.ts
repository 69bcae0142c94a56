import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createTestApp, type TestApp } from '../helpers/app.js';
import { editionsClient, type ArticleRef } from '../helpers/editions.js';
import { ifMatch } from '../helpers/notices.js';
import { NOTIFIED } from '../helpers/notified.js';
import { pdfLines } from '../helpers/pdf-text.js';
import { expectProblem } from '../helpers/problem.js';

/**
 * Print beyond the sample: Chinese line rules on punctuation-heavy text, content that looks
 * like Typst printed literally, overflow that is marked and reported, whole editions, who may
 * ask, and renders that follow edits.
 */

const squash = (s: string) => s.replace(/\s/g, '');
const STORY = readFileSync(new URL('../fixtures/print/liaocheng-story-1.md', import.meta.url), 'utf8');

/** Punctuation-heavy paragraphs: quotes, brackets, book titles, dashes between years, ellipses, middle dots. */
function stressText(): string {
  const pieces = [
    '“你好，”他说：“（这是）《测试》。”',
    '2023—2025年，',
    '他问：“为什么？！”',
    '约翰·史密斯、玛丽·居里；',
    '《人民日报》（海外版）「专栏」『副刊』，',
    '“走吧……”',
    '第1—3季度，',
    '他们——记者和编辑——都来了。',
    '（完）',
    '注：见第12版。',
  ];
  const paragraphs: string[] = [];
  let seed = 7;
  for (let p = 0; p < 12; p++) {
    let text = '';
    for (let i = 0; i < 14; i++) {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      text += '中'.repeat(seed % 7) + pieces[seed % pieces.length];
    }
    paragraphs.push(text);
  }
  return paragraphs.join('\n\n');
}

const INJECTIONS = ['#read("/etc/hostname")', '#import "@preview/x:0.1.0"', ']', '$x^2$', '<label>', '@ref', '= heading', '#{1+1}', '\\u{41}', '*bold* _em_ `raw`'];

let t: TestApp;
let api: ReturnType<typeof editionsClient>;

async function get(url: string, token: string | null = 'editor') {
  return t.request(token, { url });
}

async function pdfText(url: string): Promise<{ lines: string[]; all: string }> {
  const res = await get(url);
  expect(res.statusCode, res.body.slice(0, 300)).toBe(200);
  const pages = await pdfLines(res.rawPayload);
  const lines = pages.flatMap((p) => p.lines.map((l) => l.text.trim())).filter((l) => l !== '');
  return { lines, all: squash(lines.join('')) };
}

beforeAll(async () => {
  t = await createTestApp();
  api = editionsClient(t);
}, 60_000);
afterAll(async () => t?.close());

describe('Chinese line rules on punctuation-heavy text', () => {
  it('starts no galley line with closing punctuation or a figure’s dash, and ends none with opening punctuation', async () => {
    const article = await api.articleIn('draft', { headline: '标点测试', body: stressText() });
    const res = await get(`/print/articles/${article.id}.pdf`);
    expect(res.statusCode).toBe(200);
    expect(Number(res.headers['x-galley-lines'])).toBeGreaterThan(100);
    const [page] = await pdfLines(res.rawPayload);
    const lines = page!.lines.map((l) => l.text.trim()).filter((l) => l !== '');
    expect(lines.length).toBeGreaterThan(100);
    expect(lines.filter((l) => /^[，。、；：？！）》」』”…]/.test(l))).toEqual([]);
    expect(lines.filter((l) => /[（《「『“]$/.test(l))).toEqual([]);
    // A dash between figures never starts a line, nor a middle dot.
    const dashed = lines.flatMap((l, i) => (i > 0 && /^[—·]/.test(l) && /\d$/.test(lines[i - 1]!) ? [`${lines[i - 1]} | ${l}`] : []));
    expect(dashed).toEqual([]);
    expect(lines.filter((l) => l.startsWith('·'))).toEqual([]);
    // Every character came through: the galley holds the whole text, punctuation made full-width.
    expect(lines.join('')).toContain('2023—2025年');
  });
});

describe('a Markdown table in a story', () => {
  it('prints every header and body cell, on a galley and on a page', async () => {
    const body = '试点成效如下：\n\n| 指标 | 2022年 | 2023年 |\n| --- | ---: | ---: |\n| 指导企业（家） | 120 | 356 |\n| **培训**人次 | 1,800 | 4,260 |';
    const article = await api.articleIn('draft', { headline: '表格测试', body });
    const galley = await pdfText(`/print/articles/${article.id}.pdf?grid=tabloid-5`);
    for (const cell of ['指标', '2022年', '2023年', '指导企业（家）', '120', '356', '培训人次', '1,800', '4,260']) expect(galley.all, cell).toContain(squash(cell));
    await api.createEdition('2024-06-20', 20620);
    await api.putPageOk('2024-06-20', 'A01', { name: '要闻', grid: 'broadsheet-8', items: [{ kind: 'article', id: article.id }] });
    const page = await pdfText('/print/editions/2024-06-20/pages/A01.pdf');
    for (const cell of ['指标', '2022年', '120', '356', '1,800', '4,260']) expect(page.all, cell).toContain(squash(cell));
  });
});

describe('content that looks like Typst', () => {
  it('prints every injection string literally, in every field of an article and a notice', async () => {
    const joined = INJECTIONS.join(' ');
    const article = await api.articleIn('draft', {
      kicker: `引题 ${INJECTIONS[0]}`,
      headline: `标题 ${INJECTIONS[1]}`,
      subtitle: `副题 ${INJECTIONS[6]} ${INJECTIONS[3]}`,
      body: INJECTIONS.map((s) => `正文 ${s.replace(/([*_`\\[\]<>#=@$])/g, '\\$1')}`).join('\n\n'),
      credits: [{ role: 'reporter', name: '#read("/etc/passwd")' }],
    });
    const notice = await api.notices.create({
      kind: 'statement',
      title: `声明 ${INJECTIONS[4]}`,
      salutation: `${INJECTIONS[5]}:`,
      preamble: `前言 ${INJECTIONS[7]!.replace('#', '\\#')}`,
      closing: `特此声明 ${INJECTIONS[2]}`,
      issuer: `单位 ${INJECTIONS[8]}`,
      issuedOn: '2024-04-10',
      contact: { name: INJECTIONS[9], phone: '0635-8242056' },
    });
    await api.createEdition('2024-05-01', 20001);
    await api.putPageOk('2024-05-01', 'A01', {
      name: '要闻',
      grid: 'tabloid-5',
      items: [
        { kind: 'article', id: article.id, columns: 3 },
        { kind: 'notice', id: notice.id, columns: 2 },
      ],
    });
    const { all } = await pdfText('/print/editions/2024-05-01/pages/A01.pdf');
    for (const s of [...INJECTIONS, '#read("/etc/passwd")']) expect(all, s).toContain(squash(s));
    expect(joined).toContain('#read');
    const galley = await pdfText(`/print/articles/${article.id}.pdf`);
    for (const s of INJECTIONS) expect(galley.all, s).toContain(squash(s));
  });
});

describe('a page that does not hold its copy', () => {
  let long: ArticleRef;
  beforeAll(async () => {
    long = await api.articleIn('draft', { headline: '很长的稿件', body: STORY });
    const short = await api.articleIn('draft', { headline: '短稿', body: '一段正文。' });
    await api.createEdition('2024-05-02', 20002);
    await api.putPageOk('2024-05-02', 'A02', {
      name: '本地',
      grid: 'broadsheet-8',
      items: [
        { kind: 'article', id: short.id, columns: 8 },
        { kind: 'article', id: long.id, columns: 1 },
      ],
    });
  });

  it('reports the story over by lines and characters, and marks the cut in the PDF', async () => {
    const res = await get('/print/editions/2024-05-02/pages/A02/fit');
    expect(res.statusCode, res.body).toBe(200);
    const report = res.json<{ fits: boolean; items: { id: number; fits: boolean; linesNeeded: number; linesAvailable: number; overLines: number; overCharacters: number }[] }>();
    expect(report.fits).toBe(false);
    const over = report.items.find((i) => i.id === long.id)!;
    expect(over.fits).toBe(false);
    expect(over.linesNeeded).toBeGreaterThan(150);
    expect(over.overLines).toBeGreaterThan(0);
    expect(over.overLines).toBe(over.linesNeeded - over.linesAvailable);
    expect(over.overCharacters).toBe(over.overLines * 13);
    const { all } = await pdfText('/print/editions/2024-05-02/pages/A02.pdf');
    expect(all).toContain(`超出${over.overLines}行`);
  });

  it('names an item that finds no room at all at the foot of the page', async () => {
    const third = await api.articleIn('draft', { headline: '挤不下的稿件', body: STORY });
    const page = (await get('/api/v1/editions/2024-05-02/pages/A02')).json<{ version: number; items: unknown[] }>();
    const put = await t.request('editor', {
      method: 'PUT',
      url: '/api/v1/editions/2024-05-02/pages/A02',
      headers: ifMatch(page.version),
      payload: { name: '本地', grid: 'broadsheet-8', items: [...page.items, { kind: 'article', id: third.id, columns: 8 }].map((i) => ({ ...(i as object) })) },
    });
    expect(put.statusCode, put.body).toBe(200);
    const report = (await get('/print/editions/2024-05-02/pages/A02/fit')).json<{ items: { id: number; linesAvailable: number; fits: boolean }[] }>();
    expect(report.items.find((i) => i.id === third.id)).toMatchObject({ fits: false });
    const { all } = await pdfText('/print/editions/2024-05-02/pages/A02.pdf');
    expect(all).toContain('本版未排入');
  });
});

describe('editions, edits and who may print', () => {
  beforeAll(async () => {
    const a = await api.articleIn('draft', { headline: '第一版稿件', body: '第一版正文。' });
    const b = await api.articleIn('draft', { headline: '第二版稿件', body: '第二版正文。' });
    await api.createEdition('2024-05-03', 20003);
    await api.putPageOk('2024-05-03', 'A01', { name: '要闻', grid: 'broadsheet-8', items: [{ kind: 'article', id: a.id }] });
    await api.putPageOk('2024-05-03', 'A02', { name: '本地', grid: 'broadsheet-8', items: [{ kind: 'article', id: b.id }] });
  });

  it('prints a whole edition, one PDF page per page in page order', async () => {
    const res = await get('/print/editions/2024-05-03.pdf');
    expect(res.statusCode, res.body.slice(0, 300)).toBe(200);
    const pages = await pdfLines(res.rawPayload);
    expect(pages).toHaveLength(2);
    expect(squash(pages[0]!.lines.map((l) => l.text).join(''))).toContain('第一版稿件');
    expect(squash(pages[1]!.lines.map((l) => l.text).join(''))).toContain('第二版稿件');
  });

  it('refuses an edition whose pages are on different grids, and one with no pages', async () => {
    const c = await api.articleIn('draft', { headline: '小报稿件' });
    await api.putPageOk('2024-05-03', 'B01', { name: '副刊', grid: 'tabloid-5', items: [{ kind: 'article', id: c.id }] });
    expectProblem(await get('/print/editions/2024-05-03.pdf'), 409, 'conflict');
    await api.createEdition('2024-05-04', 20004);
    expectProblem(await get('/print/editions/2024-05-04.pdf'), 409, 'conflict');
  });

  it('renders again after an edit, and serves the unchanged page from what it rendered', async () => {
    const story = await api.articleIn('draft', { headline: '改前标题', body: '正文。' });
    await api.createEdition('2024-05-05', 20005);
    await api.putPageOk('2024-05-05', 'A01', { name: '要闻', grid: 'broadsheet-8', items: [{ kind: 'article', id: story.id }] });
    const before = await get('/print/editions/2024-05-05/pages/A01.pdf');
    const again = await get('/print/editions/2024-05-05/pages/A01.pdf');
    expect(again.rawPayload.equals(before.rawPayload)).toBe(true);
    const edited = await t.request('reporter', { method: 'PATCH', url: `/api/v1/articles/${story.id}`, headers: ifMatch(story.version), payload: { headline: '改后标题' } });
    expect(edited.statusCode, edited.body).toBe(200);
    const { all } = await pdfText('/print/editions/2024-05-05/pages/A01.pdf');
    expect(all).toContain('改后标题');
    expect(all).not.toContain('改前标题');
  });

  it('keeps one render per galley and per page however often they are edited, not one per version', async () => {
    // Found by the memory benchmark: renders were kept by version, so every edit left its
    // superseded PDF in the cache until the cache's 64 MiB bound pushed it out.
    let story = await api.articleIn('draft', { headline: '校样 0', body: STORY });
    await api.createEdition('2024-05-09', 20009);
    await api.putPageOk('2024-05-09', 'A01', { name: '要闻', grid: 'broadsheet-8', items: [{ kind: 'article', id: story.id }] });
    const before = t.app.services.print.kept();
    for (let n = 1; n <= 4; n++) {
      const edited = await t.request('reporter', { method: 'PATCH', url: `/api/v1/articles/${story.id}`, headers: ifMatch(story.version), payload: { headline: `校样 ${n}` } });
      expect(edited.statusCode, edited.body).toBe(200);
      story = edited.json<ArticleRef>();
      const galley = await pdfText(`/print/articles/${story.id}.pdf`);
      expect(galley.all).toContain(`校样${n}`);
      expect((await pdfText('/print/editions/2024-05-09/pages/A01.pdf')).all).toContain(`校样${n}`);
      const kept = t.app.services.print.kept();
      expect(kept.renders, `after edit ${n}`).toBe(before.renders + 2);
      expect(kept.items, `after edit ${n}`).toBe(before.items + 1);
    }
  });

  it('prints a credited person’s new name once they are renamed, though no story changed', async () => {
    const person = await t.request('editor', { method: 'POST', url: '/api/v1/people', payload: { name: '张记者' } });
    expect(person.statusCode, person.body).toBe(201);
    const { id, version } = person.json<{ id: number; version: number }>();
    const story = await api.articleIn('draft', { headline: '署名稿件', body: '正文。', credits: [{ role: 'reporter', personId: id }] });
    await api.createEdition('2024-05-07', 20007);
    await api.putPageOk('2024-05-07', 'A01', { name: '要闻', grid: 'broadsheet-8', items: [{ kind: 'article', id: story.id }] });
    expect((await pdfText('/print/editions/2024-05-07/pages/A01.pdf')).all).toContain('记者张记者');
    const renamed = await t.request('editor', { method: 'PATCH', url: `/api/v1/people/${id}`, headers: ifMatch(version), payload: { name: '李记者' } });
    expect(renamed.statusCode, renamed.body).toBe(200);
    const after = await vi.waitFor(async () => {
      const text = await pdfText('/print/editions/2024-05-07/pages/A01.pdf');
      expect(text.all).toContain('记者李记者');
      return text;
    }, NOTIFIED);
    expect(after.all).not.toContain('张记者');
  });

  it('lets editors and admins print, and a reporter proof their own galley; others are refused, and bad paths are 4xx problems', async () => {
    const story = await api.articleIn('draft', { headline: '权限' });
    await api.createEdition('2024-05-06', 20006);
    await api.putPageOk('2024-05-06', 'A01', { name: '要闻', grid: 'broadsheet-8', items: [{ kind: 'article', id: story.id }] });
    const pageUrls = ['/print/editions/2024-05-06/pages/A01.pdf', '/print/editions/2024-05-06.pdf', '/print/editions/2024-05-06/pages/A01/fit'];
    const galley = `/print/articles/${story.id}.pdf`;
    const otherReporter = (await t.user('reporter')).token;
    for (const url of [...pageUrls, galley]) {
      expectProblem(await get(url, null), 401, 'unauthorized');
      expectProblem(await get(url, otherReporter), 403, 'forbidden');
      expect((await get(url, 'admin')).statusCode, url).toBe(200);
    }
    // The reporter who filed the story proofs it, but not the page it is placed on.
    for (const url of pageUrls) expectProblem(await get(url, 'reporter'), 403, 'forbidden');
    expect((await get(galley, 'reporter')).statusCode).toBe(200);
    expectProblem(await get('/print/editions/2024-02-30/pages/A01.pdf'), 400, 'validation-failed');
    expectProblem(await get('/print/editions/2024-05-03/pages/A1.pdf'), 400, 'validation-failed');
    expectProblem(await get('/print/editions/2024-05-03/pages/A01.png'), 404, 'not-found');
    expectProblem(await get('/print/editions/2024-05-03/pages/Z99.pdf'), 404, 'not-found');
    expectProblem(await get('/print/editions/1999-01-01.pdf'), 404, 'not-found');
    expectProblem(await get('/print/articles/999999.pdf'), 404, 'not-found');
    // The message names every grid there is, not just the first.
    const badGrid = expectProblem(await get(`/print/articles/${story.id}.pdf?grid=a3`), 400, 'validation-failed');
    expect(badGrid.errors?.map((e) => e.message).join(' ')).toMatch(/broadsheet-8.*tabloid-5/);
    expectProblem(await get(`/print/articles/${story.id}.pdf?x=1`), 400, 'validation-failed');
  });
});
