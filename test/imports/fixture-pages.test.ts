import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { endsSentence } from '../../src/features/imports/paragraphs.js';
import { createTestApp, type TestApp } from '../helpers/app.js';
import type { ImportJson } from '../helpers/imports.js';
import type { ExpectedNotice } from '../helpers/page-expectations.js';
import { expectProblem } from '../helpers/problem.js';

/**
 * Pages written for these tests (test/fixtures/imports/README.md), each with the outcome an
 * editor would expect, worked out by hand from the text.
 */
interface Expected {
  reject: boolean;
  articles: {
    kicker: string | null;
    headline: string;
    subtitle: string | null;
    credits: { role: string; name: string }[];
    subheads: string[];
    paragraphs: number;
    joined: string[];
  }[];
  notices: (ExpectedNotice & { totalFen: number | null; masked: number })[];
}


const DIR = new URL('../fixtures/imports/', import.meta.url);
const PAGES = fs
  .readdirSync(DIR)
  .filter((name) => name.endsWith('.txt'))
  .map((name) => name.slice(0, -'.txt'.length));

const blocks = (body: string) => body.split(/\n{2,}/u);

describe('importing pages the importer was not written against', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ tableLimit: 1_048_576 });
  });
  afterAll(() => t.close());

  it('has pages to read', () => {
    expect(PAGES.length).toBeGreaterThanOrEqual(6);
  });

  describe.each(PAGES)('%s', (name) => {
    const text = fs.readFileSync(new URL(`${name}.txt`, DIR), 'utf8');
    const expected = JSON.parse(fs.readFileSync(new URL(`${name}.expected.json`, DIR), 'utf8')) as Expected;
    let res: Awaited<ReturnType<TestApp['request']>>;
    let result: ImportJson;

    beforeAll(async () => {
      res = await t.request('reporter', { method: 'POST', url: '/api/v1/imports/page', headers: { 'content-type': 'text/plain; charset=utf-8' }, payload: text });
      result = res.json() as ImportJson;
    });

    if (expected.reject) {
      it('is refused as a whole, with the bad line named', () => {
        const problem = expectProblem(res, 422, 'unprocessable');
        expect(problem.detail).toMatch(/line \d+/u);
      });
      return;
    }

    it('is imported', () => {
      expect(res.statusCode, res.body).toBe(201);
      expect(result.articles.map((a) => a.headline)).toEqual(expected.articles.map((a) => a.headline));
      expect(result.notices.map((n) => n.title)).toEqual(expected.notices.map((n) => n.title));
    });

    expected.articles.forEach((want, i) => {
      it(`story ${i + 1}: ${want.headline}`, () => {
        const got = result.articles[i]!;
        expect({ kicker: got.kicker, headline: got.headline, subtitle: got.subtitle }).toEqual({ kicker: want.kicker, headline: want.headline, subtitle: want.subtitle });
        expect(got.credits.map((c) => ({ role: c.role, name: c.name }))).toEqual(want.credits);
        const parts = blocks(got.body);
        expect(parts.filter((b) => b.startsWith('## ')).map((b) => b.slice(3))).toEqual(want.subheads);
        const paragraphs = parts.filter((b) => !b.startsWith('#'));
        expect(paragraphs).toHaveLength(want.paragraphs);
        for (const paragraph of paragraphs) expect(endsSentence(paragraph), paragraph).toBe(true);
        for (const joined of want.joined) expect(got.body).toContain(joined);
        expect(got.body).not.toMatch(/\p{Script=Han}[,:;?!()]|[,:;?!()]\p{Script=Han}/u);
      });
    });

    expected.notices.forEach((want, i) => {
      it(`notice ${i + 1}: ${want.title}`, async () => {
        const got = result.notices[i]!;
        expect({
          kind: got.kind,
          salutation: got.salutation,
          closing: got.closing,
          issuer: got.issuer,
          issuedOn: got.issuedOn,
          contact: got.contact,
          claimDays: got.claimDays,
        }).toEqual({
          kind: want.kind,
          salutation: want.salutation,
          closing: want.closing,
          issuer: want.issuer,
          issuedOn: want.issuedOn,
          contact: want.contact,
          claimDays: want.claimDays,
        });
        expect(got.table?.rowCount ?? 0).toBe(want.rows);
        expect(got.table?.totals[0]?.value ?? null).toBe(want.totalFen);
        expect(result.changes.filter((c) => c.type === 'id-masked' && c.item?.kind === 'notice' && c.item.id === got.id)).toHaveLength(want.masked);
        if (want.entries) {
          const rows = (await t.request('editor', { method: 'GET', url: `/api/v1/notices/${got.id}/rows` })).json() as { items: { values: string[] }[] };
          expect(rows.items.map((r) => r.values[0])).toEqual(want.entries);
        }
      });
    });
  });
});
