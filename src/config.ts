import path from 'node:path';
import { canonicalTimeZone, DEFAULT_TIME_ZONE } from './lib/time.js';

export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

export interface Config {
  readonly port: number;
  readonly host: string;
  /** PostgreSQL connection string; undefined means embedded PGlite under `dataDir`. */
  readonly databaseUrl: string | undefined;
  readonly dataDir: string;
  /** When set and no admin exists yet, user `admin` is created with this token. */
  readonly adminToken: string | undefined;
  readonly logLevel: LogLevel;
  /** Absolute base URL the service is reached at, without a trailing slash. */
  readonly publicBaseUrl: string;
  /** Largest request body accepted, in bytes. */
  readonly bodyLimit: number;
  /** Largest notice table accepted (an uploaded CSV, TSV or XLSX file, or JSON rows), in bytes. */
  readonly tableLimit: number;
  /** The paper's name, as the web site and its feed show it. */
  readonly siteName: string;
  /** Print render processes at once. */
  readonly printWorkers: number;
  /** Renders after which a print process is replaced, bounding its memory. */
  readonly printRendersPerWorker: number;
  /** Bad bearer tokens one client may present in a minute before it is turned away (429) for a minute. */
  readonly authFailureLimit: number;
  /**
   * Which proxies in front of the service to believe about the client's address (Fastify's
   * `trustProxy`): `false` (none, the default), `true` (any), or a list of addresses/CIDRs.
   */
  readonly trustProxy: boolean | string;
  /** Browser origins (`https://desk.example.com`) allowed to call the newsroom API `/api/v1` (CORS); none by default. */
  readonly apiCorsOrigins: readonly string[];
  /** The paper's time zone (IANA name): edition dates, "today", plain-date filters and printed dates are read in it. */
  readonly timeZone: string;
  /** A desk session unused this many minutes ends. */
  readonly deskIdleMinutes: number;
  /** A desk session ends this many hours after sign-in, used or not. */
  readonly deskSessionHours: number;
  /** Where photos' files are kept: undefined for `<dataDir>/media`, or `s3://bucket/prefix` (with the S3_* variables). */
  readonly mediaStore: string | undefined;
  /** Largest photo file accepted, in bytes. */
  readonly mediaLimit: number;
}

/** A configuration value that cannot be used; its message is one line naming the variable. */
export class ConfigError extends Error {
  constructor(
    readonly variable: string,
    problem: string,
  ) {
    super(`Invalid configuration: ${variable} ${problem}`);
    this.name = 'ConfigError';
  }
}

type Env = Readonly<Record<string, string | undefined>>;

function read(env: Env, name: string): string | undefined {
  const value = env[name];
  return value === undefined || value.trim() === '' ? undefined : value.trim();
}

function integer(env: Env, name: string, fallback: number, min: number, max: number): number {
  const raw = read(env, name);
  if (raw === undefined) return fallback;
  if (!/^\d+$/.test(raw) || Number(raw) < min || Number(raw) > max) {
    throw new ConfigError(name, `must be an integer from ${min} to ${max}, got ${JSON.stringify(raw)}`);
  }
  return Number(raw);
}

function url(name: string, raw: string, protocols: readonly string[]): URL {
  let parsed: URL;
  try {
    parsed = new URL(raw);
  } catch {
    throw new ConfigError(name, `must be a URL (${protocols.join(' or ')}), got ${JSON.stringify(redact(raw))}`);
  }
  if (!/^[a-z][a-z0-9+.-]*:\/\//i.test(raw)) {
    throw new ConfigError(name, `must be an absolute URL such as ${protocols[0]}//host/…, got ${JSON.stringify(redact(raw))}`);
  }
  if (!protocols.includes(parsed.protocol)) {
    throw new ConfigError(name, `must use ${protocols.join(' or ')}, got ${JSON.stringify(parsed.protocol)}`);
  }
  return parsed;
}

/**
 * Hides a password in a connection string before it is echoed in an error. Everything up to
 * the last `@` goes: an unparsable URL often holds an unescaped `/` or `@` in its password.
 */
function redact(raw: string): string {
  return raw.replace(/^([a-z][a-z0-9+.-]*:)?(\/\/)?([^:/@]*)(:[\s\S]*)?@/i, (whole, scheme = '', slashes = '', user: string, password?: string) =>
    password === undefined ? whole : `${scheme}${slashes}${user}:***@`,
  );
}

/** TRUST_PROXY: `true`/`false`, or a comma-separated list of addresses and CIDR ranges. */
function proxies(raw: string | undefined): boolean | string {
  if (raw === undefined || /^false$/i.test(raw)) return false;
  if (/^true$/i.test(raw)) return true;
  const list = raw.split(',').map((entry) => entry.trim());
  if (list.some((entry) => !/^[0-9a-f.:]+(\/\d{1,3})?$/i.test(entry))) {
    throw new ConfigError('TRUST_PROXY', `must be true, false or a list of addresses/CIDRs, got ${JSON.stringify(raw)}`);
  }
  return list.join(',');
}

