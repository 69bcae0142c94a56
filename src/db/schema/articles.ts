import { sql } from 'drizzle-orm';
import { index, integer, jsonb, pgEnum, pgTable, primaryKey, text, timestamp, type ExtraConfigColumn } from 'drizzle-orm/pg-core';
import type { Document, DocumentFigures } from '../../document/model.js';
import { authorshipColumns } from './columns.js';
import { creditRole, people } from './people.js';
import { photos } from './photos.js';
import { sections } from './sections.js';
import { users } from './users.js';

/** draft → submitted → edited → scheduled → published → withdrawn (see src/publishing/workflow.ts). */
export const ITEM_STATUSES = ['draft', 'submitted', 'edited', 'scheduled', 'published', 'withdrawn'] as const;
export type ItemStatus = (typeof ITEM_STATUSES)[number];
export const itemStatus = pgEnum('item_status', ITEM_STATUSES);

/**
 * The columns every workflow item (articles, notices) has: its state, its version (bumped on
 * every change, sent back in If-Match), its schedule, and who changed it when.
 */
export const workflowColumns = () => ({
  status: itemStatus('status').notNull().default('draft'),
  version: integer('version').notNull().default(1),
  publishAt: timestamp('publish_at', { withTimezone: true }),
  /** The version a schedule was set on; the publisher publishes only that version. */
  scheduledVersion: integer('scheduled_version'),
  publishedAt: timestamp('published_at', { withTimezone: true }),
  ...authorshipColumns(),
});

type WorkflowColumns = { [K in keyof ReturnType<typeof workflowColumns>]: ExtraConfigColumn };

/** The indexes every workflow item's table has: newsroom lists, due schedules, public lists. */
export function workflowIndexes(table: string, t: WorkflowColumns & { id: ExtraConfigColumn }) {
  return [
    index(`${table}_updated_idx`).on(t.updatedAt, t.id),
    index(`${table}_status_updated_idx`).on(t.status, t.updatedAt, t.id),
    index(`${table}_due_idx`).on(t.publishAt).where(sql`${t.status} = 'scheduled'`),
    // Scanned backwards for newest-first lists (published_at desc, id desc).
    index(`${table}_published_idx`).on(t.publishedAt, t.id).where(sql`${t.status} = 'published'`),
  ];
}

export const articles = pgTable(
  'articles',
  {
    id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
    /** 引题 */
    kicker: text('kicker'),
    /** 主题 */
    headline: text('headline').notNull(),
    /** 副题 */
    subtitle: text('subtitle'),
    summary: text('summary'),
    /** The Markdown as filed. */
    body: text('body').notNull().default(''),
    /** The body parsed once into the document model both renderers read. */
    document: jsonb('document').$type<Document>().notNull(),
    figures: jsonb('figures').$type<DocumentFigures>().notNull(),
    sectionId: integer('section_id').references(() => sections.id, { onDelete: 'restrict' }),
    /** The picture the story leads with, and the caption it has here when it differs from the photo's. */
    leadPhotoId: integer('lead_photo_id').references(() => photos.id, { onDelete: 'restrict' }),
    leadPhotoCaption: text('lead_photo_caption'),
    /** Pictures the copy names that have no file yet (a page import's captions): each a caption and a photographer. */
    photoSlots: jsonb('photo_slots').$type<PhotoSlot[]>().notNull().default([]),
    ...workflowColumns(),
  },
  (t) => [
    ...workflowIndexes('articles', t),
    index('articles_section_published_idx').on(t.sectionId, t.publishedAt, t.id).where(sql`${t.status} = 'published'`),
    // The desk's queue of one user's stories, and of one section's, newest change first (scanned backwards).
    index('articles_created_by_updated_idx').on(t.createdBy, t.updatedAt, t.id),
    index('articles_section_updated_idx').on(t.sectionId, t.updatedAt, t.id),
  ],
);

/** A picture the copy names that awaits its file. */
export interface PhotoSlot {
  caption: string;
  /** The photographer's name, as the copy credits them; null when it names none. */
  byline: string | null;
}

/**
 * Every photo a story uses, the lead first and then its body's figures in order: which photos
 * published content shows (a photo is public only then) and which stories a photo is in.
 */
export const articlePhotos = pgTable(
  'article_photos',
  {
    articleId: integer('article_id')
      .notNull()
      .references(() => articles.id, { onDelete: 'cascade' }),
    photoId: integer('photo_id')
      .notNull()
      .references(() => photos.id, { onDelete: 'restrict' }),
    /** 0 for the lead photo, 1… for the body's figures in order. */
    position: integer('position').notNull(),
  },
  (t) => [primaryKey({ columns: [t.articleId, t.position] }), index('article_photos_photo_idx').on(t.photoId)],
);

/** The byline: who is credited, in which role, in order. */
export const articleCredits = pgTable(
  'article_credits',
  {
    articleId: integer('article_id')
      .notNull()
      .references(() => articles.id, { onDelete: 'cascade' }),
    position: integer('position').notNull(),
    personId: integer('person_id')
      .notNull()
      .references(() => people.id, { onDelete: 'restrict' }),
    role: creditRole('role').notNull(),
  },
  (t) => [primaryKey({ columns: [t.articleId, t.position] }), index('article_credits_person_idx').on(t.personId)],
);

/** A correction appended to a published article, shown with it. */
export const corrections = pgTable(
  'corrections',
  {
    id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
    articleId: integer('article_id')
      .notNull()
      .references(() => articles.id, { onDelete: 'cascade' }),
    text: text('text').notNull(),
    createdBy: integer('created_by')
      .notNull()
      .references(() => users.id, { onDelete: 'restrict' }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('corrections_article_idx').on(t.articleId, t.id)],
);

/** A full snapshot of every saved version of an item (articles, and later notices). */
export const revisions = pgTable(
  'revisions',
  {
    entity: text('entity').notNull(),
    entityId: integer('entity_id').notNull(),
    version: integer('version').notNull(),
    status: itemStatus('status').notNull(),
    snapshot: jsonb('snapshot').$type<Record<string, unknown>>().notNull(),
    createdBy: integer('created_by').references(() => users.id, { onDelete: 'set null' }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.entity, t.entityId, t.version] })],
);
