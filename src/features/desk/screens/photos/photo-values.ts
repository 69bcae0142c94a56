import type { Photo, UpdatePhotoBody } from '../../../photos/schemas.js';
import { field } from '../../forms.js';

/** A photo's fields as its form holds them: text as typed, the focal point as two numbers' text. */
export interface PhotoFormValues {
  caption: string;
  alt: string;
  /** The photographer's name (摄影); blank for none. */
  byline: string;
  credit: string;
  copyright: string;
  focalX: string;
  focalY: string;
}

/** The form's fields with their labels, in the order the form shows them. */
export const PHOTO_FIELD_LABELS: Record<keyof PhotoFormValues, string> = {
  caption: '说明',
  alt: '替代文字',
  byline: '摄影',
  credit: '来源',
  copyright: '版权',
  focalX: '焦点',
  focalY: '焦点',
};

const fraction = (n: number) => String(Math.round(n * 1000) / 1000);

export function photoValues(photo: Photo): PhotoFormValues {
  return {
    caption: photo.caption ?? '',
    alt: photo.alt ?? '',
    byline: photo.byline?.name ?? '',
    credit: photo.credit ?? '',
    copyright: photo.copyright ?? '',
    focalX: photo.focalPoint ? fraction(photo.focalPoint.x) : '',
    focalY: photo.focalPoint ? fraction(photo.focalPoint.y) : '',
  };
}

/** Browsers send a textarea's line breaks as CRLF. */
const text = (body: unknown, name: string) => (field(body, name) ?? '').replace(/\r\n?/g, '\n');

export function postedPhotoValues(body: unknown): PhotoFormValues {
  return {
    caption: text(body, 'caption'),
    alt: text(body, 'alt'),
    byline: text(body, 'byline'),
    credit: text(body, 'credit'),
    copyright: text(body, 'copyright'),
    focalX: text(body, 'focalX').trim(),
    focalY: text(body, 'focalY').trim(),
  };
}

/** A focal coordinate as typed: a number, or the text for the schema to refuse. */
const coordinate = (value: string): number | string => (/^-?\d*\.?\d+$/.test(value) ? Number(value) : value);

/**
 * The API's update body from the form, for `checkForm` against `UpdatePhotoBody`: blank text is
 * null; the photographer is left as it is when the name is unchanged (so a known person stays
 * that person), else found or made by name; no focal point when both numbers are blank.
 */
export function updateBody(values: PhotoFormValues, photo: Photo): UpdatePhotoBody {
  const name = values.byline.trim();
  const byline = name === (photo.byline?.name ?? '') ? undefined : name === '' ? null : { name };
  const focal = values.focalX === '' && values.focalY === '' ? null : { x: coordinate(values.focalX), y: coordinate(values.focalY) };
  return {
    caption: values.caption,
    alt: values.alt,
    ...(byline !== undefined && { byline }),
    credit: values.credit,
    copyright: values.copyright,
    focalPoint: focal as UpdatePhotoBody['focalPoint'],
  };
}

/** The form's fields (by label) where what was sent differs from the photo as saved now. */
export function photoDifferences(sent: PhotoFormValues, saved: PhotoFormValues): string[] {
  const names = (Object.keys(PHOTO_FIELD_LABELS) as (keyof PhotoFormValues)[]).filter((name) => sent[name].trim() !== saved[name].trim());
  return [...new Set(names.map((name) => PHOTO_FIELD_LABELS[name]))];
}

/** What the editor's script is told of a photo: enough to fill its form and show it. */
export function photoSummary(photo: Photo) {
  return {
    id: photo.id,
    width: photo.width,
    height: photo.height,
    caption: photo.caption,
    alt: photo.alt,
    byline: photo.byline?.name ?? null,
    credit: photo.credit,
    copyright: photo.copyright,
    focalPoint: photo.focalPoint,
    version: photo.version,
    page: `/desk/photos/${photo.id}`,
    thumbnail: renditionUrl(photo.id, 'full', 640),
  };
}

/** A rendition as the desk serves it to signed-in users (published or not). */
export function renditionUrl(id: number, variant: string, width: number, format: 'jpg' | 'webp' | 'avif' = 'jpg'): string {
  return `/desk/photos/${id}/${variant}/${width}.${format}`;
}
