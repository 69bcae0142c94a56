/** The time lexemes of search documents, and the spans of time a search asks the index for. */
import { describe, expect, it } from 'vitest';
import { nextSpanDays } from '../../../src/features/search/repository.js';
import { LATER, MAX_COVER, spanLexemes, timeLexemes, utcMidnight } from '../../../src/lib/search/time-lexemes.js';
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

  it('cover a span exactly with whole years, months and days where that takes few lexemes', () => {
    const now = at('2026-12-07T10:00:00Z');
    expect(spanLexemes(at('2026-11-30T00:00:00Z'), at('2026-12-03T00:00:00Z'), now)).toEqual(['_d20261130', '_d20261201', '_d20261202']);
    expect(spanLexemes(at('2024-11-29T00:00:00Z'), at('2026-02-02T00:00:00Z'), now)).toEqual(['_d20241129', '_d20241130', '_m202412', '_y2025', '_m202601', '_d20260201']);
    // No end: up to today, then whatever was dated ahead.
    expect(spanLexemes(at('2026-12-05T00:00:00Z'), null, now)).toEqual(['_d20261205', '_d20261206', '_d20261207', LATER]);
    expect(spanLexemes(at('2026-11-30T00:00:00Z'), null, at('2026-12-31T10:00:00Z'))).toEqual(['_d20261130', '_m202612', LATER]);
  });

  it('cover a longer span by the months it touches, or the years', () => {
    const now = at('2026-12-07T10:00:00Z');
    // 24 days of November and 6 of December would take 30 lexemes.
    expect(spanLexemes(at('2026-11-07T00:00:00Z'), at('2026-12-07T00:00:00Z'), now)).toEqual(['_m202611', '_m202612']);
    expect(spanLexemes(at('2026-09-06T00:00:00Z'), at('2026-11-06T00:00:00Z'), now)).toEqual(['_m202609', '_m202610', '_m202611']);
    expect(spanLexemes(at('2025-12-07T00:00:00Z'), at('2026-09-06T00:00:00Z'), now)).toEqual(['_y2025', '_y2026']);
    expect(spanLexemes(at('2026-11-07T00:00:00Z'), null, now)).toEqual(['_m202611', '_m202612', LATER]);
  });

  it('match every item whose time falls in the span, for any item, span and day of indexing; a span named exactly, no other', () => {
    const random = seeded(7);
    const start = Date.UTC(2015, 0, 1);
    const day = (span: number) => start + Math.floor(random() * span) * DAY;
    let exact = 0;
    for (let round = 0; round < 3000; round++) {
      const now = new Date(day(5000) + Math.floor(random() * DAY));
      const indexed = new Date(now.getTime() - Math.floor(random() * 3000) * DAY);
      // Items from long before to years after the day they are indexed (a mistyped date).
      const item = new Date(indexed.getTime() + Math.floor((random() - 0.7) * 4000 * DAY) + Math.floor(random() * DAY));
      const from = utcMidnight(new Date(now.getTime() - Math.floor(random() * 2000) * DAY));
      const until = random() < 0.3 ? null : new Date(Math.min(utcMidnight(now).getTime() + DAY, from.getTime() + (1 + Math.floor(random() * (random() < 0.5 ? 10 : 900))) * DAY));
      const held = new Set(timeLexemes(item, indexed));
      const cover = spanLexemes(from, until, now);
      const found = cover.some((lexeme) => held.has(lexeme));
      const inside = item >= from && (until === null || item < until);
      const what = `${item.toISOString()} in [${from.toISOString()}, ${until?.toISOString() ?? '…'}), indexed ${indexed.toISOString()}, now ${now.toISOString()}: ${cover.join(' ')}`;
      expect(cover.filter((l) => l !== LATER).length, what).toBeLessThanOrEqual(MAX_COVER);
      if (inside) expect(found, what).toBe(true);
      // Named by days alone (or whole months and years), the cover meets nothing outside the span;
      // a span without an end also meets items marked LATER that have since fallen before it.
      if (until !== null && cover.some((l) => l.startsWith('_d'))) {
        exact++;
        expect(found, what).toBe(inside);
      }
      // Named by months or years, it meets only items of the months or years the span touches.
      const touchedFrom = Date.UTC(from.getUTCFullYear(), cover.some((l) => l.startsWith('_y')) ? 0 : from.getUTCMonth(), 1);
      if (found && !inside && item.getTime() < touchedFrom && !held.has(LATER)) expect.fail(`met an item before the months the span touches: ${what}`);
    }
    expect(exact).toBeGreaterThan(500);
  });

  it('are asked for in spans reaching back as far as the matches found so far say is needed', () => {
    // 60 of 201 in the last 7 days: 31 days' worth (266) will do.
    expect(nextSpanDays(2, 20, 201)).toBe(31);
    expect(nextSpanDays(2, 60, 201)).toBe(7);
    expect(nextSpanDays(7, 60, 201)).toBe(31);
    // 40 in the last 7 days: a month's worth (177) would not do; three months' (526) will.
    expect(nextSpanDays(7, 40, 201)).toBe(92);
    expect(nextSpanDays(31, 150, 201)).toBe(92);
    expect(nextSpanDays(31, 30, 201)).toBe(365);
    // Too few for a year's worth: everything older, in one go.
    expect(nextSpanDays(7, 0, 201)).toBeNull();
    expect(nextSpanDays(92, 40, 201)).toBeNull();
    // A phrase found once in 2 days, where 150 items held its characters: a month's holders
    // (2,325) spend the 2,000 it may check; at 30 in 2 days, a year's (5,475) would.
    expect(nextSpanDays(2, 1, 201, 150, 2000)).toBe(31);
    expect(nextSpanDays(2, 1, 201, 30, 2000)).toBe(365);
    expect(nextSpanDays(2, 1, 201, 5, 2000)).toBeNull();
  });
});
