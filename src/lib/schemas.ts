import { Type, type Static, type TSchema } from 'typebox';

/** The media type of every error answer: RFC 9457 problem details. */
export const PROBLEM_CONTENT_TYPE = 'application/problem+json';

/**
 * The schema keyword holding, in plain words, what a `pattern` or `format` expects ("must be a
 * date as YYYY-MM-DD"): a validation error of that schema says these words, not the pattern.
 * The validator knows it as an annotation and reports the schema with each error (`verbose`).
 */
export const ERROR_MESSAGE = 'x-error-message';

/** RFC 9457 problem details, as every error response of the service carries them. */
export const Problem = Type.Object(
  {
    type: Type.String({ description: 'Stable problem type, `urn:newsroom:problem:<slug>`', examples: ['urn:newsroom:problem:not-found'] }),
    title: Type.String({ description: 'Short summary of the problem type' }),
    status: Type.Integer({ description: 'HTTP status code' }),
    detail: Type.String({ description: 'What went wrong with this request, for people' }),
    instance: Type.String({ description: 'The request path; `urn:uuid:` and the request id for a request that could not be read at all' }),
    requestId: Type.String({ description: 'The request id, also in the logs and the `x-request-id` header' }),
    errors: Type.Optional(
      Type.Array(
        Type.Object({
          in: Type.Optional(Type.Union([Type.Literal('body'), Type.Literal('query'), Type.Literal('path'), Type.Literal('header')], { description: 'Where the value is; absent means the JSON body' })),
          pointer: Type.Optional(Type.String({ description: 'JSON Pointer (RFC 6901) to the value; absent for a cell of an uploaded file', examples: ['/slug'] })),
          row: Type.Optional(
            Type.Integer({
              description: 'A table cell’s data row, from 1: the numbering of the table’s `rows[].row` (absent for a header or total row)',
            }),
          ),
          fileRow: Type.Optional(Type.Integer({ description: 'For an uploaded table file: the row as the file numbers it, the header counted' })),
          line: Type.Optional(Type.Integer({ description: 'For an imported page: the page’s line' })),
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

/**
 * Response entries for error statuses, all carrying the shared problem schema, and the headers
 * the problem-details plugin sends with them (see `PROBLEM_HEADERS`).
 */
export function problems(...statuses: number[]): Record<number, unknown> {
  return Object.fromEntries(
    statuses.map((s) => [s, { description: PROBLEM_DESCRIPTIONS[s] ?? 'Problem', ...problemRef, ...(PROBLEM_HEADERS[s] && { headers: PROBLEM_HEADERS[s] }) }]),
  );
}

const RETRY_AFTER = { type: 'string', description: 'Seconds to wait before trying again', examples: ['30'] };

/** What errors.ts and plugins/problem-details.ts set beside a problem, as OpenAPI response headers. */
const PROBLEM_HEADERS: Record<number, Record<string, unknown>> = {
  412: { ETag: { type: 'string', description: 'The item’s current version, as `currentVersion` gives it: the `If-Match` to send once the change is applied to it', examples: ['"4"'] } },
  429: { 'Retry-After': RETRY_AFTER },
  503: { 'Retry-After': RETRY_AFTER },
};

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

/** Where a schema keeps its OpenAPI name: a hidden property, which no validator or serializer reads. */
const COMPONENT_NAME = Symbol('OpenAPI component name');

/** The named schemas each object-valued part (`properties`, `items`…) of a named schema belongs to. */
const namedParts = new WeakMap<object, TSchema[]>();

/**
 * Names schemas in the OpenAPI document: each becomes `#/components/schemas/<name>`, referred to
 * wherever a request or response body has it, so a generated client has a type by that name.
 * Called with a module's exported constants, `nameSchemas({ Article, ArticlePage })`, the name is
 * the constant's. The schemas themselves are left as they are for validation and serialization:
 * the name is a non-enumerable property. A copy of a named schema (TypeBox's `Optional`, even one
 * made before the naming) has its name; a shape derived from it (`Omit`, `Partial`, a spread of
 * its properties with more beside them) does not.
 */
export function nameSchemas(schemas: Record<string, TSchema>): void {
  for (const [name, schema] of Object.entries(schemas)) {
    const given = schemaName(schema);
    if (given === name) continue;
    if (given !== undefined) throw new Error(`The schema named ${given} is named ${name} too: a schema has one OpenAPI name`);
    Object.defineProperty(schema, COMPONENT_NAME, { value: name, enumerable: false });
    for (const part of Object.values(schema)) {
      if (typeof part === 'object' && part !== null) namedParts.set(part, [...(namedParts.get(part) ?? []), schema]);
    }
  }
}

/**
 * The OpenAPI name `nameSchemas` gave a schema, or the schema it is a copy of: a copy has the
 * same parts, object for object, and no more.
 */
export function schemaName(schema: unknown): string | undefined {
  if (typeof schema !== 'object' || schema === null) return undefined;
  const own = (schema as { [COMPONENT_NAME]?: string })[COMPONENT_NAME];
  if (own !== undefined) return own;
  const part = Object.values(schema).find((value) => typeof value === 'object' && value !== null) as object | undefined;
  const original = part && namedParts.get(part)?.find((named) => sameParts(named, schema));
  return original && (original as { [COMPONENT_NAME]?: string })[COMPONENT_NAME];
}

function sameParts(a: object, b: object): boolean {
  const keys = Object.keys(a);
  return keys.length === Object.keys(b).length && keys.every((key) => (a as Record<string, unknown>)[key] === (b as Record<string, unknown>)[key]);
}

export const Id = Type.Integer({ minimum: 1, maximum: 2147483647, description: 'Numeric id' });
export const IdParams = Type.Object({ id: Id }, { additionalProperties: false });
export type IdParams = Static<typeof IdParams>;

/**
 * What a validation error says when a value misses its schema's `pattern` or `format`: the value's
 * shape in plain words, a predicate after the field's pointer ("/date must be a date as YYYY-MM-DD").
 * Every schema with a pattern or format carries words (the OpenAPI test checks the whole document).
 */
export const says = (words: string): { [ERROR_MESSAGE]: string } => ({ [ERROR_MESSAGE]: words });

/** Words shared by the schemas of several features. */
export const WORDS = {
  date: 'must be a date as YYYY-MM-DD',
  dateTime: 'must be a date-time with an offset, such as 2026-12-07T08:00:00+08:00',
  nonBlank: 'must not be blank',
  slug: 'must be a slug: lowercase letters and digits, in words joined by single hyphens, such as local-news',
} as const;

export const PAGE_LABEL_WORDS = 'must be a page label: a capital letter and a two-digit page number, such as A01';

/** A calendar date, YYYY-MM-DD. */
export const DateText = (description: string, examples: string[] = ['2024-04-10']) =>
  Type.String({ format: 'date', ...says(WORDS.date), description, examples });

export const Timestamp = Type.String({ format: 'date-time', ...says(WORDS.dateTime), description: 'ISO 8601 with offset', examples: ['2024-04-10T08:00:00.000Z'] });

/** Time filters are query parameters, where an unencoded `+` arrives as a space: the words say so. */
const TIME_BOUND_WORDS =
  'must be a date as YYYY-MM-DD or a date-time with an offset, such as 2026-12-07T08:00:00+08:00 (in a URL, write the + as %2B)';

/**
 * A time bound of a list filter: a date-time with offset, or a plain day (YYYY-MM-DD) read in the
 * paper's time zone (`TIME_ZONE`). `description` says which end the bound is and what a day means there.
 */
export const TimeBound = (description: string) =>
  Type.Union(
    [
      // The words are the union's: an error keeps the words of one branch only.
      Type.String({ format: 'date', ...says(TIME_BOUND_WORDS), description: 'A day, YYYY-MM-DD, in the paper’s time zone' }),
      Type.String({ format: 'date-time', ...says(TIME_BOUND_WORDS), description: 'A date and time with offset' }),
    ],
    { description, examples: ['2026-12-07', '2026-12-07T08:00:00+08:00'] },
  );

/**
 * A publication time as a client sends it. Checked by the service rather than by format, so a
 * time without an offset or a date alone gets a message saying what offset to add.
 */
export const PublishTime = (description: string) =>
  Type.String({
    minLength: 1,
    maxLength: 64,
    description: `${description}. ISO 8601 with an offset (e.g. \`+08:00\`); a time without one, or a date alone, is refused (400), as is a time in the past or more than a year ahead (422)`,
    examples: ['2026-12-08T06:00:00+08:00'],
  });

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

/** An `If-Match` a write takes but does not need (an append cannot overwrite anyone's work). */
export const OptionalVersionHeaders = Type.Object({
  'if-match': Type.Optional(Type.String({ description: 'The item’s current `ETag`, e.g. `"3"`; optional: when sent, a stale one is 412' })),
});

export const NonEmptyText = (description: string, maxLength = 200) =>
  Type.String({ minLength: 1, maxLength, pattern: '\\S', ...says(WORDS.nonBlank), description });
