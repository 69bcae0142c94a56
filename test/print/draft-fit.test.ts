import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { parseMarkdown } from '../../src/document/markdown.js';
import { pageHeader, printArticle, type PrintJob } from '../../src/render/print/data.js';
import { PRINT_GRIDS } from '../../src/render/print/grids.js';
import { createMeasureMemo } from '../../src/render/print/measures.js';
import { PrintPool } from '../../src/render/print/pool.js';
import { createTypstRenderer } from '../../src/render/print/typst.js';
import { createTestApp, type TestApp } from '../helpers/app.js';
import { editionsClient, type ArticleRef } from '../helpers/editions.js';
import { ifMatch } from '../helpers/notices.js';
import { expectProblem } from '../helpers/problem.js';

/**
 * The story editor's live copy-fit: an unsaved draft measured as print sets it, on the page
 * of the latest edition that places the story, or as a galley when none does; never saved.
 */

const STORY = readFileSync(new URL('../fixtures/print/liaocheng-story-1.md', import.meta.url), 'utf8');
const SHORT = '聊城市紧紧围绕国家市场监管总局、省市场监管局关于商业秘密保护的工作安排，大力维护公平竞争市场环境。';
const EXTRA = '下一步，聊城市将持续深化试点工作，把商业秘密保护纳入优化营商环境重点任务，推动更多企业建立保护制度。'.repeat(4);

interface DraftFitJson {
  grid: string;
  charactersPerLine: number;
  linesNeeded: number;
  headLines: number;
  placement: {
    date: string;
    label: string;
    pageName: string;
    columns: number;
    linesAvailable: number;
    overLines: number;
    overCharacters: number;
    fits: boolean;
  } | null;
}

interface ArticleJson {
  version: number;
  body: string;
  headline: string;
}

let t: TestApp;
let api: ReturnType<typeof editionsClient>;
/** A reporter's draft on no page. */
let loose: ArticleRef;
/** On page A01 of 2024-04-10 across 8 columns, and on page A03 of 2024-04-11 in 2 columns beside another story. */
let placed: ArticleRef;
let neighbour: ArticleRef;

const draftFit = (id: number, payload: unknown, token: string | null = 'reporter') => t.request(token, { method: 'POST', url: `/print/articles/${id}/fit`, payload: payload as object });

async function fitOk(id: number, payload: unknown, token = 'reporter'): Promise<DraftFitJson> {
  const res = await draftFit(id, payload, token);
  expect(res.statusCode, res.body).toBe(200);
  return res.json<DraftFitJson>();
}

async function galleyLines(id: number): Promise<number> {
  const res = await t.request('editor', { url: `/print/articles/${id}.pdf` });
  expect(res.statusCode, res.body.slice(0, 300)).toBe(200);
  return Number(res.headers['x-galley-lines']);
}

async function article(id: number): Promise<ArticleJson> {
  const res = await t.request('editor', { url: `/api/v1/articles/${id}` });
  expect(res.statusCode, res.body).toBe(200);
  return res.json<ArticleJson>();
}

beforeAll(async () => {
  t = await createTestApp();
  api = editionsClient(t);
  loose = await api.articleIn('draft', { headline: '聊城市被评为省级商业秘密保护创新试点', body: STORY, credits: [{ role: 'reporter', name: '国晓宁' }] });
  placed = await api.articleIn('edited', { headline: '短稿', body: SHORT, credits: [{ role: 'reporter', name: '国晓宁' }] });
  neighbour = await api.articleIn('edited', { headline: '邻稿', body: STORY });
  await api.createEdition('2024-04-10', 9875);
  await api.putPageOk('2024-04-10', 'A01', { name: '要闻', grid: 'broadsheet-8', items: [{ kind: 'article', id: placed.id, columns: 8 }] });
  await api.createEdition('2024-04-11', 9876);
  await api.putPageOk('2024-04-11', 'A03', {
    name: '聊城新闻',
    grid: 'broadsheet-8',
    items: [
      { kind: 'article', id: placed.id, columns: 2 },
      { kind: 'article', id: neighbour.id, columns: 6 },
    ],
  });
}, 60_000);
afterAll(async () => t?.close());

