import { mkdir } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { buildApp } from '../../src/app.js';
import { testAppOver, type TestApp } from '../helpers/app.js';
import { browserSkipReason, formatViolations, horizontalOverflow, launchBrowser, newPage, runAxe, seriousViolations, watchXss } from '../helpers/browser.js';
import { createTestDatabase } from '../helpers/database.js';
import { NOTIFIED } from '../helpers/notified.js';
import { jpegWithMetadata } from '../helpers/photo-files.js';

/**
 * Issue 20, acceptance 2: the article page with photos in headless Chromium at a phone's width
 * and a desktop's. No layout shift from the pictures (CLS 0, as the browser measures it), the
 * phone fetches no rendition wider than 640, the desktop a sharper one, the site's policy lets
 * the pictures in, and axe finds nothing serious. Served on the port its public URL names, so
 * that the pages' absolute picture URLs reach this server.
 */

const WIDTHS = [375, 1280] as const;
const SCREENSHOTS = join(tmpdir(), 'newsroom-screenshots');
const ifMatch = (version: number) => ({ 'if-match': `"${version}"` });

const browserSkip = browserSkipReason();
if (browserSkip) console.log(`skipping photo browser tests: ${browserSkip}`);

/** A port nothing listens on now. */
async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise((resolve) => server.close(resolve));
  if (address === null || typeof address === 'string') throw new Error('no port');
  return address.port;
}