/** API_CORS_ORIGINS: comma-separated origins (scheme, host, port; no path), each as a browser sends it. */
function origins(raw: string | undefined): readonly string[] {
  if (raw === undefined) return Object.freeze([]);
  const list = raw.split(',').map((entry) => entry.trim()).filter((entry) => entry !== '');
  return Object.freeze(
    list.map((entry) => {
      let parsed: URL | undefined;
      try {
        parsed = new URL(entry);
      } catch {
        parsed = undefined;
      }
      const origin = parsed && /^https?:$/.test(parsed.protocol) && parsed.pathname === '/' && !parsed.search && !parsed.hash && !parsed.username && !entry.includes('@');
      if (!origin) {
        throw new ConfigError('API_CORS_ORIGINS', `must list origins such as https://desk.example.com (no path, no *), got ${JSON.stringify(entry)}`);
      }
      return parsed!.origin;
    }),
  );
}

/** Reads and validates the environment; throws ConfigError on the first bad value. */
export function loadConfig(env: Env = process.env): Config {
  const port = integer(env, 'PORT', 3000, 0, 65535);
  const host = read(env, 'HOST') ?? '127.0.0.1';
  if (/\s|\//.test(host)) throw new ConfigError('HOST', `must be a host name or address, got ${JSON.stringify(host)}`);

  const rawDatabaseUrl = read(env, 'DATABASE_URL');
  const databaseUrl =
    rawDatabaseUrl === undefined ? undefined : url('DATABASE_URL', rawDatabaseUrl, ['postgres:', 'postgresql:']).href;

  const dataDir = path.resolve(read(env, 'DATA_DIR') ?? './data');

  const adminToken = read(env, 'ADMIN_TOKEN');
  if (adminToken !== undefined && (adminToken.length < 24 || !/^[\x21-\x7e]+$/.test(adminToken))) {
    throw new ConfigError('ADMIN_TOKEN', 'must be at least 24 printable ASCII characters without spaces');
  }

  const logLevel = (read(env, 'LOG_LEVEL') ?? 'info').toLowerCase();
  if (!LOG_LEVELS.includes(logLevel as LogLevel)) {
    throw new ConfigError('LOG_LEVEL', `must be one of ${LOG_LEVELS.join(', ')}, got ${JSON.stringify(logLevel)}`);
  }

  const rawBase = read(env, 'PUBLIC_BASE_URL');
  const displayHost = host === '0.0.0.0' || host === '::' ? 'localhost' : host.includes(':') ? `[${host}]` : host;
  const publicBaseUrl =
    rawBase === undefined
      ? `http://${displayHost}:${port}`
      : url('PUBLIC_BASE_URL', rawBase, ['http:', 'https:']).href.replace(/\/+$/, '');

  const bodyLimit = integer(env, 'BODY_LIMIT', 1_048_576, 1024, 104_857_600);
  const tableLimit = integer(env, 'TABLE_LIMIT', 33_554_432, 1024, 268_435_456);

  const siteName = read(env, 'SITE_NAME') ?? 'Newsroom';
  if (siteName.length > 100) throw new ConfigError('SITE_NAME', 'must be at most 100 characters');

  const printWorkers = integer(env, 'PRINT_WORKERS', 1, 1, 8);
  const printRendersPerWorker = integer(env, 'PRINT_RENDERS_PER_WORKER', 100, 1, 10_000);

  const authFailureLimit = integer(env, 'AUTH_FAILURE_LIMIT', 20, 1, 100_000);
  const trustProxy = proxies(read(env, 'TRUST_PROXY'));
  const apiCorsOrigins = origins(read(env, 'API_CORS_ORIGINS'));

  const rawTimeZone = read(env, 'TIME_ZONE') ?? DEFAULT_TIME_ZONE;
  const timeZone = canonicalTimeZone(rawTimeZone);
  if (timeZone === null) {
    throw new ConfigError('TIME_ZONE', `must be an IANA time zone name such as Asia/Shanghai, got ${JSON.stringify(rawTimeZone)}`);
  }

  const deskIdleMinutes = integer(env, 'DESK_IDLE_MINUTES', 480, 5, 10_080);
  const deskSessionHours = integer(env, 'DESK_SESSION_HOURS', 24, 1, 720);

  const mediaStore = read(env, 'MEDIA_STORE');
  if (mediaStore !== undefined && !/^s3:\/\/[^/\s]+/i.test(mediaStore)) {
    throw new ConfigError('MEDIA_STORE', `must be unset (files under DATA_DIR/media) or an s3://bucket/prefix URL, got ${JSON.stringify(redact(mediaStore))}`);
  }
  const mediaLimit = integer(env, 'MEDIA_LIMIT', 41_943_040, 65_536, 1_073_741_824);

  return Object.freeze({
    port,
    host,
    databaseUrl,
    dataDir,
    adminToken,
    logLevel: logLevel as LogLevel,
    publicBaseUrl,
    bodyLimit,
    tableLimit,
    siteName,
    printWorkers,
    printRendersPerWorker,
    authFailureLimit,
    trustProxy,
    apiCorsOrigins,
    timeZone,
    deskIdleMinutes,
    deskSessionHours,
    mediaStore,
    mediaLimit,
  });
}
