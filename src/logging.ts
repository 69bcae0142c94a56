import type { FastifyServerOptions } from 'fastify';
import type { LogLevel } from './config.js';
import { holdsFullIdNumber } from './lib/search/query.js';

/**
 * Where a secret could sit in a log line: credentials in headers (should a serializer ever
 * log them) and fields named like secrets one level down in any logged object.
 */
export const REDACTED_PATHS = [
  'req.headers.authorization',
  'req.headers.cookie',
  'req.headers["proxy-authorization"]',
  'req.headers["x-api-key"]',
  'res.headers["set-cookie"]',
  'token',
  'password',
  '*.token',
  '*.password',
  '*.secret',
  '*.adminToken',
];

/** Query parameters whose values are secrets when a client puts one in a URL by mistake. */
const SECRET_PARAMETER = /([?&](?:access[_-]?token|token|api[_-]?key|apikey|key|password|passwd|secret|auth)=)[^&#]*/gi;

/** Any query parameter's value, to be looked into for an ID number. */
const PARAMETER = /([?&][^=&#]*=)([^&#]*)/g;

/** A parameter's value as the client meant it; undecodable escapes are read as they are. */
function decoded(value: string): string {
  try {
    return decodeURIComponent(value.replace(/\+/g, ' '));
  } catch {
    return value;
  }
}

/**
 * A request URL as logged: the values of secret-looking query parameters replaced, and so is any
 * value holding a whole ID number (a reader searching for one), however it was typed or escaped.
 */
export function urlForLog(url: string): string {
  if (!url.includes('?')) return url;
  return url.replace(SECRET_PARAMETER, '$1[Redacted]').replace(PARAMETER, (whole, name: string, value: string) => (holdsFullIdNumber(decoded(value)) ? `${name}[Redacted]` : whole));
}

/** The service's pino options: JSON lines (readable ones on a terminal), secrets never written. */
export function loggerOptions(level: LogLevel, pretty = false): Exclude<FastifyServerOptions['logger'], boolean | undefined> {
  return {
    level,
    redact: REDACTED_PATHS,
    serializers: {
      req: (req: { method: string; url: string; host?: string; ip?: string; socket?: { remotePort?: number } }) => ({
        method: req.method,
        url: urlForLog(req.url),
        host: req.host,
        remoteAddress: req.ip,
        remotePort: req.socket?.remotePort,
      }),
    },
    ...(pretty && {
      transport: { target: 'pino-pretty', options: { translateTime: 'SYS:HH:MM:ss', ignore: 'pid,hostname' } },
    }),
  };
}
