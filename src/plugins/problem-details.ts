import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { AppError, PROBLEM_TYPE_PREFIX, type FieldError } from '../errors.js';
import { databaseUnavailable } from '../db/client.js';
import { redactIdsInText } from '../lib/id-card.js';
import { urlForLog } from '../logging.js';
import { ERROR_MESSAGE, PROBLEM_CONTENT_TYPE } from '../lib/schemas.js';

interface Problem {
  type: string;
  title: string;
  status: number;
  detail: string;
  instance: string;
  requestId: string;
  [extension: string]: unknown;
}

/** Fastify's own 4xx errors, by code: the problem slug and title each becomes. */
const FASTIFY_ERRORS: Record<string, { slug: string; title: string }> = {
  FST_ERR_CTP_BODY_TOO_LARGE: { slug: 'payload-too-large', title: 'Request body too large' },
  FST_ERR_CTP_INVALID_MEDIA_TYPE: { slug: 'unsupported-media-type', title: 'Unsupported media type' },
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: { slug: 'bad-request', title: 'Bad request' },
  FST_ERR_CTP_EMPTY_JSON_BODY: { slug: 'bad-request', title: 'Bad request' },
  FST_ERR_CTP_INVALID_JSON_BODY: { slug: 'bad-request', title: 'Bad request' },
};

/** PostgreSQL error classes a client can provoke through a race the services could not rule out. */
const DATABASE_ERRORS: Record<string, { status: number; slug: string; title: string; detail: string }> = {
  '23505': { status: 409, slug: 'conflict', title: 'Conflict with the current state', detail: 'An item with the same unique value exists' },
  '23001': { status: 409, slug: 'conflict', title: 'Conflict with the current state', detail: 'The item is still referred to by others' },
  '23503': { status: 409, slug: 'conflict', title: 'Conflict with the current state', detail: 'The item is referenced by, or refers to, an item that does not exist' },
  '40001': { status: 409, slug: 'conflict', title: 'Conflict with the current state', detail: 'A concurrent change got in the way; try again' },
  '40P01': { status: 409, slug: 'conflict', title: 'Conflict with the current state', detail: 'A concurrent change got in the way; try again' },
  // A statement past its time limit (a search's, see features/search/repository.ts).
  '57014': { status: 503, slug: 'unavailable', title: 'Service unavailable', detail: 'The request ran past its time limit and was stopped; narrow it (a search: rarer words, or dates) and try again' },
};

function sqlState(error: unknown): string | undefined {
  for (let e = error as { code?: unknown; cause?: unknown } | undefined, depth = 0; e && depth < 4; depth++) {
    if (typeof e.code === 'string' && /^[0-9A-Z]{5}$/.test(e.code)) return e.code;
    e = e.cause as typeof e;
  }
  return undefined;
}

/**
 * What the logs keep of a database error: its code and PostgreSQL's own message, never the
 * failed query's parameters, which are the request's data (a notice's text, an ID number).
 */
function databaseErrorForLog(error: unknown) {
  let e = error as { code?: unknown; cause?: unknown; message?: unknown; constraint?: unknown; table?: unknown; column?: unknown } | undefined;
  for (let depth = 0; e && depth < 4; depth++) {
    if (typeof e.code === 'string' && /^[0-9A-Z]{5}$/.test(e.code)) {
      return {
        code: e.code,
        message: redactIdsInText(String(e.message ?? '')).slice(0, 300),
        ...(typeof e.constraint === 'string' && { constraint: e.constraint }),
        ...(typeof e.table === 'string' && { table: e.table }),
        ...(typeof e.column === 'string' && { column: e.column }),
      };
    }
    e = e.cause as typeof e;
  }
  return { code: 'unknown' };
}

function validationErrors(error: FastifyError): FieldError[] {
  return mergeAlternatives(closestBranches(rawValidationErrors(error)));
}

type RawError = FieldError & { keyword: string; schemaPath: string; instancePath: string };

