/**
 * Search through the API on the sample page: what finds which story or notice first, the
 * notice's matching rows, who finds a draft, and that publication and withdrawal reach the
 * public search in the transaction that makes them.
 */
import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SearchPage } from '../../src/features/search/schemas.js';
import { createTestApp, type TestApp } from '../helpers/app.js';
import type { ImportJson } from '../helpers/imports.js';

const SAMPLE = fs.readFileSync(new URL('../../samples/liaocheng-page.txt', import.meta.url), 'utf8');

describe('search on the sample page', () => {
  let t: TestApp;
  let imported: ImportJson;
  const find = async (who: string | null, q: string, extra = '') => {
    const url = who === null ? `/content/v1/search?q=${encodeURIComponent(q)}${extra}` : `/api/v1/search?q=${encodeURIComponent(q)}${extra}`;
    const res = await t.request(who, { method: 'GET', url });
    expect(res.statusCode, res.body).toBe(200);
    return res.json() as SearchPage;
  };
  const marked = (m: { text: string; marks: { start: number; end: number }[] }) => m.marks.map((k) => m.text.slice(k.start, k.end));

  beforeAll(async () => {
    t = await createTestApp({ tableLimit: 1_048_576 });
    const res = await t.request('reporter', { method: 'POST', url: '/api/v1/imports/page', headers: { 'content-type': 'text/plain; charset=utf-8' }, payload: SAMPLE });
    expect(res.statusCode, res.body).toBe(201);
    imported = res.json() as ImportJson;
  });
  afterAll(() => t.close());

  it('finds the first story first for 商业秘密, the second for 杨振, each with its words marked', async () => {
    const [first, second] = imported.articles;
    const secret = await find('editor', '商业秘密');
    expect(secret.items[0]).toMatchObject({ kind: 'article', id: first!.id });
    expect(marked(secret.items[0]!.snippet)).toContain('商业秘密');
    const yang = await find('editor', '杨振');
    expect(yang.items[0]).toMatchObject({ kind: 'article', id: second!.id });
    expect(marked(yang.items[0]!.snippet).every((m) => m === '杨振')).toBe(true);
  });

  it('finds the payout notice and its matching rows by a village and by a name', async () => {
    const notice = imported.notices[0]!;
    for (const q of ['温庄村', '肖凤臣']) {
      const page = await find('editor', q);
      expect(page.items[0]).toMatchObject({ kind: 'notice', id: notice.id });
      const rows = page.items[0]!.rows!;
      expect(rows.length).toBeGreaterThan(0);
      expect(page.items[0]!.rowsMatched).toBe(rows.length);
      for (const row of rows) expect(row.cells.flatMap(marked)).toContain(q);
      for (const row of rows) for (const cell of row.cells) expect(cell.text).not.toMatch(/\d{17}[\dX]/);
    }
  });
});
