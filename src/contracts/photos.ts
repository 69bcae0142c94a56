import { Type, type Static } from 'typebox';
import { Id, nameSchemas } from '../lib/schemas.js';
import { PublicCredit } from './credits.js';

/** One size of a published photo, as a front-end picks from a srcset. */
export const PublicRendition = Type.Object(
  {
    href: Type.String({ description: 'The file’s URL; answered only while published content shows the photo' }),
    width: Type.Integer(),
    height: Type.Integer(),
    mimetype: Type.String({ examples: ['image/avif', 'image/webp', 'image/jpeg'] }),
  },
  { additionalProperties: false },
);
export type PublicRendition = Static<typeof PublicRendition>;

/** A photo as published content shows it. */
export const PublicPhoto = Type.Object(
  {
    id: Id,
    caption: Type.Union([Type.String(), Type.Null()], { description: '说明: the caption as this story gives it' }),
    alt: Type.String({ description: 'What the picture shows, for screen readers' }),
    byline: Type.Union([Type.String(), Type.Null()], { description: 'The photographer’s credit as printed', examples: ['记者 孙悦 摄'] }),
    credits: Type.Array(PublicCredit, { description: 'The photographer, credited with role `photographer`' }),
    credit: Type.Union([Type.String(), Type.Null()], { description: 'The credit line (agency, paper)' }),
    copyright: Type.Union([Type.String(), Type.Null()]),
    width: Type.Integer({ description: 'The original’s width in pixels, orientation applied' }),
    height: Type.Integer(),
    focalPoint: Type.Union([Type.Object({ x: Type.Number(), y: Type.Number() }, { additionalProperties: false }), Type.Null()], {
      description: 'Where the picture’s subject is, 0..1 from the top left: crop around it',
    }),
    renditions: Type.Array(PublicRendition, { description: 'The whole frame in AVIF, WebP and JPEG at 320, 640, 1024 and 1600 wide (never wider than the original)' }),
  },
  { additionalProperties: false },
);
export type PublicPhoto = Static<typeof PublicPhoto>;

nameSchemas({ PublicRendition, PublicPhoto });