describe('a draft on no page', () => {
  it('is measured as its galley: the lines the galley proof gives once the same text is saved', async () => {
    const before = await galleyLines(loose.id);
    const body = `${STORY}\n\n${EXTRA}`;
    const fit = await fitOk(loose.id, { headline: loose.headline, body });
    expect(fit).toMatchObject({ grid: 'broadsheet-8', charactersPerLine: 13, placement: null });
    expect(fit.headLines).toBeGreaterThan(1);
    expect(fit.linesNeeded).toBeGreaterThan(before);

    const unchanged = await fitOk(loose.id, { headline: loose.headline, body: STORY });
    expect(unchanged.linesNeeded).toBe(before);

    const saved = await t.request('reporter', { method: 'PATCH', url: `/api/v1/articles/${loose.id}`, headers: ifMatch(loose.version), payload: { body } });
    expect(saved.statusCode, saved.body).toBe(200);
    loose = { ...loose, version: saved.json<ArticleJson>().version };
    expect(await galleyLines(loose.id)).toBe(fit.linesNeeded);
  });

  it('saves nothing', async () => {
    const stored = await article(loose.id);
    await fitOk(loose.id, { kicker: '引题', headline: '另一个标题', subtitle: '副题', body: SHORT, credits: [{ role: 'reporter', name: '草稿里的新名字' }] });
    const after = await article(loose.id);
    expect(after).toEqual(stored);
    const people = await t.request('editor', { url: `/api/v1/people?q=${encodeURIComponent('草稿里的新名字')}` });
    expect(people.statusCode, people.body).toBe(200);
    expect(people.json<{ items: unknown[] }>().items).toEqual([]);
  });

  it('sets the draft’s head and byline: a longer head takes more lines, the stored byline when it sends none', async () => {
    const plain = await fitOk(loose.id, { headline: '短', body: SHORT, credits: [] });
    const names = ['张三', '李四', '王五', '赵六', '孙七', '周八', '吴九', '郑十', '钱一', '冯二'];
    const headed = await fitOk(loose.id, {
      kicker: '“1+2+4”创新模式破解难题',
      headline: '短',
      subtitle: '聊城市被评为省级商业秘密保护创新试点',
      body: SHORT,
      credits: names.map((name) => ({ role: '记者', name })),
    });
    expect(headed.headLines).toBeGreaterThan(plain.headLines + 2);
    expect(headed.linesNeeded).toBe(plain.linesNeeded);
    const stored = await fitOk(loose.id, { headline: '短', body: SHORT });
    expect(stored.headLines).toBeGreaterThan(plain.headLines);
  });

  it('measures a draft with nothing typed yet as no lines of body', async () => {
    const empty = await fitOk(loose.id, { headline: '', body: '', credits: [] });
    expect(empty.linesNeeded).toBe(0);
    expect(empty.placement).toBeNull();
  });
});

describe('a draft of a placed story', () => {
  it('is measured in its place on the page of the latest edition, as the page’s copy-fit report measures it', async () => {
    const fit = await fitOk(placed.id, { headline: placed.headline, body: SHORT }, 'editor');
    const report = await t.request('editor', { url: '/print/editions/2024-04-11/pages/A03/fit' });
    expect(report.statusCode, report.body).toBe(200);
    const item = report.json<{ items: { id: number; kind: string; columns: number; headLines: number; linesNeeded: number; linesAvailable: number }[] }>().items.find(
      (i) => i.kind === 'article' && i.id === placed.id,
    )!;
    expect(fit).toEqual({
      grid: 'broadsheet-8',
      charactersPerLine: 13,
      linesNeeded: item.linesNeeded,
      headLines: item.headLines,
      placement: {
        date: '2024-04-11',
        label: 'A03',
        pageName: '聊城新闻',
        columns: 2,
        linesAvailable: item.linesAvailable,
        overLines: item.linesNeeded - item.linesAvailable,
        overCharacters: (item.linesNeeded - item.linesAvailable) * 13,
        fits: true,
      },
    });
  });

  it('reports a much longer draft over its space, and a short one fitting', async () => {
    const long = await fitOk(placed.id, { headline: placed.headline, body: [STORY, STORY, STORY].join('\n\n') }, 'editor');
    expect(long.placement!.overLines).toBeGreaterThan(0);
    expect(long.placement!.overCharacters).toBe(long.placement!.overLines * 13);
    expect(long.placement!.fits).toBe(false);
    expect(long.linesNeeded).toBe(long.placement!.linesAvailable + long.placement!.overLines);

    const short = await fitOk(placed.id, { headline: placed.headline, body: SHORT }, 'editor');
    expect(short.placement!.overLines).toBeLessThan(0);
    expect(short.placement!.fits).toBe(true);
    expect((await article(placed.id)).version).toBe(placed.version);
  });
});

