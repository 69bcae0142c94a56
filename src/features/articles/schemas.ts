import { Type, type Static } from 'typebox';
import { CreditRole } from '../../contracts/credits.js';
import { Cursor, Id, Limit, nameSchemas, NonEmptyText, Page, TimeBound, Timestamp } from '../../lib/schemas.js';
import { Status, StillScheduled, workflowProperties } from '../../publishing/schemas.js';
import { CreditRoleInput } from '../people/schemas.js';

const OptionalText = (description: string, maxLength: number) =>
  Type.Union([Type.String({ maxLength }), Type.Null()], { description });

export const CreditInput = Type.Union(
  [
    Type.Object({ role: CreditRoleInput, personId: Id }, { additionalProperties: false }),
    Type.Object(
      {
        role: CreditRoleInput,
        name: NonEmptyText(
          'One person’s name; the person is found by exact name, or created. A byline pasted here (记者 张三 通讯员 李四, 记者张三) ' +
            'is read as the credits it spells',
          100,
        ),
      },
      { additionalProperties: false },
    ),
  ],
  {
    description:
      'One byline entry: a known person by id, or a name. The same person in the same role twice is credited once, at the first place',
  },
);

export const Credit = Type.Object(
  { role: CreditRole, personId: Id, name: Type.String({ examples: ['国晓宁'] }) },
  { additionalProperties: false },
);

const Credits = Type.Array(CreditInput, { maxItems: 50, description: 'The byline, in order' });

export const Figures = Type.Object(
  {
    characters: Type.Integer({ description: 'Characters of body text, whitespace excluded; a Han character counts one' }),
    paragraphs: Type.Integer(),
    headings: Type.Integer({ description: 'Sub-heads' }),
  },
  { additionalProperties: false },
);

export const LeadPhoto = Type.Object(
  {
    photoId: Id,
    caption: Type.Optional(
      Type.Union([Type.String({ maxLength: 1000 }), Type.Null()], { description: 'The caption here, when it differs from the photo’s own; null: the photo’s' }),
    ),
  },
  { additionalProperties: false, description: 'The picture the story leads with' },
);

export const PhotoSlot = Type.Object(
  {
    caption: Type.String({ maxLength: 1000, description: 'The caption the copy gives the picture (图为…)' }),
    byline: Type.Union([Type.String({ maxLength: 100 }), Type.Null()], { description: 'The photographer the copy credits (记者 孙悦 摄)' }),
  },
  { additionalProperties: false, description: 'A picture the copy names that has no file yet' },
);

export type LeadPhotoInput = Static<typeof LeadPhoto>;

const PhotoSlots = Type.Array(PhotoSlot, { maxItems: 50, description: 'Pictures the copy names that await their files, e.g. from a page import' });

export const Article = Type.Object(
  {
    id: Id,
    kicker: OptionalText('引题: the line above the headline', 200),
    headline: Type.String({ description: '主题: the headline' }),
    subtitle: OptionalText('副题: the line below the headline', 200),
    summary: OptionalText('A short summary for lists and feeds', 1000),
    body: Type.String({ description: 'The body as Markdown; `##` sub-heads' }),
    sectionId: Type.Union([Id, Type.Null()]),
    credits: Type.Array(Credit, { description: 'The byline, in order' }),
    byline: Type.String({ description: 'The byline as printed', examples: ['记者 国晓宁 通讯员 楚克伟'] }),
    figures: Figures,
    leadPhoto: Type.Union([Type.Object({ photoId: Id, caption: Type.Union([Type.String(), Type.Null()]) }, { additionalProperties: false }), Type.Null()], {
      description: 'The lead photo, and its caption here when it differs from the photo’s',
    }),
    photoSlots: PhotoSlots,
    ...workflowProperties,
  },
  { additionalProperties: false },
);
export type Article = Static<typeof Article>;

export const ArticleWithNotice = Type.Object(
  {
    ...Article.properties,
    stillScheduled: Type.Optional(StillScheduled),
  },
  { additionalProperties: false },
);

export const CreateArticleBody = Type.Object(
  {
    kicker: Type.Optional(OptionalText('引题', 200)),
    headline: NonEmptyText('主题: the headline', 200),
    subtitle: Type.Optional(OptionalText('副题', 200)),
    summary: Type.Optional(OptionalText('A short summary', 1000)),
    body: Type.Optional(Type.String({ maxLength: 200_000, description: 'Markdown; raw HTML is shown as text' })),
    sectionId: Type.Optional(Type.Union([Id, Type.Null()])),
    credits: Type.Optional(Credits),
    leadPhoto: Type.Optional(Type.Union([LeadPhoto, Type.Null()])),
    photoSlots: Type.Optional(PhotoSlots),
  },
  { additionalProperties: false },
);
export type CreateArticleBody = Static<typeof CreateArticleBody>;

export const UpdateArticleBody = Type.Object(
  {
    kicker: Type.Optional(OptionalText('引题', 200)),
    headline: Type.Optional(NonEmptyText('主题: the headline', 200)),
    subtitle: Type.Optional(OptionalText('副题', 200)),
    summary: Type.Optional(OptionalText('A short summary', 1000)),
    body: Type.Optional(Type.String({ maxLength: 200_000 })),
    sectionId: Type.Optional(Type.Union([Id, Type.Null()])),
    credits: Type.Optional(Credits),
    leadPhoto: Type.Optional(Type.Union([LeadPhoto, Type.Null()])),
    photoSlots: Type.Optional(PhotoSlots),
  },
  { additionalProperties: false, minProperties: 1 },
);
export type UpdateArticleBody = Static<typeof UpdateArticleBody>;

export const ListArticlesQuery = Type.Object(
  {
    status: Type.Optional(Status),
    section: Type.Optional(Id),
    person: Type.Optional(Type.Integer({ minimum: 1, maximum: 2147483647, description: 'Only articles crediting this person' })),
    updatedSince: Type.Optional(
      TimeBound('Only articles changed at or after this time; a plain day (YYYY-MM-DD) means from its 00:00 in the paper’s time zone'),
    ),
    overdue: Type.Optional(Type.Boolean({ description: 'true: only scheduled articles more than a minute past their time' })),
    include: Type.Optional(
      Type.Literal('body', { description: '`body`: each item carries its Markdown body too (a list gives summaries and figures by default)' }),
    ),
    limit: Type.Optional(Limit),
    cursor: Type.Optional(Cursor),
  },
  { additionalProperties: false },
);
export type ListArticlesQuery = Static<typeof ListArticlesQuery>;

/** An article as a list shows it: everything but the body, which `?include=body` adds. */
export const ArticleListItem = Type.Object(
  { ...Type.Omit(Article, ['body']).properties, body: Type.Optional(Article.properties.body) },
  { additionalProperties: false },
);

export const ArticlePage = Page(ArticleListItem, 'Articles, most recently changed first; bodies only with `include=body`');

export const CorrectionBody = Type.Object(
  { text: NonEmptyText('The correction as it will be published', 2000) },
  { additionalProperties: false },
);
export const Correction = Type.Object(
  { id: Id, text: Type.String(), createdBy: Id, createdAt: Timestamp },
  { additionalProperties: false },
);

nameSchemas({
  CreditInput, Credit, Figures, LeadPhoto, PhotoSlot, Article, ArticleWithNotice, CreateArticleBody, UpdateArticleBody, ArticleListItem, ArticlePage, CorrectionBody,
  Correction,
});
