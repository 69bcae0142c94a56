import { createHash } from 'node:crypto';
import { LRUCache } from 'lru-cache';
import type { Database } from '../../db/client.js';
import { photos, type CropRect, type FocalPoint, type PhotoFileMetadata } from '../../db/schema/index.js';
import { lockVersioned } from '../../db/versioned.js';
import { NotFound, Unprocessable } from '../../errors.js';
import type { Actor } from '../../lib/actor.js';
import { decodeCursor, paginate } from '../../lib/pagination.js';
import { blankToNull } from '../../lib/text.js';
import { DEFAULT_TIME_ZONE, parseTimestamp, wallTimeInstant } from '../../lib/time.js';
import { recordAudit } from '../../publishing/audit.js';
import { announceChange } from '../../publishing/changes.js';
import { indexItem, type SearchSource } from '../../publishing/search-index.js';
import type { ContentCache } from '../../publishing/content-cache.js';
import { probeImage, type PhotoFormat } from '../../render/media/image.js';
import { readPhotoMetadata } from '../../render/media/metadata.js';
import { makePrintImage, makeRendition, renditionDescriptor, type RenditionFormat, type RenditionSpec } from '../../render/media/renditions.js';
import type { MediaStore } from '../../render/media/store.js';
import { resolveCredits } from '../people/credits.js';
import type { PublicPhoto } from '../../contracts/photos.js';
import { publicPhoto } from './public.js';
import * as repo from './repository.js';
import type { ListPhotosQuery, Photo, UpdatePhotoBody } from './schemas.js';
import { variantSpec } from './variants.js';

export const PHOTO_MIMETYPES: Readonly<Record<PhotoFormat, string>> = { jpeg: 'image/jpeg', png: 'image/png', webp: 'image/webp' };

const originalKey = (sha256: string) => `originals/${sha256}`;

/** A rendition ready to send. */
export interface RenditionFile {
  bytes: Buffer;
  mimetype: string;
  etag: string;
}

