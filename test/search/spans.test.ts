/**
 * The search's walk through time: documents dated across years are found newest first span by
 * span, the newest `candidates` of them whatever spans they fall in, older ones when newer
 * spans hold too few, and within a search's dates only.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rowsOf, type DatabaseHandle } from '../../src/db/client.js';
import { rankedMatches, SEARCH_SETTINGS, type SearchFilters } from '../../src/features/search/repository.js';
import { parseQuery } from '../../src/lib/search/query.js';
import { searchRow, writeSearchRows } from '../../src/publishing/search-index.js';
import { createTestDatabase } from '../helpers/database.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const NOW = new Date('2026-12-07T10:00:00Z');
const DAY = 86_400_000;

describe('search spans of time', () => {
  let database: DatabaseHandle;
  /** Item id → its date, for the documents written. */
  const dated = new Map<number, Date>();

  const write = async (id: number, at: Date, text: string, headline = '日常报道') => {
    dated.set(id, at);
    await writeSearchRows(database.db, [
      searchRow({
        kind: 'article',
        id,
        status: 'published',
        sectionId: null,
        createdBy: 1,
        publishedAt: at,
        updatedAt: at,
        fields: [
          { text: headline, weight: 'A' },
          { text, weight: 'C' },
        ],
      }),
    ]);
  };

  const find = async (q: string, extra: Partial<SearchFilters> = {}, now = NOW) => {
    const parsed = parseQuery(q);
    const { rows, checkedAll } = await rankedMatches(
      database.withSettings(SEARCH_SETTINGS),
      { tsquery: parsed.tsquery, tokens: parsed.tokens, exact: parsed.exact, rank: parsed.rank, checked: 1000, viewer: { public: true }, candidates: 5, limit: 50, offset: 0, ...extra },
      now,
    );
    return { ids: rows.map((r) => r.itemId), total: rows[0]?.total ?? 0, checkedAll };
  };
  const newest = (ids: number[], n: number) => [...ids].sort((a, b) => dated.get(b)!.getTime() - dated.get(a)!.getTime()).slice(0, n);

  beforeAll(async () => {
    database = await createTestDatabase();
    // 灯塔: one document every 9 days back over four years (one of them dated a year ahead,
    // as a mistyped date would be). 潮汐: only 600 days ago and 1,500 days ago. 北斗 and 星辰
    // together only in the oldest ones, apart in the newest.
    for (let i = 0; i < 160; i++) await write(i + 1, new Date(NOW.getTime() - i * 9 * DAY - 3_600_000), `灯塔守望第${i}天。`);
    await write(500, new Date(NOW.getTime() + 400 * DAY), '灯塔提前刊登。');
    await write(501, new Date(NOW.getTime() - 600 * DAY), '潮汐观测站。');
    await write(502, new Date(NOW.getTime() - 1500 * DAY), '潮汐观测站旧址。');
    for (let i = 0; i < 6; i++) await write(600 + i, new Date(NOW.getTime() - i * DAY), '北斗、斗星与星辰。');
    await write(700, new Date(NOW.getTime() - 2000 * DAY), '北斗星辰同框。');
  });
  afterAll(() => database.close());

  it('takes the newest matches of a common word, the one dated ahead included, whatever spans they fall in', async () => {
    const all = [...dated.keys()].filter((id) => id <= 160 || id === 500);
    const found = await find('灯塔');
    expect(found.total).toBe(5);
    expect(new Set(found.ids)).toEqual(new Set(newest(all, 5)));
    expect(found.ids).toContain(500);
    const wide = await find('灯塔', { candidates: 120, limit: 200 });
    expect(new Set(wide.ids)).toEqual(new Set(newest(all, 120)));
  });

  it('reaches back years for a word no recent item holds', async () => {
    expect(new Set((await find('潮汐')).ids)).toEqual(new Set([501, 502]));
  });

  it('keeps to the dates searched, counting its spans back from their end', async () => {
    const to = new Date(NOW.getTime() - 365 * DAY);
    const from = new Date(NOW.getTime() - 700 * DAY);
    const inside = [...dated].filter(([id, at]) => id <= 160 && at >= from && at < to).map(([id]) => id);
    const found = await find('灯塔', { from, to, candidates: 100, limit: 200 });
    expect(new Set(found.ids)).toEqual(new Set(inside));
    expect(new Set((await find('潮汐', { from, to })).ids)).toEqual(new Set([501]));
  });

  it('checks a phrase span by span, and finds the old item where newer ones hold its characters apart', async () => {
    const found = await find('"北斗星辰"');
    expect(found).toMatchObject({ ids: [700], checkedAll: true });
    // Six newer items hold its character pairs apart: with checking stopped at four, the old one is left, and said to be.
    expect(await find('"北斗星辰"', { checked: 4 })).toMatchObject({ ids: [], checkedAll: false });
  });

  it('ranks a match in the heads above newer matches in the text alone', async () => {
    await write(800, new Date(NOW.getTime() - 300 * DAY), '报道一则。', '灯塔的故事');
    const found = await find('灯塔', { candidates: 200, limit: 3 });
    expect(found.ids[0]).toBe(800);
    expect(found.ids.slice(1)).toEqual(newest([...dated.keys()].filter((id) => id <= 160 || id === 500), 2));
  });

  it('finds an item dated ahead that was indexed before `_later` marked every such item, once migration 0010 has run', async () => {
    const ahead = new Date(Date.now() + 40 * DAY);
    await write(900, ahead, '航标提前刊登。');
    await write(901, new Date(Date.now() - 40 * DAY), '航标旧闻。');
    // As the rule before it indexed them: `_later` only past next year.
    await database.db.execute(sql`update search_documents set terms = ts_delete(terms, '_later'::text) where item_id in (900, 901)`);
    const now = new Date();
    const search = async () => (await find('航标', {}, now)).ids;
    expect(await search()).toEqual([901]);
    await database.db.execute(sql.raw(fs.readFileSync(path.join(root, 'migrations/0010_search_later.sql'), 'utf8')));
    expect(await search()).toEqual([900, 901]);
    const marked = await database.db.execute(sql`select item_id from search_documents where terms @@ '_later'::tsquery and item_id in (900, 901)`);
    expect(rowsOf<{ item_id: number }>(marked).map((r) => r.item_id)).toEqual([900]);
  });
});
