import { Type, type Static } from 'typebox';
import { DayBound, EditionDate, Grid, PageLabel } from '../../contracts/editions.js';
import { EDITION_STATUSES } from '../../db/schema/index.js';
import { Cursor, Id, Limit, nameSchemas, NonEmptyText, PublishTime, Timestamp } from '../../lib/schemas.js';
import { Status } from '../../publishing/schemas.js';

export const EditionParams = Type.Object({ date: EditionDate }, { additionalProperties: false });
export type EditionParams = Static<typeof EditionParams>;

export const PageParams = Type.Object({ date: EditionDate, label: PageLabel }, { additionalProperties: false });
export type PageParams = Static<typeof PageParams>;

const IssueNumber = Type.Integer({ minimum: 1, maximum: 2147483647, description: '总第N期: the paper’s running issue number; unique', examples: [9876] });
const EditionStatus = Type.Enum([...EDITION_STATUSES], { description: '`planning` until the edition is released' });
const ItemKind = Type.Enum(['article', 'notice'], { description: 'What is placed' });
const ReleaseAt = Type.Union([Timestamp, Type.Null()], { description: 'When the release makes the edition public; null until it is released' });
const IsPublic = Type.Boolean({ description: 'Whether the edition is public: released, and its release time has come' });

export const PageSummary = Type.Object(
  {
    label: PageLabel,
    name: Type.String(),
    grid: Grid,
    items: Type.Integer({ minimum: 0, description: 'How many items are placed on it' }),
    version: Type.Integer(),
  },
  { additionalProperties: false },
);

export const Edition = Type.Object(
  {
    date: EditionDate,
    issueNumber: IssueNumber,
    status: EditionStatus,
    releaseAt: ReleaseAt,
    public: IsPublic,
    releasedBy: Type.Union([Id, Type.Null()], { description: 'The editor who released it' }),
    pages: Type.Array(PageSummary, { description: 'Its pages in label order' }),
    version: Type.Integer({ description: 'Bumped by every change to the edition or any of its pages; send it back in If-Match' }),
    createdBy: Id,
    updatedBy: Id,
    createdAt: Timestamp,
    updatedAt: Timestamp,
  },
  { additionalProperties: false, description: 'One day’s paper' },
);
export type Edition = Static<typeof Edition>;

export const EditionSummary = Type.Object(
  {
    date: EditionDate,
    issueNumber: IssueNumber,
    status: EditionStatus,
    releaseAt: ReleaseAt,
    public: IsPublic,
    pageCount: Type.Integer({ minimum: 0 }),
    version: Type.Integer(),
    updatedAt: Timestamp,
  },
  { additionalProperties: false },
);
export type EditionSummary = Static<typeof EditionSummary>;

export const EditionPage = Type.Object(
  {
    items: Type.Array(EditionSummary),
    nextCursor: Type.Union([Type.String(), Type.Null()], { description: 'Cursor of the next page; null on the last page' }),
  },
  { additionalProperties: false, description: 'Editions, newest date first' },
);

export const CreateEditionBody = Type.Object({ date: EditionDate, issueNumber: IssueNumber }, { additionalProperties: false });
export type CreateEditionBody = Static<typeof CreateEditionBody>;

export const UpdateEditionBody = Type.Object({ issueNumber: IssueNumber }, { additionalProperties: false });
export type UpdateEditionBody = Static<typeof UpdateEditionBody>;

export const ListEditionsQuery = Type.Object(
  {
    status: Type.Optional(EditionStatus),
    from: Type.Optional(DayBound('Editions dated on or after this day (YYYY-MM-DD, a day of the paper’s calendar)')),
    to: Type.Optional(DayBound('Editions dated on or before this day, the day included (YYYY-MM-DD)')),
    limit: Type.Optional(Limit),
    cursor: Type.Optional(Cursor),
  },
  { additionalProperties: false },
);
export type ListEditionsQuery = Static<typeof ListEditionsQuery>;

