import { Type, type Static } from 'typebox';
import { Id, nameSchemas } from '../../lib/schemas.js';
import { Article } from '../articles/schemas.js';
import { EditionDate, PageLabel } from '../../contracts/editions.js';
import { Column, Contact, KindKey } from '../../contracts/notices.js';
import { CreditRole } from '../../contracts/credits.js';
import { Notice } from '../notices/schemas.js';
import { IMPORT_CHANGE_TYPES } from './model.js';

export const ImportQuery = Type.Object(
  {
    section: Type.Optional(Type.Integer({ minimum: 1, maximum: 2147483647, description: 'The section the stories are filed in' })),
    edition: Type.Optional({ ...EditionDate, description: 'With `page`: the edition whose page the drafts are placed on (editors)' }),
    page: Type.Optional({ ...PageLabel, description: 'With `edition`: the page (which must exist) the drafts are added to, in page order' }),
  },
  { additionalProperties: false },
);
export type ImportQuery = Static<typeof ImportQuery>;

const ItemLink = Type.Object(
  { kind: Type.Enum(['article', 'notice']), id: Id },
  { additionalProperties: false, description: 'The draft the entry belongs to' },
);

export const ImportChange = Type.Object(
  {
    type: Type.Enum([...IMPORT_CHANGE_TYPES], {
      description:
        '`punctuation`: a half-width mark in Chinese text made full-width; `joined`: a paragraph cut by a column or page break joined again; ' +
        '`id-masked`: a full ID number masked; `dropped`: a table header repeated where the table ran on into the next column, left out; ' +
        '`spacing`: the spaces a typesetter put between Han characters (a spaced-out name or title) taken out; ' +
        '`photo-slot`: a photo caption (图为…, ▲…, （记者 孙悦 摄）) taken out of the body and kept with the draft as a photo slot awaiting its file ' +
        '(`after` is the caption; `toLine` the line of its credit where that stood apart); ' +
        '`furniture`: a line of the page’s own (running head, date, page name and label, 责任编辑… at its foot, page number) left out; ' +
        '`jump`: a jump line (（下转A05版）, (上接A01版)) taken out of the text and kept as a hint on its story (`after` is the direction and page, `to A05`); ' +
        '`brief`: an item of a briefs column (简讯) made a story of its own, its run-in title its headline (`after`)',
    }),
    line: Type.Integer({ description: 'The line of the page (from 1) where the repair is' }),
    column: Type.Optional(Type.Integer({ description: 'The column on that line (from 1, in characters)' })),
    toLine: Type.Optional(Type.Integer({ description: 'For a join: the line the paragraph’s second part starts on; for a photo slot: the line of its credit' })),
    before: Type.String({ description: 'The text before the repair (for a join, the two ends around the break)', examples: ['业秘密保护示范企\n\n业代表等200余'] }),
    after: Type.String({ description: 'The text after it', examples: ['业秘密保护示范企业代表等200余'] }),
    item: Type.Optional(ItemLink),
  },
  { additionalProperties: false },
);

export const ImportWarning = Type.Object(
  {
    line: Type.Integer({ description: 'The line of the page (from 1) it concerns' }),
    message: Type.String({ examples: ['No byline was found for this story'] }),
    item: Type.Optional(ItemLink),
  },
  { additionalProperties: false, description: 'Something the importer could not settle and left for an editor' },
);

const NoticeSummary = Type.Object(
  { ...Notice.properties },
  { additionalProperties: false, description: 'A notice draft; its rows are at `/api/v1/notices/{id}/rows`' },
);

export const ImportResult = Type.Object(
  {
    id: Id,
    articles: Type.Array(Article, { description: 'The stories, as drafts, in page order' }),
    notices: Type.Array(NoticeSummary, { description: 'The notices, as drafts, in page order' }),
    changes: Type.Array(ImportChange, { description: 'Every repair made to the text, in page order' }),
    warnings: Type.Array(ImportWarning),
  },
  { additionalProperties: false },
);

