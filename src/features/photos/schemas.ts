import { Type, type Static } from 'typebox';
import { Cursor, Id, Limit, nameSchemas, Page, says, Timestamp } from '../../lib/schemas.js';
import { CreditInput } from '../articles/schemas.js';

const Text = (description: string, maxLength: number) => Type.Union([Type.String({ maxLength }), Type.Null()], { description });
const Fraction = Type.Number({ minimum: 0, maximum: 1 });

export const FocalPoint = Type.Object({ x: Fraction, y: Fraction }, { additionalProperties: false, description: 'The subject’s place, 0..1 from the top left' });

export const CropRect = Type.Object(
  { x: Fraction, y: Fraction, width: Type.Number({ exclusiveMinimum: 0, maximum: 1 }), height: Type.Number({ exclusiveMinimum: 0, maximum: 1 }) },
  { additionalProperties: false, description: 'A rectangle of the picture, 0..1 of its width and height: top-left corner and size' },
);

const CropName = '^[a-z0-9][a-z0-9-]{0,29}$';
const CROP_NAME_WORDS = 'must be a crop name: lower-case letters, digits and hyphens, up to 30, starting with a letter or digit';
const Crops = Type.Record(Type.String({ pattern: CropName, ...says(CROP_NAME_WORDS) }), CropRect, {
  additionalProperties: false,
  maxProperties: 12,
  description: 'Named crops (`square`, `wide`, `a01-lead`…): lower-case letters, digits and hyphens',
});

const FileMetadata = Type.Object(
  {
    caption: Type.Union([Type.String(), Type.Null()]),
    byline: Type.Union([Type.String(), Type.Null()]),
    credit: Type.Union([Type.String(), Type.Null()]),
    copyright: Type.Union([Type.String(), Type.Null()]),
    usageTerms: Type.Union([Type.String(), Type.Null()]),
    takenAt: Type.Union([Type.String(), Type.Null()]),
  },
  { additionalProperties: false, description: 'What the file’s IPTC, XMP and EXIF said when it was uploaded' },
);

export const Photo = Type.Object(
  {
    id: Id,
    sha256: Type.String({ description: 'SHA-256 of the original file, hex' }),
    format: Type.Enum(['jpeg', 'png', 'webp'], { description: 'Read from the file’s bytes' }),
    width: Type.Integer({ description: 'Pixels, orientation applied' }),
    height: Type.Integer(),
    bytes: Type.Integer({ description: 'Size of the original file' }),
    caption: Type.Union([Type.String(), Type.Null()], { description: '说明' }),
    alt: Type.Union([Type.String(), Type.Null()], { description: 'What the picture shows, for screen readers; required before a story showing it is published' }),
    byline: Type.Union([Type.Object({ personId: Id, name: Type.String() }, { additionalProperties: false }), Type.Null()], {
      description: 'The photographer, credited with role `photographer`',
    }),
    credit: Type.Union([Type.String(), Type.Null()]),
    copyright: Type.Union([Type.String(), Type.Null()]),
    usageTerms: Type.Union([Type.String(), Type.Null()]),
    takenAt: Type.Union([Timestamp, Type.Null()]),
    focalPoint: Type.Union([FocalPoint, Type.Null()]),
    crops: Crops,
    fileMetadata: FileMetadata,
    version: Type.Integer(),
    createdBy: Id,
    updatedBy: Id,
    createdAt: Timestamp,
    updatedAt: Timestamp,
  },
  { additionalProperties: false },
);
export type Photo = Static<typeof Photo>;

export const UpdatePhotoBody = Type.Object(
  {
    caption: Type.Optional(Text('说明', 1000)),
    alt: Type.Optional(Text('What the picture shows, for screen readers', 500)),
    byline: Type.Optional(Type.Union([Type.Object({ personId: Id }, { additionalProperties: false }), Type.Object({ name: Type.String({ minLength: 1, maxLength: 100 }) }, { additionalProperties: false }), Type.Null()], {
      description: 'The photographer: a known person by id, or a name (found, or created as a photographer)',
    })),
    credit: Type.Optional(Text('The credit line (agency, paper)', 200)),
    copyright: Type.Optional(Text('The copyright notice', 300)),
    usageTerms: Type.Optional(Text('Rights and restrictions', 1000)),
    takenAt: Type.Optional(Type.Union([Timestamp, Type.Null()])),
    focalPoint: Type.Optional(Type.Union([FocalPoint, Type.Null()])),
    crops: Type.Optional(Crops),
  },
  { additionalProperties: false, minProperties: 1 },
);
export type UpdatePhotoBody = Static<typeof UpdatePhotoBody>;

export const ListPhotosQuery = Type.Object(
  {
    photographer: Type.Optional(Type.Integer({ minimum: 1, maximum: 2147483647, description: 'Only this person’s photos' })),
    limit: Type.Optional(Limit),
    cursor: Type.Optional(Cursor),
  },
  { additionalProperties: false },
);
export type ListPhotosQuery = Static<typeof ListPhotosQuery>;

export const PhotoPage = Page(Photo, 'Photos, newest first');

export const PhotoRevision = Type.Object(
  { version: Type.Integer(), createdBy: Type.Union([Id, Type.Null()]), createdAt: Timestamp, snapshot: Type.Record(Type.String(), Type.Unknown()) },
  { additionalProperties: false },
);

export const RenditionParams = Type.Object(
  {
    id: Id,
    variant: Type.String({ pattern: '^[a-z0-9][a-z0-9-]{0,29}$', ...says('must be full, an aspect such as 16x9, or a crop name'), description: '`full` (the whole frame), an aspect (`16x9`, `4x3`, `3x2`, `1x1`, `3x4`) cut around the focal point, or a named crop' }),
    file: Type.String({ pattern: '^[0-9]{3,4}\\.(avif|webp|jpg)$', ...says('must be a width and a format, such as 640.webp'), description: 'Width and format: `640.webp`; widths 320, 640, 1024, 1200, 1600' }),
  },
  { additionalProperties: false },
);
export type RenditionParams = Static<typeof RenditionParams>;

export { CreditInput };

nameSchemas({ FocalPoint, CropRect, Photo, UpdatePhotoBody, PhotoPage, PhotoRevision });