export function toPhoto(row: repo.PhotoWithByline): Photo {
  return {
    id: row.id,
    sha256: row.sha256,
    format: row.format as PhotoFormat,
    width: row.width,
    height: row.height,
    bytes: row.bytes,
    caption: row.caption,
    alt: row.alt,
    byline: row.bylinePersonId === null ? null : { personId: row.bylinePersonId, name: row.bylineName ?? '' },
    credit: row.credit,
    copyright: row.copyright,
    usageTerms: row.usageTerms,
    takenAt: row.takenAt?.toISOString() ?? null,
    focalPoint: row.focalPoint,
    crops: row.crops,
    fileMetadata: row.fileMetadata,
    version: row.version,
    createdBy: row.createdBy,
    updatedBy: row.updatedBy,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}

/** What search finds a photo by: its caption (A), what it shows and its photographer (B), credit and copyright (D). */
export function photoSearchSource(photo: Photo): SearchSource {
  return {
    kind: 'photo',
    id: photo.id,
    status: null,
    sectionId: null,
    createdBy: photo.createdBy,
    publishedAt: null,
    updatedAt: new Date(photo.updatedAt),
    fields: [
      { text: photo.caption, weight: 'A' },
      { text: photo.alt, weight: 'B' },
      { text: photo.byline?.name, weight: 'B' },
      { text: photo.credit, weight: 'D' },
      { text: photo.copyright, weight: 'D' },
    ],
  };
}

/** The search documents of these photos: for rebuilding the index. */
export async function photoSearchSources(tx: Database, ids: readonly number[]): Promise<SearchSource[]> {
  return (await repo.photosByIdsForShare(tx, ids)).map((row) => photoSearchSource(toPhoto(row)));
}

export type PhotosService = ReturnType<typeof createPhotosService>;

/** What making or finding a rendition reads of a photo, and whether it is public. */
interface PhotoState {
  id: number;
  sha256: string;
  crops: Record<string, CropRect>;
  focalPoint: FocalPoint | null;
  copyright: string | null;
  credit: string | null;
  public: boolean;
}

/** Renditions kept in memory, by store key: small files only, so the cache stays small. */
const HOT_RENDITIONS_BYTES = 16 * 1024 * 1024;
const HOT_RENDITION_MAX_BYTES = 512 * 1024;

/**
 * The picture desk: uploads (the format read from the bytes, the caption and credits from the
 * file's metadata, the same bytes twice one photo), the photo's fields with versions and
 * revisions, and its renditions made once and kept in the media store by (checksum, rendition).
 */
export function createPhotosService({ db, store, cache, timeZone = DEFAULT_TIME_ZONE }: { db: Database; store: MediaStore; cache?: ContentCache; timeZone?: string }) {
  /** Renditions being made in this process, by store key: a second request waits for the first. */
  const making = new Map<string, Promise<RenditionFile>>();
  const hot = new LRUCache<string, RenditionFile>({ maxSize: HOT_RENDITIONS_BYTES, sizeCalculation: (file) => file.bytes.length + 200 });

  async function readState(id: number): Promise<{ version: number; value: PhotoState } | null> {
    const row = await repo.findPhoto(db, id);
    if (!row) return null;
    const { sha256, crops, focalPoint, copyright, credit } = row;
    return { version: row.version, value: { id, sha256, crops, focalPoint, copyright, credit, public: await repo.isPhotoPublic(db, id) } };
  }

  /**
   * A photo's state for its renditions, through the content cache when there is one: dropped
   * when the photo or any story changes (a story's publication makes its photos public).
   */
  async function state(id: number): Promise<PhotoState | null> {
    if (!cache) return (await readState(id))?.value ?? null;
    const rendered = await cache.readItem('photo', id, 'state', () => readState(id));
    return rendered && (JSON.parse(rendered.body) as PhotoState);
  }

  async function load(db: Database, id: number): Promise<Photo> {
    const row = (await repo.photosByIds(db, [id])).get(id);
    if (!row) throw new NotFound(`No photo ${id}`);
    return toPhoto(row);
  }

  async function original(row: repo.PhotoRow): Promise<Buffer> {
    const file = await store.get(originalKey(row.sha256));
    if (!file) throw new Error(`The media store has no original for photo ${row.id} (${row.sha256})`);
    return file.bytes;
  }

  /** The photographer a name credits: found by name, or created as a photographer. */
  async function photographer(tx: Database, byline: UpdatePhotoBody['byline']): Promise<number | null> {
    if (!byline) return null;
    const [credit] = await resolveCredits(tx, ['personId' in byline ? { role: 'photographer', personId: byline.personId } : { role: 'photographer', name: byline.name }]);
    return credit?.personId ?? null;
  }

  /** The metadata's byline as a person, when it reads as one name; otherwise none (the text stays in fileMetadata). */
  async function photographerFromFile(tx: Database, name: string | null): Promise<number | null> {
    const clean = name?.replace(/^(?:摄影|摄|photo(?:graph)?\s*(?:by)?)[:：\s]*/iu, '').replace(/\s*摄$/u, '').trim();
    if (!clean || clean.length > 100) return null;
    try {
      return await photographer(tx, { name: clean });
    } catch (error) {
      if (error instanceof Unprocessable) return null;
      throw error;
    }
  }

  function takenAt(text: string | null): Date | null {
    if (!text) return null;
    const parsed = parseTimestamp(text);
    if (parsed.kind === 'instant') return parsed.instant;
    // A camera's clock has no zone: read it as the paper's.
    if (parsed.kind === 'wall') return wallTimeInstant(parsed.wall, timeZone);
    return null;
  }

  async function makeOnce(key: string, make: () => Promise<RenditionFile>): Promise<RenditionFile> {
    const pending = making.get(key);
    if (pending) return pending;
    const promise = make().finally(() => making.delete(key));
    making.set(key, promise);
    return promise;
  }

  return {
    /**
     * Stores an uploaded file as a photo: refused (415, 413, 422) before anything is stored when
     * it is no JPEG, PNG or WebP, a decompression bomb or truncated. The same bytes again are the
     * photo already made (`created` false).
     */
    async upload(actor: Actor, bytes: Buffer): Promise<{ photo: Photo; created: boolean }> {
      const probed = await probeImage(bytes);
      const known = await repo.findPhotoBySha(db, probed.sha256);
      if (known) return { photo: await load(db, known.id), created: false };
      const metadata: PhotoFileMetadata = await readPhotoMetadata(bytes);
      // The bytes are durable before the row names them; a row never points at nothing.
      await store.put(originalKey(probed.sha256), bytes, PHOTO_MIMETYPES[probed.format]);
      return db.transaction(async (tx) => {
        const row = await repo.insertPhoto(tx, {
          sha256: probed.sha256,
          format: probed.format,
          width: probed.width,
          height: probed.height,
          bytes: probed.bytes,
          caption: metadata.caption,
          bylinePersonId: await photographerFromFile(tx, metadata.byline),
          credit: metadata.credit,
          copyright: metadata.copyright,
          usageTerms: metadata.usageTerms,
          takenAt: takenAt(metadata.takenAt),
          fileMetadata: metadata,
          createdBy: actor.userId,
          updatedBy: actor.userId,
        });
        // Another upload of the same bytes committed first.
        if (!row) return { photo: await load(tx, (await repo.findPhotoBySha(tx, probed.sha256))!.id), created: false };
        const photo = await load(tx, row.id);
        await repo.recordPhotoRevision(tx, { photoId: row.id, version: row.version, snapshot: photo, createdBy: actor.userId });
        await indexItem(tx, photoSearchSource(photo));
        await recordAudit(tx, actor, { action: 'photo.create', entity: 'photo', entityId: row.id, details: { sha256: row.sha256, bytes: row.bytes } });
        return { photo, created: true };
      });
    },

    get: (id: number) => load(db, id),

    /** Photos as a story shows them, by id, with renditions at paths under `/media/photos`; unknown ids are left out. */
    async views(ids: readonly number[]): Promise<Map<number, PublicPhoto>> {
      const rows = await repo.photosByIds(db, ids);
      return new Map([...rows].map(([id, row]) => [id, publicPhoto(row, '')]));
    },

    async list(query: ListPhotosQuery): Promise<{ items: Photo[]; nextCursor: string | null }> {
      const limit = query.limit ?? 50;
      const rows = await repo.listPhotos(db, { personId: query.photographer, before: decodeCursor(query.cursor, ['string', 'number']), limit: limit + 1 });
      const page = paginate(rows, limit, (r) => [r.createdAt.toISOString(), r.id]);
      return { items: page.items.map(toPhoto), nextCursor: page.nextCursor };
    },

    /** Edits a photo's fields; every instance drops the pages showing it. */
    async update(actor: Actor, id: number, expected: number, body: UpdatePhotoBody): Promise<Photo> {
      return db.transaction(async (tx) => {
        await lockVersioned(tx, photos, 'photo', id, expected);
        const alt = body.alt === undefined ? undefined : blankToNull(body.alt);
        if (alt === null && (await repo.isPhotoPublic(tx, id))) {
          throw new Unprocessable('A published story shows this photo: its alt text can be changed, not removed', [{ pointer: '/alt', message: 'required while the photo is published' }]);
        }
        const row = await repo.updatePhoto(tx, id, {
          ...(body.caption !== undefined && { caption: blankToNull(body.caption) }),
          ...(alt !== undefined && { alt }),
          ...(body.byline !== undefined && { bylinePersonId: await photographer(tx, body.byline) }),
          ...(body.credit !== undefined && { credit: blankToNull(body.credit) }),
          ...(body.copyright !== undefined && { copyright: blankToNull(body.copyright) }),
          ...(body.usageTerms !== undefined && { usageTerms: blankToNull(body.usageTerms) }),
          ...(body.takenAt !== undefined && { takenAt: body.takenAt === null ? null : new Date(body.takenAt) }),
          ...(body.focalPoint !== undefined && { focalPoint: body.focalPoint }),
          ...(body.crops !== undefined && { crops: body.crops }),
          updatedBy: actor.userId,
        });
        const photo = await load(tx, id);
        await repo.recordPhotoRevision(tx, { photoId: id, version: row.version, snapshot: photo, createdBy: actor.userId });
        await indexItem(tx, photoSearchSource(photo));
        await recordAudit(tx, actor, { action: 'photo.update', entity: 'photo', entityId: id, details: { fields: Object.keys(body), version: row.version } });
        await announceChange(tx, { entity: 'photo', id });
        return photo;
      });
    },

    async revisions(id: number) {
      await load(db, id);
      return (await repo.photoRevisionsOf(db, id)).map((r) => ({ version: r.version, createdBy: r.createdBy, createdAt: r.createdAt.toISOString(), snapshot: r.snapshot }));
    },

    /** The stories that use a photo. */
    async usedIn(id: number) {
      return (await repo.storiesUsing(db, id)).map((s) => ({ ...s, updatedAt: s.updatedAt.toISOString() }));
    },

    /** The original file as uploaded, for signed-in users only. */
    async original(id: number): Promise<{ bytes: Buffer; mimetype: string; format: PhotoFormat }> {
      const row = await repo.findPhoto(db, id);
      if (!row) throw new NotFound(`No photo ${id}`);
      return { bytes: await original(row), mimetype: PHOTO_MIMETYPES[row.format as PhotoFormat], format: row.format as PhotoFormat };
    },

    /**
     * One rendition: `variant` is `full`, an aspect (`16x9`) or a named crop; `width` one of the
     * rendition widths. `publicOnly`: 404 unless published content shows the photo, as for an
     * unknown id. Made on first request and kept in the store; one making at a time per key here,
     * and two instances making the same one store the same bytes under one key.
     */
    async rendition(id: number, variant: string, width: number, format: RenditionFormat, { publicOnly }: { publicOnly: boolean }): Promise<RenditionFile> {
      const photo = await state(id);
      const unknown = () => new NotFound(`No ${publicOnly ? 'published ' : ''}photo ${id} rendition ${variant}/${width}.${format}`);
      if (!photo || (publicOnly && !photo.public)) throw unknown();
      const shape = variantSpec(variant, photo.crops, photo.focalPoint);
      if (!shape) throw unknown();
      const spec: RenditionSpec = { width, format, ...shape };
      const keep = { copyright: photo.copyright, credit: photo.credit };
      let descriptor: string;
      try {
        descriptor = renditionDescriptor(spec, keep);
      } catch {
        throw unknown();
      }
      const key = `renditions/${photo.sha256}/${descriptor}`;
      const known = hot.get(key);
      if (known) return known;
      const etag = `"${createHash('sha256').update(key).digest('base64url').slice(0, 22)}"`;
      const keepHot = (file: RenditionFile) => {
        if (file.bytes.length <= HOT_RENDITION_MAX_BYTES) hot.set(key, file);
        return file;
      };
      const stored = await store.get(key);
      if (stored) return keepHot({ bytes: stored.bytes, mimetype: stored.contentType, etag });
      return makeOnce(key, async () => {
        const original = await store.get(originalKey(photo.sha256));
        if (!original) throw new Error(`The media store has no original for photo ${id} (${photo.sha256})`);
        const made = await makeRendition(original.bytes, spec, keep);
        await store.put(key, made.bytes, made.mimetype);
        return keepHot({ bytes: made.bytes, mimetype: made.mimetype, etag });
      });
    },

    /**
     * A photo for the printed page: a high-quality JPEG at 300 ppi of `widthMm` (never upscaled),
     * `heightMm` setting the aspect around the focal point; `ppi` what the original gives there.
     */
    async printImage(id: number, size: { widthMm: number; heightMm?: number }) {
      const row = await repo.findPhoto(db, id);
      if (!row) throw new NotFound(`No photo ${id}`);
      return makePrintImage(await original(row), { ...size, ...(row.focalPoint && { focal: row.focalPoint }) });
    },
  };
}

export type { CropRect, FocalPoint };
