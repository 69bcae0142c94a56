import { eq, getTableColumns, inArray } from 'drizzle-orm';
import type { PublicRendition } from '../../contracts/photos.js';
import type { Database } from '../../db/client.js';
import { articles, people, photos } from '../../db/schema/index.js';
import { OG_IMAGE_WIDTH, RENDITION_FORMATS, RENDITION_MIMETYPES } from '../../render/media/renditions.js';
import { renditionPath } from './public.js';
import type { PhotoWithByline } from './repository.js';
import { ASPECTS } from './variants.js';

/** A teaser's thumbnail: 3:2 around the focal point, small enough for a list of stories. */
export const THUMBNAIL_VARIANT = '3x2';
const THUMBNAIL_WIDTHS = [320, 640] as const;

/** What one use of a story's lead photo needs: the photo and this story's own caption for it. */
export type LeadPhotoRow = PhotoWithByline & { articleId: number; leadPhotoCaption: string | null };

/**
 * The lead photos of a page of stories, with their photographers' names, in one query: keyed by
 * the article's id, stories without one left out.
 */
export async function leadPhotosOf(db: Database, articleIds: readonly number[]): Promise<Map<number, LeadPhotoRow>> {
  if (articleIds.length === 0) return new Map();
  const rows = await db
    .select({
      ...getTableColumns(photos),
      bylineName: people.name,
      bylineRole: people.defaultRole,
      articleId: articles.id,
      leadPhotoCaption: articles.leadPhotoCaption,
    })
    .from(articles)
    .innerJoin(photos, eq(photos.id, articles.leadPhotoId))
    .leftJoin(people, eq(people.id, photos.bylinePersonId))
    .where(inArray(articles.id, [...articleIds]));
  return new Map(rows.map((row) => [row.articleId, row]));
}

/**
 * The 3:2 thumbnail of a photo at 320 and 640 wide (the one that is narrower than asked when
 * the cut is: never upscaled), each format, smallest first within each format.
 */
export function thumbnailRenditions(photo: { id: number; width: number; height: number }, baseUrl: string): PublicRendition[] {
  const aspect = ASPECTS[THUMBNAIL_VARIANT]!;
  // The largest 3:2 rectangle the frame holds.
  const cutWidth = Math.min(photo.width, Math.floor((photo.height * aspect.w) / aspect.h));
  const widths = [...new Set(THUMBNAIL_WIDTHS.map((w) => Math.min(w, cutWidth)))];
  return RENDITION_FORMATS.flatMap((format) =>
    widths.map((actual, i) => ({
      href: `${baseUrl}${renditionPath(photo.id, THUMBNAIL_VARIANT, THUMBNAIL_WIDTHS[i]!, format)}`,
      width: actual,
      height: Math.max(1, Math.round((actual * aspect.h) / aspect.w)),
      mimetype: RENDITION_MIMETYPES[format],
    })),
  );
}

/**
 * The picture social sites and search engines show for a page (og:image, JSON-LD `image`): the
 * whole frame as a JPEG 1200 wide, or the original's width when narrower.
 */
export function shareImage(photo: { id: number; width: number; height: number }, baseUrl: string): PublicRendition {
  const width = Math.min(OG_IMAGE_WIDTH, photo.width);
  return {
    href: `${baseUrl}${renditionPath(photo.id, 'full', OG_IMAGE_WIDTH, 'jpeg')}`,
    width,
    height: Math.max(1, Math.round((photo.height * width) / photo.width)),
    mimetype: RENDITION_MIMETYPES.jpeg,
  };
}
