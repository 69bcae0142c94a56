import { date, index, integer, jsonb, pgTable, primaryKey, text, timestamp, type AnyPgColumn } from 'drizzle-orm/pg-core';
import type { Document } from '../../document/model.js';
import type { Column } from '../../tables/cells.js';
import type { NoticePresentation } from '../../tables/typed-table.js';
import { workflowColumns, workflowIndexes } from './articles.js';
import { creditRole, people } from './people.js';
import { users } from './users.js';

/**
 * A kind of notice (赔款认领公示, 补贴发放公示, 遗失声明 …): a preset of columns and wording.
 * Kinds are rows, so the notice desk adds one without a release.
 */
export const noticeKinds = pgTable('notice_kinds', {
  key: text('key').primaryKey(),
  name: text('name').notNull(),
  description: text('description'),
  presentation: text('presentation').$type<NoticePresentation>().notNull().default('table'),
  /** The preset columns; null when each notice of the kind declares its own. */
  columns: jsonb('columns').$type<Column[]>(),
  /** The closing formula a new notice of this kind gets unless it gives one, e.g. 特此公示. */
  closing: text('closing'),
  version: integer('version').notNull().default(1),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
});

export const notices = pgTable(
  'notices',
  {
    id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
    kind: text('kind')
      .notNull()
      .references(() => noticeKinds.key, { onDelete: 'restrict', onUpdate: 'cascade' }),
    title: text('title').notNull(),
    /** 称呼, e.g. 尊敬的客户: */
    salutation: text('salutation'),
    /** The preamble as filed (Markdown) and parsed once into the document model. */
    preamble: text('preamble').notNull().default(''),
    preambleDocument: jsonb('preamble_document').$type<Document>().notNull(),
    /** 特此公示, 特此声明 … */
    closing: text('closing'),
    issuer: text('issuer').notNull(),
    issuedOn: date('issued_on', { mode: 'string' }).notNull(),
    contactName: text('contact_name'),
    contactPhone: text('contact_phone'),
    /** The claim period in days from the issue date, when the notice states one. */
    claimDays: integer('claim_days'),
    /** The last day to claim: given, or the issue date plus the claim period. */
    deadline: date('deadline', { mode: 'string' }),
    /** The current table; earlier tables stay for the revisions that show them. */
    tableId: integer('table_id').references((): AnyPgColumn => noticeTables.id, { onDelete: 'set null' }),
    ...workflowColumns(),
  },
  (t) => workflowIndexes('notices', t),
);

/**
 * One version of a notice's table. Never changed once written: a new table replaces it in the
 * transaction that points the notice at the new one, so a reader (or a crash) sees the old
 * table or the new one, never a mix, and edits to the notice's text never rewrite its rows.
 */
export const noticeTables = pgTable(
  'notice_tables',
  {
    id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
    noticeId: integer('notice_id')
      .notNull()
      .references((): AnyPgColumn => notices.id, { onDelete: 'cascade' }),
    columns: jsonb('columns').$type<Column[]>().notNull(),
    rowCount: integer('row_count').notNull(),
    /** Derived totals of the money columns, in fen, by column key. */
    totals: jsonb('totals').$type<Record<string, number>>().notNull(),
    createdBy: integer('created_by').references(() => users.id, { onDelete: 'set null' }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('notice_tables_notice_idx').on(t.noticeId)],
);

/** The rows of a notice table: cell values in column order (money in fen, ID numbers masked). */
export const noticeRows = pgTable(
  'notice_rows',
  {
    tableId: integer('table_id')
      .notNull()
      .references(() => noticeTables.id, { onDelete: 'cascade' }),
    /** 1-based, in table order. */
    position: integer('position').notNull(),
    cells: jsonb('cells').$type<(string | number | null)[]>().notNull(),
  },
  (t) => [primaryKey({ columns: [t.tableId, t.position] })],
);

/** A notice's byline, when it has one (most have none). */
export const noticeCredits = pgTable(
  'notice_credits',
  {
    noticeId: integer('notice_id')
      .notNull()
      .references(() => notices.id, { onDelete: 'cascade' }),
    position: integer('position').notNull(),
    personId: integer('person_id')
      .notNull()
      .references(() => people.id, { onDelete: 'restrict' }),
    role: creditRole('role').notNull(),
  },
  (t) => [primaryKey({ columns: [t.noticeId, t.position] }), index('notice_credits_person_idx').on(t.personId)],
);
