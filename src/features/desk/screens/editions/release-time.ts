import { parseTimestamp, wallTimeInstant, zonedIso } from '../../../../lib/time.js';
import { MORNING_HOUR } from '../../../../publishing/status.js';

export { MORNING_HOUR };

/** The edition's morning: 06:00 of its date in the paper's zone. */
export function morningOf(date: string, timeZone: string): Date {
  const [year, month, day] = date.split('-').map(Number) as [number, number, number];
  return wallTimeInstant({ year, month, day, hour: MORNING_HOUR, minute: 0, second: 0 }, timeZone);
}

/** An instant as a `datetime-local` input shows it: the wall clock in the paper's zone, to the second. */
export function toLocalInput(instant: Date, timeZone: string): string {
  return zonedIso(instant, timeZone).slice(0, 19);
}

/**
 * A `datetime-local` value (the paper's wall clock) as the ISO 8601 time with offset the release
 * takes; blank is undefined (release now). Anything else is returned as typed, for the release's
 * own check to refuse.
 */
export function fromLocalInput(value: string | undefined, timeZone: string): string | undefined {
  const text = value?.trim() ?? '';
  if (text === '') return undefined;
  const parsed = parseTimestamp(text);
  return parsed.kind === 'wall' ? zonedIso(wallTimeInstant(parsed.wall, timeZone), timeZone) : text;
}

/**
 * The time the release form starts with: the time the edition is released for while it still
 * waits for it, else the edition's morning while that is ahead, else blank (release now).
 */
export function defaultReleaseTime(edition: { date: string; releaseAt: string | null; public: boolean }, timeZone: string, now: number): string {
  if (edition.releaseAt && !edition.public && Date.parse(edition.releaseAt) > now) return toLocalInput(new Date(edition.releaseAt), timeZone);
  const morning = morningOf(edition.date, timeZone);
  return morning.getTime() > now ? toLocalInput(morning, timeZone) : '';
}
