import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { printText } from '../../src/render/print/data.js';
import { PRINT_GRIDS } from '../../src/render/print/grids.js';
import { createTestApp, type TestApp } from '../helpers/app.js';
import { editionsClient, SEED_DATE, type ArticleRef } from '../helpers/editions.js';
import type { NoticeJson } from '../helpers/notices.js';
import { pdfFonts, pdfLines, rowsOf, type PdfLine } from '../helpers/pdf-text.js';

/**
 * Issue 7: the sample page (both stories whole, the payout notice) set as broadsheet page A03,
 * read back out of the PDF: every paragraph in reading order, the 24 rows and the total, no
 * line breaking the Chinese rules, fonts embedded; and the copy-fit report.
 */

const fixture = (name: string) => readFileSync(new URL(`../fixtures/print/${name}`, import.meta.url), 'utf8');
const STORY_1 = fixture('liaocheng-story-1.md');
const STORY_2 = fixture('liaocheng-story-2.md');
const paragraphs = (md: string) => md.split('\n\n').map((p) => p.trim()).filter((p) => p !== '' && !p.startsWith('#'));
const squash = (s: string) => s.replace(/[\s\u2060]/g, '');

const FORBIDDEN_START = /^[，。、；：？！）》」』”—]/;
const FORBIDDEN_END = /[（《「“]$/;

let t: TestApp;
let api: ReturnType<typeof editionsClient>;
let story1: ArticleRef;
let story2: ArticleRef;
let notice: NoticeJson;

interface FitJson {
  fits: boolean;
  areaLines: number;
  items: { position: number; kind: string; id: number; column: number; line: number; columns: number; headLines: number; linesNeeded: number; linesAvailable: number; overLines: number; overCharacters: number; charactersPerLine: number; fits: boolean }[];
}

async function pdf(url: string, token = 'editor') {
  const res = await t.request(token, { url });
  expect(res.statusCode, res.body.slice(0, 500)).toBe(200);
  expect(res.headers['content-type']).toBe('application/pdf');
  return res.rawPayload;
}

async function fit(date: string, label: string): Promise<FitJson> {
  const res = await t.request('editor', { url: `/print/editions/${date}/pages/${label}/fit` });
  expect(res.statusCode, res.body).toBe(200);
  return res.json<FitJson>();
}

/** The lines of one item's space on a broadsheet page, read column by column. */
function linesOf(lines: PdfLine[], item: FitJson['items'][number], rows: number): PdfLine[] {
  const g = PRINT_GRIDS['broadsheet-8'];
  const mm = 72 / 25.4;
  const pitch = g.fontSize + g.leading;
  const left = (g.pageWidth * mm - (g.columns * g.chars * g.fontSize + (g.columns - 1) * g.gutter)) / 2 + (item.column - 1) * (g.chars * g.fontSize + g.gutter);
  const right = left + item.columns * g.chars * g.fontSize + (item.columns - 1) * g.gutter;
  const top = (g.pageHeight * mm - g.areaLines * pitch) / 2 + (g.headerLines + item.line) * pitch;
  return lines.filter((l) => l.x >= left - 1 && l.x + l.width <= right + 1 && l.y >= top - pitch && l.y <= top + rows * pitch);
}

beforeAll(async () => {
  t = await createTestApp();
  api = editionsClient(t);
  story1 = await api.articleIn('edited', {
    headline: '“1+2+4”创新模式破解难题',
    subtitle: '聊城市被评为省级商业秘密保护创新试点',
    body: STORY_1,
    credits: [
      { role: 'reporter', name: '国晓宁' },
      { role: 'correspondent', name: '楚克伟' },
    ],
  });
  story2 = await api.articleIn('submitted', { headline: '在景区救起两名落水儿童 悄然离去的他被找到了', body: STORY_2, credits: [{ role: 'reporter', name: '国晓宁' }] });
  notice = await api.seedNotice('draft');
  await api.createEdition(SEED_DATE, 9876);
  await api.putPageOk(SEED_DATE, 'A03', {
    name: '聊城新闻',
    grid: 'broadsheet-8',
    items: [
      { kind: 'article', id: story1.id, columns: 5 },
      { kind: 'article', id: story2.id, columns: 3 },
      { kind: 'notice', id: notice.id, columns: 3 },
    ],
  });
}, 60_000);
afterAll(async () => t?.close());

