import { Type, type Static } from 'typebox';
import { Id, nameSchemas } from '../../lib/schemas.js';
import { Article } from '../articles/schemas.js';
import { EditionDate, PageLabel } from '../../contracts/editions.js';
import { Notice } from '../notices/schemas.js';

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
    type: Type.Enum(['punctuation', 'joined', 'id-masked', 'dropped', 'spacing', 'photo-slot'], {
      description:
        '`punctuation`: a half-width mark in Chinese text made full-width; `joined`: a paragraph cut by a column or page break joined again; ' +
        '`id-masked`: a full ID number masked; `dropped`: a table header repeated where the table ran on into the next column, left out; ' +
        '`spacing`: the spaces a typesetter put between Han characters (a spaced-out name or title) taken out; ' +
        '`photo-slot`: a photo caption (图为…, ▲…, （记者 孙悦 摄）) taken out of the body and kept with the draft as a photo slot awaiting its file ' +
        '(`after` is the caption; `toLine` the line of its credit where that stood apart)',
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

nameSchemas({ ItemLink, ImportChange, ImportWarning, NoticeSummary, ImportResult });
