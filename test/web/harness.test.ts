import Fastify, { type FastifyInstance } from 'fastify';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
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
} from '../helpers/browser.js';
import { checkHtml, formatVnuResults, vnuSkipReason } from '../helpers/vnu.js';

/** The test helpers for HTML validity and real-browser checks work, and can fail. */

const page = (body: string, head = '') => `<!DOCTYPE html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>测试页面</title>
${head}
</head>
<body>
<main>
<h1>本报讯 测试标题</h1>
${body}
</main>
</body>
</html>
`;

const VALID = page('<p>这是一段中文正文。</p>');

const javaSkip = vnuSkipReason();
if (javaSkip) console.log(`skipping Nu Html Checker tests: ${javaSkip}`);

describe.skipIf(javaSkip !== undefined)('Nu Html Checker helper', () => {
  it('passes a valid zh-CN document and reports errors in invalid ones, per document', async () => {
    const results = await checkHtml([
      { name: 'valid', html: VALID },
      { name: 'block in paragraph', html: page('<p><div>块</div></p>') },
      { name: 'no title', html: VALID.replace('<title>测试页面</title>', '') },
      { name: 'valid again', html: VALID },
    ]);
    expect(results.map((r) => r.name)).toEqual(['valid', 'block in paragraph', 'no title', 'valid again']);
    expect(formatVnuResults([results[0]!, results[3]!])).toBe('');
    expect(results[1]!.messages.map((m) => m.message)).toContainEqual(expect.stringContaining('No “p” element in scope'));
    expect(results[1]!.messages.every((m) => m.type === 'error' && typeof m.lastLine === 'number')).toBe(true);
    expect(results[2]!.messages.map((m) => m.message)).toEqual([expect.stringContaining('“title”')]);
    expect(formatVnuResults(results)).toMatch(/^no title:\d+: /m);
  });

  it('throws, rather than passing, when the checker crashes without its JSON report', async () => {
    // A thread stack this small makes the checker print a StackOverflowError and no JSON.
    await expect(checkHtml([{ name: 'valid', html: VALID }], { javaOptions: ['-Xss512k'] })).rejects.toThrow(
      /output is not its JSON report[\s\S]*StackOverflowError/,
    );
  });
});

const browserSkip = browserSkipReason();
if (browserSkip) console.log(`skipping browser tests: ${browserSkip}`);

describe.skipIf(browserSkip !== undefined)('browser helpers', () => {
  let browser: Browser;
  let app: FastifyInstance;
  let base: string;

  const pages: Record<string, { html: string; csp?: string }> = {
    '/wide': { html: page('<div style="width: 2000px">很宽的元素</div>') },
    '/fits': { html: page('<div style="max-width: 100%">适应宽度的元素</div>') },
    '/img': { html: page('<p><img src="x.png"></p>') },
    '/clean': { html: page('<p>干净的页面。</p>') },
    '/alert': { html: page('<script>alert(1)</script><script>__xss("inline")</script>') },
    '/alert-csp': { html: page('<script>alert(1)</script><script>__xss("inline")</script>'), csp: "script-src 'none'" },
  };

  beforeAll(async () => {
    app = Fastify();
    for (const [path, { html, csp }] of Object.entries(pages)) {
      app.get(path, (_request, reply) => {
        if (csp) reply.header('content-security-policy', csp);
        return reply.type('text/html; charset=utf-8').send(html);
      });
    }
    app.get('/x.png', (_request, reply) => reply.code(404).send());
    base = (await listen(app)).url;
    browser = await launchBrowser();
  });

  afterAll(async () => {
    await browser?.close();
    await app?.close();
  });

  it('serves over real HTTP', () => {
    expect(base).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
  });

  it.each([375, 1280])('measures horizontal overflow at %i px', async (width) => {
    const tab = await newPage(browser, width);
    try {
      await tab.goto(`${base}/wide`);
      expect(await horizontalOverflow(tab)).toBeGreaterThanOrEqual(2000 - width); // plus the body's margin
      await tab.goto(`${base}/fits`);
      expect(await horizontalOverflow(tab)).toBe(0);
      await expect(tab.locator('h1').isVisible()).resolves.toBe(true);
      expect(await tab.locator('h1').textContent()).toBe('本报讯 测试标题');
    } finally {
      await tab.context().close();
    }
  });

  it('runs axe-core: a critical image-alt on an image without alt, nothing on a clean page', async () => {
    const tab = await newPage(browser, 1280);
    try {
      await tab.goto(`${base}/img`);
      const violations = await runAxe(tab);
      expect(violations.map((v) => [v.id, v.impact])).toContainEqual(['image-alt', 'critical']);
      expect(formatViolations(seriousViolations(violations))).toContain('critical image-alt');

      await tab.goto(`${base}/clean`);
      const clean = await runAxe(tab);
      expect(clean, formatViolations(clean)).toEqual([]);
      expect(await runAxe(tab)).toEqual([]); // a second run reuses the injected axe
    } finally {
      await tab.context().close();
    }
  });

  it('sees script run without CSP, and none with script-src none', async () => {
    const open = await newPage(browser, 1280);
    const locked = await newPage(browser, 1280);
    try {
      const ran = await watchXss(open);
      await open.goto(`${base}/alert`);
      expect(await ran.report()).toEqual({ dialogs: ['alert: 1'], pageErrors: [], calls: ['inline'], cspViolations: [] });

      const blocked = await watchXss(locked);
      await locked.goto(`${base}/alert-csp`);
      const report = await blocked.report();
      expect(report).toMatchObject({ dialogs: [], pageErrors: [], calls: [] });
      expect(report.cspViolations).toEqual([
        expect.stringMatching(/^script-src-elem inline/),
        expect.stringMatching(/^script-src-elem inline/),
      ]);

      await locked.goto(`${base}/clean`);
      expect(await blocked.report()).toEqual({ dialogs: [], pageErrors: [], calls: [], cspViolations: [] });
    } finally {
      await open.context().close();
      await locked.context().close();
    }
  });
});