describe.skipIf(browserSkip !== undefined)('the article page with photos in Chromium', () => {
  let t: TestApp;
  let base: string;
  let browser: Browser;
  let articleId: number;

  beforeAll(async () => {
    const port = await freePort();
    base = `http://127.0.0.1:${port}`;
    const database = await createTestDatabase();
    const app = await buildApp({ config: { bodyLimit: 65_536, publicBaseUrl: base, siteName: '聊城日报' }, database });
    await app.ready();
    t = await testAppOver(app, database, () => app.close());

    const section = await t.request('editor', { method: 'POST', url: '/api/v1/sections', payload: { name: '聊城新闻', slug: 'liaocheng' } });
    const person = await t.request('editor', { method: 'POST', url: '/api/v1/people', payload: { name: '孙悦', defaultRole: 'reporter' } });
    const photoIds: number[] = [];
    for (const [options, alt] of [
      [{ width: 2000, height: 1333, caption: '图为4月10日，聊城市民在东昌湖畔观赏盛开的樱花。', credit: '聊城日报', background: '#6a8caf' }, '东昌湖畔樱花盛开，市民在花下散步'],
      [{ width: 1200, height: 1600, background: '#a07050' }, '古楼前，游客举着手机拍照'],
    ] as const) {
      const uploaded = await t.request('reporter', { method: 'POST', url: '/api/v1/photos', headers: { 'content-type': 'image/jpeg' }, payload: await jpegWithMetadata(options) });
      expect(uploaded.statusCode, uploaded.body).toBe(201);
      const photo = uploaded.json<{ id: number; version: number }>();
      const patched = await t.request('reporter', {
        method: 'PATCH',
        url: `/api/v1/photos/${photo.id}`,
        headers: ifMatch(photo.version),
        payload: { alt, byline: { personId: person.json<{ id: number }>().id } },
      });
      expect(patched.statusCode, patched.body).toBe(200);
      photoIds.push(photo.id);
    }
    const paragraph = (i: number) => `第${i}段。连日来，东昌湖畔的樱花竞相绽放，粉白相间的花朵缀满枝头，吸引众多市民和游客前来踏春赏花、拍照留念，湖畔步道上人流如织。`;
    const filed = await t.request('reporter', {
      method: 'POST',
      url: '/api/v1/articles',
      payload: {
        kicker: '春到水城',
        headline: '东昌湖畔樱花开 市民踏春赏美景',
        summary: '连日来，东昌湖畔樱花竞相绽放。',
        sectionId: section.json<{ id: number }>().id,
        credits: [{ role: 'reporter', name: '孙悦' }],
        leadPhoto: { photoId: photoIds[0] },
        body: [1, 2, 3, 4, 5, 6].map(paragraph).join('\n\n') + `\n\n![图为游客在古楼前拍照留念。](photo:${photoIds[1]})\n\n` + [7, 8, 9].map(paragraph).join('\n\n'),
      },
    });
    expect(filed.statusCode, filed.body).toBe(201);
    let article = filed.json<{ id: number; version: number }>();
    for (const [token, status] of [['reporter', 'submitted'], ['editor', 'edited'], ['editor', 'published']] as const) {
      const moved = await t.request(token, { method: 'POST', url: `/api/v1/articles/${article.id}/status`, headers: ifMatch(article.version), payload: { status } });
      expect(moved.statusCode, moved.body).toBe(200);
      article = moved.json();
    }
    articleId = article.id;
    await vi.waitFor(async () => {
      const res = await t.request(null, { url: '/' });
      expect(res.body).toContain('class="thumb"');
    }, NOTIFIED);

    await app.listen({ port, host: '127.0.0.1' });
    browser = await launchBrowser();
    await mkdir(SCREENSHOTS, { recursive: true });
  });

  afterAll(async () => {
    await browser?.close();
    await t?.close();
    console.log(`photo page screenshots: ${SCREENSHOTS}`);
  });

  /** The page's cumulative layout shift so far, as the browser counts it (shifts after input left out). */
  async function layoutShift(page: Page): Promise<number> {
    return page.evaluate(
      () =>
        new Promise<number>((resolve) => {
          interface Shift {
            value: number;
            hadRecentInput: boolean;
          }
          const scope = globalThis as unknown as {
            PerformanceObserver: new (callback: (list: { getEntries(): Shift[] }) => void) => { observe(options: unknown): void; disconnect(): void };
          };
          let total = 0;
          const observer = new scope.PerformanceObserver((list) => {
            for (const entry of list.getEntries()) if (!entry.hadRecentInput) total += entry.value;
          });
          observer.observe({ type: 'layout-shift', buffered: true });
          setTimeout(() => {
            observer.disconnect();
            resolve(total);
          }, 200);
        }),
    );
  }

  /** Scrolls to the end and waits until every picture on the page has loaded. */
  async function loadEveryPicture(page: Page): Promise<void> {
    await page.evaluate(() => {
      const scope = globalThis as unknown as { scrollTo(x: number, y: number): void; document: { body: { scrollHeight: number } } };
      scope.scrollTo(0, scope.document.body.scrollHeight);
    });
    await page.waitForFunction(() => {
      const images = (globalThis as unknown as { document: { images: ArrayLike<{ complete: boolean; naturalWidth: number }> } }).document.images;
      return Array.from(images).every((img) => img.complete && img.naturalWidth > 0);
    });
  }

  it.each(WIDTHS)('at %i px: no layout shift, renditions fitting the width, nothing blocked, nothing serious for axe', async (width) => {
    const page = await newPage(browser, width);
    try {
      const watch = await watchXss(page);
      const fetched: string[] = [];
      page.on('response', (response) => {
        if (response.url().includes('/media/photos/')) fetched.push(`${response.status()} ${new URL(response.url()).pathname}`);
      });
      const res = await page.goto(`${base}/articles/${articleId}`, { waitUntil: 'load' });
      expect(res?.status()).toBe(200);
      const lead = await page.locator('figure.lead-photo img').evaluate((img) => (img as unknown as { currentSrc: string }).currentSrc);
      expect(lead).toMatch(/\/full\/\d+\.avif$/);
      await page.screenshot({ path: join(SCREENSHOTS, `photo-article-${width}.png`) });
      await loadEveryPicture(page);
      await page.screenshot({ path: join(SCREENSHOTS, `photo-article-${width}-full.png`), fullPage: true });
      await page.locator('figure.upright').screenshot({ path: join(SCREENSHOTS, `photo-article-${width}-figure.png`) });

      expect(await layoutShift(page), 'cumulative layout shift').toBe(0);
      expect(fetched.length).toBeGreaterThanOrEqual(2);
      expect(fetched.every((f) => f.startsWith('200 ')), fetched.join('\n')).toBe(true);
      const widths = fetched.map((f) => Number(/\/(\d+)\.\w+$/.exec(f)![1]));
      const leadWidth = Number(/\/(\d+)\.avif$/.exec(lead)![1]);
      // A phone takes nothing over 640 wide; a desktop the lead across the 672 px measure, sharper.
      if (width === 375) expect(Math.max(...widths), fetched.join('\n')).toBeLessThanOrEqual(640);
      else expect(leadWidth).toBeGreaterThanOrEqual(1024);

      // Each picture keeps the box its width and height promised, at the story's width.
      const boxes = await page.locator('figure.photo img').evaluateAll((images) =>
        images.map((img) => {
          const el = img as unknown as { clientWidth: number; clientHeight: number; naturalWidth: number; naturalHeight: number };
          return { ratio: el.clientWidth / el.clientHeight, natural: el.naturalWidth / el.naturalHeight, width: el.clientWidth };
        }),
      );
      expect(boxes).toHaveLength(2);
      for (const box of boxes) {
        expect(Math.abs(box.ratio - box.natural)).toBeLessThan(0.01);
        expect(box.width).toBeLessThanOrEqual(Math.min(width - 32, 672));
        expect(box.width).toBeGreaterThan(Math.min(width - 32, 448) - 1);
      }
      expect(await horizontalOverflow(page)).toBeLessThanOrEqual(0);
      expect(await watch.report()).toEqual({ dialogs: [], pageErrors: [], calls: [], cspViolations: [] });
      const serious = seriousViolations(await runAxe(page));
      expect(serious, formatViolations(serious)).toEqual([]);
    } finally {
      await page.context().close();
    }
  });

  it.each(WIDTHS)('the front page at %i px shows the thumbnail, fits the width, nothing serious for axe', async (width) => {
    const page = await newPage(browser, width);
    try {
      await page.goto(`${base}/`, { waitUntil: 'load' });
      await loadEveryPicture(page);
      await page.screenshot({ path: join(SCREENSHOTS, `photo-front-${width}.png`), fullPage: true });
      const thumb = page.locator('.teaser .thumb img');
      expect(await thumb.count()).toBe(1);
      expect(await thumb.isVisible()).toBe(true);
      const src = await thumb.evaluate((img) => (img as unknown as { currentSrc: string }).currentSrc);
      expect(src).toMatch(/\/3x2\/320\.avif$/);
      expect(await layoutShift(page)).toBe(0);
      expect(await horizontalOverflow(page)).toBeLessThanOrEqual(0);
      const serious = seriousViolations(await runAxe(page));
      expect(serious, formatViolations(serious)).toEqual([]);
    } finally {
      await page.context().close();
    }
  });
});
