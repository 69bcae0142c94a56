import { ValidationFailed } from '../errors.js';
/**
 * The paper's calendar. The paper lives in one time zone (`TIME_ZONE`, an IANA name): its
 * edition dates, "today", plain-date filters and printed dates are read there, while instants
 * stay ISO 8601 with an offset. Pure functions over `Intl`; the zone is always passed in.
 */

/** The paper's time zone when the configuration names none. */
export const DEFAULT_TIME_ZONE = 'Asia/Shanghai';

const DAY_MS = 86_400_000;

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      era: 'short',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
      weekday: 'short',
    });
    formatters.set(timeZone, f);
  }
  return f;
}

/**
 * The zone's canonical name (`asia/shanghai` → `Asia/Shanghai`), or null when `Intl` does not
 * know it. Only region names and `UTC`: a bare offset (`+08:00`) is no zone, it has no rules.
 */
export function canonicalTimeZone(name: string): string | null {
  if (!/^[A-Za-z][A-Za-z0-9_+\-/]*$/.test(name)) return null;
  try {
    return new Intl.DateTimeFormat('en-US', { timeZone: name }).resolvedOptions().timeZone;
  } catch {
    return null;
  }
}

/** A wall-clock reading in a zone. `weekday`: 0 is Sunday. */
export interface ZonedTime {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
  weekday: number;
}

const WEEKDAY_INDEX: Record<string, number> = { Sun: 0, Mon: 1, Tue: 2, Wed: 3, Thu: 4, Fri: 5, Sat: 6 };

/** What a clock in `timeZone` shows at `instant`. */
export function zonedTime(instant: Date, timeZone: string): ZonedTime {
  const parts: Record<string, string> = {};
  for (const p of formatter(timeZone).formatToParts(instant)) parts[p.type] = p.value;
  const year = Number(parts.year);
  return {
    // Years before 1 CE are counted back (1 BC is year 0), as ISO 8601 does.
    year: parts.era === 'BC' ? 1 - year : year,
    month: Number(parts.month),
    day: Number(parts.day),
    hour: Number(parts.hour),
    minute: Number(parts.minute),
    second: Number(parts.second),
    weekday: WEEKDAY_INDEX[parts.weekday!]!,
  };
}

/** A UTC instant from calendar fields, years below 100 included (`Date.UTC` would read 26 as 1926). */
function utc(year: number, month: number, day: number, hour = 0, minute = 0, second = 0): number {
  const d = new Date(0);
  d.setUTCFullYear(year, month - 1, day);
  d.setUTCHours(hour, minute, second, 0);
  return d.getTime();
}

/** The zone's offset from UTC at `instant`, in minutes (Asia/Shanghai: 480). */
export function offsetMinutes(instant: Date, timeZone: string): number {
  const t = zonedTime(instant, timeZone);
  const whole = Math.floor(instant.getTime() / 1000) * 1000;
  return Math.round((utc(t.year, t.month, t.day, t.hour, t.minute, t.second) - whole) / 60_000);
}

/** An offset in minutes as ISO 8601 writes it: 480 → `+08:00`, -300 → `-05:00`, 0 → `+00:00`. */
export function formatOffset(minutes: number): string {
  const sign = minutes < 0 ? '-' : '+';
  const abs = Math.abs(minutes);
  return `${sign}${String(Math.floor(abs / 60)).padStart(2, '0')}:${String(abs % 60).padStart(2, '0')}`;
}

const pad = (n: number, width = 2) => String(n).padStart(width, '0');

/** The calendar day (YYYY-MM-DD) that `instant` falls on in `timeZone`. */
export function dayIn(instant: Date, timeZone: string): string {
  const t = zonedTime(instant, timeZone);
  return `${pad(t.year, 4)}-${pad(t.month)}-${pad(t.day)}`;
}

/** Today's date in the paper's zone. */
export function todayIn(timeZone: string, now: Date = new Date()): string {
  return dayIn(now, timeZone);
}

/** `instant` as ISO 8601 with the zone's offset there: 2026-12-07T00:30:00+08:00. */
export function zonedIso(instant: Date, timeZone: string): string {
  const t = zonedTime(instant, timeZone);
  const offset = offsetMinutes(instant, timeZone);
  return `${pad(t.year, 4)}-${pad(t.month)}-${pad(t.day)}T${pad(t.hour)}:${pad(t.minute)}:${pad(t.second)}${formatOffset(offset)}`;
}

const DAY = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Whether YYYY-MM-DD names a day that exists (2026-02-30 does not). */
export function isDay(text: string): boolean {
  const m = DAY.exec(text);
  if (!m) return false;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const date = new Date(utc(y, mo, d));
  return date.getUTCFullYear() === y && date.getUTCMonth() === mo - 1 && date.getUTCDate() === d;
}

/** The day `days` after (or before) a calendar day; calendar arithmetic, no zone involved. */
export function addDays(day: string, days: number): string {
  const [y, m, d] = day.split('-').map(Number) as [number, number, number];
  const date = new Date(utc(y, m, d) + days * DAY_MS);
  return `${pad(date.getUTCFullYear(), 4)}-${pad(date.getUTCMonth() + 1)}-${pad(date.getUTCDate())}`;
}

/**
 * The first instant of a calendar day in `timeZone`: its 00:00, or where a clock change skips
 * midnight, the first minute the day has. Found by bisection, so it holds whatever the rules.
 */
