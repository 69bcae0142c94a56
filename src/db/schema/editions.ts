import { sql } from 'drizzle-orm';
import { check, date, foreignKey, index, integer, pgTable, primaryKey, text, timestamp, uniqueIndex } from 'drizzle-orm/pg-core';
import type { Grid } from '../../document/grids.js';
import { articles } from './articles.js';
import { authorshipColumns } from './columns.js';
import { notices } from './notices.js';
import { sections } from './sections.js';
import { users } from './users.js';

/** planning → released: an edition is planned page by page, then released as a whole. */
export const EDITION_STATUSES = ['planning', 'released'] as const;
export type EditionStatus = (typeof EDITION_STATUSES)[number];

/** One day's paper. Its version is bumped by every change to it or to any of its pages. */
export const editions = pgTable(
  'editions',
  {
    id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
    date: date('date', { mode: 'string' }).notNull(),
    /** 总第N期 */
    issueNumber: integer('issue_number').notNull(),
    status: text('status').$type<EditionStatus>().notNull().default('planning'),
    /** When the release makes the edition public; set by the release. */
    releaseAt: timestamp('release_at', { withTimezone: true }),
    /** When the publisher made the released edition public (its release time had come). */
    liveAt: timestamp('live_at', { withTimezone: true }),
    releasedBy: integer('released_by').references(() => users.id, { onDelete: 'set null' }),
    version: integer('version').notNull().default(1),
    ...authorshipColumns(),
  },
  (t) => [
    uniqueIndex('editions_date_key').on(t.date),
    uniqueIndex('editions_issue_number_key').on(t.issueNumber),
    check('editions_status_check', sql`${t.status} in ('planning', 'released')`),
    // Released editions whose time has come but that no publisher has made public yet.
    index('editions_due_idx').on(t.releaseAt).where(sql`${t.status} = 'released' and ${t.liveAt} is null`),
  ],
);

/** A page of an edition (A03 聊城新闻): its name, page editor (责任编辑), grid and placements. */
export const pages = pgTable(
  'pages',
  {
    id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
    editionId: integer('edition_id')
      .notNull()
      .references(() => editions.id, { onDelete: 'cascade' }),
    /** A01, A02 … B01: a letter for the section of the paper, two digits for the page. */
    label: text('label').notNull(),
    name: text('name').notNull(),
    sectionId: integer('section_id').references(() => sections.id, { onDelete: 'restrict' }),
    editorId: integer('editor_id').references(() => users.id, { onDelete: 'restrict' }),
    grid: text('grid').$type<Grid>().notNull(),
    version: integer('version').notNull().default(1),
    updatedBy: integer('updated_by')
      .notNull()
      .references(() => users.id, { onDelete: 'restrict' }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('pages_edition_label_key').on(t.editionId, t.label),
    // What a placement's foreign key refers to, so that it names its page's own edition.
    uniqueIndex('pages_id_edition_key').on(t.id, t.editionId),
    check('pages_grid_check', sql`${t.grid} in ('broadsheet-8', 'tabloid-5')`),
    check('pages_label_check', sql`${t.label} ~ '^[A-Z](0[1-9]|[1-9][0-9])$'`),
  ],
);

/**
 * An article or a notice placed on a page, in page order. The page's edition is repeated here
 * (the foreign key makes it the page's own) so that the database itself keeps an item to one
 * place per edition.
 */
export const placements = pgTable(
  'placements',
  {
    pageId: integer('page_id').notNull(),
    position: integer('position').notNull(),
    editionId: integer('edition_id')
      .notNull()
      .references(() => editions.id, { onDelete: 'cascade' }),
    articleId: integer('article_id').references(() => articles.id, { onDelete: 'restrict' }),
    noticeId: integer('notice_id').references(() => notices.id, { onDelete: 'restrict' }),
    /** Grid columns the item spans; null leaves it to the layout. */
    columns: integer('columns'),
  },
  (t) => [
    primaryKey({ columns: [t.pageId, t.position] }),
    foreignKey({ name: 'placements_page_edition_fk', columns: [t.pageId, t.editionId], foreignColumns: [pages.id, pages.editionId] }).onDelete('cascade'),
    uniqueIndex('placements_edition_article_key').on(t.editionId, t.articleId),
    uniqueIndex('placements_edition_notice_key').on(t.editionId, t.noticeId),
    index('placements_article_idx').on(t.articleId),
    index('placements_notice_idx').on(t.noticeId),
    check('placements_one_item_check', sql`(${t.articleId} is null) <> (${t.noticeId} is null)`),
    check('placements_columns_check', sql`${t.columns} is null or ${t.columns} between 1 and 8`),
  ],
);
