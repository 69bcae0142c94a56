import { readFileSync } from 'node:fs';
import { getDocument, OPS, Util, VerbosityLevel } from 'pdfjs-dist/legacy/build/pdf.mjs';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { printText } from '../../src/render/print/data.js';
import { createTestApp, type TestApp } from '../helpers/app.js';
import { editionsClient, SEED_DATE, type ArticleRef } from '../helpers/editions.js';
import { pdfLines } from '../helpers/pdf-text.js';
import { jpegWithMetadata, plainJpeg } from '../helpers/photo-files.js';

/**
 * Issue 20, print: a page with two photographed stories embeds each picture at its frame's
 * size at no less than 200 ppi, with its caption and credit under it and every paragraph of both
 * stories still there; a picture too small for its span is named in the copy-fit report.
 */

const fixture = (name: string) => readFileSync(new URL(`../fixtures/print/${name}`, import.meta.url), 'utf8');
const STORY_1 = fixture('liaocheng-story-1.md');
const STORY_2 = fixture('liaocheng-story-2.md');
const paragraphs = (md: string) => md.split('\n\n').map((p) => p.trim()).filter((p) => p !== '' && !p.startsWith('#'));
const squash = (s: string) => s.replace(/[\s\u2060]/g, '');

let t: TestApp;
let api: ReturnType<typeof editionsClient>;
let story1: ArticleRef;
let story2: ArticleRef;
let small: ArticleRef;
let smallPhoto: number;

interface PhotoJson {
  id: number;
  version: number;
  width: number;
  height: number;
}

interface FitJson {
  fits: boolean;
  items: { id: number; columns: number; headLines: number; photoLines: number; linesNeeded: number; linesAvailable: number; fits: boolean }[];
  warnings: { code: string; id: number; photoId: number; ppi: number; widthMm: number; message: string }[];
}

