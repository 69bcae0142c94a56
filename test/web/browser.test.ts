import { mkdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { buildApp } from '../../src/app.js';
import { testAppOver, type TestApp } from '../helpers/app.js';
import {
  browserSkipReason,
  formatViolations,
  horizontalOverflow,
  launchBrowser,
  listen,
  newPage,
  runAxe,
  seriousViolations,
  watchXss,
  type XssWatch,
} from '../helpers/browser.js';
import { createTestDatabase } from '../helpers/database.js';
import { editionsClient, publishSeedPaper, SEED_DATE, SEED_LONG_BODY, SEED_STORIES, type ArticleRef, type SeedPaper } from '../helpers/editions.js';
import { NOTIFIED } from '../helpers/notified.js';
import { XSS_VECTORS } from '../helpers/xss.js';

/**
 * Issue 6: the web site in headless Chromium, served over real HTTP. At a phone's width and
 * a desktop's, each page fits without sideways scrolling, shows its headline, passes axe with
 * nothing serious, and the notice shows its whole table with the total; and no markup that
 * writers or editors type runs as script anywhere it is shown.
 */

const SITE_NAME = '聊城日报';
const WIDTHS = [375, 1280] as const;
const SCREENSHOTS = join(tmpdir(), 'newsroom-screenshots');

const browserSkip = browserSkipReason();
if (browserSkip) console.log(`skipping web browser tests: ${browserSkip}`);

describe.skipIf(browserSkip !== undefined)('the web site in Chromium', () => {
  let t: TestApp;
  let api: ReturnType<typeof editionsClient>;
  let paper: SeedPaper;
  let base: string;
  let browser: Browser;

  beforeAll(async () => {
    // Built here rather than by createTestApp to give the site a Chinese name, as a paper would.
    const database = await createTestDatabase();
    const app = await buildApp({ config: { bodyLimit: 65_536, publicBaseUrl: 'http://newsroom.test', siteName: SITE_NAME }, database });
    await app.ready();
    t = await testAppOver(app, database, () => app.close());
    api = editionsClient(t);
    paper = await publishSeedPaper(t, { firstBody: SEED_LONG_BODY });
    const corrected = await t.request('editor', {
      method: 'POST',
      url: `/api/v1/articles/${paper.second.id}/corrections`,
      payload: { text: '本报4月11日A03版《在景区救起两名落水儿童 悄然离去的他被找到了》一文中，“邯济铁路冠县货场”应为“邯济铁路冠县站货场”，特此更正。' },
    });
    expect(corrected.statusCode, corrected.body).toBe(201);
    base = (await listen(t.app)).url;
    browser = await launchBrowser();
    await mkdir(SCREENSHOTS, { recursive: true });
  });

  afterAll(async () => {
    await browser?.close();
    await t?.close();
    console.log(`web page screenshots: ${SCREENSHOTS}`);
  });

  /** A page served with 200 (the public cache is dropped asynchronously after a change). */
  async function served(path: string, done: (body: string) => boolean = () => true): Promise<void> {
    await vi.waitFor(async () => {
      const res = await t.request(null, { url: path });
      expect(res.statusCode, path).toBe(200);
      expect(done(res.body), path).toBe(true);
    }, NOTIFIED);
  }

  /** A page `width` px wide (see newPage), closed after `fn`. */
  async function withPage<T>(width: number, fn: (page: Page) => Promise<T>): Promise<T> {
    const page = await newPage(browser, width);
    try {
      return await fn(page);
    } finally {
      await page.context().close();
    }
  }

  /** Whether the element's box lies within the viewport's width (after scrolling it into view). */
  async function withinWidth(page: Page, selector: string, width: number): Promise<{ left: number; right: number }> {
    const element = page.locator(selector);
    await element.scrollIntoViewIfNeeded();
    const box = await element.boundingBox();
    expect(box, selector).not.toBeNull();
    return { left: box!.x, right: box!.x + box!.width - width };
  }

  describe('layout and accessibility of each kind of page', () => {
    const PAGES: { name: string; path: () => string; h1: string }[] = [
      { name: 'article-1', path: () => `/articles/${paper.first.id}`, h1: SEED_STORIES[0].headline },
      { name: 'article-2', path: () => `/articles/${paper.second.id}`, h1: SEED_STORIES[1].headline },
      { name: 'notice', path: () => `/notices/${paper.notice.id}`, h1: '赔款认领公示' },
      { name: 'edition-page-A03', path: () => `/editions/${SEED_DATE}/A03`, h1: 'A03 聊城新闻' },
      { name: 'edition-index', path: () => `/editions/${SEED_DATE}`, h1: '2024年4月11日 第9876期' },
      { name: 'front', path: () => '/', h1: SITE_NAME },
    ];
    const CASES = PAGES.flatMap((p) => WIDTHS.map((width) => ({ ...p, width })));

    /**
     * One watched page per width, into which each case loads its own address: opening a page
     * costs the browser several times what a load does, and no case loads an address another did
     * or depends on what one left (the site sets no cookie). Dialogs and page errors are counted
     * over the page's life: a case that caused one fails, and so do those after it at that width.
     */
    const watched = new Map<number, Promise<{ page: Page; watch: XssWatch }>>();
    afterAll(async () => {
      for (const opened of watched.values()) await (await opened).page.context().close();
    });
    function watchedPage(width: number): Promise<{ page: Page; watch: XssWatch }> {
      if (!watched.has(width)) watched.set(width, newPage(browser, width).then(async (page) => ({ page, watch: await watchXss(page) })));
      return watched.get(width)!;
    }

    it.each(CASES)('$name at $width px: fits the width, shows its headline, trips no CSP, nothing serious for axe', async ({ name, path, h1, width }) => {
      await served(path(), (body) => name !== 'article-2' || body.includes('class="corrections"'));
      const { page, watch } = await watchedPage(width);
      const res = await page.goto(`${base}${path()}`);
      expect(res?.status()).toBe(200);
      await page.screenshot({ path: join(SCREENSHOTS, `${name}-${width}.png`), fullPage: true });

      expect(await horizontalOverflow(page), 'sideways scrolling').toBeLessThanOrEqual(0);
      const heading = page.locator('h1');
      expect(await heading.count()).toBe(1);
      expect(await heading.isVisible()).toBe(true);
      expect((await heading.innerText()).replace(/\s+/g, ' ').trim()).toBe(h1);
      const box = await withinWidth(page, 'h1', width);
      expect(box.left).toBeGreaterThanOrEqual(0);
      expect(box.right).toBeLessThanOrEqual(0);
      // The site's own markup must not trip its own policy (e.g. with inline style attributes).
      expect(await watch.report()).toEqual({ dialogs: [], pageErrors: [], calls: [], cspViolations: [] });
      // axe on the same page, as the site's policy serves it (runAxe gets past the policy through DevTools).
      const serious = seriousViolations(await runAxe(page));
      expect(serious, formatViolations(serious)).toEqual([]);
    });

    it.each(WIDTHS)('shows the notice’s whole table at %i px: 24 rows and the totals row with 2,394.26, within reach', async (width) => {
      await withPage(width, async (page) => {
        await page.goto(`${base}/notices/${paper.notice.id}`);
        const table = page.locator('table.notice-table');
        await expect(table.isVisible()).resolves.toBe(true);
        expect(await table.locator('tbody tr').count()).toBe(24);
        const totals = table.locator('tfoot tr');
        expect(await totals.count()).toBe(1);
        expect(await totals.isVisible()).toBe(true);
        expect(await totals.innerText()).toContain('合计');
        const total = totals.locator('td', { hasText: '2,394.26' });
        expect(await total.count()).toBe(1);
        expect(await total.isVisible()).toBe(true);
        // Scrolled to (inside the table's own container on a phone), the total is on screen.
        const box = await withinWidth(page, 'table.notice-table tfoot td:has-text("2,394.26")', width);
        expect(box.left).toBeGreaterThanOrEqual(0);
        expect(box.right).toBeLessThanOrEqual(0);
        expect(await horizontalOverflow(page), 'the page itself does not scroll sideways').toBeLessThanOrEqual(0);
      });
    });
  });

  describe('markup in what writers and editors type', () => {
    const VECTORS = XSS_VECTORS;
    const XSS_DATE = '2024-04-12';
    const SECTION_NAME = '专题<script>alert(1)</script><img src=x onerror=alert(1)>';
    const PAGE_NAME = '要闻<svg onload=alert(1)>';
    let articles: (ArticleRef & { vector: string })[];

    beforeAll(async () => {
      const section = await t.request('editor', {
        method: 'POST',
        url: '/api/v1/sections',
        payload: { name: SECTION_NAME, slug: 'zhuanti', description: `栏目说明"><script>alert(1)</script>` },
      });
      expect(section.statusCode, section.body).toBe(201);
      const sectionId = section.json<{ id: number }>().id;
      articles = [];
      for (const vector of VECTORS) {
        const article = await api.articleIn('published', {
          kicker: `引题${vector}`,
          headline: `标题${vector}`,
          subtitle: `副题${vector}`,
          summary: `摘要${vector}</script><script>alert(1)</script>`,
          body: `正文${vector}\n\n## 小标题${vector}\n\n- ${vector}\n\n> ${vector}\n\n[点此](javascript:alert(1)) ${vector}`,
          credits: [{ role: 'reporter', name: `作者${vector}`.slice(0, 100) }],
          sectionId,
        });
        articles.push({ ...article, vector });
      }
      await api.createEdition(XSS_DATE, 9877);
      await api.putPageOk(XSS_DATE, 'A01', { name: PAGE_NAME, grid: 'broadsheet-8', items: articles.map((a) => ({ kind: 'article', id: a.id })) });
      const released = await api.release(XSS_DATE, {});
      expect(released.statusCode, released.body).toBe(200);
      await api.publishDue();
    });

    it('runs none of it: article pages, the edition page, the section front and the front page open no dialog and call nothing', async () => {
      const paths = [
        ...articles.map((a) => `/articles/${a.id}`),
        `/editions/${XSS_DATE}/A01`,
        `/editions/${XSS_DATE}`,
        '/sections/zhuanti',
        '/',
      ];
      for (const path of paths) await served(path, (body) => path !== '/' || body.includes(`/editions/${XSS_DATE}/A01`));

      await withPage(1280, async (page) => {
        const watch = await watchXss(page);
        for (const path of paths) {
          const res = await page.goto(`${base}${path}`);
          expect(res?.status(), path).toBe(200);
          expect(await watch.report(), path).toEqual({ dialogs: [], pageErrors: [], calls: [], cspViolations: [] });
          expect(await page.locator('img, svg, script:not([type="application/ld+json"])').count(), path).toBe(0);
          expect(await page.locator('a[href^="javascript:" i]').count(), path).toBe(0);
        }
        // The text is shown as typed, not dropped.
        for (const article of articles) {
          await page.goto(`${base}/articles/${article.id}`);
          expect(await page.locator('h1').innerText()).toBe(`标题${article.vector}`);
          expect(await page.locator('.kicker').innerText()).toBe(`引题${article.vector}`);
        }
        await page.goto(`${base}/sections/zhuanti`);
        expect(await page.locator('h1').innerText()).toBe(SECTION_NAME);
        await page.goto(`${base}/editions/${XSS_DATE}/A01`);
        expect(await page.locator('h1').innerText()).toContain(PAGE_NAME);
        expect(await watch.report()).toEqual({ dialogs: [], pageErrors: [], calls: [], cspViolations: [] });
      });
    });
  });
});
