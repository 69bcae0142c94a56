import { and, asc, desc, eq, getTableColumns, inArray, lt, or, sql, type SQL } from 'drizzle-orm';
import type { PgUpdateSetSource } from 'drizzle-orm/pg-core';
import type { Database } from '../../db/client.js';
import { articlePhotos, articles, people, photoRevisions, photos } from '../../db/schema/index.js';
import { NOW } from '../../db/versioned.js';
import type { CreditRole } from '../../document/credit-roles.js';

export type PhotoRow = typeof photos.$inferSelect;
/** A photo with its photographer's name. */
export type PhotoWithByline = PhotoRow & { bylineName: string | null; bylineRole: CreditRole | null };

const withByline = { ...getTableColumns(photos), bylineName: people.name, bylineRole: people.defaultRole };

export async function findPhoto(db: Database, id: number, lock = false): Promise<PhotoRow | undefined> {
  const query = db.select().from(photos).where(eq(photos.id, id));
  const [row] = lock ? await query.for('update') : await query;
  return row;
}

export async function findPhotoBySha(db: Database, sha256: string): Promise<PhotoRow | undefined> {
  const [row] = await db.select().from(photos).where(eq(photos.sha256, sha256));
  return row;
}

/** Photos by id with their photographers' names, in no particular order. */
export async function photosByIds(db: Database, ids: readonly number[]): Promise<Map<number, PhotoWithByline>> {
  if (ids.length === 0) return new Map();
  const rows = await db
    .select(withByline)
    .from(photos)
    .leftJoin(people, eq(people.id, photos.bylinePersonId))
    .where(inArray(photos.id, [...ids]));
  return new Map(rows.map((row) => [row.id, row]));
}

/** Photos by id with their photographers, each locked against change until the caller's transaction ends (see articlesByIdsForShare). */
export async function photosByIdsForShare(db: Database, ids: readonly number[]): Promise<PhotoWithByline[]> {
  if (ids.length === 0) return [];
  return db.select(withByline).from(photos).leftJoin(people, eq(people.id, photos.bylinePersonId)).where(inArray(photos.id, [...ids])).orderBy(asc(photos.id)).for('share', { of: photos });
}

/** Which of `ids` name no photo. */
export async function missingPhotos(db: Database, ids: readonly number[]): Promise<number[]> {
  if (ids.length === 0) return [];
  const found = await db.select({ id: photos.id }).from(photos).where(inArray(photos.id, [...ids]));
  const known = new Set(found.map((row) => row.id));
  return ids.filter((id) => !known.has(id));
}

/** Inserts a new photo; undefined when one with the same bytes is already there (a concurrent upload won). */
export async function insertPhoto(db: Database, values: typeof photos.$inferInsert): Promise<PhotoRow | undefined> {
  const [row] = await db
    .insert(photos)
    .values({ createdAt: NOW, updatedAt: NOW, ...values })
    .onConflictDoNothing({ target: photos.sha256 })
    .returning();
  return row;
}

/** Applies a change and bumps the version; the caller has locked the row and checked the version. */
export async function updatePhoto(db: Database, id: number, values: PgUpdateSetSource<typeof photos>): Promise<PhotoRow> {
  const [row] = await db
    .update(photos)
    .set({ ...values, version: sql`${photos.version} + 1`, updatedAt: NOW })
    .where(eq(photos.id, id))
    .returning();
  return row!;
}

export async function recordPhotoRevision(db: Database, values: typeof photoRevisions.$inferInsert): Promise<void> {
  await db.insert(photoRevisions).values(values);
}

export async function photoRevisionsOf(db: Database, photoId: number) {
  return db.select().from(photoRevisions).where(eq(photoRevisions.photoId, photoId)).orderBy(asc(photoRevisions.version));
}

/** The library: newest first, all photos or one photographer's, a page after the keyset `before`. */
export async function listPhotos(
  db: Database,
  f: { personId?: number; before?: readonly [string, number]; limit: number },
): Promise<PhotoWithByline[]> {
  const where: (SQL | undefined)[] = [];
  if (f.personId !== undefined) where.push(eq(photos.bylinePersonId, f.personId));
  if (f.before) {
    const [createdAt, id] = f.before;
    const at = sql`${createdAt}::timestamptz`;
    where.push(or(lt(photos.createdAt, at), and(eq(photos.createdAt, at), lt(photos.id, id))));
  }
  return db
    .select(withByline)
    .from(photos)
    .leftJoin(people, eq(people.id, photos.bylinePersonId))
    .where(and(...where))
    .orderBy(desc(photos.createdAt), desc(photos.id))
    .limit(f.limit);
}

/** Whether published content shows the photo: only then is it public. */
export async function isPhotoPublic(db: Database, photoId: number): Promise<boolean> {
  const [row] = await db
    .select({ one: sql<number>`1` })
    .from(articlePhotos)
    .innerJoin(articles, eq(articles.id, articlePhotos.articleId))
    .where(and(eq(articlePhotos.photoId, photoId), eq(articles.status, 'published')))
    .limit(1);
  return row !== undefined;
}

/** The stories that use a photo, newest change first. */
export async function storiesUsing(db: Database, photoId: number) {
  return db
    .selectDistinct({ id: articles.id, headline: articles.headline, status: articles.status, updatedAt: articles.updatedAt })
    .from(articlePhotos)
    .innerJoin(articles, eq(articles.id, articlePhotos.articleId))
    .where(eq(articlePhotos.photoId, photoId))
    .orderBy(desc(articles.updatedAt), desc(articles.id));
}

/**
 * Records the photos a story uses, the lead first then its figures, replacing what it used
 * before (`fresh`: a story just filed, which used none).
 */
export async function replaceArticlePhotos(db: Database, articleId: number, leadPhotoId: number | null, figures: readonly number[], fresh = false): Promise<void> {
  if (!fresh) await db.delete(articlePhotos).where(eq(articlePhotos.articleId, articleId));
  const rows = [
    ...(leadPhotoId === null ? [] : [{ articleId, photoId: leadPhotoId, position: 0 }]),
    ...figures.map((photoId, i) => ({ articleId, photoId, position: i + 1 })),
  ];
  if (rows.length > 0) await db.insert(articlePhotos).values(rows);
}

/** Of these stories, those using photos without alt text, with those photos: they cannot be published until described. */
export async function storiesWithPhotosLackingAlt(db: Database, articleIds: readonly number[]): Promise<Map<number, number[]>> {
  if (articleIds.length === 0) return new Map();
  const rows = await db
    .selectDistinct({ articleId: articlePhotos.articleId, photoId: photos.id })
    .from(articlePhotos)
    .innerJoin(photos, eq(photos.id, articlePhotos.photoId))
    .where(and(inArray(articlePhotos.articleId, [...articleIds]), or(sql`${photos.alt} is null`, eq(photos.alt, ''))))
    .orderBy(asc(articlePhotos.articleId), asc(photos.id));
  const out = new Map<number, number[]>();
  for (const row of rows) out.set(row.articleId, [...(out.get(row.articleId) ?? []), row.photoId]);
  return out;
}

/** The photos a story uses that have no alt text yet: it cannot be published until they do. */
export async function photosWithoutAlt(db: Database, articleId: number): Promise<number[]> {
  const rows = await db
    .select({ id: photos.id })
    .from(articlePhotos)
    .innerJoin(photos, eq(photos.id, articlePhotos.photoId))
    .where(and(eq(articlePhotos.articleId, articleId), or(sql`${photos.alt} is null`, eq(photos.alt, ''))));
  return [...new Set(rows.map((row) => row.id))];
}
