import { Type, type Static } from 'typebox';
import { Column, Contact, KindKey, Table } from '../../contracts/notices.js';
import { Cursor, DateText, Id, Limit, nameSchemas, NonEmptyText, Page, TimeBound, Timestamp } from '../../lib/schemas.js';
import { Status, StillScheduled, workflowProperties } from '../../publishing/schemas.js';
import { Credit, CreditInput } from '../articles/schemas.js';
import { MAX_ROWS, NOTICE_PRESENTATIONS } from '../../tables/typed-table.js';

const Columns = Type.Array(Column, { minItems: 1, maxItems: 30, description: 'The table’s columns, in order' });

const CalendarDate = DateText('A calendar date, YYYY-MM-DD');
const OptionalText = (description: string, maxLength: number) => Type.Union([Type.String({ maxLength }), Type.Null()], { description });

const CellInput = Type.Union([Type.String({ maxLength: 2000 }), Type.Number(), Type.Null()]);
export const RowsInput = Type.Array(
  Type.Union([Type.Array(CellInput, { maxItems: 30 }), Type.Record(Type.String(), CellInput), Type.String({ maxLength: 2000 })]),
  {
    maxItems: MAX_ROWS,
    description:
      'The table’s rows: arrays in column order, objects by column key (or by a column’s label, each column once), or (one-column tables) plain text. Money in yuan ' +
      '(`141.55`); full ID numbers are masked before they are stored. Replaces the whole table',
  },
);

const noticeFields = {
  title: NonEmptyText('The title as printed, e.g. 赔款认领公示', 200),
  salutation: OptionalText('称呼, e.g. 尊敬的客户:', 200),
  preamble: Type.String({ maxLength: 50_000, description: 'The text before the table, as Markdown' }),
  closing: OptionalText('The closing formula, e.g. 特此公示; the kind’s when not given', 100),
  issuer: NonEmptyText('Who issues the notice, as signed', 300),
  issuedOn: CalendarDate,
  contact: Type.Union([Contact, Type.Null()]),
  claimDays: Type.Union([Type.Integer({ minimum: 1, maximum: 3650 }), Type.Null()], { description: 'The claim period: days from the issue date' }),
  deadline: Type.Union([CalendarDate, Type.Null()], { description: 'The last day to claim; derived from claimDays when not given' }),
  credits: Type.Array(CreditInput, { maxItems: 50, description: 'A byline, when the notice has one' }),
  columns: Columns,
  rows: RowsInput,
};

export const CreateNoticeBody = Type.Object(
  {
    kind: KindKey,
    title: noticeFields.title,
    salutation: Type.Optional(noticeFields.salutation),
    preamble: Type.Optional(noticeFields.preamble),
    closing: Type.Optional(noticeFields.closing),
    issuer: noticeFields.issuer,
    issuedOn: noticeFields.issuedOn,
    contact: Type.Optional(noticeFields.contact),
    claimDays: Type.Optional(noticeFields.claimDays),
    deadline: Type.Optional(noticeFields.deadline),
    credits: Type.Optional(noticeFields.credits),
    columns: Type.Optional(Type.Union([Columns, Type.Null()], { description: 'The kind’s columns when not given' })),
    rows: Type.Optional(noticeFields.rows),
  },
  { additionalProperties: false },
);
export type CreateNoticeBody = Static<typeof CreateNoticeBody>;

export const UpdateNoticeBody = Type.Object(
  {
    kind: Type.Optional(KindKey),
    title: Type.Optional(noticeFields.title),
    salutation: Type.Optional(noticeFields.salutation),
    preamble: Type.Optional(noticeFields.preamble),
    closing: Type.Optional(noticeFields.closing),
    issuer: Type.Optional(noticeFields.issuer),
    issuedOn: Type.Optional(noticeFields.issuedOn),
    contact: Type.Optional(noticeFields.contact),
    claimDays: Type.Optional(noticeFields.claimDays),
    deadline: Type.Optional(noticeFields.deadline),
    credits: Type.Optional(noticeFields.credits),
    columns: Type.Optional(
      Type.Union([Columns, Type.Null()], {
        description: 'New columns. Without `rows`, only labels and `required` may change (keys and types stay); null drops the table',
      }),
    ),
    rows: Type.Optional(noticeFields.rows),
  },
  { additionalProperties: false, minProperties: 1 },
);
export type UpdateNoticeBody = Static<typeof UpdateNoticeBody>;

export const TableBody = Type.Object(
  { columns: Type.Optional(Columns), rows: RowsInput },
  { additionalProperties: false, description: 'A whole table as JSON: rows, and columns when they change' },
);
export type TableBody = Static<typeof TableBody>;

