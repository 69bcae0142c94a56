import { and, asc, eq, lt, sql } from 'drizzle-orm';
import type { PgColumn, PgTable } from 'drizzle-orm/pg-core';
import type { Database } from '../db/client.js';
import type { ItemStatus } from '../db/schema/index.js';
import { NOW } from '../db/versioned.js';
import { Unprocessable, ValidationFailed } from '../errors.js';
import { recordAudit } from './audit.js';
import type { Actor } from '../lib/actor.js';
import { parseTimestamp, wallTimeInstant, zonedIso } from '../lib/time.js';
import type { RevisedEntity } from './revisions.js';
import { assertMove, movesTo, type WorkflowItem } from './workflow.js';

/** A scheduled item more than this late is overdue: logged, and listed by `?overdue=true` and the plan. */
export const OVERDUE_MS = 60_000;

/** Scheduling for a time this far in the past is refused; publish at once instead. */
export const SCHEDULE_SLACK_MS = 5_000;

/** How far ahead a publication may be scheduled: a year (366 days, so "this day next year" fits). */
export const SCHEDULE_HORIZON_MS = 366 * 86_400_000;

/**
 * The hour of an edition's morning in the paper's time zone: when a morning paper goes out, the
 * time suggested for a release given as a date alone, and the desk's default release time.
 */
export const MORNING_HOUR = 6;

/** A publication time refused for when it is: already past, or more than a year ahead. The problem clients get is the 422 it is. */
export class OutOfScheduleRange extends Unprocessable {
  constructor(
    readonly when: 'past' | 'too-far',
    detail: string,
    errors: ConstructorParameters<typeof Unprocessable>[1],
  ) {
    super(detail, errors);
  }
}

/**
 * Reads a publication time (`publishAt`, a release's `at`): ISO 8601 with an offset, not in
 * the past, at most a year ahead. A time without an offset, or a date alone, is refused with
 * the text to send instead, in the paper's zone; so is anything unreadable (400). Past or too
 * far ahead: 422, `ifPast` saying what to do instead.
 */
export function scheduleTime(value: string, where: { pointer: string; timeZone: string; ifPast: string; now?: number }): Date {
  const { pointer, timeZone } = where;
  const now = where.now ?? Date.now();
  const name = pointer.slice(1);
  const parsed = parseTimestamp(value);
  if (parsed.kind !== 'instant') {
    // What to send instead: the same wall-clock time (a date alone: its 06:00) in the paper's zone.
    const [year, month, day] = parsed.kind === 'day' ? parsed.day.split('-').map(Number) : [];
    const suggested =
      parsed.kind === 'wall'
        ? wallTimeInstant(parsed.wall, timeZone)
        : parsed.kind === 'day'
          ? wallTimeInstant({ year: year!, month: month!, day: day!, hour: MORNING_HOUR, minute: 0, second: 0 }, timeZone)
          : new Date(Math.ceil(now / 3_600_000) * 3_600_000);
    const example = zonedIso(suggested, timeZone);
    const offset = example.slice(-6);
    const message =
      parsed.kind === 'wall'
        ? `has no offset: add one, such as ${offset} (the paper's time, ${timeZone})`
        : parsed.kind === 'day'
          ? `is a date alone: give a time with an offset, such as ${offset} (the paper's time, ${timeZone})`
          : `must be a date and time with an offset, such as ${offset} (the paper's time, ${timeZone})`;
    throw new ValidationFailed(`${name} ${message}, e.g. ${example}`, [{ pointer, message: `${message}, e.g. ${example}` }]);
  }
  const at = parsed.instant;
  if (at.getTime() < now - SCHEDULE_SLACK_MS) {
    throw new OutOfScheduleRange('past', `${name} is in the past; ${where.ifPast}`, [{ pointer, message: 'is in the past' }]);
  }
  if (at.getTime() > now + SCHEDULE_HORIZON_MS) {
    const latest = zonedIso(new Date(now + SCHEDULE_HORIZON_MS), timeZone);
    throw new OutOfScheduleRange('too-far', `${name} is more than a year ahead; schedule at most a year ahead (until ${latest})`, [
      { pointer, message: `is more than a year ahead (after ${latest})` },
    ]);
  }
  return at;
}

