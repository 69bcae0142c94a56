import { Type, type Static } from 'typebox';
import { Cursor, DateText, Id, TimeBound, Timestamp } from '../../lib/schemas.js';
import { PublicCredit } from '../articles/public-schemas.js';
import { Contact, KindKey, RowsPage, Table } from './schemas.js';

const CalendarDate = DateText('YYYY-MM-DD');

/** A published notice as the public content API delivers it. */
export const PublicNotice = Type.Object(
  {
    id: Id,
    version: Type.Integer({ description: 'The notice version this rendering is of' }),
    url: Type.String({ description: 'The notice’s web page' }),
    kind: KindKey,
    kindName: Type.String({ description: 'The kind’s name', examples: ['赔款认领公示'] }),
    title: Type.String(),
    salutation: Type.Union([Type.String(), Type.Null()]),
    preambleHtml: Type.String({ description: 'The preamble rendered from Markdown; user text escaped' }),
    closing: Type.Union([Type.String(), Type.Null()]),
    issuer: Type.String(),
    issuedOn: CalendarDate,
    contact: Type.Union([Contact, Type.Null()]),
    claimDays: Type.Union([Type.Integer(), Type.Null()]),
    deadline: Type.Union([CalendarDate, Type.Null()], { description: 'The last day to claim' }),
    byline: Type.String(),
    credits: Type.Array(PublicCredit),
    table: Type.Union([Table, Type.Null()], { description: 'Columns, totals and the first 1,000 rows; page on with `nextCursor`' }),
    publishedAt: Timestamp,
    updatedAt: Timestamp,
    language: Type.Literal('zh-CN'),
  },
  { additionalProperties: false },
);
export type PublicNotice = Static<typeof PublicNotice>;

export const PublicNoticeSummary = Type.Object(
  {
    id: Id,
    url: Type.String(),
    kind: KindKey,
    kindName: Type.String({ examples: ['赔款认领公示'] }),
    title: Type.String(),
    issuer: Type.String(),
    issuedOn: CalendarDate,
    deadline: Type.Union([CalendarDate, Type.Null()]),
    rowCount: Type.Integer({ description: 'Rows in its table; 0 without one' }),
    publishedAt: Timestamp,
    updatedAt: Timestamp,
  },
  { additionalProperties: false },
);
export type PublicNoticeSummary = Static<typeof PublicNoticeSummary>;

export const PublicNoticeList = Type.Object({
  items: Type.Array(PublicNoticeSummary),
  nextCursor: Type.Union([Type.String(), Type.Null()]),
});

export const PublicNoticeListQuery = Type.Object(
  {
    kind: Type.Optional(KindKey),
    from: Type.Optional(TimeBound('Published at or after this time; a plain day (YYYY-MM-DD) means from its 00:00 in the paper’s time zone')),
    to: Type.Optional(
      TimeBound('Published before this time; a plain day (YYYY-MM-DD) means to the end of that day in the paper’s time zone, the day included'),
    ),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 100, default: 20 })),
    cursor: Type.Optional(Cursor),
  },
  { additionalProperties: false },
);
export type PublicNoticeListQuery = Static<typeof PublicNoticeListQuery>;

export const PublicRowsPage = RowsPage;