export const Placement = Type.Object(
  {
    kind: ItemKind,
    id: Id,
    columns: Type.Optional(
      Type.Union([Type.Integer({ minimum: 1, maximum: 8 }), Type.Null()], {
        description: 'Grid columns the item spans, at most the grid’s width; absent or null: the layout decides (headlines span the full width)',
      }),
    ),
  },
  { additionalProperties: false },
);
export type Placement = Static<typeof Placement>;

export const PutPageBody = Type.Object(
  {
    name: NonEmptyText('The page’s name as printed in its header', 40),
    sectionId: Type.Optional(Type.Union([Id, Type.Null()], { description: 'The section the page belongs to' })),
    editorId: Type.Optional(Type.Union([Id, Type.Null()], { description: 'The page editor (责任编辑): a user with the editor or admin role' })),
    grid: Grid,
    items: Type.Array(Placement, { maxItems: 60, description: 'What is on the page, in page order; each item at most once per edition' }),
  },
  { additionalProperties: false },
);
export type PutPageBody = Static<typeof PutPageBody>;

export const Page = Type.Object(
  {
    date: EditionDate,
    label: PageLabel,
    name: Type.String({ examples: ['聊城新闻'] }),
    sectionId: Type.Union([Id, Type.Null()]),
    editorId: Type.Union([Id, Type.Null()]),
    grid: Grid,
    items: Type.Array(
      Type.Object({ kind: ItemKind, id: Id, columns: Type.Union([Type.Integer(), Type.Null()]) }, { additionalProperties: false }),
      { description: 'In page order' },
    ),
    version: Type.Integer({ description: 'Bumped on every change; send it back in If-Match' }),
    updatedBy: Id,
    createdAt: Timestamp,
    updatedAt: Timestamp,
  },
  { additionalProperties: false, description: 'A page of an edition' },
);
export type Page = Static<typeof Page>;

export const PageList = Type.Object({ items: Type.Array(Page, { description: 'Pages in label order' }) }, { additionalProperties: false });

/** An item of the plan, where a list names one (what blocks a release, what is late). */
export const ItemRef = Type.Object(
  {
    kind: ItemKind,
    id: Id,
    page: PageLabel,
    status: Status,
    title: Type.String({ description: 'The article’s headline or the notice’s title' }),
  },
  { additionalProperties: false },
);
export type ItemRef = Static<typeof ItemRef>;

/** A placed item that will not go out with its edition, and why. */
export const LeftOutRef = Type.Object(
  {
    ...ItemRef.properties,
    reason: Type.String({ description: 'Why it will not go out with the edition, and what would put it back' }),
  },
  { additionalProperties: false },
);
export type LeftOutRef = Static<typeof LeftOutRef>;

export const PlanItem = Type.Object(
  {
    kind: ItemKind,
    id: Id,
    columns: Type.Union([Type.Integer(), Type.Null()]),
    kicker: Type.Union([Type.String(), Type.Null()]),
    title: Type.String({ description: 'The article’s headline or the notice’s title' }),
    status: Status,
    version: Type.Integer(),
    characters: Type.Integer({ minimum: 0, description: 'Length of its text in characters, whitespace excluded (a Han character counts one)' }),
    rows: Type.Union([Type.Integer({ minimum: 0 }), Type.Null()], { description: 'A notice’s table rows; null for an article or a notice without a table' }),
    publishAt: Type.Union([Timestamp, Type.Null()]),
    publishedAt: Type.Union([Timestamp, Type.Null()]),
    ready: Type.Boolean({ description: 'Edited, scheduled or published, and complete (a notice whose kind needs a table has rows): a release can take it' }),
    overdue: Type.Boolean({ description: 'Scheduled, and more than a minute past its time without being published' }),
    fits: Type.Union([Type.Boolean(), Type.Null()], { description: 'Whether it fits its space on the printed page; null when the page could not be set just now' }),
    fit: Type.Union(
      [
        Type.Object(
          {
            linesNeeded: Type.Integer({ description: 'Body lines it needs, in lines of one of its columns' }),
            linesAvailable: Type.Integer({ description: 'Body lines its space on the page holds' }),
            overLines: Type.Integer({ description: 'Over when positive, room left when negative' }),
            overCharacters: Type.Integer({ description: 'The same in characters' }),
          },
          { additionalProperties: false },
        ),
        Type.Null(),
      ],
      { description: 'Its copy fit on the printed page (see GET /print/editions/{date}/pages/{label}/fit)' },
    ),
  },
  { additionalProperties: false },
);

