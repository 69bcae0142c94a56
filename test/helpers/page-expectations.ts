/**
 * What a reader of a page expects the import to make of it (test/fixtures/imports/epaper/README.md),
 * compared with what the importer read, one check per item and field, so a test can assert each
 * and a review can count how many hold.
 */
import type { ParsedArticle, ParsedNotice, ParsedPage } from '../../src/features/imports/model.js';

export interface ExpectedArticle {
  kicker: string | null;
  headline: string;
  subtitle: string | null;
  credits: { role: string; name: string }[];
  subheads: string[];
  paragraphs: number | null;
  bodyStart: string;
  bodyEnd: string;
  joined: string[];
  photoSlots: { caption: string; byline: string | null }[];
}

export interface ExpectedNotice {
  title: string;
  kind: string;
  salutation: string | null;
  closing: string | null;
  issuer: string;
  issuedOn: string;
  contact: { name: string; phone: string } | null;
  claimDays: number | null;
  rows: number;
  entries: string[] | null;
  codes?: { code: string; valid: boolean }[];
}

export interface ExpectedPage {
  furniture: string[];
  jumps: { story: number; direction: 'to' | 'from'; page: string; text: string }[];
  articles: ExpectedArticle[];
  notices: ExpectedNotice[];
}

export interface Check {
  name: string;
  ok: boolean;
  /** What was expected and what was read, when they differ. */
  detail?: string;
}

/** The body's paragraphs as plain text: sub-heads and tables left out, Markdown escapes undone. */
export function paragraphsOf(body: string): string[] {
  return body
    .split(/\n{2,}/u)
    .filter((block) => block !== '' && !block.startsWith('#') && !block.startsWith('|'))
    .map((block) => block.replace(/\\(.)/gu, '$1'));
}

export function subheadsOf(body: string): string[] {
  return body
    .split(/\n{2,}/u)
    .filter((block) => block.startsWith('## '))
    .map((block) => block.slice(3).replace(/\\(.)/gu, '$1'));
}

const chars = (text: string) => Array.from(text);

function same(name: string, expected: unknown, got: unknown): Check {
  const ok = JSON.stringify(expected) === JSON.stringify(got);
  return ok ? { name, ok } : { name, ok, detail: `expected ${JSON.stringify(expected)}, read ${JSON.stringify(got)}` };
}

const NO_ARTICLE: ParsedArticle = { line: 0, kicker: null, headline: '', subtitle: null, body: '', credits: [], photoSlots: [], jumps: [], brief: false };
const NO_NOTICE: ParsedNotice = {
  line: 0, kind: '', title: '', salutation: null, preamble: '', closing: null, issuer: '', issuedOn: '', contact: null, claimDays: null, deadline: null, table: null, codes: [],
};

/** The item read for the expected one: the one with its head, or else the one in its place. */
function matching<T>(items: readonly T[], i: number, same: (item: T) => boolean): T | undefined {
  return items.find(same) ?? items[i];
}

function articleChecks(i: number, want: ExpectedArticle, got: ParsedArticle | undefined): Check[] {
  const name = `story ${i + 1} (${want.headline})`;
  if (!got) return articleChecks(i, want, NO_ARTICLE).map((check) => ({ name: check.name, ok: false, detail: 'no such story was read' }));
  const paragraphs = paragraphsOf(got.body);
  const text = paragraphs.join('');
  const checks = [
    same(`${name}: head`, [want.kicker, want.headline, want.subtitle], [got.kicker, got.headline, got.subtitle]),
    same(`${name}: credits`, want.credits, got.credits.map((c) => ({ role: c.role, name: c.name }))),
    same(`${name}: sub-heads`, want.subheads, subheadsOf(got.body)),
    same(`${name}: body start`, want.bodyStart, chars(paragraphs[0] ?? '').slice(0, chars(want.bodyStart).length).join('')),
    same(`${name}: body end`, want.bodyEnd, chars(paragraphs[paragraphs.length - 1] ?? '').slice(-chars(want.bodyEnd).length).join('')),
    same(`${name}: photo slots`, want.photoSlots, got.photoSlots.map((s) => ({ caption: s.caption, byline: s.byline }))),
  ];
  if (want.paragraphs !== null) checks.push(same(`${name}: paragraphs`, want.paragraphs, paragraphs.length));
  const missing = want.joined.filter((part) => !text.includes(part));
  checks.push({ name: `${name}: joined lines`, ok: missing.length === 0, ...(missing.length > 0 && { detail: `not in the body: ${missing.join(' / ')}` }) });
  return checks;
}

