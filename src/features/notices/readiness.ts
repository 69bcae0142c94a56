/**
 * Whether a notice can go out as it stands. A kind that presets columns (赔款认领公示,
 * 补贴发放公示, 声明) exists to list its rows, and any notice that declares a table prints it:
 * a grid with a header and nothing under it says nothing, so such a notice is not published,
 * scheduled or released until its table has rows. A draft without rows is fine: the rows often
 * come later, as a file from the advertiser.
 */
import type { Database } from '../../db/client.js';
import * as repo from './repository.js';

/**
 * The rule on what is known of a notice: its table (null: none) and its kind. Why it cannot be
 * published as it is (to follow "it …"), or null when it can.
 */
export function missingRowsBecause(table: { rowCount: number } | null, kind: { name: string; columns: unknown } | null): string | null {
  if (table) return table.rowCount === 0 ? 'has a table with no rows' : null;
  return kind?.columns ? `has no table, and a ${kind.name} lists its rows in one` : null;
}

/** Why the notice cannot be published as it is (to follow "it …"), or null when it can. */
export async function unpublishableBecause(db: Database, row: repo.NoticeRow): Promise<string | null> {
  const table = await repo.findTable(db, row.tableId);
  return missingRowsBecause(table ?? null, table ? null : ((await repo.findKind(db, row.kind)) ?? null));
}

/** The notices among `rows` that cannot be published as they are, with why. */
export async function unpublishable(db: Database, rows: Iterable<repo.NoticeRow>): Promise<Map<number, string>> {
  const out = new Map<number, string>();
  for (const row of rows) {
    const why = await unpublishableBecause(db, row);
    if (why) out.set(row.id, why);
  }
  return out;
}

/** How to give a notice its rows, for the messages that refuse it. */
export const HOW_TO_ADD_ROWS = 'add its rows (PUT /api/v1/notices/{id}/table, or rows in a PATCH) or drop the table (columns: null) where the kind has none';
