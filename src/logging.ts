import type { FastifyServerOptions } from 'fastify';
import type { LogLevel } from './config.js';

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

/** A request URL as logged: the values of secret-looking query parameters replaced. */
export function urlForLog(url: string): string {
  return url.includes('?') ? url.replace(SECRET_PARAMETER, '$1[Redacted]') : url;
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
