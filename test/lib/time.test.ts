import { describe, expect, it } from 'vitest';
import { chineseDateTime } from '../../src/lib/chinese-dates.js';
import {
  addDays,
  canonicalTimeZone,
  dayIn,
  formatOffset,
  isDay,
  lowerBound,
  offsetMinutes,
  parseTimestamp,
  startOfDay,
  todayIn,
  upperBound,
  wallTimeInstant,
  zonedIso,
} from '../../src/lib/time.js';

const SHANGHAI = 'Asia/Shanghai';
const NEW_YORK = 'America/New_York';
const at = (iso: string) => new Date(iso);

describe('the day an instant falls on', () => {
  it('crosses midnight in Asia/Shanghai eight hours before UTC does', () => {
    expect(dayIn(at('2026-12-06T16:30:00Z'), SHANGHAI)).toBe('2026-12-07');
    expect(dayIn(at('2026-12-06T15:59:59.999Z'), SHANGHAI)).toBe('2026-12-06');
    expect(dayIn(at('2026-12-06T16:00:00Z'), SHANGHAI)).toBe('2026-12-07');
    expect(dayIn(at('2026-12-06T16:30:00Z'), 'UTC')).toBe('2026-12-06');
  });

  it('follows a zone west of UTC, summer time included', () => {
    expect(dayIn(at('2026-12-07T04:59:59Z'), NEW_YORK)).toBe('2026-12-06');
    expect(dayIn(at('2026-12-07T05:00:00Z'), NEW_YORK)).toBe('2026-12-07');
    expect(dayIn(at('2026-07-07T03:59:59Z'), NEW_YORK)).toBe('2026-07-06');
    expect(dayIn(at('2026-07-07T04:00:00Z'), NEW_YORK)).toBe('2026-07-07');
  });

  it('is today in the zone, not in UTC', () => {
    expect(todayIn(SHANGHAI, at('2026-12-06T23:00:00Z'))).toBe('2026-12-07');
    expect(todayIn(NEW_YORK, at('2026-12-07T03:00:00Z'))).toBe('2026-12-06');
  });
});

describe('the first instant of a day', () => {
  it('is 00:00 in the zone', () => {
    expect(startOfDay('2026-12-07', SHANGHAI).toISOString()).toBe('2026-12-06T16:00:00.000Z');
    expect(startOfDay('2026-12-07', NEW_YORK).toISOString()).toBe('2026-12-07T05:00:00.000Z');
    expect(startOfDay('2026-07-07', NEW_YORK).toISOString()).toBe('2026-07-07T04:00:00.000Z');
    expect(startOfDay('2026-12-07', 'Asia/Kolkata').toISOString()).toBe('2026-12-06T18:30:00.000Z');
  });

  it('is the first minute the day has where summer time skips midnight', () => {
    // Brazil moved its clocks from 00:00 to 01:00 on 2018-11-04: that day began at 01:00 -02:00.
    expect(startOfDay('2018-11-04', 'America/Sao_Paulo').toISOString()).toBe('2018-11-04T03:00:00.000Z');
  });

  it('holds at the ends of the calendar the date format allows', () => {
    expect(startOfDay('9999-12-31', SHANGHAI).toISOString()).toBe('9999-12-30T16:00:00.000Z');
    expect(startOfDay(addDays('9999-12-31', 1), 'Pacific/Kiritimati').toISOString()).toBe('9999-12-31T10:00:00.000Z');
    expect(Number.isNaN(startOfDay('0001-01-01', SHANGHAI).getTime())).toBe(false);
  });
});

describe('list bounds', () => {
  it('reads a plain day as its whole day in the zone: from its start, up to the next day’s start', () => {
    expect(lowerBound('2026-12-07', SHANGHAI)!.toISOString()).toBe('2026-12-06T16:00:00.000Z');
    expect(upperBound('2026-12-07', SHANGHAI)!.toISOString()).toBe('2026-12-07T16:00:00.000Z');
    expect(lowerBound('2026-12-07', NEW_YORK)!.toISOString()).toBe('2026-12-07T05:00:00.000Z');
    expect(upperBound('2026-12-31', NEW_YORK)!.toISOString()).toBe('2027-01-01T05:00:00.000Z');
  });

  it('keeps a date-time with offset as the instant it names, whatever the zone', () => {
    for (const zone of [SHANGHAI, NEW_YORK]) {
      expect(lowerBound('2026-12-07T08:00:00+08:00', zone)!.toISOString()).toBe('2026-12-07T00:00:00.000Z');
      expect(upperBound('2026-12-07T00:00:00.250Z', zone)!.toISOString()).toBe('2026-12-07T00:00:00.250Z');
    }
  });

  it('has no bound for text that is neither', () => {
    expect(lowerBound('2026-02-30', SHANGHAI)).toBeNull();
    expect(upperBound('yesterday', SHANGHAI)).toBeNull();
    expect(lowerBound('2026-12-07T08:00', SHANGHAI)).toBeNull();
  });
});

