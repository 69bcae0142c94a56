/** One invalid value: a JSON Pointer (RFC 6901) into the request, and what is wrong there. */
export interface FieldError {
  /** Where the pointer points: the JSON body (the default), the query string, the path or a header. */
  in?: 'body' | 'query' | 'path' | 'header';
  pointer: string;
  message: string;
}

/**
 * One bad cell of a notice table: its data row (`row`, from 1, as the stored table's
 * `rows[].row` numbers it; absent for a header or total row), the row as an uploaded file
 * numbers it (`fileRow`, the header counted) or the line of an imported page (`line`), the
 * column's label, the value as it may be shown (an ID number only masked), and what is wrong;
 * JSON rows also carry a pointer.
 */
export interface CellError {
  pointer?: string;
  row?: number;
  fileRow?: number;
  line?: number;
  column: string;
  value: string;
  message: string;
}

/**
 * An error a client can cause. Each subclass is one problem type (RFC 9457); the
 * problem-details plugin turns it into an `application/problem+json` response.
 */
export abstract class AppError extends Error {
  abstract readonly status: number;
  /** Stable slug of the problem type; the full type is `urn:newsroom:problem:<slug>`. */
  abstract readonly slug: string;
  abstract readonly title: string;
  /** Extra members of the problem object (e.g. `currentVersion`). */
  readonly extensions: Record<string, unknown>;
  readonly headers: Record<string, string>;

  constructor(detail: string, extensions: Record<string, unknown> = {}, headers: Record<string, string> = {}) {
    super(detail);
    this.name = new.target.name;
    this.extensions = extensions;
    this.headers = headers;
  }
}

/** The request is malformed: unparsable, unknown fields, wrong types. */
export class BadRequest extends AppError {
  readonly status = 400;
  readonly slug = 'bad-request';
  readonly title = 'Bad request';
}

export class ValidationFailed extends AppError {
  readonly status = 400;
  readonly slug = 'validation-failed';
  readonly title = 'The request is not valid';
  constructor(
    detail: string,
    readonly errors: FieldError[],
  ) {
    super(detail, { errors });
  }
}

export class Unauthorized extends AppError {
  readonly status = 401;
  readonly slug = 'unauthorized';
  readonly title = 'Authentication required';
  constructor(detail: string) {
    super(detail, {}, { 'www-authenticate': 'Bearer realm="newsroom"' });
  }
}

export class Forbidden extends AppError {
  readonly status = 403;
  readonly slug = 'forbidden';
  readonly title = 'Not allowed';
}

export class NotFound extends AppError {
  readonly status = 404;
  readonly slug = 'not-found';
  readonly title = 'Not found';
}

export class Conflict extends AppError {
  readonly status = 409;
  readonly slug = 'conflict';
  readonly title = 'Conflict with the current state';
}

/** `If-Match` names a version that is no longer current. */
/**
 * What an If-Match that names no version of ours stands for (a weak tag such as `W/"3"`, which
 * strong comparison never matches, or a tag we never handed out): it matches no version.
 */
export const NO_VERSION = -1;

export class PreconditionFailed extends AppError {
  readonly status = 412;
  readonly slug = 'stale-version';
  readonly title = 'The item has changed since you read it';
  /** `expected`: the version If-Match named, when known; NO_VERSION gets its own explanation. */
  constructor(currentVersion: number, expected?: number) {
    super(
      expected === NO_VERSION
        ? `If-Match names no version: a weak tag (W/"…") never matches, as If-Match compares strongly. ` +
            `The current version is ${currentVersion}: send If-Match: "${currentVersion}" if that is the one you read`
        : `The current version is ${currentVersion}; reload the item and apply your change again`,
      { currentVersion },
      { etag: `"${currentVersion}"` },
    );
  }
}

export class PayloadTooLarge extends AppError {
  readonly status = 413;
  readonly slug = 'payload-too-large';
  readonly title = 'Request body too large';
}

export class UnsupportedMediaType extends AppError {
  readonly status = 415;
  readonly slug = 'unsupported-media-type';
  readonly title = 'Unsupported media type';
}

/** Well-formed input that breaks a rule of the newsroom (a section that would be its own ancestor). */
export class Unprocessable extends AppError {
  readonly status = 422;
  readonly slug = 'unprocessable';
  readonly title = 'The request cannot be applied';
  constructor(
    detail: string,
    readonly errors: (FieldError | CellError)[] = [],
    extensions: Record<string, unknown> = {},
  ) {
    super(detail, { ...extensions, ...(errors.length && { errors }) });
  }
}

/** A write came without `If-Match`. */
export class PreconditionRequired extends AppError {
  readonly status = 428;
  readonly slug = 'version-required';
  readonly title = 'If-Match is required';
}

/** A client sent too many requests of a kind that is limited (failed sign-ins); `Retry-After` says when to try again. */
export class TooManyRequests extends AppError {
  readonly status = 429;
  readonly slug = 'too-many-requests';
  readonly title = 'Too many requests';
  constructor(detail: string, retryAfterSeconds: number) {
    super(detail, {}, { 'retry-after': String(Math.max(1, Math.ceil(retryAfterSeconds))) });
  }
}

export const PROBLEM_TYPE_PREFIX = 'urn:newsroom:problem:';

/** The service cannot do this now (a render overran its time, or is shutting down); try again later. */
export class ServiceUnavailable extends AppError {
  readonly status = 503;
  readonly slug = 'unavailable';
  readonly title = 'Service unavailable';
}
