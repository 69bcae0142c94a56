/**
 * Search's precision and recall on 50 labelled queries (test/fixtures/search/queries.json,
 * written without seeing the search code) over more than 300 items: the search fixtures' stories
 * and notices, and every fixture page and the sample page imported. Recall is measured against
 * substring truth, computed here from the items' own text; ranking against the item the writer
 * labelled as the one a reader wants.
 */
import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SearchPage } from '../../src/features/search/schemas.js';
import { fold } from '../../src/lib/search/normalize.js';
import { createTestApp, type TestApp } from '../helpers/app.js';

const FIXTURES = new URL('../fixtures/', import.meta.url);
const read = <T>(path: string) => JSON.parse(fs.readFileSync(new URL(path, FIXTURES), 'utf8')) as T;

interface ArticleFixture {
  key: string;
  kicker: string | null;
  headline: string;
  subtitle: string | null;
  summary: string | null;
  body: string;
  credits: { name: string; role: string }[];
}
interface NoticeFixture {
  key: string;
  kind: string;
  title: string;
  issuer: string;
  issuedOn: string;
  preamble: string;
  closing: string | null;
  columns: { key: string; label: string; type: string }[] | null;
  rows: unknown[][];
}
interface Labelled {
  q: string;
  expect: string;
  type: string;
}
interface StoredItem {
  kind: 'article' | 'notice';
  id: number;
  /** Each field's text as a reader sees it (Markdown marks taken out). */
  fields: string[];
}

const PAGES = [
  ...fs.readdirSync(new URL('imports/', FIXTURES)).filter((f) => f.endsWith('.txt')).map((f) => `imports/${f}`),
  ...fs.readdirSync(new URL('imports/epaper/', FIXTURES)).filter((f) => f.endsWith('.txt')).map((f) => `imports/epaper/${f}`),
];