describe('who may measure and what is refused', () => {
  it('lets a reporter measure their own story, an editor anyone’s, and no other reporter', async () => {
    const draft = { headline: '标题', body: SHORT };
    await fitOk(loose.id, draft, 'reporter');
    await fitOk(loose.id, draft, 'editor');
    const other = await t.user('reporter', 'other-reporter');
    expectProblem(await draftFit(loose.id, draft, other.token), 403, 'forbidden');
    expectProblem(await draftFit(999_999, draft, 'editor'), 404, 'not-found');
    expect((await draftFit(loose.id, draft, null)).statusCode).toBe(401);
  });

  it('refuses a malformed draft with 400', async () => {
    for (const payload of [
      { headline: '标题' },
      { body: SHORT },
      { headline: '标题', body: 42 },
      { headline: '标题', body: SHORT, summary: '多余' },
      { headline: '题'.repeat(201), body: SHORT },
      { headline: '标题', body: SHORT, credits: [{ role: '厨师', name: '张三' }] },
    ]) {
      const res = await draftFit(loose.id, payload, 'editor');
      expect(res.statusCode, JSON.stringify(payload)).toBe(400);
    }
  });

  it('refuses with 422 a body nested too deep to print, and measures one nested a little', async () => {
    for (const body of ['>'.repeat(150) + ' 深', `${'*'.repeat(10_000)}深${'*'.repeat(10_000)}`]) {
      const refused = expectProblem(await draftFit(loose.id, { headline: '标题', body }, 'editor'), 422, 'unprocessable');
      expect(refused.errors).toEqual([{ pointer: '/body', message: expect.stringContaining('too deep') }]);
    }
    const nested = await fitOk(loose.id, { headline: '标题', body: '> > > - 一层层引用里的列表' }, 'editor');
    expect(nested.linesNeeded).toBeGreaterThan(0);
    expect((await article(loose.id)).version).toBe(loose.version);
  });
});

describe('a measure-only render', () => {
  it('makes no PDF and reports the fit a full render reports, of a galley and of a page', () => {
    const renderer = createTypstRenderer();
    const fresh = createTypstRenderer();
    try {
      const story = printArticle({ id: 1, kicker: null, headline: '长稿', subtitle: null, byline: '记者 国晓宁', body: parseMarkdown(STORY) }, 1);
      const galley: PrintJob = { kind: 'galley', title: 'g', paper: '聊城日报', grid: PRINT_GRIDS['broadsheet-8'], item: story };
      const header = pageHeader({ label: 'A03', name: '聊城新闻', editor: null }, { date: '2024-04-11', issueNumber: 9876 });
      const page: PrintJob = { kind: 'pages', title: 'p', paper: '聊城日报', grid: PRINT_GRIDS['broadsheet-8'], pages: [{ ...header, items: [{ ...story, columns: 3 }] }] };
      for (const job of [galley, page]) {
        const measured = fresh.render({ ...job, measureOnly: true });
        const full = renderer.render(job);
        const again = renderer.render({ ...job, measureOnly: true });
        expect(full.pdf.subarray(0, 5).toString()).toBe('%PDF-');
        expect(measured.pdf.length).toBe(0);
        expect(again.pdf.length).toBe(0);
        expect(measured.fit).toEqual(full.fit);
        expect(again.fit).toEqual(full.fit);
      }
    } finally {
      renderer.close();
      fresh.close();
    }
  });
});

