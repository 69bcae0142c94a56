import { Type, type Static } from 'typebox';
import { USER_ROLES } from '../../lib/actor.js';
import { PASSWORD_MAX, PASSWORD_MIN } from '../../lib/passwords.js';
import { Cursor, Id, Limit, nameSchemas, NonEmptyText, Page, says, Timestamp, WORDS } from '../../lib/schemas.js';

export const Role = Type.Enum([...USER_ROLES], {
  description: 'reporter: files and submits own stories; editor: edits, plans and publishes; admin: also manages users',
});

export const Login = Type.String({
  pattern: '^[A-Za-z][A-Za-z0-9._-]{1,39}$',
  ...says('must be a login: 2 to 40 letters, digits, dots, underscores or hyphens, starting with a letter'),
  description: 'Sign-in name: a letter, then letters, digits, `.`, `_` or `-`; 2–40 characters; unique regardless of case',
  examples: ['li.hua'],
});

export const User = Type.Object(
  {
    id: Id,
    login: Login,
    name: Type.String({ description: 'Display name', examples: ['李华'] }),
    role: Role,
    active: Type.Boolean({ description: 'An inactive user’s tokens are refused' }),
    hasPassword: Type.Boolean({ description: 'Whether the user has a password to sign in to the desk (`/desk`)' }),
    version: Type.Integer({ description: 'Bumped on every change; send it back in If-Match' }),
    createdAt: Timestamp,
    updatedAt: Timestamp,
  },
  { additionalProperties: false },
);
export type User = Static<typeof User>;

/** A desk password as an admin sets it; only its scrypt hash is kept. */
export const Password = Type.String({
  minLength: PASSWORD_MIN,
  maxLength: PASSWORD_MAX,
  writeOnly: true,
  ...says(`must be a password of ${PASSWORD_MIN} to ${PASSWORD_MAX} characters`),
  description: `The password to sign in to the desk (\`/desk\`), ${PASSWORD_MIN}–${PASSWORD_MAX} characters. Only its hash is kept; setting it ends the user’s desk sessions`,
});

export const CreateUserBody = Type.Object(
  {
    login: Login,
    name: NonEmptyText('Display name', 100),
    role: Role,
    password: Type.Optional(Password),
  },
  { additionalProperties: false },
);
export type CreateUserBody = Static<typeof CreateUserBody>;

export const UpdateUserBody = Type.Object(
  {
    name: Type.Optional(NonEmptyText('Display name', 100)),
    role: Type.Optional(Role),
    active: Type.Optional(Type.Boolean({ description: 'false signs the user out everywhere: all their tokens are revoked and desk sessions ended' })),
    password: Type.Optional(Password),
  },
  { additionalProperties: false, minProperties: 1 },
);
export type UpdateUserBody = Static<typeof UpdateUserBody>;

export const ListUsersQuery = Type.Object(
  {
    role: Type.Optional(Role),
    active: Type.Optional(Type.Boolean()),
    limit: Type.Optional(Limit),
    cursor: Type.Optional(Cursor),
  },
  { additionalProperties: false },
);
export type ListUsersQuery = Static<typeof ListUsersQuery>;

export const UserPage = Page(User, 'Users ordered by id');

export const TokenInfo = Type.Object(
  {
    id: Id,
    userId: Id,
    label: Type.String({ description: 'What the token is for' }),
    hint: Type.String({ description: 'The first characters of the token', examples: ['nr_AbCd…'] }),
    createdAt: Timestamp,
    expiresAt: Type.Union([Timestamp, Type.Null()]),
    lastUsedAt: Type.Union([Timestamp, Type.Null()], { description: 'Last use, to the minute' }),
    revokedAt: Type.Union([Timestamp, Type.Null()]),
  },
  { additionalProperties: false },
);
export type TokenInfo = Static<typeof TokenInfo>;

export const IssuedToken = Type.Object(
  {
    ...TokenInfo.properties,
    token: Type.String({ description: 'The secret, shown this once: only its hash is kept. Send it as `Authorization: Bearer <token>`' }),
  },
  { additionalProperties: false },
);
export type IssuedToken = Static<typeof IssuedToken>;

export const IssueTokenBody = Type.Object(
  {
    label: Type.Optional(NonEmptyText('What the token is for, e.g. "laptop" or "CMS front end"', 100)),
    expiresAt: Type.Optional(Type.String({ format: 'date-time', ...says(WORDS.dateTime), description: 'When the token stops working; none: never' })),
  },
  { additionalProperties: false },
);
export type IssueTokenBody = Static<typeof IssueTokenBody>;

export const TokenList = Type.Object({ items: Type.Array(TokenInfo) });

export const Me = Type.Object(
  {
    user: User,
    tokenId: Id,
  },
  { description: 'The signed-in user and the token used' },
);

nameSchemas({ Role, Password, User, CreateUserBody, UpdateUserBody, UserPage, TokenInfo, IssuedToken, IssueTokenBody, TokenList, Me });