describe('reading a timestamp', () => {
  it('tells an instant from a day, a time without offset and nonsense', () => {
    expect(parseTimestamp('2026-12-08T06:00:00+08:00')).toEqual({ kind: 'instant', instant: at('2026-12-07T22:00:00Z') });
    expect(parseTimestamp('2026-12-08T06:00:00.5-0500')).toEqual({ kind: 'instant', instant: at('2026-12-08T11:00:00.500Z') });
    expect(parseTimestamp('2026-12-08t06:00z')).toEqual({ kind: 'instant', instant: at('2026-12-08T06:00:00Z') });
    // Every form the `date-time` format lets through is read, so no filter is dropped unread.
    expect(parseTimestamp('2026-12-08T06:00:00+08')).toEqual({ kind: 'instant', instant: at('2026-12-07T22:00:00Z') });
    expect(parseTimestamp('2026-12-31T23:59:60Z')).toEqual({ kind: 'instant', instant: at('2027-01-01T00:00:00Z') });
    expect(parseTimestamp('2026-12-08T06:00:00.123456789012Z')).toEqual({ kind: 'instant', instant: at('2026-12-08T06:00:00.123Z') });
    expect(parseTimestamp('2026-12-08')).toEqual({ kind: 'day', day: '2026-12-08' });
    expect(parseTimestamp('2026-12-08T06:00')).toMatchObject({ kind: 'wall', wall: { year: 2026, month: 12, day: 8, hour: 6, minute: 0 } });
    for (const bad of ['', 'tomorrow', '2026-13-01', '2026-02-29T00:00:00Z', '2026-12-08T24:00:00Z', '2026-12-08T06:61:00Z', '2026-12-08T06:00:00+25:00', '20261208']) {
      expect(parseTimestamp(bad), bad).toEqual({ kind: 'malformed' });
    }
  });

  it('puts a wall-clock time in the zone', () => {
    expect(wallTimeInstant({ year: 2026, month: 12, day: 8, hour: 6, minute: 0, second: 0 }, SHANGHAI).toISOString()).toBe('2026-12-07T22:00:00.000Z');
    expect(wallTimeInstant({ year: 2026, month: 7, day: 1, hour: 10, minute: 0, second: 0 }, NEW_YORK).toISOString()).toBe('2026-07-01T14:00:00.000Z');
  });

  it('checks calendar days', () => {
    expect(isDay('2024-02-29')).toBe(true);
    expect(isDay('2026-02-29')).toBe(false);
    expect(isDay('2026-12-7')).toBe(false);
  });
});

describe('offsets', () => {
  it('gives the zone’s offset at an instant, and writes it as ISO 8601 does', () => {
    expect(offsetMinutes(at('2026-12-07T00:00:00Z'), SHANGHAI)).toBe(480);
    expect(offsetMinutes(at('2026-12-07T00:00:00Z'), NEW_YORK)).toBe(-300);
    expect(offsetMinutes(at('2026-07-07T00:00:00Z'), NEW_YORK)).toBe(-240);
    expect(offsetMinutes(at('2026-12-07T00:00:00Z'), 'Asia/Kathmandu')).toBe(345);
    expect(formatOffset(480)).toBe('+08:00');
    expect(formatOffset(-300)).toBe('-05:00');
    expect(formatOffset(345)).toBe('+05:45');
    expect(formatOffset(0)).toBe('+00:00');
  });

  it('writes an instant with the zone’s offset', () => {
    expect(zonedIso(at('2026-12-06T16:30:00Z'), SHANGHAI)).toBe('2026-12-07T00:30:00+08:00');
    expect(zonedIso(at('2026-12-06T16:30:00Z'), NEW_YORK)).toBe('2026-12-06T11:30:00-05:00');
  });
});

describe('zone names', () => {
  it('knows IANA names, in any case, and nothing else', () => {
    expect(canonicalTimeZone('Asia/Shanghai')).toBe('Asia/Shanghai');
    expect(canonicalTimeZone('europe/berlin')).toBe('Europe/Berlin');
    expect(canonicalTimeZone('UTC')).toBe('UTC');
    for (const bad of ['Mars/Olympus_Mons', '+08:00', 'Asia/Shanghai; rm', '']) expect(canonicalTimeZone(bad), bad).toBeNull();
  });
});

describe('printed dates', () => {
  it('are read in the paper’s zone', () => {
    expect(chineseDateTime('2026-12-06T16:30:00Z', SHANGHAI)).toBe('2026年12月7日 00:30');
    expect(chineseDateTime('2026-12-06T16:30:00Z', NEW_YORK)).toBe('2026年12月6日 11:30');
    expect(chineseDateTime('2026-12-06T16:30:00Z', 'UTC')).toBe('2026年12月6日 16:30');
  });
});
