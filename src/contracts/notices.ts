import { Type, type Static } from 'typebox';
import { COLUMN_TYPES } from '../tables/cells.js';
import { NOTICE_PRESENTATIONS } from '../tables/typed-table.js';
import { Cursor, DateText, Id, nameSchemas, NonEmptyText, Page, says, TimeBound, Timestamp } from '../lib/schemas.js';
import { PublicCredit } from './credits.js';

export const KindKey = Type.String({ pattern: '^[a-z][a-z0-9_]{0,39}$', ...says('must be a key: a lowercase letter, then up to 39 lowercase letters, digits or underscores'), description: 'A notice kind', examples: ['payout_claim'] });

export const ColumnKey = Type.String({ pattern: '^[a-z][a-z0-9_]{0,39}$', ...says('must be a key: a lowercase letter, then up to 39 lowercase letters, digits or underscores'), description: 'The column’s key in JSON rows', examples: ['amount'] });

export const ColumnType = Type.Enum([...COLUMN_TYPES], {
  description:
    'text; integer; decimal (exact, e.g. 6.5 亩); year; date (YYYY-MM-DD); money (yuan in, stored as integer fen, totalled); ' +
    'id_cn (resident ID number, stored masked as 3725011966****4816); phone',
});

export const Column = Type.Object(
  {
    key: ColumnKey,
    label: NonEmptyText('The header as printed; uploaded files are matched to columns by it', 40),
    type: ColumnType,
    required: Type.Optional(Type.Boolean({ description: 'Every row must fill it in' })),
  },
  { additionalProperties: false },
);

export const Contact = Type.Object(
  { name: NonEmptyText('联系人', 100), phone: NonEmptyText('联系电话', 40) },
  { additionalProperties: false, description: 'Whom to contact', examples: [{ name: '温经理', phone: '0635-8242056' }] },
);

const CellValue = Type.Union([Type.String(), Type.Number(), Type.Null()]);

export const TableRow = Type.Object(
  {
    row: Type.Integer({ description: 'The data row, from 1 (the header not counted); `masked` and table problems number rows the same way' }),
    values: Type.Array(CellValue, { description: 'Stored values in column order: money in fen, ID numbers masked' }),
    display: Type.Array(Type.String(), { description: 'The values as printed: money in yuan with two decimals' }),
  },
  { additionalProperties: false },
);

export const Total = Type.Object(
  {
    key: ColumnKey,
    label: Type.String(),
    value: Type.Integer({ description: 'Fen' }),
    display: Type.String({ examples: ['2,394.26'] }),
  },
  { additionalProperties: false, description: 'The derived total of a money column' },
);

export const Table = Type.Object(
  {
    presentation: Type.Enum([...NOTICE_PRESENTATIONS], { description: '`table`: a grid with a header; `list`: text entries' }),
    columns: Type.Array(Column),
    rowCount: Type.Integer(),
    totals: Type.Array(Total),
    rows: Type.Optional(Type.Array(TableRow, { description: 'The first rows (up to 1,000); page on with `nextCursor`' })),
    nextCursor: Type.Optional(Type.Union([Type.String(), Type.Null()], { description: 'Cursor for the rows endpoint; null when every row is here' })),
  },
  { additionalProperties: false },
);
export type Table = Static<typeof Table>;

export const RowsPage = Page(TableRow, 'Rows of a notice’s table, in order');

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

nameSchemas({ ColumnType, Column, Contact, TableRow, Total, Table, RowsPage, PublicNotice, PublicNoticeSummary, PublicNoticeList });