export function startOfDay(day: string, timeZone: string): Date {
  const [y, m, d] = day.split('-').map(Number) as [number, number, number];
  const midnightUtc = utc(y, m, d);
  const target = y * 10_000 + m * 100 + d;
  if (y < 1000) {
    // Before any zone's rules: the zone's earliest offset serves.
    return new Date(midnightUtc - offsetMinutes(new Date(utc(1000, 1, 1)), timeZone) * 60_000);
  }
  // Every zone's offset lies within -12:00 … +14:00: local midnight is within these bounds.
  let before = midnightUtc - 15 * 3_600_000;
  let after = midnightUtc + 13 * 3_600_000;
  while (after - before > 1) {
    const mid = Math.floor((before + after) / 2);
    const t = zonedTime(new Date(mid), timeZone);
    if (t.year * 10_000 + t.month * 100 + t.day < target) before = mid;
    else after = mid;
  }
  return new Date(after);
}

/** The instant a wall-clock time has in `timeZone` (where a clock change repeats or skips it, one of the nearest). */
export function wallTimeInstant(wall: Omit<ZonedTime, 'weekday'>, timeZone: string): Date {
  const asUtc = utc(wall.year, wall.month, wall.day, wall.hour, wall.minute, wall.second);
  const first = asUtc - offsetMinutes(new Date(asUtc), timeZone) * 60_000;
  return new Date(asUtc - offsetMinutes(new Date(first), timeZone) * 60_000);
}

/** What a timestamp's text holds, read strictly: ISO 8601 / RFC 3339 with an offset, or why not. */
export type ParsedTimestamp =
  | { kind: 'instant'; instant: Date }
  | { kind: 'day'; day: string }
  | { kind: 'wall'; wall: Omit<ZonedTime, 'weekday'>; text: string }
  | { kind: 'malformed' };

/** RFC 3339 as the `date-time` format reads it (an offset `+08`, `+0800` or `+08:00`; a leap second), and the forms refused with advice. */
const TIMESTAMP = /^(\d{4})-(\d{2})-(\d{2})(?:[Tt ](\d{2}):(\d{2})(?::(\d{2})(\.\d+)?)?([Zz]|[+-]\d{2}(?::?\d{2})?)?)?$/;

/**
 * Reads `2026-12-08T06:00:00+08:00` (an instant), `2026-12-08` (a day) or
 * `2026-12-08T06:00` (a wall-clock time without an offset). Impossible fields are `malformed`.
 */
export function parseTimestamp(text: string): ParsedTimestamp {
  const m = TIMESTAMP.exec(text.trim());
  if (!m) return { kind: 'malformed' };
  const day = `${m[1]}-${m[2]}-${m[3]}`;
  if (!isDay(day)) return { kind: 'malformed' };
  if (m[4] === undefined) return { kind: 'day', day };
  const [hour, minute, second] = [Number(m[4]), Number(m[5]), Number(m[6] ?? 0)];
  // A leap second (:60) is read as the instant after :59, as Date does.
  if (hour > 23 || minute > 59 || second > 60) return { kind: 'malformed' };
  const wall = { year: Number(m[1]), month: Number(m[2]), day: Number(m[3]), hour, minute, second };
  const zone = m[8];
  if (zone === undefined) return { kind: 'wall', wall, text: text.trim() };
  let offset = 0;
  if (zone !== 'Z' && zone !== 'z') {
    const digits = zone.replace(':', '');
    const [h, mm] = [Number(digits.slice(1, 3)), Number(digits.slice(3, 5) || 0)];
    if (h > 23 || mm > 59) return { kind: 'malformed' };
    offset = (zone.startsWith('-') ? -1 : 1) * (h * 60 + mm);
  }
  const millis = m[7] ? Math.floor(Number(`0${m[7].slice(0, 10)}`) * 1000) : 0;
  return { kind: 'instant', instant: new Date(utc(wall.year, wall.month, wall.day, hour, minute, second) + millis - offset * 60_000) };
}

/**
 * A list filter's lower bound: a date-time with offset as it is; a plain day as its first
 * instant in `timeZone`. Null when the text is neither (the schemas let none through).
 */
export function lowerBound(text: string, timeZone: string): Date | null {
  const parsed = parseTimestamp(text);
  if (parsed.kind === 'instant') return parsed.instant;
  if (parsed.kind === 'day') return startOfDay(parsed.day, timeZone);
  return null;
}

/**
 * A list filter's upper bound, exclusive: a date-time with offset as it is; a plain day as the
 * first instant of the next day in `timeZone`, so the whole day is in.
 */
export function upperBound(text: string, timeZone: string): Date | null {
  const parsed = parseTimestamp(text);
  if (parsed.kind === 'instant') return parsed.instant;
  if (parsed.kind === 'day') return startOfDay(addDays(parsed.day, 1), timeZone);
  return null;
}

/**
 * A time filter's `from` and `to` as instants (see lowerBound and upperBound); absent where not
 * given. A `from` after its `to` is a client's slip, not an empty answer: 400 saying so.
 */
export function timeWindow(query: { from?: string; to?: string }, timeZone: string): { from?: Date; to?: Date } {
  const from = query.from === undefined ? undefined : (lowerBound(query.from, timeZone) ?? undefined);
  const to = query.to === undefined ? undefined : (upperBound(query.to, timeZone) ?? undefined);
  if (from && to && from.getTime() >= to.getTime()) refuseBackwards();
  return { from, to };
}

/** Refuses a `from` after its `to`, for time and day filters alike. */
export function refuseBackwards(): never {
  throw new ValidationFailed('`from` is not before `to`: the window is empty; swap them', [{ in: 'query', pointer: '/from', message: 'is after to' }]);
}
