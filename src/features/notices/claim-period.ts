/**
 * A notice's claim period (认领期): days from the issue date, the last day to claim, or both
 * when they agree. Plain calendar dates, so no time zone moves them.
 */
import { Unprocessable } from '../../errors.js';
import { addDays, isDay } from '../../lib/time.js';

/** The columns of a claim period as stored. */
export interface ClaimPeriod {
  claimDays: number | null;
  deadline: string | null;
}

/**
 * The claim period: days from the issue date, an explicit last day, or both when they agree;
 * the deadline is derived from the days when not given.
 */
export function claimPeriod(issuedOn: string, claimDays: number | null, deadline: string | null): ClaimPeriod {
  const errors: { pointer: string; message: string }[] = [];
  if (!isDay(issuedOn)) errors.push({ pointer: '/issuedOn', message: 'is not a real calendar date' });
  if (deadline !== null && !isDay(deadline)) errors.push({ pointer: '/deadline', message: 'is not a real calendar date' });
  if (errors.length) throw new Unprocessable('A date does not exist', errors);
  const derived = claimDays === null ? null : addDays(issuedOn, claimDays);
  if (derived !== null && !/^\d{4}-\d{2}-\d{2}$/.test(derived)) {
    throw new Unprocessable('The claim period ends after the year 9999', [{ pointer: '/claimDays', message: 'ends beyond any date that can be stored' }]);
  }
  if (deadline !== null && derived !== null && deadline !== derived) {
    throw new Unprocessable(`A claim period of ${claimDays} days from ${issuedOn} ends on ${derived}, not ${deadline}`, [
      { pointer: '/deadline', message: `disagrees with claimDays (${derived})` },
    ]);
  }
  if (deadline !== null && deadline < issuedOn) {
    throw new Unprocessable('The deadline is before the issue date', [{ pointer: '/deadline', message: `is before issuedOn (${issuedOn})` }]);
  }
  return { claimDays, deadline: deadline ?? derived };
}

/**
 * The claim period after an edit of some of its fields. A deadline derived from the days is
 * derived again (or cleared with them); one given stays until it is changed.
 */
export function editedClaimPeriod(
  current: ClaimPeriod & { issuedOn: string },
  edit: { issuedOn?: string; claimDays?: number | null; deadline?: string | null },
): ClaimPeriod {
  const issuedOn = edit.issuedOn ?? current.issuedOn;
  const claimDays = edit.claimDays !== undefined ? edit.claimDays : edit.deadline !== undefined ? null : current.claimDays;
  const derivedBefore = current.claimDays !== null;
  const deadline = edit.deadline !== undefined ? edit.deadline : claimDays !== null || derivedBefore ? null : current.deadline;
  return claimPeriod(issuedOn, claimDays, deadline);
}
