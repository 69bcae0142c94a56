import { accessSync, constants, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { FastifyInstance } from 'fastify';
import { chromium, type Browser, type Page } from 'playwright-core';

/**
 * Real-browser checks: headless Chromium (Debian's `chromium`) driven by playwright-core,
 * and axe-core injected into the page.
 *
 * The page functions below are run by the browser; the project's TypeScript has no DOM
 * library, so they reach `document` through `globalThis` with a narrow local type.
 */

const require = createRequire(import.meta.url);
/** axe-core's source, read when first needed. */
let axeSource: string | undefined;

function executable(path: string): boolean {
  try {
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/** The Chromium to drive: `CHROMIUM_PATH` if set and executable, else `/usr/bin/chromium` if executable. */
export function chromiumPath(): string | undefined {
  const candidates = [process.env.CHROMIUM_PATH, '/usr/bin/chromium'].filter((path): path is string => !!path);
  return candidates.find(executable);
}

/** Why browser tests are skipped here, or `undefined` if they run. In CI (`CI` set) they always run, and fail if Chromium is missing. */
export function browserSkipReason(): string | undefined {
  if (chromiumPath() !== undefined || process.env.CI) return undefined;
  return 'Chromium is not installed (no executable /usr/bin/chromium or CHROMIUM_PATH); apt-get install chromium fonts-noto-cjk';
}

/** Launches headless Chromium. Close it with `browser.close()` (e.g. in `afterAll`). */
export async function launchBrowser(): Promise<Browser> {
  const executablePath = chromiumPath();
  if (!executablePath) throw new Error('Chromium not found: install Debian\'s `chromium` or set CHROMIUM_PATH');
  return chromium.launch({
    executablePath,
    headless: true,
    // --no-sandbox: CI runs as root, where Chromium's sandbox refuses to start.
    args: ['--no-sandbox', '--disable-dev-shm-usage'],
  });
}

/** Runs `fn` with a launched browser, closing it afterwards. */
export async function withBrowser<T>(fn: (browser: Browser) => Promise<T>): Promise<T> {
  const browser = await launchBrowser();
  try {
    return await fn(browser);
  } finally {
    await browser.close();
  }
}

/**
 * A page in its own context, `width` CSS pixels wide (375 for a phone, 1280 for a desktop),
 * with a Chinese locale. Close it with `page.context().close()`.
 */
export async function newPage(browser: Browser, width: number, height = 800): Promise<Page> {
  const context = await browser.newContext({ viewport: { width, height }, locale: 'zh-CN', deviceScaleFactor: 1 });
  return context.newPage();
}

/**
 * Serves a Fastify app over real HTTP on a free port of 127.0.0.1 and returns its base URL
 * (no trailing slash). `app.close()` stops it. The app's `publicBaseUrl` will not match
 * this URL, which is fine for tests.
 */
export async function listen(app: FastifyInstance): Promise<{ url: string }> {
  await app.listen({ port: 0, host: '127.0.0.1' });
  const address = app.server.address();
  if (address === null || typeof address === 'string') throw new Error(`unexpected server address ${String(address)}`);
  return { url: `http://127.0.0.1:${address.port}` };
}

/** How many CSS pixels the page scrolls sideways (0 when it fits the viewport). */
export async function horizontalOverflow(page: Page): Promise<number> {
  return page.evaluate(() => {
    const root = (globalThis as unknown as { document: { documentElement: { scrollWidth: number; clientWidth: number } } }).document
      .documentElement;
    return root.scrollWidth - root.clientWidth;
  });
}

export type AxeImpact = 'minor' | 'moderate' | 'serious' | 'critical';

export interface AxeViolation {
  /** The rule, e.g. `image-alt`. */
  id: string;
  impact: AxeImpact | null;
  help: string;
  helpUrl: string;
  nodes: { target: string[]; html: string; failureSummary?: string }[];
}

export const AXE_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'];

/**
 * Injects axe-core into the page (once) and returns its violations of WCAG 2.1 A/AA and best
 * practice. It is evaluated through the DevTools protocol, as the page functions here are, so a
 * page's Content-Security-Policy does not keep it out: the page is checked as its policy serves it.
 */
export async function runAxe(page: Page): Promise<AxeViolation[]> {
  const loaded = await page.evaluate(() => 'axe' in globalThis);
  axeSource ??= readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
  // The script's own value is left in the page (`;0`), not sent back.
  if (!loaded) await page.evaluate(`${axeSource}\n;0`);
  return page.evaluate(async (tags) => {
    interface RawViolation {
      id: string;
      impact?: AxeImpact | null;
      help: string;
      helpUrl: string;
      nodes: { target: unknown[]; html: string; failureSummary?: string }[];
    }
    const page = globalThis as unknown as {
      document: unknown;
      axe: { run(context: unknown, options: unknown): Promise<{ violations: RawViolation[] }> };
    };
    const results = await page.axe.run(page.document, { runOnly: tags, resultTypes: ['violations'] });
    return results.violations.map((v) => ({
      id: v.id,
      impact: v.impact ?? null,
      help: v.help,
      helpUrl: v.helpUrl,
      nodes: v.nodes.map((n) => ({ target: n.target.map(String), html: n.html, failureSummary: n.failureSummary })),
    }));
  }, AXE_TAGS);
}

/** The violations that fail acceptance: impact `serious` or `critical`. */
export function seriousViolations(violations: AxeViolation[]): AxeViolation[] {
  return violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
}

/** One line per violating node, for an assertion failure message. */
export function formatViolations(violations: AxeViolation[]): string {
  return violations
    .flatMap((v) => v.nodes.map((n) => `${v.impact ?? '?'} ${v.id}: ${v.help} — ${n.target.join(' ')} ${n.html}`))
    .join('\n');
}

export interface XssReport {
  /** Every alert/confirm/prompt/beforeunload dialog the page opened since `watchXss` (each is dismissed): `type: message`. */
  dialogs: string[];
  /** Uncaught script errors on the page since `watchXss`. */
  pageErrors: string[];
  /** Arguments of every call of `__xss(...)` in the current document: payloads call it to prove they ran. */
  calls: string[];
  /** Content-Security-Policy violations in the current document: `directive blocked-uri sample`. */
  cspViolations: string[];
}

export interface XssWatch {
  /** Dialogs so far (live; filled as they open). */
  dialogs: string[];
  /** Waits briefly for late events, then reports. Call after each `goto` (calls and CSP violations are per document). */
  report(): Promise<XssReport>;
}

/**
 * Watches a page for signs that injected script ran. Call before `page.goto`. Payloads
 * should open a dialog (`alert(1)`) or call `__xss('name')`; either is recorded. A CSP
 * violation means markup got through that the policy then blocked — escaping failed.
 * A page with no injection reports `{ dialogs: [], pageErrors: [], calls: [], cspViolations: [] }`.
 */
export async function watchXss(page: Page): Promise<XssWatch> {
  const dialogs: string[] = [];
  const pageErrors: string[] = [];
  page.on('dialog', (dialog) => {
    dialogs.push(`${dialog.type()}: ${dialog.message()}`);
    dialog.dismiss().catch(() => undefined);
  });
  page.on('pageerror', (error) => pageErrors.push(error.message));
  // Recorded in the page, not through exposeFunction, whose calls reach Node asynchronously
  // and could land after the assertions. Init scripts run before the page's own, under any CSP.
  await page.addInitScript(() => {
    interface CspEvent {
      violatedDirective: string;
      blockedURI: string;
      sample: string;
    }
    const scope = globalThis as unknown as {
      __xss?: (tag: unknown) => void;
      document: { addEventListener(type: string, listener: (event: CspEvent) => void): void };
    };
    const log = { calls: [] as string[], csp: [] as string[] };
    Object.defineProperty(scope, '__xssLog', { value: log });
    scope.__xss = (tag) => {
      log.calls.push(String(tag));
    };
    scope.document.addEventListener('securitypolicyviolation', (event) => {
      log.csp.push(`${event.violatedDirective} ${event.blockedURI} ${event.sample}`.trim());
    });
  });
  return {
    dialogs,
    async report() {
      const inPage = await page.evaluate(async () => {
        // securitypolicyviolation events are dispatched in a later task.
        await new Promise((resolve) => setTimeout(resolve, 50));
        const log = (globalThis as unknown as { __xssLog?: { calls: string[]; csp: string[] } }).__xssLog;
        return { calls: [...(log?.calls ?? [])], csp: [...(log?.csp ?? [])] };
      });
      return { dialogs: [...dialogs], pageErrors: [...pageErrors], calls: inPage.calls, cspViolations: inPage.csp };
    },
  };
}
