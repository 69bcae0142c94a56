import { Type, type Static } from 'typebox';
import { Cursor, Id, Limit, nameSchemas, NonEmptyText, Page, says, Timestamp, WORDS } from '../../lib/schemas.js';

export const Slug = Type.String({
  pattern: '^[a-z0-9]+(?:-[a-z0-9]+)*$',
  ...says(WORDS.slug),
  maxLength: 60,
  description: 'URL name: lowercase letters, digits and single hyphens; unique',
  examples: ['yaowen'],
});

const Description = Type.Union([Type.String({ maxLength: 2000 }), Type.Null()], { description: 'What the section carries' });
const ParentId = Type.Union([Id, Type.Null()], { description: 'The enclosing section; null at the top level' });
const Position = Type.Integer({ minimum: 0, maximum: 100000, description: 'Order among siblings, ascending' });

export const Section = Type.Object(
  {
    id: Id,
    name: Type.String({ description: 'Name, as printed', examples: ['要闻'] }),
    slug: Slug,
    parentId: ParentId,
    position: Position,
    description: Description,
    version: Type.Integer({ description: 'Bumped on every change; send it back in If-Match' }),
    createdAt: Timestamp,
    updatedAt: Timestamp,
  },
  { additionalProperties: false, description: '栏目/版面: a section of the paper and the site' },
);
export type Section = Static<typeof Section>;

export const CreateSectionBody = Type.Object(
  {
    name: NonEmptyText('Name, as printed', 100),
    slug: Slug,
    parentId: Type.Optional(ParentId),
    position: Type.Optional(Position),
    description: Type.Optional(Description),
  },
  { additionalProperties: false },
);
export type CreateSectionBody = Static<typeof CreateSectionBody>;

export const UpdateSectionBody = Type.Object(
  {
    name: Type.Optional(NonEmptyText('Name, as printed', 100)),
    slug: Type.Optional(Slug),
    parentId: Type.Optional(ParentId),
    position: Type.Optional(Position),
    description: Type.Optional(Description),
  },
  { additionalProperties: false, minProperties: 1 },
);
export type UpdateSectionBody = Static<typeof UpdateSectionBody>;

export const ListSectionsQuery = Type.Object(
  {
    parentId: Type.Optional(
      Type.String({ pattern: '^(root|[1-9][0-9]{0,8})$', ...says('must be `root` or a section id'), description: 'Only the children of this section id; `root`: the top level' }),
    ),
    limit: Type.Optional(Limit),
    cursor: Type.Optional(Cursor),
  },
  { additionalProperties: false },
);
export type ListSectionsQuery = Static<typeof ListSectionsQuery>;

export const SectionPage = Page(Section, 'Sections ordered by position, then id');

export const PublicSection = Type.Object(
  {
    id: Id,
    name: Type.String(),
    slug: Slug,
    parentId: ParentId,
    path: Type.String({ description: 'Slugs from the top level down, joined by `/`', examples: ['news/local'] }),
    depth: Type.Integer({ minimum: 0, description: '0 at the top level' }),
    position: Position,
    description: Description,
  },
  { additionalProperties: false },
);
export type PublicSection = Static<typeof PublicSection>;

export const PublicSectionList = Type.Object(
  { items: Type.Array(PublicSection, { description: 'Every section, depth first, siblings by position' }) },
  { additionalProperties: false },
);

nameSchemas({ Section, CreateSectionBody, UpdateSectionBody, SectionPage, PublicSection, PublicSectionList });
