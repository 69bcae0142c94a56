import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { browserSkipReason, formatViolations, horizontalOverflow, runAxe, seriousViolations } from '../helpers/browser.js';
import { DESK_SCREENSHOTS as SCREENSHOTS, startDeskBrowser, type DeskBrowser } from '../helpers/desk-browser.js';
import { editionsClient } from '../helpers/editions.js';

/**
 * Issue 19: the desk in headless Chromium, over real HTTP, with the scheduled publisher
 * running. A reporter files and submits a story; an editor places it and a notice on a page,
 * sees copy-fit go red as the body outgrows its space, schedules the story and releases the
 * edition a few seconds ahead, and the site shows both then and not before. Two editors
 * saving one story: the second sees a conflict and loses nothing. Every page visited passes axe
 * with nothing serious. (What is typed into the desk, by keyboard alone and as markup, is in
 * browser-input.test.ts, on a desk of its own, so that the two run side by side.)
 */

const DATE = '2031-03-14';

const browserSkip = browserSkipReason();
if (browserSkip) console.log(`skipping desk browser tests: ${browserSkip}`);

describe.skipIf(browserSkip !== undefined)('the desk in Chromium', () => {
  let desk: DeskBrowser;
  let t: DeskBrowser['t'];
  let base: string;
  /** Every desk page the journeys opened, for axe and the screenshots. */
  const visited = new Map<string, string>();

  beforeAll(async () => {
    desk = await startDeskBrowser();
    ({ t, base } = desk);
  });

  afterAll(async () => {
    await desk?.close();
  });

  /** Remembers the page for axe and a screenshot, by a name. */
  function seen(page: Page, name: string): void {
    visited.set(name, new URL(page.url()).pathname + new URL(page.url()).search);
  }

  /** The story's id from the editor's URL. */
  const storyId = (page: Page) => Number(/\/desk\/stories\/(\d+)/.exec(page.url())?.[1]);

  let filed = 0;

  it('a reporter signs in, files a story and submits it', async () => {
    const page = await desk.open();
    await desk.signIn(page, 'wang');
    seen(page, 'stories');
    await page.getByRole('link', { name: '新建稿件' }).click();
    seen(page, 'story-new');
    await page.getByLabel('引题').fill('市民热心救人');
    await page.getByLabel(/^标题/).fill('在景区救起两名落水儿童');
    await page.getByLabel('副题').fill('悄然离去的他被找到了');
    await page.locator('#body').fill('4月7日下午，在景区游玩的两名儿童不慎落水。\n\n## 危急时刻\n\n一名男子跳入水中，将两名儿童救上岸后悄然离去。');
    await page.locator('#credit-name-0').fill('王记者');
    await page.getByRole('button', { name: '保存' }).first().click();
    await page.waitForURL(/\/desk\/stories\/\d+/);
    filed = storyId(page);
    expect(filed).toBeGreaterThan(0);
    await expect.poll(() => page.locator('.flash').innerText()).toContain('已保存');
    seen(page, 'story-editor');
    await page.getByRole('button', { name: '提交' }).first().click();
    await expect.poll(async () => (await t.app.services.articles.get(filed)).status).toBe('submitted');
    const article = await t.app.services.articles.get(filed);
    expect(article.headline).toBe('在景区救起两名落水儿童');
    expect(article.credits.map((c) => c.name)).toContain('王记者');
    // Submitted, the reporter's copy is read-only for them.
    await page.reload();
    expect(await page.getByLabel(/^标题/).count()).toBe(0);
    await page.context().close();
  });

  /** A wall-clock time of the paper (Asia/Shanghai) as a datetime-local input takes it, to the second. */
  const wallClock = (ms: number) => new Date(ms + 8 * 3_600_000).toISOString().slice(0, 19);

  /** Fills a datetime-local input (Chromium takes the value through the DOM, as a picker would set it). */
  async function setDateTime(page: Page, selector: string, value: string): Promise<void> {
    await page.locator(selector).fill(value);
    // The input holds its value normalized, as HTML sanitizes it: seconds of 00 left out.
    expect(await page.locator(selector).inputValue()).toBe(value.replace(/:00$/, ''));
  }

  it('an editor places the story and a notice on a page, sees copy-fit go red, schedules it and releases the edition a few seconds ahead; the site shows both then, not before', async () => {
    expect(filed, 'the reporter’s story').toBeGreaterThan(0);
    const api = editionsClient(t);
    const notice = await api.seedNotice('edited');
    const page = await desk.openAs('li');
    await page.goto(`${base}/desk/stories`);
    // The submitted story waits in the editor's queue.
    await expect.poll(() => page.getByRole('link', { name: /在景区救起两名落水儿童/ }).count()).toBeGreaterThan(0);

    // A new edition, its first page, and the story and the notice placed on it.
    const placing = Date.now();
    await page.getByRole('link', { name: '版面' }).click();
    seen(page, 'editions');
    await page.getByLabel('出版日期').fill(DATE);
    await page.getByLabel('总期号').fill('20001');
    await page.getByRole('button', { name: '新建' }).click();
    await page.waitForURL(new RegExp(`/desk/editions/${DATE}`));
    await page.getByLabel(/^版号/).fill('A01');
    await page.locator('#new-name').fill('要闻');
    await page.getByRole('button', { name: '添加版面' }).click();
    await expect.poll(() => page.locator('.flash').innerText()).toBeTruthy();
    await page.getByLabel('在景区救起两名落水儿童').check();
    await page.getByLabel(notice.title).check();
    await page.getByRole('button', { name: '放到所选版面' }).click();
    await expect.poll(async () => (await api.plan(DATE)).pages[0]?.items.length).toBe(2);
    // The story gets three columns of the page's eight.
    await page.locator(`#span-A01-article-${filed}`).selectOption('3');
    await page.locator(`#item-A01-article-${filed}`).getByRole('button', { name: /设栏数/ }).click();
    await expect.poll(async () => (await api.plan(DATE)).pages[0]?.items.find((i) => i.kind === 'article')?.columns).toBe(3);
    seen(page, 'flatplan');
    const placed = Date.now() - placing;

    // The story grows past its space as the editor types: copy-fit goes red before anything is saved.
    await page.goto(`${base}/desk/stories/${filed}`);
    const fit = page.locator('#fit');
    const short = await page.locator('#body').inputValue();
    await expect.poll(() => fit.getAttribute('class'), { timeout: 20_000 }).toMatch(/fit-(ok|under)/);
    await page.locator('#body').fill(`${short}\n\n${'救人的男子名叫李某，是一名货车司机。他说，当时只想着把孩子救上来，没想别的。'.repeat(120)}`);
    await expect.poll(() => fit.getAttribute('class'), { timeout: 20_000 }).toContain('fit-over');
    expect(await fit.innerText()).toMatch(/超出/);
    expect((await t.app.services.articles.get(filed)).body).toBe(short);
    // Cut back, it fits again; saved, it is the editor's version.
    await page.locator('#body').fill(short);
    await expect.poll(() => fit.getAttribute('class'), { timeout: 20_000 }).toMatch(/fit-(ok|under)/);
    await page.getByLabel('副题').fill('悄然离去的他被找到了（编辑改）');
    await page.locator('#save').click();
    await expect.poll(() => page.locator('.flash').innerText()).toContain('已保存');

    // Scheduled, and the edition released, for a few seconds ahead: time enough for what follows,
    // which takes fewer steps in the browser than placing the two did, however busy the machine.
    const at = Math.ceil((Date.now() + Math.max(8_000, 3 * placed)) / 1000) * 1000;
    await setDateTime(page, '#publishAt', wallClock(at));
    await page.getByRole('button', { name: '排期' }).click();
    await expect.poll(async () => (await t.app.services.articles.get(filed)).status).toBe('scheduled');
    await page.goto(`${base}/desk/editions/${DATE}/release`);
    await setDateTime(page, '#at', wallClock(at));
    await page.getByRole('button', { name: '看看这时发布什么' }).click();
    seen(page, 'release');
    await page.getByRole('button', { name: /发布$/ }).click();
    await expect.poll(async () => (await api.plan(DATE)).status).toBe('released');

    // Not before its time: neither the story nor the notice is public.
    expect(Date.now()).toBeLessThan(at);
    expect((await t.app.inject({ url: `/articles/${filed}` })).statusCode).toBe(404);
    expect((await t.app.inject({ url: `/notices/${notice.id}` })).statusCode).toBe(404);
    // At its time the publisher makes both public, on the site and on the edition's page.
    await vi.waitFor(
      async () => {
        expect((await t.app.inject({ url: `/articles/${filed}` })).statusCode).toBe(200);
        expect((await t.app.inject({ url: `/notices/${notice.id}` })).statusCode).toBe(200);
      },
      { timeout: 60_000, interval: 250 },
    );
    expect(Date.now()).toBeGreaterThanOrEqual(at);
    const reader = await desk.open({ width: 375, height: 800 });
    await reader.goto(`${base}/editions/${DATE}/A01`);
    expect(await reader.locator('main').innerText()).toContain('在景区救起两名落水儿童');
    expect(await reader.locator('main').innerText()).toContain(notice.title);
    await reader.goto(`${base}/articles/${filed}`);
    expect(await reader.locator('main').innerText()).toContain('悄然离去的他被找到了（编辑改）');
    await reader.context().close();
    await page.context().close();
  });

  it('two editors save one story at once: the second sees a conflict and loses nothing', async () => {
    const story = await editionsClient(t).articleIn('edited', { headline: '两位编辑同时修改的稿件', summary: '原来的摘要', body: '原来的正文。' });
    const li = await desk.openAs('li');
    const zhao = await desk.openAs('zhao');
    await li.goto(`${base}/desk/stories/${story.id}`);
    await zhao.goto(`${base}/desk/stories/${story.id}`);
    await li.getByLabel(/^标题/).fill('李编辑改的标题');
    await li.getByLabel('摘要').fill('李编辑改的摘要');
    await zhao.getByLabel(/^标题/).fill('赵编辑改的标题');
    await li.locator('#save').click();
    await expect.poll(() => li.locator('.flash').innerText()).toContain('已保存');
    await zhao.locator('#save').click();
    // Nothing of Zhao's was saved over Li's, and Zhao's text is still in front of him beside Li's.
    await expect.poll(() => zhao.locator('#conflict').count()).toBe(1);
    seen(zhao, 'story-conflict');
    const stored = await t.app.services.articles.get(story.id);
    expect(stored.headline).toBe('李编辑改的标题');
    expect(await zhao.locator('#conflict').innerText()).toContain('李编辑改的标题');
    expect(await zhao.getByLabel(/^标题/).inputValue()).toBe('赵编辑改的标题');
    // Zhao keeps his headline; Li's summary, which Zhao did not touch, comes along.
    await zhao.getByLabel(/^用我的/).check();
    await zhao.locator('#save').click();
    await expect.poll(async () => (await t.app.services.articles.get(story.id)).headline).toBe('赵编辑改的标题');
    expect((await t.app.services.articles.get(story.id)).summary).toBe('李编辑改的摘要');
    await li.context().close();
    await zhao.context().close();
  });

  it('every desk page passes axe with nothing serious or critical, and the screenshots are taken', async () => {
    // axe checks each page as the desk's policy serves it (runAxe gets past the policy through DevTools).
    const page = await desk.openAs('boss');
    const story = await editionsClient(t).articleIn('edited', { headline: '检查无障碍的稿件', body: '正文。' });
    const notice = (await t.app.services.notices.list({})).items[0]!;
    const pages: Record<string, string> = {
      ...Object.fromEntries(visited),
      'story-editor-editor': `/desk/stories/${story.id}`,
      'story-history': `/desk/stories/${story.id}/history`,
      notices: '/desk/notices',
      'notice-new': '/desk/notices/new?kind=payout_claim',
      notice: `/desk/notices/${notice.id}`,
      flatplan: `/desk/editions/${DATE}`,
      release: `/desk/editions/${DATE}/release`,
      users: '/desk/admin/users',
      user: `/desk/admin/users/${(await t.app.services.users.list({})).items[0]!.id}`,
      audit: '/desk/admin/audit',
      account: '/desk/account',
    };
    const problems: string[] = [];
    for (const [name, path] of Object.entries(pages)) {
      const res = await page.goto(`${base}${path}`);
      expect(res?.status(), path).toBe(200);
      const serious = seriousViolations(await runAxe(page));
      if (serious.length) problems.push(`${path}\n${formatViolations(serious)}`);
      await page.screenshot({ path: join(SCREENSHOTS, `${name}-1280.png`), fullPage: true });
    }
    // The sign-in page, signed out.
    const out = await desk.open();
    await out.goto(`${base}/desk/login`);
    const signInProblems = seriousViolations(await runAxe(out));
    if (signInProblems.length) problems.push(`/desk/login\n${formatViolations(signInProblems)}`);
    await out.screenshot({ path: join(SCREENSHOTS, 'sign-in-1280.png'), fullPage: true });
    await out.context().close();
    // The story editor at a tablet's width.
    await page.setViewportSize({ width: 1024, height: 768 });
    await page.goto(`${base}/desk/stories/${story.id}`);
    await page.screenshot({ path: join(SCREENSHOTS, 'story-editor-1024.png') });
    expect(await horizontalOverflow(page), 'the editor fits a tablet').toBeLessThanOrEqual(0);
    await page.context().close();
    expect(problems).toEqual([]);
  });
});
