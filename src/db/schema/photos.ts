import { sql } from 'drizzle-orm';
import { index, integer, jsonb, pgTable, primaryKey, text, timestamp, uniqueIndex } from 'drizzle-orm/pg-core';
import { authorshipColumns } from './columns.js';
import { people } from './people.js';
import { users } from './users.js';

/** A point of a picture, each coordinate from 0 (left, top) to 1 (right, bottom). */
export interface FocalPoint {
  x: number;
  y: number;
}

/** A rectangle of a picture, normalised like a focal point: its top-left corner and its size. */
export interface CropRect {
  x: number;
  y: number;
  width: number;
  height: number;
}

/** What was read from the file's IPTC, XMP and EXIF when it was uploaded. */
export interface PhotoFileMetadata {
  caption: string | null;
  byline: string | null;
  credit: string | null;
  copyright: string | null;
  usageTerms: string | null;
  takenAt: string | null;
}

/**
 * A photo: the original's checksum, format and size (its bytes are in the media store under
 * `originals/<sha256>`), and what the picture desk says of it. One row per distinct file: the
 * same bytes uploaded again are this row.
 */
export const photos = pgTable(
  'photos',
  {
    id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
    /** SHA-256 of the original's bytes (hex). */
    sha256: text('sha256').notNull(),
    /** jpeg, png or webp, as read from the bytes. */
    format: text('format').notNull(),
    /** Pixels, with the file's orientation applied. */
    width: integer('width').notNull(),
    height: integer('height').notNull(),
    bytes: integer('bytes').notNull(),
    /** 说明 */
    caption: text('caption'),
    /** What the picture shows, for screen readers; required before publication. */
    alt: text('alt'),
    /** The photographer (credited with role `photographer`). */
    bylinePersonId: integer('byline_person_id').references(() => people.id, { onDelete: 'restrict' }),
    credit: text('credit'),
    copyright: text('copyright'),
    usageTerms: text('usage_terms'),
    takenAt: timestamp('taken_at', { withTimezone: true }),
    focalPoint: jsonb('focal_point').$type<FocalPoint>(),
    crops: jsonb('crops').$type<Record<string, CropRect>>().notNull().default({}),
    fileMetadata: jsonb('file_metadata').$type<PhotoFileMetadata>().notNull(),
    version: integer('version').notNull().default(1),
    ...authorshipColumns(),
  },
  (t) => [
    uniqueIndex('photos_sha256_key').on(t.sha256),
    // The library, newest first (scanned backwards), all of it or one photographer's.
    index('photos_created_idx').on(t.createdAt, t.id),
    index('photos_byline_created_idx').on(t.bylinePersonId, t.createdAt, t.id).where(sql`${t.bylinePersonId} is not null`),
  ],
);

/** A full snapshot of every saved version of a photo's fields. */
export const photoRevisions = pgTable(
  'photo_revisions',
  {
    photoId: integer('photo_id')
      .notNull()
      .references(() => photos.id, { onDelete: 'cascade' }),
    version: integer('version').notNull(),
    snapshot: jsonb('snapshot').$type<Record<string, unknown>>().notNull(),
    createdBy: integer('created_by').references(() => users.id, { onDelete: 'set null' }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.photoId, t.version] })],
);
