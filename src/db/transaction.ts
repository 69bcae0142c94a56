import type { Database } from './client.js';

/**
 * Runs `work` in the caller's transaction when one is passed down, else in a transaction of
 * its own: how a service method lets another service make it part of a larger change.
 */
export function inTransaction<T>(db: Database, tx: Database | undefined, work: (tx: Database) => Promise<T>): Promise<T> {
  return tx ? work(tx) : db.transaction(work);
}
