import { sql } from 'drizzle-orm';
import type { Database } from '../db/client.js';
import { searchDocuments, type ItemStatus, type SearchKind } from '../db/schema/index.js';
import { fold } from '../lib/search/normalize.js';
import { timeLexemes } from '../lib/search/time-lexemes.js';
import { quoteLexeme, tsvectorLiteral, type Weight } from '../lib/search/tokens.js';

/** A field of an item as search indexes it: its text, weighted by where it stands. */
export interface SearchField {
  text: string | null | undefined;
  weight: Weight;
}

/** What search keeps of an item: its fields, and the state a search filters by. */
export interface SearchSource {
  kind: SearchKind;
  id: number;
  status: ItemStatus | null;
  sectionId: number | null;
  createdBy: number;
  publishedAt: Date | null;
  updatedAt: Date;
  fields: readonly SearchField[];
}

/** The tsvector literal of an item's fields, folded and cut into tokens. */
export function searchTerms(fields: readonly SearchField[]): string {
  return tsvectorLiteral(fields.filter((f) => f.text).map((f) => ({ text: fold(f.text!), weight: f.weight })));
}

/** A document's row, ready to write: its terms and its time's lexemes (see lib/search/time-lexemes.ts). */
export function searchRow(source: SearchSource) {
  const sortAt = source.publishedAt ?? source.updatedAt;
  return {
    kind: source.kind,
    itemId: source.id,
    status: source.status,
    sectionId: source.sectionId,
    createdBy: source.createdBy,
    publishedAt: source.publishedAt,
    sortAt,
    terms: [searchTerms(source.fields), ...timeLexemes(sortAt).map(quoteLexeme)].filter(Boolean).join(' '),
  };
}

/**
 * Writes an item's search document in the transaction that saves the item, so a search sees
 * exactly what was committed: a new version's words, a withdrawal, a publication.
 */
export async function indexItem(tx: Database, source: SearchSource): Promise<void> {
  await writeSearchRows(tx, [searchRow(source)]);
}

/** Writes documents, replacing those of the same items. */
export async function writeSearchRows(tx: Database, rows: ReturnType<typeof searchRow>[]): Promise<void> {
  if (rows.length === 0) return;
  await tx
    .insert(searchDocuments)
    .values(rows)
    .onConflictDoUpdate({
      target: [searchDocuments.kind, searchDocuments.itemId],
      set: {
        status: sql`excluded.status`,
        sectionId: sql`excluded.section_id`,
        createdBy: sql`excluded.created_by`,
        publishedAt: sql`excluded.published_at`,
        sortAt: sql`excluded.sort_at`,
        terms: sql`excluded.terms`,
      },
    });
}
