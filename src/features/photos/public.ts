import type { PublicPhoto, PublicRendition } from '../../contracts/photos.js';
import { formatByline } from '../../document/byline-writer.js';
import { ROLE_LABELS, type BylineLanguage, type CreditRole } from '../../document/credit-roles.js';
import { RENDITION_FORMATS, RENDITION_MIMETYPES, RENDITION_WIDTHS, type RenditionFormat } from '../../render/media/renditions.js';
import type { PhotoWithByline } from './repository.js';

const EXTENSIONS: Record<RenditionFormat, string> = { avif: 'avif', webp: 'webp', jpeg: 'jpg' };

/** The path of one rendition under the site: `/media/photos/12/full/640.webp`. */
export function renditionPath(id: number, variant: string, width: number, format: RenditionFormat): string {
  return `/media/photos/${id}/${variant}/${width}.${EXTENSIONS[format]}`;
}

/**
 * The widths a photo is offered at: each rendition width narrower than the original, and the
 * next one up, which is made at the original's own width (never upscaled).
 */
export function offeredWidths(originalWidth: number): { width: number; actual: number }[] {
  const narrower = RENDITION_WIDTHS.filter((w) => w < originalWidth);
  const next = RENDITION_WIDTHS.find((w) => w >= originalWidth);
  return [...narrower, ...(next === undefined ? [] : [next])].map((width) => ({ width, actual: Math.min(width, originalWidth) }));
}

/** The whole frame in every format and offered width, smallest first within each format. */
export function fullRenditions(photo: { id: number; width: number; height: number }, baseUrl: string): PublicRendition[] {
  return RENDITION_FORMATS.flatMap((format) =>
    offeredWidths(photo.width).map(({ width, actual }) => ({
      href: `${baseUrl}${renditionPath(photo.id, 'full', width, format)}`,
      width: actual,
      height: Math.round((photo.height * actual) / photo.width),
      mimetype: RENDITION_MIMETYPES[format],
    })),
  );
}

/**
 * The photographer's credit as a caption prints it: 记者 孙悦 摄 for a staff reporter, 通讯员 王强 摄
 * for a correspondent, 孙悦 摄 otherwise; `Photographer: Sun Yue` in English.
 */
export function photoByline(name: string | null, role: CreditRole | null, lang: BylineLanguage = 'zh'): string | null {
  if (!name) return null;
  if (lang === 'en') return formatByline([{ role: 'photographer', name }], 'en');
  const title = role === 'reporter' || role === 'correspondent' || role === 'intern' ? `${ROLE_LABELS.zh[role]} ` : '';
  return `${title}${name} 摄`;
}

/** A photo as published content shows it; `caption` is this use's caption when it has its own. */
export function publicPhoto(row: PhotoWithByline, baseUrl: string, caption?: string | null, lang: BylineLanguage = 'zh'): PublicPhoto {
  return {
    id: row.id,
    caption: caption || row.caption,
    alt: row.alt ?? '',
    byline: photoByline(row.bylineName, row.bylineRole, lang),
    credits: row.bylinePersonId === null ? [] : [{ role: 'photographer', personId: row.bylinePersonId, name: row.bylineName ?? '' }],
    credit: row.credit,
    copyright: row.copyright,
    width: row.width,
    height: row.height,
    focalPoint: row.focalPoint,
    renditions: fullRenditions(row, baseUrl),
  };
}
