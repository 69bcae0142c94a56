import { sql } from 'drizzle-orm';
import { customType, index, integer, pgTable, primaryKey, text, timestamp } from 'drizzle-orm/pg-core';
import { itemStatus } from './articles.js';

/** A tsvector, written as the literal search makes in Node (src/lib/search/tokens.ts). */
const tsvector = customType<{ data: string; driverData: string }>({ dataType: () => 'tsvector' });

export const SEARCH_KINDS = ['article', 'notice', 'photo'] as const;
export type SearchKind = (typeof SEARCH_KINDS)[number];

/**
 * One searchable item: its weighted terms (character bigrams and whole words) and what a search
 * filters and orders by, copied from the item in the transaction that saves it, so a search
 * never misses an acknowledged write and never shows an item in a state it has left.
 */
export const searchDocuments = pgTable(
  'search_documents',
  {
    kind: text('kind').$type<SearchKind>().notNull(),
    itemId: integer('item_id').notNull(),
    /** The item's workflow state; null for photos, which have none. */
    status: itemStatus('status'),
    sectionId: integer('section_id'),
    createdBy: integer('created_by').notNull(),
    publishedAt: timestamp('published_at', { withTimezone: true }),
    /** When it was published, else when it last changed: recency, and the bound on ranked candidates. */
    sortAt: timestamp('sort_at', { withTimezone: true }).notNull(),
    /** Every token with its positions and weights, and the item's time (lib/search/time-lexemes.ts). */
    terms: tsvector('terms').notNull(),
    /**
     * The heads alone (weights A, B and D: headline, kicker, subtitle, summary, byline), which
     * ranking reads: small enough to stay in the row, where `terms` is read from out of line.
     */
    heads: tsvector('heads')
      .notNull()
      .generatedAlwaysAs(sql`ts_filter(terms, '{a,b,d}')`),
  },
  (t) => [
    primaryKey({ columns: [t.kind, t.itemId] }),
    // No index on time: a plan walking one would read every item's terms on its way (see features/search/repository.ts).
    index('search_documents_terms_idx').using('gin', t.terms),
  ],
);