export const Notice = Type.Object(
  {
    id: Id,
    kind: KindKey,
    title: Type.String(),
    salutation: Type.Union([Type.String(), Type.Null()]),
    preamble: Type.String({ description: 'Markdown' }),
    closing: Type.Union([Type.String(), Type.Null()]),
    issuer: Type.String(),
    issuedOn: CalendarDate,
    contact: Type.Union([Contact, Type.Null()]),
    claimDays: Type.Union([Type.Integer(), Type.Null()]),
    deadline: Type.Union([CalendarDate, Type.Null()]),
    credits: Type.Array(Credit),
    byline: Type.String(),
    table: Type.Union([Table, Type.Null()]),
    ...workflowProperties,
  },
  { additionalProperties: false },
);
export type Notice = Static<typeof Notice>;

export const Masked = Type.Array(
  Type.Object(
    {
      row: Type.Optional(Type.Integer({ description: 'A table cell’s data row, from 1: the numbering of `table.rows[].row`' })),
      fileRow: Type.Optional(Type.Integer({ description: 'For an uploaded file: the cell’s row as the file numbers it, the header counted' })),
      column: Type.Optional(Type.String({ description: 'A table cell’s column label' })),
      pointer: Type.Optional(Type.String({ description: 'A text field of the notice, e.g. `/preamble`' })),
    },
    { additionalProperties: false },
  ),
  { description: 'Where a full ID number was masked before it was stored: table cells and text fields' },
);

export const NoticeWrite = Type.Object(
  {
    ...Notice.properties,
    masked: Type.Optional(Masked),
    stillScheduled: Type.Optional(StillScheduled),
  },
  { additionalProperties: false },
);
export type NoticeWrite = Static<typeof NoticeWrite>;

export const ListNoticesQuery = Type.Object(
  {
    status: Type.Optional(Status),
    kind: Type.Optional(KindKey),
    updatedSince: Type.Optional(
      TimeBound('Only notices changed at or after this time; a plain day (YYYY-MM-DD) means from its 00:00 in the paper’s time zone'),
    ),
    limit: Type.Optional(Limit),
    cursor: Type.Optional(Cursor),
  },
  { additionalProperties: false },
);
export type ListNoticesQuery = Static<typeof ListNoticesQuery>;

export const NoticePage = Page(Notice, 'Notices, most recently changed first; tables without their rows');

export const RowsQuery = Type.Object(
  {
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 1000, default: 1000, description: 'Rows per page' })),
    cursor: Type.Optional(Cursor),
  },
  { additionalProperties: false },
);
export type RowsQuery = Static<typeof RowsQuery>;

export const NoticeKind = Type.Object(
  {
    key: KindKey,
    name: Type.String({ examples: ['赔款认领公示'] }),
    description: Type.Union([Type.String(), Type.Null()]),
    presentation: Type.Enum([...NOTICE_PRESENTATIONS]),
    columns: Type.Union([Type.Array(Column), Type.Null()], { description: 'Preset columns; null: each notice declares its own' }),
    closing: Type.Union([Type.String(), Type.Null()], { description: 'The default closing formula' }),
    version: Type.Integer({ description: 'Bumped on every change; send it back in If-Match' }),
    createdAt: Timestamp,
    updatedAt: Timestamp,
  },
  { additionalProperties: false },
);
export type NoticeKind = Static<typeof NoticeKind>;

export const CreateKindBody = Type.Object(
  {
    key: KindKey,
    name: NonEmptyText('The kind’s name, e.g. 补贴发放公示', 100),
    description: Type.Optional(OptionalText('What notices of this kind are for', 1000)),
    presentation: Type.Optional(Type.Enum([...NOTICE_PRESENTATIONS], { default: 'table' })),
    columns: Type.Optional(Type.Union([Columns, Type.Null()])),
    closing: Type.Optional(OptionalText('The default closing formula', 100)),
  },
  { additionalProperties: false },
);
export type CreateKindBody = Static<typeof CreateKindBody>;

export const UpdateKindBody = Type.Object(
  {
    name: Type.Optional(NonEmptyText('The kind’s name', 100)),
    description: Type.Optional(OptionalText('What notices of this kind are for', 1000)),
    presentation: Type.Optional(Type.Enum([...NOTICE_PRESENTATIONS])),
    columns: Type.Optional(Type.Union([Columns, Type.Null()], { description: 'The preset for notices filed from now on' })),
    closing: Type.Optional(OptionalText('The default closing formula', 100)),
  },
  { additionalProperties: false, minProperties: 1 },
);
export type UpdateKindBody = Static<typeof UpdateKindBody>;

export const KindParams = Type.Object({ key: KindKey }, { additionalProperties: false });

nameSchemas({
  RowsInput, CreateNoticeBody, UpdateNoticeBody, TableBody, Notice, Masked, NoticeWrite, NoticePage, NoticeKind, CreateKindBody, UpdateKindBody,
});