export const PlanPage = Type.Object(
  {
    label: PageLabel,
    name: Type.String(),
    section: Type.Union([Type.Object({ id: Id, name: Type.String(), slug: Type.String() }, { additionalProperties: false }), Type.Null()]),
    editor: Type.Union([Type.Object({ id: Id, name: Type.String() }, { additionalProperties: false }), Type.Null()], { description: '责任编辑' }),
    grid: Grid,
    columns: Type.Integer({ description: 'The grid’s columns' }),
    characters: Type.Integer({ minimum: 0, description: 'Characters of every item on the page' }),
    version: Type.Integer(),
    items: Type.Array(PlanItem, { description: 'In page order' }),
  },
  { additionalProperties: false },
);

export const Plan = Type.Object(
  {
    date: EditionDate,
    issueNumber: IssueNumber,
    status: EditionStatus,
    releaseAt: ReleaseAt,
    public: IsPublic,
    version: Type.Integer({ description: 'The edition’s version: send it in If-Match to release exactly what this plan shows' }),
    pages: Type.Array(PlanPage, { description: 'Every page in label order' }),
    summary: Type.Object(
      {
        pages: Type.Integer(),
        items: Type.Integer(),
        statuses: Type.Record(Type.String(), Type.Integer(), { description: 'How many items are in each workflow state' }),
        emptyPages: Type.Array(PageLabel, { description: 'Pages with nothing placed on them' }),
        notReady: Type.Array(ItemRef, { description: 'Drafts, submitted and withdrawn items, and notices whose table needs rows: they block a release' }),
        overdue: Type.Array(ItemRef, { description: 'Scheduled items more than a minute late' }),
        leftOut: Type.Array(LeftOutRef, {
          description:
            'Every placed item that will not go out with the edition as it stands: not ready, edited or sent back after the ' +
            'release, or scheduled for later than the release. Empty when the whole edition goes out together',
        }),
      },
      { additionalProperties: false },
    ),
  },
  { additionalProperties: false, description: 'The flatplan: every page with its items and their states' },
);
export type Plan = Static<typeof Plan>;

export const ReleaseBody = Type.Object(
  {
    at: Type.Optional(PublishTime('When the edition and its items go public; default now')),
    force: Type.Optional(Type.Boolean({ description: 'Release even though some items are not ready: they are skipped and listed' })),
  },
  { additionalProperties: false },
);
export type ReleaseBody = Static<typeof ReleaseBody>;

export const ReleaseResult = Type.Object(
  {
    edition: Edition,
    releaseAt: Timestamp,
    scheduled: Type.Array(ItemRef, { description: 'Items this release scheduled for `releaseAt`' }),
    kept: Type.Array(ItemRef, { description: 'Items scheduled already for an earlier time, which they keep' }),
    published: Type.Array(ItemRef, { description: 'Items published already' }),
    skipped: Type.Array(ItemRef, { description: 'Items not ready, left out because of `force`' }),
    emptyPages: Type.Array(PageLabel, { description: 'Pages of the edition with nothing placed on them: they go out blank' }),
  },
  { additionalProperties: false },
);
export type ReleaseResult = Static<typeof ReleaseResult>;

nameSchemas({
  EditionStatus, ItemKind, PageSummary, Edition, EditionSummary, EditionPage, CreateEditionBody, UpdateEditionBody, Placement, PutPageBody, Page,
  PageList, ItemRef, LeftOutRef, PlanItem, PlanPage, Plan, ReleaseBody, ReleaseResult,
});
