import { integer, jsonb, pgTable, text, timestamp, uniqueIndex } from 'drizzle-orm/pg-core';
import { users } from './users.js';

/**
 * A page imported into drafts. The digest of the page's text makes an import idempotent: the
 * same page sent again answers with the drafts this row names instead of making new ones.
 */
export const pageImports = pgTable(
  'page_imports',
  {
    id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
    /** SHA-256 of the page's text (hex), line ends normalised. */
    digest: text('digest').notNull(),
    articleIds: integer('article_ids').array().notNull().default([]),
    noticeIds: integer('notice_ids').array().notNull().default([]),
    /** The repairs and warnings reported when the page was imported. */
    changes: jsonb('changes').$type<unknown[]>().notNull().default([]),
    warnings: jsonb('warnings').$type<unknown[]>().notNull().default([]),
    createdBy: integer('created_by')
      .notNull()
      .references(() => users.id, { onDelete: 'restrict' }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex('page_imports_digest_key').on(t.digest)],
);
