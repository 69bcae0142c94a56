/** The time lexemes of search documents, and the spans of time a search asks the index for. */
import { describe, expect, it } from 'vitest';
import { nextSpanDays } from '../../../src/features/search/repository.js';
import { LATER, spanLexemes, timeLexemes, utcMidnight } from '../../../src/lib/search/time-lexemes.js';
import { seeded } from '../../../scripts/lib/random.js';

const DAY = 86_400_000;
const at = (iso: string) => new Date(iso);

describe('time lexemes', () => {
  it('name the day, month and year (UTC), and mark an item dated past next year', () => {
    const now = at('2026-12-07T10:00:00Z');
    expect(timeLexemes(at('2026-11-30T23:30:00-02:00'), now)).toEqual(['_d20261201', '_m202612', '_y2026']);
    expect(timeLexemes(at('2027-12-31T23:59:59Z'), now)).toEqual(['_d20271231', '_m202712', '_y2027']);
    expect(timeLexemes(at('2028-01-01T00:00:00Z'), now)).toEqual(['_d20280101', '_m202801', '_y2028', LATER]);
  });

  it('cover a span with whole years, months and days, and no more', () => {
    const now = at('2026-12-07T10:00:00Z');
    expect(spanLexemes(at('2026-11-30T00:00:00Z'), at('2026-12-03T00:00:00Z'), now)).toEqual(['_d20261130', '_d20261201', '_d20261202']);
    expect(spanLexemes(at('2024-11-29T00:00:00Z'), at('2026-02-02T00:00:00Z'), now)).toEqual(['_d20241129', '_d20241130', '_m202412', '_y2025', '_m202601', '_d20260201']);
    expect(spanLexemes(at('2026-11-30T00:00:00Z'), null, now)).toEqual(['_d20261130', '_m202612', '_y2027', LATER]);
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
    // 40 of 201 in the last 7 days: 31 days' worth (177) would not do; 92 days' would.
    expect(nextSpanDays(7, 40, 201)).toBe(92);
    expect(nextSpanDays(7, 60, 201)).toBe(31);
    expect(nextSpanDays(92, 100, 201)).toBe(366);
    // None in the last week, or too few for three years: everything older, in one go.
    expect(nextSpanDays(7, 0, 201)).toBeNull();
    expect(nextSpanDays(366, 30, 201)).toBeNull();
  });
});