/** A picture with something in it: a sky-to-ground gradient and a dark disc, so a stretch or a bad crop shows. */
async function scene(width: number, height: number): Promise<Buffer> {
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}">
    <defs><linearGradient id="g" x1="0" y1="0" x2="0" y2="1"><stop offset="0" stop-color="#9cc3e6"/><stop offset="0.6" stop-color="#e8e2d0"/><stop offset="1" stop-color="#6b8e4e"/></linearGradient></defs>
    <rect width="100%" height="100%" fill="url(#g)"/>
    <circle cx="${width / 2}" cy="${height / 2}" r="${Math.min(width, height) / 4}" fill="#3a3a3a"/>
  </svg>`;
  return sharp(Buffer.from(svg)).jpeg({ quality: 90 }).toBuffer();
}

async function upload(bytes: Buffer): Promise<PhotoJson> {
  const res = await t.request('editor', { method: 'POST', url: '/api/v1/photos', headers: { 'content-type': 'image/jpeg' }, payload: bytes });
  expect(res.statusCode, res.body).toBe(201);
  return res.json<PhotoJson>();
}

async function patch(photo: PhotoJson, body: Record<string, unknown>): Promise<void> {
  const res = await t.request('editor', { method: 'PATCH', url: `/api/v1/photos/${photo.id}`, headers: { 'if-match': `"${photo.version}"` }, payload: body });
  expect(res.statusCode, res.body).toBe(200);
}

async function setLead(story: ArticleRef, leadPhoto: { photoId: number; caption?: string }): Promise<void> {
  const { version } = (await t.request('editor', { url: `/api/v1/articles/${story.id}` })).json<{ version: number }>();
  const res = await t.request('editor', { method: 'PATCH', url: `/api/v1/articles/${story.id}`, headers: { 'if-match': `"${version}"` }, payload: { leadPhoto } });
  expect(res.statusCode, res.body).toBe(200);
}

async function pdf(url: string): Promise<Buffer> {
  const res = await t.request('editor', { url });
  expect(res.statusCode, res.body.slice(0, 500)).toBe(200);
  expect(res.headers['content-type']).toBe('application/pdf');
  return res.rawPayload;
}

async function fit(label: string): Promise<FitJson> {
  const res = await t.request('editor', { url: `/print/editions/${SEED_DATE}/pages/${label}/fit` });
  expect(res.statusCode, res.body).toBe(200);
  return res.json<FitJson>();
}

/** The images a PDF's first page paints: their pixels and their placed size in points, from pdfjs's operator list. */
async function placedImages(file: Uint8Array): Promise<{ pixelWidth: number; pixelHeight: number; width: number; height: number }[]> {
  const task = getDocument({ data: new Uint8Array(file), disableFontFace: true, isEvalSupported: false, verbosity: VerbosityLevel.ERRORS });
  try {
    const page = await (await task.promise).getPage(1);
    const { fnArray, argsArray } = await page.getOperatorList();
    const images: { pixelWidth: number; pixelHeight: number; width: number; height: number }[] = [];
    let ctm = [1, 0, 0, 1, 0, 0];
    const stack: number[][] = [];
    fnArray.forEach((fn, i) => {
      const args = argsArray[i] as unknown[];
      if (fn === OPS.save) stack.push(ctm);
      else if (fn === OPS.restore) ctm = stack.pop() ?? ctm;
      else if (fn === OPS.transform) ctm = Util.transform(ctm, args as number[]) as number[];
      else if (fn === OPS.paintFormXObjectBegin) {
        stack.push(ctm);
        if (Array.isArray(args[0])) ctm = Util.transform(ctm, args[0] as number[]) as number[];
      } else if (fn === OPS.paintFormXObjectEnd) ctm = stack.pop() ?? ctm;
      else if (fn === OPS.paintImageXObject) {
        const [, pixelWidth, pixelHeight] = args as [string, number, number];
        images.push({ pixelWidth, pixelHeight, width: Math.hypot(ctm[0]!, ctm[1]!), height: Math.hypot(ctm[2]!, ctm[3]!) });
      }
    });
    return images;
  } finally {
    await task.destroy();
  }
}

beforeAll(async () => {
  t = await createTestApp();
  api = editionsClient(t);
  // A reporter who also takes pictures: the caption credits them 记者 孙悦 摄.
  story1 = await api.articleIn('edited', {
    headline: '“1+2+4”创新模式破解难题',
    subtitle: '聊城市被评为省级商业秘密保护创新试点',
    body: STORY_1,
    credits: [
      { role: 'reporter', name: '孙悦' },
      { role: 'correspondent', name: '楚克伟' },
    ],
  });
  small = await api.articleIn('edited', { headline: '小图一张', body: paragraphs(STORY_1).slice(0, 3).join('\n\n'), credits: [{ role: 'reporter', name: '国晓宁' }] });
  const wide = await upload(await scene(2600, 1700));
  await patch(wide, { caption: '图为市民在新建的口袋公园里休憩。', alt: '口袋公园', byline: { name: '孙悦' } });
  // The caption and photographer read from the file's IPTC; a portrait, set at 3:2 across its story.
  const tall = await upload(await jpegWithMetadata({ width: 1400, height: 2000, caption: '杨振在冠县货场工作。', byline: '国晓宁', background: '#7a8fa6' }));
  const tiny = await upload(await plainJpeg(300, 200, '#a06040'));
  // A figure in the second story's body, after its second paragraph, set at a column's width.
  const river = await upload(await scene(1200, 900));
  await patch(river, { caption: '冠县清泉河生态风景区。', alt: '清泉河', byline: { name: '孙悦' } });
  const [p1, p2, ...rest] = STORY_2.split('\n\n');
  story2 = await api.articleIn('edited', {
    headline: '在景区救起两名落水儿童 悄然离去的他被找到了',
    body: [p1, p2, `![](photo:${river.id})`, ...rest].join('\n\n'),
    credits: [{ role: 'reporter', name: '国晓宁' }],
  });
  smallPhoto = tiny.id;
  await setLead(story1, { photoId: wide.id });
  await setLead(story2, { photoId: tall.id });
  await setLead(small, { photoId: tiny.id, caption: '一张太小的图。' });

  await api.createEdition(SEED_DATE, 9876);
  await api.putPageOk(SEED_DATE, 'A03', {
    name: '聊城新闻',
    grid: 'broadsheet-8',
    items: [
      { kind: 'article', id: story1.id, columns: 5 },
      { kind: 'article', id: story2.id, columns: 3 },
    ],
  });
  await api.putPageOk(SEED_DATE, 'A04', { name: '社会', grid: 'broadsheet-8', items: [{ kind: 'article', id: small.id, columns: 4 }] });
}, 120_000);
afterAll(async () => t?.close());

describe('photos on the printed page', () => {
  it('embeds both lead pictures and the figure at 300 ppi of their printed size (never under 200), undistorted, and keeps every paragraph', async () => {
    const file = await pdf(`/print/editions/${SEED_DATE}/pages/A03.pdf`);
    const images = await placedImages(file);
    expect(images).toHaveLength(3);
    for (const image of images) {
      const ppi = image.pixelWidth / (image.width / 72);
      expect(ppi).toBeGreaterThanOrEqual(200);
      expect(ppi).toBeLessThanOrEqual(301);
      // Placed at the shape it was made: no stretch.
      expect(Math.abs(image.pixelWidth / image.pixelHeight - image.width / image.height)).toBeLessThan(0.01);
    }
    // The portrait is set at 3:2 across its three columns.
    const [wide, tall, figure] = images.toSorted((a, b) => b.width - a.width);
    expect(tall!.width / tall!.height).toBeCloseTo(1.5, 1);
    expect(wide!.width / wide!.height).toBeCloseTo(2600 / 1700, 1);
    // The figure across one column (13 characters of 9 pt), at its own shape.
    expect(figure!.width).toBeCloseTo(13 * 9, 0);
    // Its height is whole lines, so in a narrow column its shape is cropped a little (never stretched).
    expect(Math.abs(figure!.width / figure!.height - 1200 / 900)).toBeLessThan(0.1);

    const [page] = await pdfLines(file);
    const text = squash(page!.lines.map((l) => l.text).join(''));
    for (const body of [STORY_1, STORY_2]) {
      for (const p of paragraphs(body)) expect(text, p.slice(0, 30)).toContain(squash(printText(p)));
    }
    // Each caption in sans, the credit at its end, never broken inside the photographer's name.
    for (const [caption, credit] of [
      ['图为市民在新建的口袋公园里休憩。', '（记者 孙悦 摄）'],
      ['杨振在冠县货场工作。', '（记者 国晓宁 摄）'],
      ['冠县清泉河生态风景区。', '（记者 孙悦 摄）'],
    ] as const) {
      // (pdfjs reads the compressed 。（ of a caption's end as a gap, so the two come back as two pieces of a line.)
      expect(text).toContain(squash(caption));
      const first = page!.lines.find((l) => squash(l.text).startsWith(squash(caption).slice(0, 6)))!;
      expect(first.fontNames.join(), caption).toMatch(/Sans/);
      expect(first.fontSize).toBeLessThan(9);
      expect(page!.lines.some((l) => l.y > first.y - 1 && l.y < first.y + 30 && squash(l.text).includes(squash(credit))), credit).toBe(true);
    }
  });

  it('counts the pictures’ lines in the copy-fit report, with no warning for pictures sharp enough', async () => {
    const report = await fit('A03');
    expect(report.items.map((i) => [i.id, i.columns])).toEqual([
      [story1.id, 5],
      [story2.id, 3],
    ]);
    for (const item of report.items) {
      expect(item.photoLines).toBeGreaterThan(10);
      expect(item.fits).toBe(true);
    }
    expect(report.warnings).toEqual([]);
  });

  it('warns when a picture prints under 200 ppi at its size on the page', async () => {
    const report = await fit('A04');
    expect(report.items[0]!.photoLines).toBeGreaterThan(0);
    expect(report.warnings).toHaveLength(1);
    const [warning] = report.warnings;
    expect(warning).toMatchObject({ code: 'low-resolution', id: small.id, photoId: smallPhoto });
    // 300 pixels across four columns (about 163 mm): some 47 ppi.
    expect(warning!.ppi).toBeGreaterThan(40);
    expect(warning!.ppi).toBeLessThan(200);
    expect(warning!.message).toContain('ppi');
  });
});
