import { Type, type Static } from 'typebox';
import { GRIDS, type Grid as GridKey } from '../document/grids.js';
import { Id, nameSchemas, PAGE_LABEL_WORDS, says, Timestamp } from '../lib/schemas.js';
import { PublicSectionRef } from './articles.js';

const EDITION_DAY_WORDS = 'must be a date as YYYY-MM-DD, in the years 1800 to 2999';

export const EditionDate = Type.String({
  format: 'date',
  pattern: '^(1[89]|2[0-9])[0-9]{2}-',
  ...says(EDITION_DAY_WORDS),
  description: 'The day the edition appears (YYYY-MM-DD, years 1800–2999); one edition a day',
  examples: ['2024-04-11'],
});

/** A day bounding a list of editions. */
export const DayBound = (description: string) =>
  Type.String({ format: 'date', pattern: '^(1[89]|2[0-9])[0-9]{2}-', ...says(EDITION_DAY_WORDS), description });

export const PageLabel = Type.String({
  pattern: '^[A-Z](0[1-9]|[1-9][0-9])$',
  ...says(PAGE_LABEL_WORDS),
  description: 'Page label: a capital letter (the part of the paper) and a two-digit page number, A01 … Z99',
  examples: ['A03'],
});

export const Grid = Type.Enum(Object.keys(GRIDS) as GridKey[], {
  description: 'The print grid: `broadsheet-8` (对开, 8 columns) or `tabloid-5` (四开, 5 columns)',
});

const EditionUrl = Type.String({ description: 'The edition’s e-paper index on the web site' });

export const PublicEditionSummary = Type.Object(
  {
    date: EditionDate,
    issueNumber: Type.Integer({ description: '总第N期' }),
    releasedAt: Timestamp,
    pageCount: Type.Integer({ minimum: 0 }),
    url: EditionUrl,
  },
  { additionalProperties: false },
);
export type PublicEditionSummary = Static<typeof PublicEditionSummary>;

export const PublicEditionList = Type.Object(
  {
    items: Type.Array(PublicEditionSummary, { description: 'Released editions, newest first' }),
    nextCursor: Type.Union([Type.String(), Type.Null()], { description: 'Cursor of the next page; null on the last page' }),
  },
  { additionalProperties: false },
);

export const PublicPlacedItem = Type.Object(
  {
    kind: Type.Enum(['article', 'notice']),
    id: Id,
    kicker: Type.Union([Type.String(), Type.Null()], { description: 'An article’s 引题; null for a notice' }),
    headline: Type.String({ description: 'An article’s headline or a notice’s title' }),
    subtitle: Type.Union([Type.String(), Type.Null()], { description: 'An article’s 副题; null for a notice' }),
    byline: Type.String({ description: 'An article’s byline as printed (记者 国晓宁 通讯员 楚克伟); empty for a notice' }),
    summary: Type.Union([Type.String(), Type.Null()], { description: 'An article’s summary; null for a notice' }),
    url: Type.String({ description: 'The item’s web page; its JSON is at /content/v1/articles/{id} or /content/v1/notices/{id}' }),
  },
  { additionalProperties: false },
);

export const PublicEditionPage = Type.Object(
  {
    label: PageLabel,
    name: Type.String({ examples: ['聊城新闻'] }),
    section: Type.Union([PublicSectionRef, Type.Null()]),
    editor: Type.Union([Type.String(), Type.Null()], { description: 'The page editor’s name, as printed (责任编辑)' }),
    grid: Grid,
    url: Type.String({ description: 'The page on the web site' }),
    items: Type.Array(PublicPlacedItem, { description: 'Its published items in page order' }),
  },
  { additionalProperties: false },
);

export const PublicEdition = Type.Object(
  {
    date: EditionDate,
    issueNumber: Type.Integer({ description: '总第N期' }),
    releasedAt: Timestamp,
    url: EditionUrl,
    pages: Type.Array(PublicEditionPage, { description: 'Pages in label order' }),
  },
  { additionalProperties: false },
);
export type PublicEdition = Static<typeof PublicEdition>;

export const PublicEditionsQuery = Type.Object(
  {
    from: Type.Optional(DayBound('Editions dated on or after this day (YYYY-MM-DD, a day of the paper’s calendar)')),
    to: Type.Optional(DayBound('Editions dated on or before this day, the day included (YYYY-MM-DD)')),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 100, default: 20 })),
    cursor: Type.Optional(Type.String({ maxLength: 512 })),
  },
  { additionalProperties: false },
);
export type PublicEditionsQuery = Static<typeof PublicEditionsQuery>;

nameSchemas({ Grid, PublicEditionSummary, PublicEditionList, PublicPlacedItem, PublicEditionPage, PublicEdition });
