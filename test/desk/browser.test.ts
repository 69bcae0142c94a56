import { mkdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { buildApp } from '../../src/app.js';
import { testAppOver, type TestApp } from '../helpers/app.js';
import { browserSkipReason, formatViolations, launchBrowser, listen, runAxe, seriousViolations } from '../helpers/browser.js';
import { createTestDatabase } from '../helpers/database.js';
import { DESK_PASSWORD } from '../helpers/desk.js';
import { editionsClient } from '../helpers/editions.js';

/**
 * Issue 19: the desk in headless Chromium, over real HTTP, with the scheduled publisher
 * running. A reporter files and submits a story; an editor places it and a notice on a page,
 * sees copy-fit go red as the body outgrows its space, schedules the story and releases the
 * edition a few seconds ahead, and the site shows both then and not before. Two editors
 * saving one story: the second sees a conflict and loses nothing. Every page visited passes axe
 * with nothing serious; the reporter's journey works with the keyboard alone.
 */

const SITE_NAME = '聊城日报';
const SCREENSHOTS = join(tmpdir(), 'newsroom-desk-screenshots');
const DATE = '2031-03-14';

const browserSkip = browserSkipReason();
if (browserSkip) console.log(`skipping desk browser tests: ${browserSkip}`);

describe.skipIf(browserSkip !== undefined)('the desk in Chromium', () => {
  let t: TestApp;
  let base: string;
  let browser: Browser;
  /** Every desk page the journeys opened, for axe and the screenshots. */
  const visited = new Map<string, string>();

  beforeAll(async () => {
    const database = await createTestDatabase();
    const app = await buildApp({ config: { bodyLimit: 1_048_576, publicBaseUrl: 'http://newsroom.test', siteName: SITE_NAME }, database, publisher: { intervalMs: 200 } });
    await app.ready();
    t = await testAppOver(app, database, () => app.close());
    const users = t.app.services.users;
    await users.create(null, { login: 'wang', name: '王记者', role: 'reporter', password: DESK_PASSWORD });
    await users.create(null, { login: 'li', name: '李编辑', role: 'editor', password: DESK_PASSWORD });
    await users.create(null, { login: 'zhao', name: '赵编辑', role: 'editor', password: DESK_PASSWORD });
    await users.create(null, { login: 'boss', name: '钱管理', role: 'admin', password: DESK_PASSWORD });
    base = (await listen(t.app)).url;
    browser = await launchBrowser();
    await mkdir(SCREENSHOTS, { recursive: true });
  });

  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  /** A page of its own browser context (its own cookies), `width` wide; confirmation dialogs are accepted. */
  async function open(width = 1280, height = 900): Promise<Page> {
    const context = await browser.newContext({ viewport: { width, height }, locale: 'zh-CN', timezoneId: 'Asia/Shanghai' });
    const page = await context.newPage();
    page.on('dialog', (dialog) => void dialog.accept());
    return page;
  }

  /** Remembers the page for axe and a screenshot, by a name. */
  function seen(page: Page, name: string): void {
    visited.set(name, new URL(page.url()).pathname + new URL(page.url()).search);
  }

  async function signIn(page: Page, login: string): Promise<void> {
    await page.goto(`${base}/desk`);
    await expect.poll(() => new URL(page.url()).pathname).toBe('/desk/login');
    seen(page, 'sign-in');
    await page.getByLabel('登录名').fill(login);
    await page.getByLabel('密码').fill(DESK_PASSWORD);
    await page.getByRole('button', { name: '登录' }).click();
    await page.waitForURL(/\/desk\/stories/);
  }

  /** The story's id from the editor's URL. */
  const storyId = (page: Page) => Number(/\/desk\/stories\/(\d+)/.exec(page.url())?.[1]);

  let filed = 0;

  it('a reporter signs in, files a story and submits it', async () => {
    const page = await open();
    await signIn(page, 'wang');
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
});