function noticeChecks(i: number, want: ExpectedNotice, got: ParsedNotice | undefined): Check[] {
  const name = `notice ${i + 1} (${want.title})`;
  if (!got) return noticeChecks(i, want, NO_NOTICE).map((check) => ({ name: check.name, ok: false, detail: 'no such notice was read' }));
  const entries = got.kind === 'statement' ? (got.table?.rows.map((r) => r.cells[0]) ?? []) : null;
  const checks = [
    same(`${name}: title and kind`, [want.title, want.kind], [got.title, got.kind]),
    same(`${name}: salutation and closing`, [want.salutation, want.closing], [got.salutation, got.closing]),
    same(`${name}: signature`, [want.issuer, want.issuedOn], [got.issuer, got.issuedOn]),
    same(`${name}: contact`, want.contact, got.contact),
    same(`${name}: claim days`, want.claimDays, got.claimDays),
    same(`${name}: rows or entries`, [want.rows, want.entries], [got.table?.rows.length ?? 0, entries]),
  ];
  if (want.codes) checks.push(same(`${name}: credit codes`, want.codes, (got.codes ?? []).map(({ code, valid }) => ({ code, valid }))));
  return checks;
}

/** Every check of one page: its items, each field of each, its furniture and its jumps. */
export function checkPage(page: ParsedPage, expected: ExpectedPage): Check[] {
  const checks: Check[] = [
    same('stories read', expected.articles.map((a) => a.headline), page.articles.map((a) => a.headline)),
    same('notices read', expected.notices.map((n) => n.title), page.notices.map((n) => n.title)),
  ];
  expected.articles.forEach((want, i) => checks.push(...articleChecks(i, want, matching(page.articles, i, (a) => a.headline === want.headline))));
  expected.notices.forEach((want, i) => checks.push(...noticeChecks(i, want, matching(page.notices, i, (n) => n.title === want.title))));
  const texts = [...page.articles.map((a) => a.body), ...page.notices.map((n) => `${n.preamble}\n${n.table?.rows.map((r) => r.cells.join(' ')).join('\n') ?? ''}`)];
  const wide = (text: string) => text.replace(/\(/gu, '（').replace(/\)/gu, '）');
  const paragraphs = texts.flatMap((text) => text.split('\n')).map(wide);
  // A short line (a page number) is looked for as a paragraph of its own; a longer one anywhere.
  const inTextOf = (line: string) => (chars(line).length < 6 ? paragraphs.includes(wide(line)) : paragraphs.some((p) => p.includes(wide(line))));
  for (const line of expected.furniture) {
    const listed = page.changes.some((c) => c.type === 'furniture' && c.before === line);
    const inText = inTextOf(line);
    checks.push({ name: `furniture ${line}`, ok: listed && !inText, ...(!(listed && !inText) && { detail: inText ? 'left in an item’s text' : 'not listed as furniture' }) });
  }
  for (const jump of expected.jumps) {
    const headline = expected.articles[jump.story]?.headline;
    const story = matching(page.articles, jump.story, (a) => a.headline === headline);
    const kept = story?.jumps?.some((j) => j.direction === jump.direction && j.page === jump.page) ?? false;
    const inText = inTextOf(jump.text);
    checks.push({ name: `jump ${jump.text}`, ok: kept && !inText, ...(!(kept && !inText) && { detail: inText ? 'left in an item’s text' : `not kept on story ${jump.story + 1}` }) });
  }
  return checks;
}
