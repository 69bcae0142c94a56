import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { browserSkipReason, watchXss } from '../helpers/browser.js';
import { startDeskBrowser, type DeskBrowser } from '../helpers/desk-browser.js';
import { DESK_PASSWORD, signIn as signInDesk } from '../helpers/desk.js';
import { editionsClient } from '../helpers/editions.js';
import { XSS_VECTORS } from '../helpers/xss.js';

/**
 * Issue 19: what is typed into the desk, in headless Chromium over real HTTP. The reporter's
 * whole journey works with the keyboard alone; markup typed into every field of the desk runs
 * nowhere it is shown, on the desk or the site. (The desk's journeys, and axe on every page they
 * open, are in browser.test.ts, on a desk of its own, so that the two run side by side.)
 */

const browserSkip = browserSkipReason();
if (browserSkip) console.log(`skipping desk browser tests: ${browserSkip}`);

describe.skipIf(browserSkip !== undefined)('what is typed into the desk in Chromium', () => {
  let desk: DeskBrowser;
  let t: DeskBrowser['t'];
  let base: string;

  beforeAll(async () => {
    desk = await startDeskBrowser();
    ({ t, base } = desk);
  });

  afterAll(async () => {
    await desk?.close();
  });

  /** The story's id from the editor's URL. */
  const storyId = (page: Page) => Number(/\/desk\/stories\/(\d+)/.exec(page.url())?.[1]);

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
    const page = await desk.open();
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

    const paths = [
      '/desk/stories',
      ...stories.flatMap((id) => [`/desk/stories/${id}`, `/desk/stories/${id}/history`]),
      '/desk/notices',
      ...notices.map((id) => `/desk/notices/${id}`),
      '/desk/admin/users',
      '/desk/admin/audit',
      ...stories.map((id) => `/articles/${id}`),
    ];
    const page = await desk.openAs('boss');
    const watch = await watchXss(page);
    for (const path of paths) {
      // The editor's script asks for the preview and copy-fit of what was typed as it loads: let them be shown.
      const previewed = /^\/desk\/stories\/\d+$/.test(path) ? page.waitForResponse((response) => new URL(response.url()).pathname === `${path}/preview`) : undefined;
      const res = await page.goto(`${base}${path}`);
      expect(res?.status(), path).toBe(200);
      if (previewed) await (await previewed).finished();
      expect(await watch.report(), path).toEqual({ dialogs: [], pageErrors: [], calls: [], cspViolations: [] });
      expect(await page.locator('main img, main svg, main script, a[href^="javascript:" i]').count(), path).toBe(0);
    }
    // Shown as typed, not dropped.
    await page.goto(`${base}/desk/stories/${stories[0]}`);
    expect(await page.locator('#headline').inputValue()).toBe(`标题${XSS_VECTORS[0]}`);
    await page.context().close();
  });
});