/**
 * A value that fits no branch of an `anyOf` of objects gets the errors of every branch, so a
 * credit `{ role: 'boss', name: '张三' }` would read "personId is required; name is not a known
 * field; role must be one of …" though only the role is wrong. The value is measured against
 * each branch whose type it has (a branch failing on the type at the value itself is not what
 * the client meant) and only the nearest branch's errors are kept; when two branches are as
 * near, and each misses or has one field too many, the fields are named as alternatives.
 */
function closestBranches(errors: RawError[]): RawError[] {
  const unions = errors.filter((e) => e.keyword === 'anyOf').sort((a, b) => a.schemaPath.length - b.schemaPath.length);
  let kept = errors;
  for (const union of unions) {
    if (!kept.includes(union) || union.schemaPath === '') continue;
    const prefix = `${union.schemaPath}/`;
    const branches = new Map<string, RawError[]>();
    for (const e of kept) {
      if (!e.schemaPath.startsWith(prefix)) continue;
      const branch = e.schemaPath.slice(prefix.length).split('/')[0]!;
      branches.set(branch, [...(branches.get(branch) ?? []), e]);
    }
    const typed = [...branches.values()].filter((list) => !list.some((e) => e.keyword === 'type' && e.instancePath === union.instancePath));
    if (typed.length === 0) continue;
    const fewest = Math.min(...typed.map((list) => list.length));
    const nearest = typed.filter((list) => list.length === fewest);
    const dropped = new Set([...branches.values()].flat());
    let replacement = nearest[0]!;
    const single = nearest.length > 1 && nearest.every((list) => list.length === 1 && list[0]!.instancePath === union.instancePath);
    const fields = single ? nearest.map((list) => list[0]!.pointer.slice(union.pointer.length + 1)) : [];
    if (single && nearest.every((list) => list[0]!.keyword === 'required')) {
      replacement = [{ ...union, keyword: 'required', pointer: union.pointer, message: `needs one of: ${fields.join(', ')}` }];
    } else if (single && nearest.every((list) => list[0]!.keyword === 'additionalProperties')) {
      replacement = [{ ...union, keyword: 'additionalProperties', pointer: union.pointer, message: `takes only one of: ${[...fields].reverse().join(', ')}` }];
    }
    kept = kept.flatMap((e) => (e === union ? replacement : dropped.has(e) ? [] : [e]));
  }
  return kept;
}

