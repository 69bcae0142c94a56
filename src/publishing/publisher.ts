import type { FastifyBaseLogger } from 'fastify';
import type { Database } from '../db/client.js';
import { OVERDUE_MS } from './status.js';

/** A kind of item the publisher can publish (articles now; notices share the loop). */
export interface PublishableKind<Row extends { id: number; publishAt: Date | null }> {
  name: string;
  /** Due items, locked `FOR UPDATE SKIP LOCKED` so other instances skip them. */
  claimDue(tx: Database, limit: number): Promise<Row[]>;
  /** Publishes one claimed item in the same transaction. */
  publish(tx: Database, row: Row): Promise<{ lateMs: number }>;
  /** Scheduled items still unpublished whose time was before `before`. */
  overdue(db: Database, before: Date): Promise<{ id: number; publishAt: Date | null }[]>;
}

export interface PublisherOptions {
  db: Database;
  log: FastifyBaseLogger;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  kinds: PublishableKind<any>[];
  /** How often to look for due items; the publication delay is at most about this. */
  intervalMs?: number;
  /** Items claimed per transaction. */
  batchSize?: number;
  /** Items later than this are logged as warnings. */
  overdueMs?: number;
  /** How often to look for overdue items that no publisher has published. */
  overdueCheckMs?: number;
}

export interface Publisher {
  /** Publishes everything due now; resolves to how many items were published. */
  runOnce(): Promise<number>;
  stop(): Promise<void>;
}

/**
 * The scheduled-publication loop. Each instance runs one; because due rows are claimed with
 * `FOR UPDATE SKIP LOCKED` and published in the claiming transaction, every item is
 * published exactly once however many instances share the database.
 */
export function startPublisher(options: PublisherOptions): Publisher {
  const { db, log, kinds, intervalMs = 200, batchSize = 50, overdueMs = OVERDUE_MS, overdueCheckMs = 30_000 } = options;
  let stopped = false;
  let lastOverdueCheck = 0;
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<number> | undefined;

  async function publishBatch(kind: PublishableKind<{ id: number; publishAt: Date | null }>): Promise<number> {
    return db.transaction(async (tx) => {
      const due = await kind.claimDue(tx, batchSize);
      for (const row of due) {
        const { lateMs } = await kind.publish(tx, row);
        const entry = { kind: kind.name, id: row.id, publishAt: row.publishAt?.toISOString(), lateMs };
        if (lateMs > overdueMs) log.warn(entry, 'published a scheduled item late: its schedule was missed');
        else log.info(entry, 'published a scheduled item');
      }
      return due.length;
    });
  }

  /** A schedule that no publisher honours (none running, or one failing) must not pass in silence. */
  async function reportOverdue(): Promise<void> {
    lastOverdueCheck = Date.now();
    for (const kind of kinds) {
      const late = await kind.overdue(db, new Date(Date.now() - overdueMs));
      if (late.length) {
        log.warn(
          { kind: kind.name, count: late.length, items: late.slice(0, 20).map((i) => ({ id: i.id, publishAt: i.publishAt?.toISOString() })) },
          'scheduled items are more than a minute overdue',
        );
      }
    }
  }

  async function runOnce(): Promise<number> {
    if (Date.now() - lastOverdueCheck >= overdueCheckMs) await reportOverdue();
    let total = 0;
    for (const kind of kinds) {
      for (;;) {
        const n = await publishBatch(kind);
        total += n;
        if (n < batchSize || stopped) break;
      }
    }
    return total;
  }

  const loop = () => {
    if (stopped) return;
    running = runOnce()
      .catch((err: unknown) => {
        log.error({ err }, 'scheduled publication failed; retrying');
        return 0;
      })
      .finally(() => {
        running = undefined;
        if (!stopped) timer = setTimeout(loop, intervalMs);
      });
  };
  timer = setTimeout(loop, 0);

  return {
    runOnce,
    async stop() {
      stopped = true;
      clearTimeout(timer);
      await running;
    },
  };
}