/** A workflow item's state as a status change reads it. */
export interface StatusItem extends WorkflowItem {
  version: number;
  publishedAt: Date | null;
}

export interface StatusRequest {
  status: ItemStatus;
  publishAt?: string;
}

/**
 * The columns a workflow move writes, for any kind of item: checks the move against the
 * workflow and the schedule time, and remembers the version a schedule was set on so that
 * the publisher publishes exactly the version an editor approved. The first publication
 * stamps `publishedAt`; later ones keep it.
 */
export function statusChange(actor: Actor, current: StatusItem, body: StatusRequest, timeZone: string) {
  const moves = movesTo(actor, current, body.status);
  let publishAt: Date | null = null;
  if (body.status === 'scheduled') {
    if (!body.publishAt) {
      throw new Unprocessable('Scheduling needs a publishAt', [{ pointer: '/publishAt', message: 'is required to schedule' }]);
    }
    publishAt = scheduleTime(body.publishAt, { pointer: '/publishAt', timeZone, ifPast: 'publish at once instead' });
  } else if (body.publishAt !== undefined) {
    throw new Unprocessable('publishAt goes only with status "scheduled"', [{ pointer: '/publishAt', message: 'only with scheduled' }]);
  }
  return {
    values: {
      status: body.status,
      publishAt,
      scheduledVersion: publishAt ? current.version + 1 : null,
      ...(body.status === 'published' && { publishedAt: current.publishedAt ?? NOW }),
    },
    audit: { from: current.status, to: body.status, ...(publishAt && { publishAt: publishAt.toISOString() }) },
    moves,
  };
}

/**
 * Makes a workflow move on a locked item: checks it, `write`s the columns, and records the
 * audit event, all in the caller's transaction. Returns the written row.
 */
export async function moveItem<Written extends { version: number }>(
  tx: Database,
  actor: Actor,
  entity: RevisedEntity,
  current: StatusItem & { id: number },
  body: StatusRequest,
  write: (values: ReturnType<typeof statusChange>['values'] & { updatedBy: number }) => Promise<Written>,
  timeZone: string,
): Promise<Written> {
  const change = statusChange(actor, current, body, timeZone);
  const row = await write({ ...change.values, updatedBy: actor.userId });
  // A request that goes through several moves (an editor publishing a draft) is recorded as each of them.
  for (const [from, to] of change.moves) {
    const last = to === body.status;
    await recordAudit(tx, actor, {
      action: to === 'published' ? `${entity}.publish` : `${entity}.status`,
      entity,
      entityId: current.id,
      details: {
        ...(last ? change.audit : {}),
        from,
        to,
        version: row.version,
        ...(change.moves.length > 1 && { through: change.moves.map(([, step]) => step) }),
      },
    });
  }
  return row;
}

/** The columns the publisher writes when a claimed scheduled item goes live. */
function scheduledPublication(row: { publishedAt: Date | null }) {
  return { status: 'published' as const, publishedAt: row.publishedAt ?? NOW, scheduledVersion: null };
}

/**
 * Publishes one claimed, due item inside the publisher's transaction: `write` applies the
 * columns, the audit event records how late it went live, and `saved` keeps the revision
 * and announces the change.
 */
export async function publishClaimed<Written extends { version: number; updatedAt: Date }>(
  tx: Database,
  entity: RevisedEntity,
  row: { id: number; publishAt: Date | null; publishedAt: Date | null },
  write: (values: ReturnType<typeof scheduledPublication>) => Promise<Written>,
  saved: (written: Written) => Promise<unknown>,
): Promise<{ lateMs: number }> {
  const published = await write(scheduledPublication(row));
  const lateMs = Math.max(0, published.updatedAt.getTime() - row.publishAt!.getTime());
  await recordAudit(tx, null, {
    action: `${entity}.publish`,
    entity,
    entityId: row.id,
    details: { from: 'scheduled', to: 'published', version: published.version, publishAt: row.publishAt!.toISOString(), lateMs, scheduled: true },
  });
  await saved(published);
  return { lateMs };
}