describe('the measures kept between renders', () => {
  it('send a measure-only job the blocks whose lines are not known yet, and the kind of each known one; a render gets every block', () => {
    const memo = createMeasureMemo();
    const story = printArticle({ id: 3, kicker: null, headline: '长稿', subtitle: null, byline: '记者 国晓宁', body: parseMarkdown('第一段。\n\n## 小标题\n\n第二段。') }, 1);
    const header = pageHeader({ label: 'A03', name: '聊城新闻', editor: null }, { date: '2024-04-11', issueNumber: 9876 });
    const page = (item: typeof story): PrintJob => ({ kind: 'pages', title: 'p', paper: '聊城日报', grid: PRINT_GRIDS['broadsheet-8'], pages: [{ ...header, items: [{ ...item, columns: 2 }] }], measureOnly: true });
    const first = memo.attach(page(story));
    expect(first.job.kind === 'pages' && first.job.pages[0]!.items[0]).toMatchObject({ blocks: story.blocks });
    memo.remember(first.keys, [{ items: [{ position: 1, columns: 2, measured: { head: 4, body: 7, blocks: [2, 2, 3] } }] }]);

    const edited = { ...story, blocks: [story.blocks[0]!, story.blocks[1]!, printArticle({ ...story, body: parseMarkdown('第二段，改过了。'), byline: '' }, 1).blocks[0]!] };
    const next = memo.attach(page(edited));
    const sent = next.job.kind === 'pages' ? next.job.pages[0]!.items[0]! : undefined;
    expect(sent).toMatchObject({ blocks: [{ t: 'p' }, { t: 'h' }, edited.blocks[2]], known: { head: { 2: 4 }, blocks: [2, 2, null] } });
    expect(sent?.kind === 'article' && sent.blocks[0]).toEqual({ t: 'p' });

    const rendered = memo.attach({ ...page(edited), measureOnly: false });
    expect(rendered.job.kind === 'pages' && rendered.job.pages[0]!.items[0]).toMatchObject({ blocks: edited.blocks, known: { blocks: [2, 2, null] } });
  });
});

describe('the print pool and measure-only jobs', () => {
  it('counts a measure-only job as a tenth of a render towards replacing a worker, and its successor measures the same', async () => {
    const pool = new PrintPool({ size: 1, maxRenders: 1, timeoutMs: 30_000 });
    try {
      const item = printArticle({ id: 7, kicker: null, headline: '长稿', subtitle: null, byline: '记者 国晓宁', body: parseMarkdown(STORY) }, 1);
      const job: PrintJob = { kind: 'galley', title: 'g', paper: '聊城日报', grid: PRINT_GRIDS['broadsheet-8'], item, measureOnly: true };
      const first = await pool.render(job);
      const [pid] = pool.pids();
      for (let n = 0; n < 6; n++) expect((await pool.render(job)).fit).toEqual(first.fit);
      // Seven tenths spent: no successor yet.
      expect(pool.pids()).toEqual([pid]);
      expect(pool.started).toBe(1);
      // At four fifths its successor starts; the worker serves on until it is ready.
      await pool.render(job);
      expect(pool.started).toBe(2);
      expect(pool.pids()).toEqual([pid]);
      const full = await pool.render({ ...job, measureOnly: false });
      await vi.waitFor(() => expect(pool.pids()).not.toEqual([pid]), { timeout: 10_000 });
      expect(pool.pids()).toHaveLength(1);
      expect((await pool.render(job)).fit).toEqual(first.fit);
      expect(full.fit).toEqual(first.fit);
      expect(full.pdf.subarray(0, 5).toString()).toBe('%PDF-');
    } finally {
      await pool.close();
    }
  });
});