function rawValidationErrors(error: FastifyError): RawError[] {
  const where = ({ body: 'body', querystring: 'query', params: 'path', headers: 'header' } as const)[
    (error.validationContext ?? 'body') as 'body'
  ];
  const errors = (error.validation ?? []).map((v) => {
    const params = v.params as Record<string, unknown>;
    let pointer = v.instancePath;
    let message = inWords(v.keyword, params, (v as { parentSchema?: Record<string, unknown> }).parentSchema) ?? v.message ?? 'is not valid';
    if (v.keyword === 'additionalProperties') {
      pointer = `${pointer}/${String(params.additionalProperty)}`;
      message = where === 'body' ? 'is not a known field' : 'is not a known parameter';
    } else if (v.keyword === 'required') {
      pointer = `${pointer}/${String(params.missingProperty)}`;
      message = 'is required';
    }
    // A field name is the client's text too: an ID number sent as a key is not echoed whole.
    pointer = redactIdsInText(pointer);
    const raw = { keyword: v.keyword, schemaPath: v.schemaPath, instancePath: v.instancePath, pointer, message };
    return where === 'body' ? raw : { ...raw, in: where };
  });
  // An empty value of a schema with words breaks its `minLength` and its `pattern` alike: one error, of one schema, says so.
  const seen = new Set<string>();
  return errors.filter((e) => {
    const key = `${e.schemaPath.slice(0, e.schemaPath.lastIndexOf('/'))}\u0000${e.pointer}\u0000${e.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

const TYPE_WORDS: Record<string, string> = {
  string: 'a string',
  integer: 'an integer',
  number: 'a number',
  boolean: 'true or false',
  object: 'an object',
  array: 'an array',
  null: 'null',
};

const count = (n: unknown, one: string, many: string) => `${String(n)} ${n === 1 ? one : many}`;

/**
 * What a failed keyword says in plain words: the schema's own words for a `pattern` or
 * `format` (and for an empty value where the words forbid one), else a sentence for the common
 * keywords; `undefined` leaves Ajv's message.
 */
function inWords(keyword: string, params: Record<string, unknown>, schema: Record<string, unknown> | undefined): string | undefined {
  const words = schema?.[ERROR_MESSAGE];
  if (typeof words === 'string' && (keyword === 'pattern' || keyword === 'format' || (keyword === 'minLength' && Number(params.limit) <= 1))) {
    return words;
  }
  switch (keyword) {
    case 'type':
      return `must be ${String(params.type).split(',').map((t) => TYPE_WORDS[t] ?? t).join(' or ')}`;
    case 'minLength':
      return Number(params.limit) <= 1 ? 'must not be empty' : `must be at least ${count(params.limit, 'character', 'characters')} long`;
    case 'maxLength':
      return `must be at most ${count(params.limit, 'character', 'characters')} long`;
    case 'minimum':
      return `must be at least ${String(params.limit)}`;
    case 'maximum':
      return `must be at most ${String(params.limit)}`;
    case 'exclusiveMinimum':
      return `must be greater than ${String(params.limit)}`;
    case 'exclusiveMaximum':
      return `must be less than ${String(params.limit)}`;
    case 'minItems':
      return `must have at least ${count(params.limit, 'item', 'items')}`;
    case 'maxItems':
      return `must have at most ${count(params.limit, 'item', 'items')}`;
    case 'minProperties':
      return `must have at least ${count(params.limit, 'field', 'fields')}`;
    case 'maxProperties':
      return `must have at most ${count(params.limit, 'field', 'fields')}`;
    case 'const':
      return `must be ${JSON.stringify(params.allowedValue)}`;
    case 'enum':
      return Array.isArray(params.allowedValues) ? `must be one of: ${params.allowedValues.join(', ')}` : undefined;
    case 'uniqueItems':
      return `must not repeat an item (items ${String(params.j)} and ${String(params.i)} are the same)`;
    default:
      return undefined;
  }
}

/**
 * A value matching no branch of an `anyOf` gets one error per branch plus one for the
 * `anyOf`; they become a single error listing what would have been accepted.
 */
function mergeAlternatives(errors: RawError[]): FieldError[] {
  const alternatives = new Set(errors.filter((e) => e.keyword === 'anyOf').map((e) => `${e.in ?? ''}${e.pointer}`));
  const merged = new Map<string, FieldError>();
  const out: FieldError[] = [];
  for (const { keyword, schemaPath: _schemaPath, instancePath: _instancePath, ...error } of errors) {
    const key = `${error.in ?? ''}${error.pointer}`;
    if (!alternatives.has(key)) {
      out.push(error);
      continue;
    }
    if (keyword === 'anyOf') continue;
    const seen = merged.get(key);
    if (seen) seen.message += `, or ${error.message}`;
    else {
      const first = { ...error };
      merged.set(key, first);
      out.push(first);
    }
  }
  return out;
}

function summarize(errors: FieldError[]): string {
  const first = errors.slice(0, 3).map((e) => `${e.pointer || '(root)'} ${e.message}`);
  return first.join('; ') + (errors.length > 3 ? `; and ${errors.length - 3} more` : '');
}

export function sendProblem(
  request: FastifyRequest,
  reply: FastifyReply,
  problem: { status: number; slug: string; title: string; detail: string; extensions?: Record<string, unknown> },
): FastifyReply {
  const body: Problem = {
    type: PROBLEM_TYPE_PREFIX + problem.slug,
    title: problem.title,
    status: problem.status,
    detail: problem.detail,
    // As logged: a whole ID number a reader searched for, or a token put in the URL, is not echoed.
    instance: urlForLog(request.url),
    requestId: String(request.id),
    ...problem.extensions,
  };
  return reply.code(problem.status).type(PROBLEM_CONTENT_TYPE).send(body);
}

/**
 * A multipart body the form parser (busboy) could not read: cut short, no boundary, a broken
 * part header. It throws plain errors, with no status, from inside the stream.
 */
function unreadableForm(request: FastifyRequest, error: FastifyError): boolean {
  return (
    error.statusCode === undefined &&
    /^multipart\/form-data/i.test(String(request.headers['content-type'] ?? '')) &&
    /multipart|boundary|part header|end of form/i.test(error.message)
  );
}

/** Every error becomes an RFC 9457 problem; a 5xx is logged in full and shown without details. */
async function problemDetailsPlugin(app: FastifyInstance): Promise<void> {
  app.setErrorHandler((error: FastifyError, request, reply) => {
    if (error instanceof AppError) {
      reply.headers(error.headers);
      return sendProblem(request, reply, {
        status: error.status,
        slug: error.slug,
        title: error.title,
        detail: error.message,
        extensions: error.extensions,
      });
    }
    if (error.validation) {
      const errors = validationErrors(error);
      return sendProblem(request, reply, {
        status: 400,
        slug: 'validation-failed',
        title: 'The request is not valid',
        detail: summarize(errors),
        extensions: { errors },
      });
    }
    const known = error.code ? FASTIFY_ERRORS[error.code] : undefined;
    if (known && error.statusCode) {
      return sendProblem(request, reply, { status: error.statusCode, ...known, detail: error.message });
    }
    const state = sqlState(error);
    const database = state ? DATABASE_ERRORS[state] : undefined;
    if (database) {
      request.log.warn({ db: databaseErrorForLog(error) }, 'database constraint rejected a write');
      return sendProblem(request, reply, database);
    }
    if (state?.startsWith('22')) {
      // Data exceptions: a value the schemas let through but PostgreSQL refuses.
      request.log.warn({ db: databaseErrorForLog(error) }, 'database refused a value');
      return sendProblem(request, reply, {
        status: 400,
        slug: 'bad-request',
        title: 'Bad request',
        detail: 'A value in the request is out of range or malformed',
      });
    }
    const unavailable = databaseUnavailable(error);
    if (unavailable) {
      request.log.warn({ db: unavailable }, 'database unavailable');
      reply.header('retry-after', '5');
      return sendProblem(request, reply, {
        status: 503,
        slug: 'database-unavailable',
        title: 'Service unavailable',
        detail: 'The database cannot be reached just now; try again in a few seconds',
      });
    }
    if (unreadableForm(request, error)) {
      return sendProblem(request, reply, { status: 400, slug: 'bad-request', title: 'Bad request', detail: `The multipart form cannot be read: ${error.message}` });
    }
    const status = error.statusCode && error.statusCode >= 400 && error.statusCode < 500 ? error.statusCode : 500;
    if (status < 500) {
      return sendProblem(request, reply, { status, slug: 'bad-request', title: 'Bad request', detail: error.message });
    }
    request.log.error(state ? { db: databaseErrorForLog(error) } : { err: error }, 'request failed');
    return sendProblem(request, reply, {
      status: 500,
      slug: 'internal',
      title: 'Internal error',
      detail: `Something went wrong on our side; quote request ${String(request.id)} when reporting it`,
    });
  });

  // A request that arrives while the service shuts down (a keep-alive or pipelined one) is
  // answered 503 as problem+json here, in place of Fastify's own JSON (`return503OnClosing`).
  let closing = false;
  app.addHook('preClose', async () => {
    closing = true;
  });
  app.addHook('onRequest', async (request, reply) => {
    if (!closing) return;
    reply.header('connection', 'close').header('retry-after', '5');
    return sendProblem(request, reply, {
      status: 503,
      slug: 'shutting-down',
      title: 'Service unavailable',
      detail: 'This instance is shutting down; send the request again and another will answer it',
    });
  });

  app.setNotFoundHandler((request, reply) =>
    sendProblem(request, reply, {
      status: 404,
      slug: 'not-found',
      title: 'Not found',
      detail: `No route ${request.method} ${request.url.split('?')[0]}`,
    }),
  );
}

export default fp(problemDetailsPlugin, { name: 'problem-details', fastify: '5.x' });
