import { randomBytes, timingSafeEqual } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { BadRequest, Forbidden, Unauthorized } from '../../errors.js';
import { hearCredentialChanges } from '../../plugins/credentials.js';
import type { SessionsService } from '../sessions/service.js';
import { wantsJson } from './context.js';

export const SESSION_COOKIE = 'newsroom_session';
/** The sign-in form's token, before there is a session: a double-submitted cookie. */
export const LOGIN_CSRF_COOKIE = 'newsroom_login';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/** Paths under /desk reached without a session. */
const OPEN_PATHS = ['/desk/login', '/desk/assets/'];

function isOpen(request: FastifyRequest): boolean {
  const path = request.url.split('?')[0]!;
  return OPEN_PATHS.some((open) => (open.endsWith('/') ? path.startsWith(open) : path === open));
}

export function cookieOptions(request: FastifyRequest, maxAgeSeconds?: number) {
  return { path: '/desk', httpOnly: true, sameSite: 'lax' as const, secure: request.protocol === 'https', ...(maxAgeSeconds !== undefined && { maxAge: maxAgeSeconds }) };
}

/** The form token a request carries: the `_csrf` form field, or the `X-CSRF-Token` header of a script's request. */
function givenCsrf(request: FastifyRequest): unknown {
  const header = request.headers['x-csrf-token'];
  if (typeof header === 'string') return header;
  const body = request.body as Record<string, unknown> | null | undefined;
  const field = body && typeof body === 'object' ? body._csrf : undefined;
  return Array.isArray(field) ? field[0] : field;
}

/** Whether a mutation comes from this site: the `Origin` (or, failing that, `Referer`) names this host, or is absent. */
function sameOrigin(request: FastifyRequest): boolean {
  const source = request.headers.origin ?? request.headers.referer;
  if (!source) return true;
  try {
    return new URL(source).host === request.host;
  } catch {
    return false;
  }
}

/** A fresh token for the sign-in form, set as a cookie and returned for the form's hidden field. */
export function issueLoginToken(request: FastifyRequest, reply: FastifyReply): string {
  const token = randomBytes(24).toString('base64url');
  reply.setCookie(LOGIN_CSRF_COOKIE, token, cookieOptions(request, 3600));
  return token;
}

function loginTokenMatches(request: FastifyRequest): boolean {
  const cookie = request.cookies[LOGIN_CSRF_COOKIE];
  const given = givenCsrf(request);
  if (!cookie || typeof given !== 'string' || given.length !== cookie.length) return false;
  return timingSafeEqual(Buffer.from(given), Buffer.from(cookie));
}

/** Every string of a form holds text the database can store: no NUL, no lone surrogate. */
function storableText(value: unknown): boolean {
  if (typeof value === 'string') return !value.includes('\u0000') && value.isWellFormed();
  if (Array.isArray(value)) return value.every(storableText);
  if (value && typeof value === 'object' && !Buffer.isBuffer(value)) return Object.entries(value).every(([k, v]) => storableText(k) && storableText(v));
  return true;
}

/**
 * The desk's sign-in and forgery checks, for every route of its scope:
 * - `onRequest`: the session cookie is looked up; a page asked for without a live session is
 *   sent to the sign-in page (a script's request gets 401); a route's `roles` are enforced (403).
 * - `preHandler` (after the body is read): every POST carries the session's form token (the
 *   sign-in form its own), and comes from this site; a form's text must be storable.
 */
export function guardDesk(app: FastifyInstance, sessions: SessionsService): void {
  app.decorateRequest('desk', null);
  hearSessionChanges(app, sessions);

  app.addHook('onRequest', async (request, reply) => {
    const secret = request.cookies[SESSION_COOKIE];
    request.desk = secret ? await sessions.resolve(secret) : null;
    if (request.desk) request.log = request.log.child({ userId: request.desk.user.id });
    if (isOpen(request)) return;
    if (!request.desk) {
      if (secret) reply.clearCookie(SESSION_COOKIE, { path: '/desk' });
      if (request.method === 'GET' && !wantsJson(request)) {
        return reply.code(303).header('location', `/desk/login?next=${encodeURIComponent(request.url)}`).send();
      }
      throw new Unauthorized('请先登录');
    }
    const roles = request.routeOptions.config.roles;
    if (roles && !roles.includes(request.desk.user.role)) throw new Forbidden('你的角色不能做这件事');
  });

  app.addHook('preHandler', async (request) => {
    if (SAFE_METHODS.has(request.method)) return;
    if (!sameOrigin(request)) throw new Forbidden('这个请求不是从本站发出的');
    const secret = request.cookies[SESSION_COOKIE];
    const valid = isOpen(request) ? loginTokenMatches(request) : !!request.desk && !!secret && sessions.checkCsrf(secret, givenCsrf(request));
    if (!valid) throw new Forbidden('表单已过期或来源不明，请刷新页面后重试');
    if (!storableText(request.body)) throw new BadRequest('表单中有无法保存的字符');
  });
}

/**
 * Hears, from every instance, that a desk session ended (signed out) or its user changed, and
 * forgets what this instance keeps of it; after a gap in hearing, every session is read again.
 */
function hearSessionChanges(app: FastifyInstance, sessions: SessionsService): void {
  hearCredentialChanges(
    app,
    (change) => {
      if (change.kind === 'user') sessions.forgetUser(change.id);
      else if (change.kind === 'session') sessions.forgetSession(change.id);
    },
    { does: 'every desk session is read again at its next use', run: () => sessions.distrustAll() },
  );
}
