/**
 * `vi.waitFor` options for what follows a commit asynchronously: a change reaches the public
 * cache by NOTIFY, which on PostgreSQL may arrive a moment after the write returned.
 */
export const NOTIFIED = { timeout: 3_000, interval: 25 } as const;