describe('the sample page as a broadsheet page', () => {
  it('fits, and says how much room each item has left', async () => {
    const report = await fit(SEED_DATE, 'A03');
    expect(report.items.map((i) => [i.kind, i.id, i.columns])).toEqual([
      ['article', story1.id, 5],
      ['article', story2.id, 3],
      ['notice', notice.id, 3],
    ]);
    for (const item of report.items) {
      expect(item.linesNeeded).toBeGreaterThan(0);
      expect(item.fits).toBe(true);
      expect(item.overLines).toBe(item.linesNeeded - item.linesAvailable);
      expect(item.overCharacters).toBe(item.overLines * item.charactersPerLine);
    }
    // The second story sits beside the first, the notice under the second.
    const [, second, boxed] = report.items;
    expect(second!.column).toBe(6);
    expect(boxed!.column).toBe(6);
    expect(boxed!.line).toBeGreaterThan(second!.line);
  });

  it('shows each item’s fit in the edition plan, as the fit report has it', async () => {
    const report = await fit(SEED_DATE, 'A03');
    const plan = await api.plan(SEED_DATE);
    const items = plan.pages.find((p) => p.label === 'A03')!.items as unknown as { kind: string; id: number; fits: boolean | null; fit: Record<string, number> | null }[];
    expect(items).toHaveLength(3);
    for (const item of items) {
      const f = report.items.find((i) => i.kind === item.kind && i.id === item.id)!;
      expect(item.fits).toBe(f.fits);
      expect(item.fit).toEqual({ linesNeeded: f.linesNeeded, linesAvailable: f.linesAvailable, overLines: f.overLines, overCharacters: f.overCharacters });
    }
  });

  it('prints every paragraph of both stories in reading order, the notice’s 24 rows and total, with embedded fonts', async () => {
    const file = await pdf(`/print/editions/${SEED_DATE}/pages/A03.pdf`);
    expect(file.subarray(0, 5).toString()).toBe('%PDF-');
    const [page, more] = await pdfLines(file);
    expect(more).toBeUndefined();
    const report = await fit(SEED_DATE, 'A03');
    const rowsOfItem = (i: number) => report.areaLines - report.items[i]!.line + 1;
    for (const [i, body] of [[0, STORY_1], [1, STORY_2]] as const) {
      const text = squash(linesOf(page!.lines, report.items[i]!, rowsOfItem(i)).map((l) => l.text).join(''));
      let at = 0;
      for (const p of paragraphs(body)) {
        const found = text.indexOf(squash(printText(p)), at);
        expect(found, `story ${i + 1}: ${p.slice(0, 30)}…`).toBeGreaterThanOrEqual(at);
        at = found + 1;
      }
    }
    const noticeLines = linesOf(page!.lines, report.items[2]!, rowsOfItem(2));
    const rows = rowsOf(noticeLines).map((r) => r.map((l) => l.text.trim()));
    const numbered = rows.filter((r) => /^\d+$/.test(r[0] ?? '') && r.some((c) => /^\d{10}\*{4}\d{3}[\dX]$/.test(c)));
    expect(numbered.map((r) => Number(r[0]))).toEqual(Array.from({ length: 24 }, (_, i) => i + 1));
    expect(rows.some((r) => r[0] === '合计' && r.includes('2,394.26'))).toBe(true);
    const fonts = await pdfFonts(file);
    expect(fonts.length).toBeGreaterThanOrEqual(2);
    expect(fonts.filter((f) => !f.embedded)).toEqual([]);
  });

  it('starts no line with closing punctuation or a dash and ends none with opening punctuation', async () => {
    const [page] = await pdfLines(await pdf(`/print/editions/${SEED_DATE}/pages/A03.pdf`));
    const lines = page!.lines.map((l) => l.text.trim()).filter((l) => l !== '');
    expect(lines.length).toBeGreaterThan(300);
    expect(lines.filter((l) => FORBIDDEN_START.test(l))).toEqual([]);
    expect(lines.filter((l) => FORBIDDEN_END.test(l))).toEqual([]);
  });
});
