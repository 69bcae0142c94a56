import { Type, type Static } from 'typebox';
import { Id, nameSchemas, says, TimeBound, Timestamp, WORDS } from '../lib/schemas.js';
import { PublicCredit } from './credits.js';
import { PublicPhoto, PublicRendition } from './photos.js';

export const PublicCorrection = Type.Object(
  {
    id: Id,
    text: Type.String({ description: 'The correction, as published' }),
    createdAt: Timestamp,
  },
  { additionalProperties: false },
);

export const PublicSectionRef = Type.Object(
  { id: Id, name: Type.String(), slug: Type.String() },
  { additionalProperties: false },
);

/** A published article as the public content API delivers it. */
export const PublicArticle = Type.Object(
  {
    id: Id,
    version: Type.Integer({ description: 'The article version this rendering is of' }),
    url: Type.String({ description: 'The article’s web page' }),
    kicker: Type.Union([Type.String(), Type.Null()], { description: '引题' }),
    headline: Type.String({ description: '主题' }),
    subtitle: Type.Union([Type.String(), Type.Null()], { description: '副题' }),
    summary: Type.Union([Type.String(), Type.Null()]),
    byline: Type.String({ description: 'The byline as printed: consecutive names of one role grouped', examples: ['记者 国晓宁 通讯员 楚克伟'] }),
    credits: Type.Array(PublicCredit),
    section: Type.Union([PublicSectionRef, Type.Null()]),
    publishedAt: Timestamp,
    updatedAt: Timestamp,
    leadPhoto: Type.Union([PublicPhoto, Type.Null()], { description: 'The lead photo (题图), with this story’s caption for it when it has its own' }),
    photos: Type.Array(PublicPhoto, { description: 'The body’s figures in order, each with its figure’s caption when it has one' }),
    bodyHtml: Type.String({
      description:
        'The body as HTML: sub-heads, paragraphs, lists, quotes, tables, links, and figures (`<figure><picture>` with AVIF, WebP and JPEG `srcset`, caption and credit); no scripts or raw HTML',
    }),
    corrections: Type.Array(PublicCorrection, { description: 'Corrections, oldest first' }),
    language: Type.String({ description: 'BCP 47 language tag', examples: ['zh-CN'] }),
    characters: Type.Integer({ description: 'Characters of body text; a Han character counts one' }),
  },
  { additionalProperties: false },
);
export type PublicArticle = Static<typeof PublicArticle>;

/** A story's lead photo as a list of stories shows it: the photo, and a small 3:2 cut of it. */
export const PublicTeaserPhoto = Type.Object(
  {
    ...PublicPhoto.properties,
    thumbnails: Type.Array(PublicRendition, {
      description: 'A 3:2 cut around the focal point in AVIF, WebP and JPEG, 320 and 640 wide (never wider than the cut), for a teaser’s thumbnail',
    }),
  },
  { additionalProperties: false },
);
export type PublicTeaserPhoto = Static<typeof PublicTeaserPhoto>;

export const PublicArticleSummary = Type.Object(
  {
    id: Id,
    url: Type.String({ description: 'The article’s web page' }),
    kicker: Type.Union([Type.String(), Type.Null()]),
    headline: Type.String(),
    subtitle: Type.Union([Type.String(), Type.Null()]),
    summary: Type.Union([Type.String(), Type.Null()]),
    byline: Type.String(),
    section: Type.Union([PublicSectionRef, Type.Null()]),
    leadPhoto: Type.Union([PublicTeaserPhoto, Type.Null()], { description: 'The lead photo, with its thumbnail' }),
    publishedAt: Timestamp,
    updatedAt: Timestamp,
  },
  { additionalProperties: false },
);
export type PublicArticleSummary = Static<typeof PublicArticleSummary>;

export const PublicArticleList = Type.Object(
  {
    items: Type.Array(PublicArticleSummary, { description: 'Published articles, newest first' }),
    nextCursor: Type.Union([Type.String(), Type.Null()], { description: 'Cursor of the next page; null on the last page' }),
  },
  { additionalProperties: false },
);

export const PublicArticleQuery = Type.Object(
  {
    format: Type.Optional(Type.Enum(['json', 'ninjs'], { description: '`ninjs`: the item as IPTC ninjs 2.2' })),
    lang: Type.Optional(Type.Enum(['zh', 'en'], { description: 'Language of the byline’s role labels: `zh` (记者 张丽, the default) or `en` (Reporter: Zhang Li)' })),
  },
  { additionalProperties: false },
);

export const PublicListQuery = Type.Object(
  {
    section: Type.Optional(Type.String({ pattern: '^[a-z0-9]+(?:-[a-z0-9]+)*$', ...says(WORDS.slug), maxLength: 60, description: 'Only this section (its slug)' })),
    from: Type.Optional(TimeBound('Published at or after this time; a plain day (YYYY-MM-DD) means from its 00:00 in the paper’s time zone')),
    to: Type.Optional(
      TimeBound('Published before this time; a plain day (YYYY-MM-DD) means to the end of that day in the paper’s time zone, the day included'),
    ),
    lang: Type.Optional(Type.Enum(['zh', 'en'], { description: 'Language of the bylines’ role labels; default `zh`' })),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 100, default: 20 })),
    cursor: Type.Optional(Type.String({ maxLength: 512 })),
  },
  { additionalProperties: false },
);
export type PublicListQuery = Static<typeof PublicListQuery>;

nameSchemas({ PublicCorrection, PublicSectionRef, PublicArticle, PublicTeaserPhoto, PublicArticleSummary, PublicArticleList });
