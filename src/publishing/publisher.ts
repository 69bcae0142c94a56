import type { FastifyBaseLogger } from 'fastify';
import type { Database } from '../db/client.js';

/** A kind of item the publisher can publish (articles now; notices share the loop). */
export interface PublishableKind<Row extends { id: number; publishAt: Date | null }> {
  name: string;
  /** Due items, locked `FOR UPDATE SKIP LOCKED` so other instances skip them. */
  claimDue(tx: Database, limit: number): Promise<Row[]>;
  /** Publishes one claimed item in the same transaction. */
  publish(tx: Database, row: Row): Promise<{ lateMs: number }>;
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
  const { db, log, kinds, intervalMs = 200, batchSize = 50, overdueMs = 60_000 } = options;
  let stopped = false;
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

  async function runOnce(): Promise<number> {
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
