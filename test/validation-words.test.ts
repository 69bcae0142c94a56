import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ERROR_MESSAGE } from '../src/lib/schemas.js';
import { createTestApp, type TestApp } from './helpers/app.js';
import { expectProblem } from './helpers/problem.js';

// A value that misses a pattern or format is told what is expected in plain words, never the
// pattern itself: the words a schema carries (`x-error-message`) are what the 400 says.

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => t?.close());

/** No message may show a regular expression or Ajv's phrasing of one. */
function expectNoPattern(text: string) {
  expect(text).not.toMatch(/must match (pattern|format)|\^\(|\\S|\[0-9\]|\{2\}/);
}

describe('validation messages in words', () => {
  it('a bad date in an editions path says "a date as YYYY-MM-DD"', async () => {
    for (const date of ['2026-13-40', '0999-01-01', 'yesterday']) {
      const res = await t.request('editor', { url: `/api/v1/editions/${date}` });
      const problem = expectProblem(res, 400, 'validation-failed');
      expect(problem.errors, date).toEqual([{ in: 'path', pointer: '/date', message: 'must be a date as YYYY-MM-DD, in the years 1800 to 2999' }]);
      expect(problem.detail).toBe('/date must be a date as YYYY-MM-DD, in the years 1800 to 2999');
      expectNoPattern(res.body);
    }
  });

  it('a bad day bounding the list of editions says so in words', async () => {
    const res = await t.request('editor', { url: '/api/v1/editions?from=2026-12-7' });
    const problem = expectProblem(res, 400, 'validation-failed');
    expect(problem.errors).toEqual([{ in: 'query', pointer: '/from', message: 'must be a date as YYYY-MM-DD, in the years 1800 to 2999' }]);
  });

  it('a blank headline says "must not be blank", once, whether spaces or empty', async () => {
    for (const headline of ['   ', '\u3000', '']) {
      const res = await t.request('reporter', { method: 'POST', url: '/api/v1/articles', payload: { headline, body: '正文' } });
      const problem = expectProblem(res, 400, 'validation-failed');
      expect(problem.errors?.filter((e) => e.pointer === '/headline'), JSON.stringify(headline)).toEqual([{ pointer: '/headline', message: 'must not be blank' }]);
      expectNoPattern(res.body);
    }
  });

  it('a bad page label, section slug and login say what they must be', async () => {
    const label = expectProblem(await t.request('editor', { url: '/api/v1/editions/2026-12-07/pages/a1' }), 400, 'validation-failed');
    expect(label.errors).toEqual([{ in: 'path', pointer: '/label', message: 'must be a page label: a capital letter and a two-digit page number, such as A01' }]);

    const slug = expectProblem(await t.request(null, { url: '/content/v1/articles?section=Local_News' }), 400, 'validation-failed');
    expect(slug.errors?.[0]?.message).toMatch(/^must be a slug: lowercase letters and digits/);

    const login = expectProblem(
      await t.request('admin', { method: 'POST', url: '/api/v1/users', payload: { login: '1li hua', name: '李华', role: 'reporter' } }),
      400,
      'validation-failed',
    );
    expect(login.errors).toContainEqual({ pointer: '/login', message: 'must be a login: 2 to 40 letters, digits, dots, underscores or hyphens, starting with a letter' });
  });

  it('says types and lengths in words too', async () => {
    const res = await t.request('editor', { method: 'POST', url: '/api/v1/sections', payload: { name: 123, slug: 'x'.repeat(61) } });
    const problem = expectProblem(res, 400, 'validation-failed');
    expect(problem.errors).toEqual(
      expect.arrayContaining([
        { pointer: '/name', message: 'must be a string' },
        { pointer: '/slug', message: 'must be at most 60 characters long' },
      ]),
    );
    expect(res.body).not.toMatch(/must NOT|must be string/);
  });

  it('every query parameter with a pattern or format answers a bad value with its own words', async () => {
    const doc = (await t.request(null, { url: '/openapi.json' })).json() as {
      paths: Record<string, Record<string, { parameters?: { in: string; name: string; schema: Record<string, unknown> }[] }>>;
    };
    const sample: Record<string, string> = { id: '1', date: '2026-12-07', label: 'A01', key: 'payout_claim', version: '1', slug: 'local' };
    const wordsOf = (schema: Record<string, unknown>): string | undefined =>
      (schema[ERROR_MESSAGE] as string | undefined) ?? ((schema.anyOf as Record<string, unknown>[] | undefined) ?? []).map(wordsOf).find(Boolean);
    let checked = 0;
    for (const [path, item] of Object.entries(doc.paths)) {
      const get = item.get;
      if (!get) continue;
      for (const parameter of get.parameters ?? []) {
        const words = wordsOf(parameter.schema);
        if (parameter.in !== 'query' || !words) continue;
        // A single space fits no pattern or format the service uses.
        const url = `${path.replace(/\{(\w+)\}/g, (_, name: string) => sample[name] ?? '1')}?${parameter.name}=%20`;
        const res = await t.request('admin', { url });
        const problem = expectProblem(res, 400, 'validation-failed');
        expect(problem.errors, url).toContainEqual({ in: 'query', pointer: `/${parameter.name}`, message: words });
        expectNoPattern(res.body);
        checked++;
      }
    }
    expect(checked).toBeGreaterThanOrEqual(8);
  });
});
