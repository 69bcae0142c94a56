import { asc, eq, inArray, or, sql } from 'drizzle-orm';
import type { Database } from '../../db/client.js';
import { editions, pageImports, pages, placements } from '../../db/schema/index.js';

export type PageImportRow = typeof pageImports.$inferSelect;

export async function findImport(db: Database, digest: string): Promise<PageImportRow | undefined> {
  const [row] = await db.select().from(pageImports).where(eq(pageImports.digest, digest));
  return row;
}

export async function findImportById(db: Database, id: number): Promise<PageImportRow | undefined> {
  const [row] = await db.select().from(pageImports).where(eq(pageImports.id, id));
  return row;
}

/** The pages of editions the items are placed on now, by edition date and page. */
export async function placementsOfItems(
  db: Database,
  items: { articleIds: number[]; noticeIds: number[] },
): Promise<{ kind: 'article' | 'notice'; id: number; date: string; label: string; name: string }[]> {
  if (items.articleIds.length + items.noticeIds.length === 0) return [];
  const rows = await db
    .select({ articleId: placements.articleId, noticeId: placements.noticeId, date: editions.date, label: pages.label, name: pages.name })
    .from(placements)
    .innerJoin(pages, eq(pages.id, placements.pageId))
    .innerJoin(editions, eq(editions.id, placements.editionId))
    .where(
      or(
        items.articleIds.length ? inArray(placements.articleId, items.articleIds) : undefined,
        items.noticeIds.length ? inArray(placements.noticeId, items.noticeIds) : undefined,
      ),
    )
    .orderBy(asc(editions.date), asc(pages.label), asc(placements.position));
  return rows.map((r) => ({ kind: r.articleId !== null ? 'article' : 'notice', id: (r.articleId ?? r.noticeId)!, date: r.date, label: r.label, name: r.name }));
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
