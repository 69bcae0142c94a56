import { mkdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { buildApp } from '../../src/app.js';
import { testAppOver, type TestApp } from '../helpers/app.js';
import { browserSkipReason, formatViolations, horizontalOverflow, launchBrowser, listen, runAxe, seriousViolations, watchXss } from '../helpers/browser.js';
import { createTestDatabase } from '../helpers/database.js';
import { DESK_PASSWORD, signIn as signInDesk } from '../helpers/desk.js';
import { editionsClient } from '../helpers/editions.js';
import { XSS_VECTORS } from '../helpers/xss.js';

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

  /** A wall-clock time of the paper (Asia/Shanghai) as a datetime-local input takes it, to the second. */
  const wallClock = (ms: number) => new Date(ms + 8 * 3_600_000).toISOString().slice(0, 19);

  /** Fills a datetime-local input (Chromium takes the value through the DOM, as a picker would set it). */
  async function setDateTime(page: Page, selector: string, value: string): Promise<void> {
    await page.locator(selector).fill(value);
    expect(await page.locator(selector).inputValue()).toBe(value);
  }

  it('an editor places the story and a notice on a page, sees copy-fit go red, schedules it and releases the edition a few seconds ahead; the site shows both then, not before', async () => {
    expect(filed, 'the reporter’s story').toBeGreaterThan(0);
    const api = editionsClient(t);
    const notice = await api.seedNotice('edited');
    const page = await open();
    await signIn(page, 'li');
    // The submitted story waits in the editor's queue.
    await expect.poll(() => page.getByRole('link', { name: /在景区救起两名落水儿童/ }).count()).toBeGreaterThan(0);

    // A new edition, its first page, and the story and the notice placed on it.
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

    // Scheduled, and the edition released, for a few seconds ahead.
    const at = Math.ceil((Date.now() + 25_000) / 1000) * 1000;
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
    const reader = await open(375, 800);
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
    const li = await open();
    const zhao = await open();
    await signIn(li, 'li');
    await signIn(zhao, 'zhao');
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

  /** Presses Tab until `selector`'s element has the focus; fails when 80 presses do not reach it. */
  async function tabTo(page: Page, selector: string): Promise<void> {
    const target = page.locator(selector).first();
    for (let i = 0; i < 80; i++) {
      await page.keyboard.press('Tab');
      if (await target.evaluate((el) => el === (globalThis as unknown as { document: { activeElement: unknown } }).document.activeElement)) return;
    }
    throw new Error(`Tab never reached ${selector}`);
  }

  it('the reporter’s whole journey works with the keyboard alone', async () => {
    const page = await open();
    await page.goto(`${base}/desk`);
    await tabTo(page, '#login');
    await page.keyboard.type('wang');
    await page.keyboard.press('Tab');
    await page.keyboard.type(DESK_PASSWORD);
    await page.keyboard.press('Enter');
    await page.waitForURL(/\/desk\/stories/);
    await tabTo(page, 'a[href="/desk/stories/new"]');
    await page.keyboard.press('Enter');
    await page.waitForURL(/\/desk\/stories\/new/);
    await tabTo(page, '#kicker');
    await page.keyboard.type('键盘引题');
    await tabTo(page, '#headline');
    await page.keyboard.type('只用键盘写的稿件');
    await tabTo(page, '#body');
    await page.keyboard.type('第一段，只用键盘输入。');
    await page.keyboard.press('Enter');
    await page.keyboard.press('Enter');
    await page.keyboard.type('第二段。');
    await tabTo(page, '#credit-name-0');
    await page.keyboard.type('王记者');
    await tabTo(page, '#save');
    await page.keyboard.press('Enter');
    await page.waitForURL(/\/desk\/stories\/\d+/);
    const id = storyId(page);
    const saved = await t.app.services.articles.get(id);
    expect(saved).toMatchObject({ kicker: '键盘引题', headline: '只用键盘写的稿件', status: 'draft' });
    expect(saved.body).toContain('第二段。');
    await tabTo(page, 'button[name="status"][value="submitted"], form[action$="/status"] button[type="submit"]');
    await page.keyboard.press('Enter');
    await expect.poll(async () => (await t.app.services.articles.get(id)).status).toBe('submitted');
    // And out again, from the keyboard.
    await tabTo(page, 'form[action="/desk/logout"] button');
    await page.keyboard.press('Enter');
    await page.waitForURL(/\/desk\/login/);
    await page.context().close();
  });

  it('markup typed into every desk field runs nowhere on the desk or the site', async () => {
    const reporter = await signInDesk(t, 'wang');
    const editor = await signInDesk(t, 'li');
    const admin = await signInDesk(t, 'boss');
    const api = editionsClient(t);
    const stories: number[] = [];
    const notices: number[] = [];
    const idOf = (res: { headers: Record<string, unknown> }) => Number(/\/(\d+)$/.exec(String(res.headers.location))?.[1]);
    for (const vector of XSS_VECTORS) {
      const story = await reporter.post('/desk/stories', {
        kicker: `引题${vector}`,
        headline: `标题${vector}`,
        subtitle: `副题${vector}`,
        summary: `摘要${vector}`,
        body: `正文${vector}\n\n## 小标题${vector}\n\n- ${vector}\n\n> ${vector}`,
        sectionId: '',
        'credit-role': ['reporter'],
        'credit-name': [`作者${vector}`.slice(0, 100)],
      });
      expect(story.statusCode, story.body.slice(0, 300)).toBe(303);
      stories.push(idOf(story));
      const notice = await editor.post('/desk/notices', {
        kind: 'payout_claim',
        title: `公告${vector}`,
        salutation: `称呼${vector}`,
        preamble: `正文${vector}`,
        closing: '特此公示',
        issuer: `单位${vector}`,
        issuedOn: '2031-04-10',
        contactName: `联系人${vector}`.slice(0, 100),
        contactPhone: '0635-8242056',
        claimDays: '30',
        deadline: '',
      });
      expect(notice.statusCode, notice.body.slice(0, 300)).toBe(303);
      notices.push(idOf(notice));
    }
    const noticeId = notices[0]!;
    const version = (await t.app.services.notices.get(noticeId)).version;
    const pasted = await editor.post(`/desk/notices/${noticeId}/table`, { version: String(version), rows: `1\t${XSS_VECTORS[1]}\t\t东昌府区\t侯营镇\t王庄村\t2023\t141.55\n` });
    expect([303, 422]).toContain(pasted.statusCode);
    const user = await admin.post('/desk/admin/users', { login: 'xss.name', name: `用户${XSS_VECTORS[0]}`, role: 'reporter', password: 'long enough 2' });
    expect(user.statusCode).toBe(303);
    // Published, for the site's pages too.
    for (const id of stories) await api.moveArticle({ ...(await t.app.services.articles.get(id)) }, 'published');
    for (const id of notices.slice(1)) {
      const n = await t.app.services.notices.get(id);
      await t.request('editor', { method: 'POST', url: `/api/v1/notices/${id}/status`, headers: { 'if-match': `"${n.version}"` }, payload: { status: 'edited' } });
    }

    const page = await open();
    const watch = await watchXss(page);
    await signIn(page, 'boss');
    const paths = [
      '/desk/stories',
      ...stories.flatMap((id) => [`/desk/stories/${id}`, `/desk/stories/${id}/history`]),
      '/desk/notices',
      ...notices.map((id) => `/desk/notices/${id}`),
      '/desk/admin/users',
      '/desk/admin/audit',
      ...stories.map((id) => `/articles/${id}`),
    ];
    for (const path of paths) {
      const res = await page.goto(`${base}${path}`);
      expect(res?.status(), path).toBe(200);
      // Let the editor's preview and copy-fit run on what was typed.
      if (/^\/desk\/stories\/\d+$/.test(path)) await page.waitForTimeout(600);
      expect(await watch.report(), path).toEqual({ dialogs: [], pageErrors: [], calls: [], cspViolations: [] });
      expect(await page.locator('main img, main svg, main script, a[href^="javascript:" i]').count(), path).toBe(0);
    }
    // Shown as typed, not dropped.
    await page.goto(`${base}/desk/stories/${stories[0]}`);
    expect(await page.locator('#headline').inputValue()).toBe(`标题${XSS_VECTORS[0]}`);
    await page.context().close();
  });

  it('every desk page passes axe with nothing serious or critical, and the screenshots are taken', async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 }, locale: 'zh-CN', bypassCSP: true });
    await signIn(page, 'boss');
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
    delete pages['sign-in'];
    const problems: string[] = [];
    for (const [name, path] of Object.entries(pages)) {
      const res = await page.goto(`${base}${path}`);
      expect(res?.status(), path).toBe(200);
      const serious = seriousViolations(await runAxe(page));
      if (serious.length) problems.push(`${path}\n${formatViolations(serious)}`);
      await page.screenshot({ path: join(SCREENSHOTS, `${name}-1280.png`), fullPage: true });
    }
    // The sign-in page, signed out.
    const out = await browser.newPage({ viewport: { width: 1280, height: 900 }, locale: 'zh-CN', bypassCSP: true });
    await out.goto(`${base}/desk/login`);
    const signInProblems = seriousViolations(await runAxe(out));
    if (signInProblems.length) problems.push(`/desk/login\n${formatViolations(signInProblems)}`);
    await out.screenshot({ path: join(SCREENSHOTS, 'sign-in-1280.png'), fullPage: true });
    await out.close();
    // The story editor at a tablet's width.
    await page.setViewportSize({ width: 1024, height: 768 });
    await page.goto(`${base}/desk/stories/${story.id}`);
    await page.screenshot({ path: join(SCREENSHOTS, 'story-editor-1024.png') });
    expect(await horizontalOverflow(page), 'the editor fits a tablet').toBeLessThanOrEqual(0);
    await page.close();
    expect(problems).toEqual([]);
  });
});
