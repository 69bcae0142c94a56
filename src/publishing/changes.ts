import { sql } from 'drizzle-orm';
import type { Database, DatabaseHandle } from '../db/client.js';

/** The NOTIFY channel on which every instance hears that public content changed. */
export const CONTENT_CHANNEL = 'newsroom_content';

export interface ContentChange {
  /** The kind of item; `all` for a change that any rendering may show (a section or person renamed). */
  entity: string;
  /** The item (an edition: its date as yyyymmdd); 0 for every item of the kind (a notice kind renamed shows in every notice). */
  id: number;
}

/** Sections and people appear inside rendered items: a change to one drops every rendering. */
export const EVERYTHING: ContentChange = { entity: 'all', id: 0 };

/**
 * Announces a change of public content. NOTIFY inside a transaction is delivered when it
 * commits (and never if it rolls back), so listeners only hear of committed changes.
 */
export async function announceChange(db: Database, change: ContentChange): Promise<void> {
  await db.execute(sql`select pg_notify(${CONTENT_CHANNEL}, ${`${change.entity}:${change.id}`})`);
}

export function parseChange(payload: string): ContentChange | undefined {
  const match = /^([a-z_]+):(\d+)$/.exec(payload);
  return match ? { entity: match[1]!, id: Number(match[2]) } : undefined;
}

/** Subscribes to content changes from every instance on the database. */
export async function onContentChange(
  database: DatabaseHandle,
  onChange: (change: ContentChange) => void,
  onGap: () => void,
): Promise<() => Promise<void>> {
  return database.listen(
    CONTENT_CHANNEL,
    (payload) => {
      const change = parseChange(payload);
      if (change) onChange(change);
    },
    onGap,
  );
}
