import { Type, type Static } from 'typebox';
import { CreditRole } from '../../contracts/credits.js';
import { ROLE_NAMES } from '../../document/credit-roles.js';
import { Cursor, Id, Limit, nameSchemas, NonEmptyText, Page, Timestamp } from '../../lib/schemas.js';

/**
 * A role as a client may send it: the key, or a word that names it — `记者`, `通讯员`, `摄影`,
 * `实习生`, `编辑`, `本报记者`, `Reporter` … Stored and answered as the key.
 */
export const CreditRoleInput = Type.Enum([...ROLE_NAMES.keys()], {
  description:
    'Byline role: reporter, correspondent, photographer, editor, intern or contributor, or a word naming one: 记者, 本报记者, 通讯员, ' +
    '摄影, 摄影记者, 编辑, 责任编辑, 实习生, 撰稿 … (answered as the English key)',
  examples: ['reporter', '记者'],
});

const Affiliation = Type.Union([Type.String({ maxLength: 200 }), Type.Null()], {
  description: 'Where the person works, e.g. a correspondent’s bureau',
  examples: ['聊城市市场监督管理局'],
});
const UserLink = Type.Union([Id, Type.Null()], { description: 'The user account of this person, if they have one' });

export const Person = Type.Object(
  {
    id: Id,
    name: Type.String({ description: 'Name as printed in bylines', examples: ['国晓宁'] }),
    defaultRole: CreditRole,
    affiliation: Affiliation,
    userId: UserLink,
    version: Type.Integer({ description: 'Bumped on every change; send it back in If-Match' }),
    createdAt: Timestamp,
    updatedAt: Timestamp,
  },
  { additionalProperties: false, description: 'A contributor who can be credited in a byline' },
);
export type Person = Static<typeof Person>;

export const CreatePersonBody = Type.Object(
  {
    name: NonEmptyText('Name as printed in bylines', 100),
    defaultRole: Type.Optional(CreditRoleInput),
    affiliation: Type.Optional(Affiliation),
    userId: Type.Optional(UserLink),
  },
  { additionalProperties: false },
);
export type CreatePersonBody = Static<typeof CreatePersonBody>;

export const UpdatePersonBody = Type.Object(
  {
    name: Type.Optional(NonEmptyText('Name as printed in bylines', 100)),
    defaultRole: Type.Optional(CreditRoleInput),
    affiliation: Type.Optional(Affiliation),
    userId: Type.Optional(UserLink),
  },
  { additionalProperties: false, minProperties: 1 },
);
export type UpdatePersonBody = Static<typeof UpdatePersonBody>;

export const ListPeopleQuery = Type.Object(
  {
    q: Type.Optional(Type.String({ minLength: 1, maxLength: 100, description: 'Part of the name' })),
    role: Type.Optional(CreditRoleInput),
    limit: Type.Optional(Limit),
    cursor: Type.Optional(Cursor),
  },
  { additionalProperties: false },
);
export type ListPeopleQuery = Static<typeof ListPeopleQuery>;

export const PersonPage = Page(Person, 'People ordered by id');

nameSchemas({ CreditRoleInput, Person, CreatePersonBody, UpdatePersonBody, PersonPage });