/** A table of workflow items that can be scheduled. */
export type SchedulableTable = PgTable & {
  id: PgColumn;
  status: PgColumn;
  version: PgColumn;
  publishAt: PgColumn;
  scheduledVersion: PgColumn;
};

/**
 * Scheduled items of `table` due now, locked for this transaction; rows another instance
 * holds are skipped, so each is published once however many publishers run.
 */
export async function claimDue<T extends SchedulableTable>(db: Database, table: T, limit: number): Promise<T['$inferSelect'][]> {
  return (await db
    .select()
    .from(table as SchedulableTable)
    .where(and(eq(table.status, 'scheduled'), sql`${table.publishAt} <= now()`, eq(table.version, table.scheduledVersion)))
    .orderBy(asc(table.publishAt))
    .limit(limit)
    .for('update', { skipLocked: true })) as T['$inferSelect'][];
}

/** Scheduled items of `table` still unpublished whose time was before `before`. */
export async function overdueScheduled(db: Database, table: SchedulableTable, before: Date): Promise<{ id: number; publishAt: Date | null }[]> {
  return (await db
    .select({ id: table.id, publishAt: table.publishAt })
    .from(table)
    .where(and(eq(table.status, 'scheduled'), lt(table.publishAt, before)))
    .orderBy(asc(table.publishAt))
    .limit(100)) as { id: number; publishAt: Date | null }[];
}

/**
 * Editing a scheduled item keeps it on its schedule, with the new text: only editors edit a
 * scheduled item, so the edit is itself the version an editor approves, and a late fix must
 * never take a story out of a promised edition. The schedule moves to the version being
 * written (`scheduledVersion`), so the publisher publishes exactly that one. The columns to
 * write, and what to tell the client.
 */
export function keptOnSchedule(current: WorkflowItem & { version: number; publishAt: Date | null }, noun: string, timeZone: string) {
  if (current.status !== 'scheduled') return null;
  return {
    values: { scheduledVersion: current.version + 1 },
    notice: {
      publishAt: current.publishAt!.toISOString(),
      version: current.version + 1,
      message: `The ${noun} stays scheduled: this version goes live at ${zonedIso(current.publishAt!, timeZone)}`,
    },
  };
}

/**
 * Schedules a locked item for an edition's release at `at`, in the release's transaction: an
 * edited item makes the workflow's edited → scheduled move; a scheduled item due after `at`,
 * or due at `previousRelease` (the time of the edition's earlier release, which this one replaces),
 * is moved to `at`; one due sooner keeps its time (null: nothing written). Other states are the
 * caller's to refuse. The caller has checked `at`: a release that waited for locks must not
 * fail because its time passed meanwhile.
 */
export async function scheduleForRelease<Written extends { version: number }>(
  tx: Database,
  actor: Actor,
  entity: RevisedEntity,
  current: StatusItem & { id: number; publishAt: Date | null },
  at: Date,
  previousRelease: Date | null,
  write: (values: { status: 'scheduled'; publishAt: Date; scheduledVersion: number; updatedBy: number }) => Promise<Written>,
): Promise<Written | null> {
  if (current.status === 'edited') assertMove(actor, current, 'scheduled');
  else {
    const due = current.publishAt?.getTime();
    const moves = current.status === 'scheduled' && due !== undefined && (due > at.getTime() || (due !== at.getTime() && due === previousRelease?.getTime()));
    if (!moves) return null;
  }
  const row = await write({ status: 'scheduled', publishAt: at, scheduledVersion: current.version + 1, updatedBy: actor.userId });
  await recordAudit(tx, actor, {
    action: `${entity}.status`,
    entity,
    entityId: current.id,
    details: {
      from: current.status,
      to: 'scheduled',
      publishAt: at.toISOString(),
      ...(current.publishAt && { previousPublishAt: current.publishAt.toISOString() }),
      version: row.version,
      release: true,
    },
  });
  return row;
}
