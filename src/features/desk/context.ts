import type { FastifyReply, FastifyRequest } from 'fastify';
import type { VNode } from 'preact';
import { renderToString } from 'preact-render-to-string';
import type { Actor, UserRole } from '../../lib/actor.js';
import type { SignedIn } from '../sessions/service.js';

declare module 'fastify' {
  interface FastifyRequest {
    /** The desk session of the request; set on every desk route but the sign-in page and the assets. */
    desk: SignedIn | null;
  }
}

/** What every desk screen knows of where it is: who is signed in, the form token, the page's path, a message to show. */
export interface Desk {
  user: SignedIn['user'];
  /** The session's form token, for every form's hidden `_csrf` field and the scripts' `X-CSRF-Token` header. */
  csrf: string;
  /** The path of the page, for the navigation's current entry. */
  path: string;
  /** A one-off message from the previous step (saved, submitted…), shown once. */
  flash: string | null;
  site: DeskSite;
}

export interface DeskSite {
  /** The paper's name, in every page's title. */
  name: string;
  /** The paper's time zone: every time the desk shows or reads is in it. */
  timeZone: string;
}

export const FLASH_COOKIE = 'newsroom_flash';

/** The desk of a signed-in request; screens are only reached signed in, so there always is one. */
export function deskOf(request: FastifyRequest, site: DeskSite): Desk {
  const signedIn = request.desk;
  if (!signedIn) throw new Error('desk screen reached without a session');
  const flash = request.cookies[FLASH_COOKIE];
  return { user: signedIn.user, csrf: signedIn.csrf, path: request.url.split('?')[0]!, flash: flash ? decodeURIComponent(flash).slice(0, 300) : null, site };
}

/** The actor of a desk request, as the services take it. */
export function actorOf(request: FastifyRequest): Actor {
  const signedIn = request.desk;
  if (!signedIn) throw new Error('desk action reached without a session');
  return { userId: signedIn.user.id, login: signedIn.user.login, role: signedIn.user.role, tokenId: null, sessionId: signedIn.sessionId, requestId: String(request.id) };
}

export const isEditorRole = (role: UserRole): boolean => role === 'editor' || role === 'admin';

/**
 * Sends a desk page. Pages are never cached (they show one user's work as it is now) and the
 * flash message, once shown, is cleared.
 */
export function sendPage(reply: FastifyReply, page: VNode, status = 200): FastifyReply {
  if (reply.request.cookies[FLASH_COOKIE]) reply.clearCookie(FLASH_COOKIE, { path: '/desk' });
  return reply
    .code(status)
    .header('cache-control', 'no-store')
    .type('text/html; charset=utf-8')
    .send(`<!doctype html>\n${renderToString(page)}`);
}

/**
 * After a form post: to `location` with a message shown there once (303, so a reload does not
 * post again).
 */
export function redirectWith(reply: FastifyReply, location: string, flash?: string): FastifyReply {
  if (flash) reply.setCookie(FLASH_COOKIE, encodeURIComponent(flash), { path: '/desk', httpOnly: true, sameSite: 'lax', secure: reply.request.protocol === 'https', maxAge: 60 });
  return reply.code(303).header('location', location).send();
}

/** Whether the request is a script's (fetch) rather than a page load or a form post: it gets JSON, not HTML. */
export function wantsJson(request: FastifyRequest): boolean {
  const accept = request.headers.accept ?? '';
  return accept.includes('application/json') && !accept.includes('text/html');
}