/** Markdown as a reader sees it: emphasis, heading and list marks out. */
const unmarked = (markdown: string) => markdown.replace(/[*_`]+/gu, '').replace(/^#+\s*/gmu, '').replace(/^\s*[-+]\s+/gmu, '');

/** The query's terms as substring truth reads them: included and excluded, folded. */
function termsOf(q: string): { include: string[]; exclude: string[] } {
  const include: string[] = [];
  const exclude: string[] = [];
  for (const match of q.matchAll(/(-?)(?:"([^"]*)"|(\S+))/gu)) {
    const text = fold(match[2] ?? match[3]!).replace(/\s+/gu, ' ').trim();
    (match[1] ? exclude : include).push(text);
  }
  return { include, exclude };
}

/** Whether folded text holds the term as a substring; a term starting with a letter or digit starts a word there. */
function holds(text: string, term: string): boolean {
  const wordStart = /^[\p{L}\p{N}]/u.test(term) && !/^\p{Script=Han}/u.test(term);
  for (let at = text.indexOf(term); at >= 0; at = text.indexOf(term, at + 1)) {
    if (!wordStart || at === 0 || !/[\p{L}\p{N}]/u.test(text[at - 1]!) || /\p{Script=Han}/u.test(text[at - 1]!)) return true;
  }
  return false;
}

describe('search on 50 labelled queries', () => {
  let t: TestApp;
  const keys = new Map<string, string>();
  const items: StoredItem[] = [];

  beforeAll(async () => {
    t = await createTestApp({ tableLimit: 1_048_576 });
    const post = async (url: string, payload: unknown, headers?: Record<string, string>) => {
      const res = await t.request('editor', { method: 'POST', url, payload: payload as string, headers });
      return res;
    };
    for (const a of read<ArticleFixture[]>('search/articles.json')) {
      const res = await post('/api/v1/articles', { kicker: a.kicker, headline: a.headline, subtitle: a.subtitle, summary: a.summary, body: a.body, credits: a.credits });
      expect(res.statusCode, res.body).toBe(201);
      keys.set(a.key, `article:${(res.json() as { id: number }).id}`);
    }
    for (const n of read<NoticeFixture[]>('search/notices.json')) {
      const { key: _key, daysAgo: _days, ...body } = n as NoticeFixture & { daysAgo?: number };
      const res = await post('/api/v1/notices', { ...body, columns: n.columns ?? undefined, rows: n.columns ? n.rows : undefined });
      expect(res.statusCode, res.body).toBe(201);
      keys.set(n.key, `notice:${(res.json() as { id: number }).id}`);
    }
    for (const page of [...PAGES, '../../samples/liaocheng-page.txt']) {
      // A fixture page built to be refused (a wrong 合计) adds nothing; every other one adds its items.
      await post('/api/v1/imports/page', fs.readFileSync(new URL(page, FIXTURES), 'utf8'), { 'content-type': 'text/plain; charset=utf-8' });
    }
    for (let cursor: string | null = ''; cursor !== null; ) {
      const res = await t.request('editor', { method: 'GET', url: `/api/v1/articles?include=body&limit=200${cursor ? `&cursor=${cursor}` : ''}` });
      const page = res.json() as { items: { id: number; kicker: string | null; headline: string; subtitle: string | null; summary: string | null; body: string; byline: string }[]; nextCursor: string | null };
      for (const a of page.items) items.push({ kind: 'article', id: a.id, fields: [a.kicker ?? '', a.headline, a.subtitle ?? '', a.summary ?? '', unmarked(a.body), a.byline] });
      cursor = page.nextCursor;
    }
    for (let cursor: string | null = ''; cursor !== null; ) {
      const res = await t.request('editor', { method: 'GET', url: `/api/v1/notices?limit=200${cursor ? `&cursor=${cursor}` : ''}` });
      const page = res.json() as { items: { id: number }[]; nextCursor: string | null };
      for (const { id } of page.items) {
        const n = (await t.request('editor', { method: 'GET', url: `/api/v1/notices/${id}` })).json() as {
          title: string;
          issuer: string;
          preamble: string;
          byline: string;
          table: { columns: { type: string }[]; rows?: { display: string[] }[] } | null;
        };
        const searched = (n.table?.columns ?? []).flatMap((c, i) => (c.type === 'text' || c.type === 'id_cn' ? [i] : []));
        const cells = (n.table?.rows ?? []).flatMap((r) => searched.map((i) => r.display[i] ?? ''));
        items.push({ kind: 'notice', id, fields: [n.title, n.issuer, unmarked(n.preamble), n.byline, ...cells] });
      }
      cursor = page.nextCursor;
    }
  }, 240_000);
  afterAll(() => t.close());

  it('searches more than 300 items', () => {
    expect(items.length).toBeGreaterThanOrEqual(300);
  });

  it('finds every item that holds the words (recall 100 %) and almost nothing else; the labelled item always, and in the top 3 for at least 90 % of queries', async () => {
    const labelled = read<Labelled[]>('search/queries.json');
    expect(labelled).toHaveLength(50);
    const folded = new Map(items.map((item) => [`${item.kind}:${item.id}`, item.fields.map((f) => fold(f).replace(/\s+/gu, ' '))]));
    const report: string[] = [];
    let found = 0;
    let truthTotal = 0;
    let hitTotal = 0;
    let relevantHits = 0;
    let inTop3 = 0;
    const unfound: string[] = [];
    for (const { q, expect: key } of labelled) {
      const { include, exclude } = termsOf(q);
      const truth = new Set(
        [...folded].filter(([, fields]) => include.every((term) => fields.some((f) => holds(f, term))) && !exclude.some((term) => fields.some((f) => holds(f, term)))).map(([id]) => id),
      );
      const hits: string[] = [];
      for (let cursor: string | null = ''; cursor !== null; ) {
        const res = await t.request('editor', { method: 'GET', url: `/api/v1/search?q=${encodeURIComponent(q)}&limit=50${cursor ? `&cursor=${cursor}` : ''}` });
        expect(res.statusCode, `${q}: ${res.body}`).toBe(200);
        const page = res.json() as SearchPage;
        hits.push(...page.items.map((h) => `${h.kind}:${h.id}`));
        cursor = page.nextCursor;
      }
      const missed = [...truth].filter((id) => !hits.includes(id));
      const extra = hits.filter((id) => !truth.has(id));
      const rank = hits.indexOf(keys.get(key)!) + 1;
      found += truth.size - missed.length;
      truthTotal += truth.size;
      hitTotal += hits.length;
      relevantHits += hits.length - extra.length;
      if (rank >= 1 && rank <= 3) inTop3++;
      if (rank < 1) unfound.push(q);
      if (missed.length || extra.length || rank < 1 || rank > 3) report.push(`${q}: expected ${key} at ${rank || 'none'}; truth ${truth.size}, missed ${missed.join(' ') || '-'}, extra ${extra.join(' ') || '-'}`);
    }
    console.log(
      `labelled queries: recall ${found}/${truthTotal}, precision ${relevantHits}/${hitTotal}, labelled item in top 3 for ${inTop3}/50 over ${items.length} items\n${report.join('\n')}`,
    );
    expect(found, report.join('\n')).toBe(truthTotal);
    // Every labelled item is found, whatever its rank: it holds the words, as the writer read them.
    expect(unfound).toEqual([]);
    expect(relevantHits / hitTotal).toBeGreaterThanOrEqual(0.98);
    expect(inTop3 / labelled.length, report.join('\n')).toBeGreaterThanOrEqual(0.9);
  });
});