const PreviewItem = Type.Object(
  { kind: Type.Enum(['article', 'notice']), index: Type.Integer({ description: 'The item’s place among the page’s items of its kind, from 0' }) },
  { additionalProperties: false, description: 'The item an entry belongs to: nothing is stored, so items are named by their place' },
);
const Line = Type.Integer({ description: 'The line of the page (from 1)' });
const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(schema: T) => Type.Union([schema, Type.Null()]);

const PreviewArticle = Type.Object(
  {
    line: Line,
    kicker: Nullable(Type.String()),
    headline: Type.String(),
    subtitle: Nullable(Type.String()),
    byline: Type.String({ description: 'The byline as the draft would print it' }),
    credits: Type.Array(Type.Object({ role: CreditRole, name: Type.String() }, { additionalProperties: false })),
    body: Type.String({ description: 'The body as Markdown' }),
    photoSlots: Type.Array(
      Type.Object({ line: Line, creditLine: Type.Optional(Line), caption: Type.String(), byline: Nullable(Type.String()) }, { additionalProperties: false }),
      { description: 'Captions taken out of the text, each awaiting its picture' },
    ),
    jumps: Type.Array(
      Type.Object({ line: Line, direction: Type.Enum(['to', 'from']), page: Type.String({ examples: ['A05'] }) }, { additionalProperties: false }),
      { description: 'Jump lines: the page the story runs on to (`to`) or on from (`from`)' },
    ),
    brief: Type.Boolean({ description: 'An item of a briefs column, headed by its run-in title' }),
  },
  { additionalProperties: false },
);

const PreviewNotice = Type.Object(
  {
    line: Line,
    kind: KindKey,
    title: Type.String(),
    salutation: Nullable(Type.String()),
    preamble: Type.String({ description: 'Markdown' }),
    closing: Nullable(Type.String()),
    issuer: Type.String(),
    issuedOn: Type.String({ description: 'YYYY-MM-DD' }),
    contact: Nullable(Contact),
    claimDays: Nullable(Type.Integer()),
    deadline: Nullable(Type.String({ description: 'YYYY-MM-DD' })),
    table: Nullable(
      Type.Object(
        { headerLine: Line, columns: Type.Array(Column), rowCount: Type.Integer(), totalLine: Nullable(Line) },
        { additionalProperties: false, description: 'The table’s shape; its cells are typed, checked and masked on import' },
      ),
    ),
    entries: Nullable(Type.Array(Type.String(), { description: 'A statement’s entries' })),
    codes: Type.Array(
      Type.Object({ line: Line, code: Type.String(), valid: Type.Boolean({ description: 'Whether its 18th character is the GB 32100 check of the first 17' }) }, { additionalProperties: false }),
      { description: 'The unified social credit codes (统一社会信用代码) the notice prints' },
    ),
  },
  { additionalProperties: false },
);

const PreviewChange = Type.Object(
  { ...Type.Omit(ImportChange, ['item']).properties, item: Type.Optional(PreviewItem) },
  { additionalProperties: false },
);
const PreviewWarning = Type.Object(
  { ...Type.Omit(ImportWarning, ['item']).properties, item: Type.Optional(PreviewItem) },
  { additionalProperties: false },
);

export const ImportPreview = Type.Object(
  {
    articles: Type.Array(PreviewArticle, { description: 'The stories an import would make, in page order' }),
    notices: Type.Array(PreviewNotice, { description: 'The notices an import would make, in page order' }),
    order: Type.Array(PreviewItem, { description: 'Every item in page order, as an import places them on a page' }),
    changes: Type.Array(PreviewChange, { description: 'Every change to the text and every line taken out of it, in page order' }),
    warnings: Type.Array(PreviewWarning),
    problems: Type.Array(
      Type.Object({ line: Line, message: Type.String() }, { additionalProperties: false }),
      { description: 'What would refuse the import (a bad table cell, a field over its limit); empty when the page imports' },
    ),
  },
  { additionalProperties: false },
);

nameSchemas({ ItemLink, ImportChange, ImportWarning, NoticeSummary, ImportResult, PreviewItem, PreviewArticle, PreviewNotice, PreviewChange, PreviewWarning, ImportPreview });
