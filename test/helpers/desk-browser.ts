import { mkdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { expect } from 'vitest';
import { buildApp } from '../../src/app.js';
import { testAppOver, type TestApp } from './app.js';
import { launchBrowser, listen } from './browser.js';
import { createTestDatabase } from './database.js';
import { DESK_PASSWORD, signIn as signInDesk } from './desk.js';

/**
 * The desk in headless Chromium, for a test file of its own: the app on a fresh database with
 * the scheduled publisher running, served over real HTTP, the desk's people made, and a browser.
 * Each file that drives the desk in the browser builds one (see test/desk/browser*.test.ts).
 */

const SITE_NAME = '聊城日报';
/** Where the desk's screenshots go. */
export const DESK_SCREENSHOTS = join(tmpdir(), 'newsroom-desk-screenshots');

/** The desk's people, by login. */
const PEOPLE = {
  wang: { name: '王记者', role: 'reporter' },
  li: { name: '李编辑', role: 'editor' },
  zhao: { name: '赵编辑', role: 'editor' },
  boss: { name: '钱管理', role: 'admin' },
} as const;
export type DeskLogin = keyof typeof PEOPLE;

/** The viewport in CSS pixels; 1280 × 900 unless given. */
export interface PageOptions {
  width?: number;
  height?: number;
}

export interface DeskBrowser {
  t: TestApp;
  /** The site's base URL, no trailing slash. */
  base: string;
  browser: Browser;
  /** A page of its own browser context (its own cookies); confirmation dialogs are accepted. Close it with `page.context().close()`. */
  open(options?: PageOptions): Promise<Page>;
  /** Signs in through the sign-in form, from the desk's front door. */
  signIn(page: Page, login: DeskLogin): Promise<void>;
  /**
   * A page as `open` gives, its context already holding a session of `login` (signed in through
   * the form once per file, with `inject`): for journeys about something other than signing in.
   */
  openAs(login: DeskLogin, options?: PageOptions): Promise<Page>;
  close(): Promise<void>;
}

export async function startDeskBrowser(): Promise<DeskBrowser> {
  const database = await createTestDatabase();
  const app = await buildApp({ config: { bodyLimit: 1_048_576, publicBaseUrl: 'http://newsroom.test', siteName: SITE_NAME }, database, publisher: { intervalMs: 200 } });
  await app.ready();
  const t = await testAppOver(app, database, () => app.close());
  for (const [login, person] of Object.entries(PEOPLE)) await t.app.services.users.create(null, { login, ...person, password: DESK_PASSWORD });
  const base = (await listen(t.app)).url;
  const [browser] = await Promise.all([launchBrowser(), mkdir(DESK_SCREENSHOTS, { recursive: true })]);
  const sessions = new Map<DeskLogin, Promise<string>>();

  async function open({ width = 1280, height = 900 }: PageOptions = {}): Promise<Page> {
    const context = await browser.newContext({ viewport: { width, height }, locale: 'zh-CN', timezoneId: 'Asia/Shanghai' });
    const page = await context.newPage();
    page.on('dialog', (dialog) => void dialog.accept());
    return page;
  }

  async function signIn(page: Page, login: DeskLogin): Promise<void> {
    await page.goto(`${base}/desk`);
    await expect.poll(() => new URL(page.url()).pathname).toBe('/desk/login');
    await page.getByLabel('登录名').fill(login);
    await page.getByLabel('密码').fill(DESK_PASSWORD);
    await page.getByRole('button', { name: '登录' }).click();
    await page.waitForURL(/\/desk\/stories/);
  }

  async function openAs(login: DeskLogin, options?: PageOptions): Promise<Page> {
    if (!sessions.has(login)) sessions.set(login, signInDesk(t, login).then((session) => session.cookie));
    const cookie = await sessions.get(login)!;
    const at = cookie.indexOf('=');
    const page = await open(options);
    await page.context().addCookies([{ name: cookie.slice(0, at), value: cookie.slice(at + 1), domain: new URL(base).hostname, path: '/desk', httpOnly: true, sameSite: 'Lax' }]);
    return page;
  }

  return {
    t,
    base,
    browser,
    open,
    signIn,
    openAs,
    async close() {
      await browser.close();
      await t.close();
    },
  };
}
