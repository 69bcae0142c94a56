/** The time lexemes of search documents, and the spans of time a search asks the index for. */
import { describe, expect, it } from 'vitest';
import { nextSpanDays } from '../../../src/features/search/repository.js';
import { LATER, spanLexemes, timeLexemes, utcMidnight } from '../../../src/lib/search/time-lexemes.js';
import { seeded } from '../../../scripts/lib/random.js';

const DAY = 86_400_000;
const at = (iso: string) => new Date(iso);

describe('time lexemes', () => {
  it('name the day, month and year (UTC), and mark an item dated after the day it is indexed on', () => {
    const now = at('2026-12-07T10:00:00Z');
    expect(timeLexemes(at('2026-11-30T23:30:00-02:00'), now)).toEqual(['_d20261201', '_m202612', '_y2026']);
    expect(timeLexemes(at('2026-12-07T23:59:59Z'), now)).toEqual(['_d20261207', '_m202612', '_y2026']);
    expect(timeLexemes(at('2026-12-08T00:00:00Z'), now)).toEqual(['_d20261208', '_m202612', '_y2026', LATER]);
    expect(timeLexemes(at('2028-01-01T00:00:00Z'), now)).toEqual(['_d20280101', '_m202801', '_y2028', LATER]);
  });

  it('cover a span with whole years, months and days, and no more', () => {
    const now = at('2026-12-07T10:00:00Z');
    expect(spanLexemes(at('2026-11-30T00:00:00Z'), at('2026-12-03T00:00:00Z'), now)).toEqual(['_d20261130', '_d20261201', '_d20261202']);
    expect(spanLexemes(at('2024-11-29T00:00:00Z'), at('2026-02-02T00:00:00Z'), now)).toEqual(['_d20241129', '_d20241130', '_m202412', '_y2025', '_m202601', '_d20260201']);
    // No end: up to today, then whatever was dated ahead.
    expect(spanLexemes(at('2026-12-05T00:00:00Z'), null, now)).toEqual(['_d20261205', '_d20261206', '_d20261207', LATER]);
    expect(spanLexemes(at('2026-11-30T00:00:00Z'), null, at('2026-12-31T10:00:00Z'))).toEqual(['_d20261130', '_m202612', LATER]);
  });

  it('match every item whose time falls in the span, and, for a span with an end, no other, for any item, span and day of indexing', () => {
    const random = seeded(7);
    const start = Date.UTC(2015, 0, 1);
    const day = (span: number) => start + Math.floor(random() * span) * DAY;
    for (let round = 0; round < 3000; round++) {
      const now = new Date(day(5000) + Math.floor(random() * DAY));
      const indexed = new Date(now.getTime() - Math.floor(random() * 3000) * DAY);
      // Items from long before to years after the day they are indexed (a mistyped date).
      const item = new Date(indexed.getTime() + Math.floor((random() - 0.7) * 4000 * DAY) + Math.floor(random() * DAY));
      const from = utcMidnight(new Date(now.getTime() - Math.floor(random() * 2000) * DAY));
      const until = random() < 0.3 ? null : new Date(Math.min(utcMidnight(now).getTime() + DAY, from.getTime() + (1 + Math.floor(random() * 900)) * DAY));
      const held = new Set(timeLexemes(item, indexed));
      const found = spanLexemes(from, until, now).some((lexeme) => held.has(lexeme));
      const inside = item >= from && (until === null || item < until);
      const what = `${item.toISOString()} in [${from.toISOString()}, ${until?.toISOString() ?? '…'}), indexed ${indexed.toISOString()}, now ${now.toISOString()}`;
      // A span without an end also meets items marked LATER that have since fallen before it: the search's own time condition drops those.
      if (inside || until !== null) expect(found, what).toBe(inside);
    }
  });

  it('are asked for in spans reaching back as far as the matches found so far say is needed', () => {
    // 60 of 201 in the last 7 days: 31 days' worth (266) will do.
    expect(nextSpanDays(2, 20, 201)).toBe(31);
    expect(nextSpanDays(2, 60, 201)).toBe(7);
    expect(nextSpanDays(7, 60, 201)).toBe(31);
    // 40 in the last 7 days: a month's worth (177) would not do; everything older, in one go.
    expect(nextSpanDays(7, 40, 201)).toBeNull();
    expect(nextSpanDays(7, 0, 201)).toBeNull();
    expect(nextSpanDays(31, 150, 201)).toBeNull();
    // A phrase found once in 2 days, where 150 items held its characters: a month's holders
    // (2,325) spend the 2,000 it may check; at 30 in 2 days they would not.
    expect(nextSpanDays(2, 1, 201, 150, 2000)).toBe(31);
    expect(nextSpanDays(2, 1, 201, 30, 2000)).toBeNull();
  });
});
