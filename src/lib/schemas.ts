import { Type, type Static, type TSchema } from 'typebox';
import { PROBLEM_CONTENT_TYPE } from '../plugins/problem-details.js';

/** RFC 9457 problem details, as every error response of the service carries them. */
export const Problem = Type.Object(
  {
    type: Type.String({ description: 'Stable problem type, `urn:newsroom:problem:<slug>`', examples: ['urn:newsroom:problem:not-found'] }),
    title: Type.String({ description: 'Short summary of the problem type' }),
    status: Type.Integer({ description: 'HTTP status code' }),
    detail: Type.String({ description: 'What went wrong with this request, for people' }),
    instance: Type.String({ description: 'The request path' }),
    requestId: Type.String({ description: 'The request id, also in the logs and the `x-request-id` header' }),
    errors: Type.Optional(
      Type.Array(
        Type.Object({
          in: Type.Optional(Type.Union([Type.Literal('body'), Type.Literal('query'), Type.Literal('path'), Type.Literal('header')], { description: 'Where the value is; absent means the JSON body' })),
          pointer: Type.Optional(Type.String({ description: 'JSON Pointer (RFC 6901) to the value; absent for a cell of an uploaded file', examples: ['/slug'] })),
          row: Type.Optional(Type.Integer({ description: 'A table cell’s row, as the file counts it (JSON rows: from 1)' })),
          column: Type.Optional(Type.String({ description: 'A table cell’s column label' })),
          value: Type.Optional(Type.String({ description: 'The cell’s value as given; ID numbers masked' })),
          message: Type.String({ description: 'What is wrong with it' }),
        }),
        { description: 'One entry per invalid value' },
      ),
    ),
    currentVersion: Type.Optional(Type.Integer({ description: 'On 412: the version the item has now' })),
    currentStatus: Type.Optional(Type.String({ description: 'On 409 for a workflow move: the item’s state' })),
    allowed: Type.Optional(Type.Array(Type.String(), { description: 'On 409 for a workflow move: the moves allowed from the current state' })),
    notReady: Type.Optional(
      Type.Array(
        Type.Object({ kind: Type.String(), id: Type.Integer(), page: Type.String(), status: Type.String(), title: Type.String() }),
        { description: 'On 409 for an edition’s release: the placed items not ready (drafts, submitted, withdrawn)' },
      ),
    ),
    placed: Type.Optional(
      Type.Array(Type.Object({ kind: Type.String(), id: Type.Integer(), page: Type.String() }), {
        description: 'On 409 for a page: the items placed on another page of the edition already, and where',
      }),
    ),
    errorCount: Type.Optional(Type.Integer({ description: 'On 422 for a table: how many bad cells there are, when more than `errors` lists' })),
  },
  { $id: 'Problem', description: 'RFC 9457 problem details', additionalProperties: true },
);

const problemRef = { content: { [PROBLEM_CONTENT_TYPE]: { schema: Type.Ref('Problem') } } };

/** Response entries for error statuses, all carrying the shared problem schema. */
export function problems(...statuses: number[]): Record<number, unknown> {
  return Object.fromEntries(statuses.map((s) => [s, { description: PROBLEM_DESCRIPTIONS[s] ?? 'Problem', ...problemRef }]));
}

const PROBLEM_DESCRIPTIONS: Record<number, string> = {
  400: 'Malformed request: invalid JSON, unknown fields or parameters, wrong types',
  401: 'No valid bearer token',
  403: 'The token’s role may not do this',
  404: 'No such item',
  409: 'Conflicts with the current state',
  412: 'If-Match names a version that is no longer current',
  413: 'Body larger than the limit',
  415: 'Body is not JSON',
  422: 'Well-formed but breaks a rule',
  428: 'If-Match is missing',
  429: 'Too many bad bearer tokens from this client lately; wait as long as `Retry-After` says',
  503: 'Unavailable for a moment (the database cannot be reached, or a render could not be served); try again after `Retry-After`',
};

export const Id = Type.Integer({ minimum: 1, maximum: 2147483647, description: 'Numeric id' });
export const IdParams = Type.Object({ id: Id }, { additionalProperties: false });
export type IdParams = Static<typeof IdParams>;

export const Timestamp = Type.String({ format: 'date-time', description: 'ISO 8601 with offset', examples: ['2024-04-10T08:00:00.000Z'] });

export const Limit = Type.Integer({ minimum: 1, maximum: 200, default: 50, description: 'Largest number of items to return' });
export const Cursor = Type.String({ maxLength: 512, description: 'Opaque cursor from a previous page’s `nextCursor`' });

/** A page of a keyset-paginated list. */
export function Page<T extends TSchema>(item: T, description: string) {
  return Type.Object(
    {
      items: Type.Array(item),
      nextCursor: Type.Union([Type.String(), Type.Null()], { description: 'Cursor of the next page; null on the last page' }),
    },
    { description },
  );
}

/** The `If-Match` header every write to a versioned item carries. */
export const VersionHeaders = Type.Object({
  'if-match': Type.Optional(Type.String({ description: 'The item’s current `ETag`, e.g. `"3"`; required (428 without it)' })),
});

export const NonEmptyText = (description: string, maxLength = 200) =>
  Type.String({ minLength: 1, maxLength, pattern: '\\S', description });
