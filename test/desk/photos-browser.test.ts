import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { browserSkipReason, formatViolations, horizontalOverflow, runAxe, seriousViolations } from '../helpers/browser.js';
import { DESK_SCREENSHOTS as SCREENSHOTS, startDeskBrowser, type DeskBrowser } from '../helpers/desk-browser.js';
import { jpegWithMetadata } from '../helpers/photo-files.js';

/**
 * Issue 20, acceptance 6: in the desk, in Chromium over real HTTP, a reporter uploads a photo
 * into a new story, sets its caption, alt text and focal point (a click on the picture), makes
 * it the lead photo and submits; the editor publishes it; the site's article page shows the
 * picture. The photo screens pass axe at 1280 and 375 px wide and fit a phone.
 */

const browserSkip = browserSkipReason();
if (browserSkip) console.log(`skipping desk photo browser tests: ${browserSkip}`);

describe.skipIf(browserSkip !== undefined)('photos in the desk, in Chromium', () => {
  let desk: DeskBrowser;
  let t: DeskBrowser['t'];
  let base: string;
  let storyId = 0;
  let photoId = 0;

  beforeAll(async () => {
    desk = await startDeskBrowser();
    ({ t, base } = desk);
  });

  afterAll(async () => {
    await desk?.close();
  });

  const storyOf = (page: Page) => Number(/\/desk\/stories\/(\d+)/.exec(page.url())?.[1]);

  it('a reporter uploads a photo into a new story, sets caption, alt and focal point, makes it the lead and submits', async () => {
    const file = join(SCREENSHOTS, 'lakeside.jpg');
    await writeFile(file, await jpegWithMetadata({ width: 1200, height: 800, caption: '东昌湖畔晨练的市民', byline: '孙悦', credit: '聊城日报', background: '#4a7a9c' }));
    const page = await desk.open();
    await desk.signIn(page, 'wang');
    await page.getByRole('link', { name: '新建稿件' }).click();
    await page.getByLabel(/^标题/).fill('东昌湖畔晨练忙');
    await page.locator('#body').fill('清晨六点，东昌湖畔已是一片热闹景象。\n\n打太极拳的、跑步的、跳广场舞的，各得其乐。');
    await page.locator('#credit-name-0').fill('王记者');

    await page.locator('#photo-upload').setInputFiles(file);
    const editor = page.locator('#photo-editor');
    await editor.waitFor({ state: 'visible' });
    // Prefilled from the file's IPTC.
    await expect.poll(() => page.locator('#pe-caption').inputValue()).toBe('东昌湖畔晨练的市民');
    expect(await page.locator('#pe-byline').inputValue()).toBe('孙悦');
    photoId = Number(/图片 (\d+)/.exec(await page.locator('#photo-editor-title').innerText())?.[1]);
    expect(photoId).toBeGreaterThan(0);

    await page.locator('#pe-caption').fill('清晨，市民在东昌湖畔晨练。');
    await page.locator('#pe-alt').fill('湖边步道上，几位老人正在打太极拳，远处是光岳楼。');
    const image = page.locator('#pe-image');
    await expect.poll(() => image.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth)).toBeGreaterThan(0);
    const box = (await image.boundingBox())!;
    await image.click({ position: { x: box.width * 0.3, y: box.height * 0.6 } });
    await expect.poll(() => page.locator('.photo-editor .focal-mark').getAttribute('data-set')).toBe('yes');

    await page.getByRole('button', { name: '设为题图' }).click();
    await expect.poll(() => page.locator('#leadPhoto').inputValue()).toBe(String(photoId));
    await expect.poll(() => page.locator('#lead-photo figcaption').innerText()).toContain('清晨，市民在东昌湖畔晨练。');
    await page.screenshot({ path: join(SCREENSHOTS, 'story-editor-photo-1280.png'), fullPage: true });

    await page.getByRole('button', { name: '保存', exact: true }).click();
    await page.waitForURL(/\/desk\/stories\/\d+/);
    storyId = storyOf(page);
    const photo = await t.app.services.photos.get(photoId);
    expect(photo).toMatchObject({ caption: '清晨，市民在东昌湖畔晨练。', alt: '湖边步道上，几位老人正在打太极拳，远处是光岳楼。' });
    expect(photo.focalPoint!.x).toBeCloseTo(0.3, 1);
    expect(photo.focalPoint!.y).toBeCloseTo(0.6, 1);
    expect((await t.app.services.articles.get(storyId)).leadPhoto).toEqual({ photoId, caption: null });
    await expect.poll(() => page.locator('#lead-photo img').evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth)).toBeGreaterThan(0);

    await page.getByRole('button', { name: '提交' }).first().click();
    await expect.poll(async () => (await t.app.services.articles.get(storyId)).status).toBe('submitted');
    await page.context().close();
  });

  it('the editor publishes it and the article page shows the picture', async () => {
    expect(storyId).toBeGreaterThan(0);
    const page = await desk.open();
    await desk.signIn(page, 'li');
    await page.goto(`${base}/desk/stories/${storyId}`);
    await page.getByRole('button', { name: '立即发布' }).click();
    await expect.poll(async () => (await t.app.services.articles.get(storyId)).status).toBe('published');
    await page.context().close();

    const reader = await desk.open();
    const res = await reader.goto(`${base}/articles/${storyId}`);
    expect(res?.status()).toBe(200);
    const img = reader.locator('article img, main img').first();
    await img.waitFor();
    const src = await img.evaluate((el: HTMLImageElement) => el.currentSrc || el.src);
    expect(src).toContain(`/${photoId}/`);
    // The page names its renditions at the site's public address; ask this server for the same path.
    const url = new URL(src);
    expect((await reader.request.get(`${base}${url.pathname}${url.search}`)).status()).toBe(200);
    expect(await img.getAttribute('alt')).toBe('湖边步道上，几位老人正在打太极拳，远处是光岳楼。');
    await reader.screenshot({ path: join(SCREENSHOTS, 'article-photo-1280.png'), fullPage: true });
    await reader.context().close();
  });

  it('a photo dropped on the editor is uploaded; “插入正文” writes its figure where the cursor is', async () => {
    const bytes = await jpegWithMetadata({ width: 640, height: 480, caption: '光岳楼[夜景]', background: '#203040' });
    const page = await desk.openAs('wang');
    await page.goto(`${base}/desk/stories/new`);
    await page.locator('#body').fill('第一段。\n\n第二段。');
    await page.locator('#body').evaluate((el: HTMLTextAreaElement) => el.setSelectionRange(4, 4));
    const dataTransfer = await page.evaluateHandle((data) => {
      const transfer = new DataTransfer();
      transfer.items.add(new File([new Uint8Array(data)], 'night.jpg', { type: 'image/jpeg' }));
      return transfer;
    }, [...bytes]);
    await page.locator('#body').dispatchEvent('dragover', { dataTransfer });
    await page.locator('#body').dispatchEvent('drop', { dataTransfer });
    await page.locator('#photo-editor').waitFor({ state: 'visible' });
    await expect.poll(() => page.locator('#pe-caption').inputValue()).toBe('光岳楼[夜景]');
    const id = Number(/图片 (\d+)/.exec(await page.locator('#photo-editor-title').innerText())?.[1]);
    await page.getByRole('button', { name: '插入正文' }).click();
    await expect.poll(() => page.locator('#body').inputValue()).toBe(`第一段。\n\n![光岳楼\\[夜景\\]](photo:${id})\n\n第二段。`);
    await page.context().close();
  });

  it('the photo screens pass axe at 1280 and 375 px and fit a phone', async () => {
    const paths: Record<string, string> = {
      library: '/desk/photos',
      'library-for-story': `/desk/photos?for=story-${storyId}`,
      photo: `/desk/photos/${photoId}`,
      'story-editor-lead': `/desk/stories/${storyId}`,
    };
    const problems: string[] = [];
    for (const width of [1280, 375]) {
      const page = await desk.openAs('li', { width, height: width > 400 ? 900 : 800 });
      for (const [name, path] of Object.entries(paths)) {
        const res = await page.goto(`${base}${path}`);
        expect(res?.status(), path).toBe(200);
        await page.waitForLoadState('networkidle');
        const serious = seriousViolations(await runAxe(page));
        if (serious.length) problems.push(`${path} at ${width}\n${formatViolations(serious)}`);
        await page.screenshot({ path: join(SCREENSHOTS, `photos-${name}-${width}.png`), fullPage: true });
        const overflow = await horizontalOverflow(page);
        if (width === 375 && overflow > 0) {
          const wide = await page.evaluate(() =>
            [...document.querySelectorAll('body *')]
              .filter((el) => el.getBoundingClientRect().right > document.documentElement.clientWidth + 1)
              .slice(0, 8)
              .map((el) => `${el.tagName.toLowerCase()}#${el.id}.${el.className} ${Math.round(el.getBoundingClientRect().right)}`),
          );
          problems.push(`${path} is ${overflow} px wider than a phone: ${wide.join(', ')}`);
        }
      }
      await page.context().close();
    }
    expect(problems).toEqual([]);
  });
});
