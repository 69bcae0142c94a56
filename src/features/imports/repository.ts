import { eq, sql } from 'drizzle-orm';
import type { Database } from '../../db/client.js';
import { pageImports } from '../../db/schema/index.js';

export type PageImportRow = typeof pageImports.$inferSelect;

export async function findImport(db: Database, digest: string): Promise<PageImportRow | undefined> {
  const [row] = await db.select().from(pageImports).where(eq(pageImports.digest, digest));
  return row;
}

/**
 * Claims the page's digest for this import. Undefined when another import holds it: a
 * concurrent one with the same text waits here for that one to commit or roll back.
 */
export async function claimDigest(db: Database, digest: string, createdBy: number): Promise<{ id: number } | undefined> {
  const [row] = await db
    .insert(pageImports)
    .values({ digest, createdBy })
    .onConflictDoNothing({ target: pageImports.digest })
    .returning({ id: pageImports.id });
  return row;
}

export async function recordImport(
  db: Database,
  id: number,
  made: { articleIds: number[]; noticeIds: number[]; changes: unknown[]; warnings: unknown[] },
): Promise<void> {
  await db
    .update(pageImports)
    .set({ ...made, changes: sql`${JSON.stringify(made.changes)}::jsonb`, warnings: sql`${JSON.stringify(made.warnings)}::jsonb` })
    .where(eq(pageImports.id, id));
}
