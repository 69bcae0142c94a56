import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { UserRole } from '../../src/lib/actor.js';
import { createTestApp, type TestApp } from '../helpers/app.js';
import { deskUser, formBody, type DeskSession } from '../helpers/desk.js';
import { recordRoutes, type RegisteredRoute } from '../helpers/routes.js';

/**
 * Issue 19: every desk route held to its rule. Without a session a page sends the reader to
 * sign in and a form is refused; a role the route is not for gets 403 whatever the URL; every
 * form without the session's token is refused. Written from the issue (reporters file their
 * stories; editors also plan, place, release and keep notices; admins manage users), not read
 * back from the routes: a new desk route fails here until it is given a rule.
 */

type Rule = 'open' | 'session' | readonly UserRole[];

const EDITORS = ['editor', 'admin'] as const;
const ADMINS = ['admin'] as const;

const RULES: Record<string, Rule> = {
  'GET /desk/login': 'open',
  'POST /desk/login': 'open',
  'GET /desk/assets/:file': 'open',
  'GET /desk': 'session',
  'POST /desk/logout': 'session',
  'GET /desk/account': 'session',
  'POST /desk/account/password': 'session',

  // Reporters file and submit their own stories; whose story it is and its state are the
  // service's checks (test/desk/story-editor.test.ts). Corrections are the editors', as in the API.
  'GET /desk/stories': 'session',
  'GET /desk/stories/new': 'session',
  'POST /desk/stories': 'session',
  'POST /desk/stories/preview': 'session',
  'GET /desk/stories/:id': 'session',
  'POST /desk/stories/:id': 'session',
  'POST /desk/stories/:id/preview': 'session',
  'GET /desk/stories/:id/proof.pdf': 'session',
  'POST /desk/stories/:id/status': 'session',
  'GET /desk/stories/:id/history': 'session',
  'POST /desk/stories/:id/corrections': EDITORS,

  'GET /desk/photos': 'session',
  'POST /desk/photos': 'session',
  'GET /desk/photos/:id': 'session',
  'POST /desk/photos/:id': 'session',
  'GET /desk/photos/:id/:variant/:file': 'session',
  'POST /desk/stories/:id/lead-photo': 'session',
  // Every role imports a page as drafts; placing them on an edition's page is the service's check (editors).
  'GET /desk/imports': 'session',
  'POST /desk/imports/preview': 'session',
  'POST /desk/imports': 'session',
  'GET /desk/imports/:id': 'session',

  // Every role searches; what a reporter finds (their own, and what is published) is the service's rule (test/desk/search.test.ts).
  'GET /desk/search': 'session',

  'GET /desk/notices': EDITORS,
  'GET /desk/notices/new': EDITORS,
  'POST /desk/notices': EDITORS,
  'GET /desk/notices/:id': EDITORS,
  'POST /desk/notices/:id': EDITORS,
  'POST /desk/notices/:id/status': EDITORS,
  'POST /desk/notices/:id/table': EDITORS,
  'POST /desk/notices/:id/table/file': EDITORS,

  'GET /desk/editions': EDITORS,
  'POST /desk/editions': EDITORS,
  'GET /desk/editions/:date': EDITORS,
  'GET /desk/editions/:date/pages/:label.pdf': EDITORS,
  'POST /desk/editions/:date/pages': EDITORS,
  'POST /desk/editions/:date/items': EDITORS,
  'POST /desk/editions/:date/pages/:label': EDITORS,
  'POST /desk/editions/:date/pages/:label/items': EDITORS,
  'POST /desk/editions/:date/pages/:label/delete': EDITORS,
  'GET /desk/editions/:date/release': EDITORS,
  'POST /desk/editions/:date/release': EDITORS,

  'GET /desk/admin': ADMINS,
  'GET /desk/admin/users': ADMINS,
  'POST /desk/admin/users': ADMINS,
  'GET /desk/admin/users/:id': ADMINS,
  'POST /desk/admin/users/:id': ADMINS,
  'POST /desk/admin/users/:id/active': ADMINS,
  'POST /desk/admin/users/:id/password': ADMINS,
  'POST /desk/admin/users/:id/tokens': ADMINS,
  'POST /desk/admin/users/:id/tokens/:tokenId/revoke': ADMINS,
  'GET /desk/admin/audit': ADMINS,
};

const keyOf = (route: RegisteredRoute) => `${route.method} ${route.url}`;
const isDesk = (route: RegisteredRoute) => route.url === '/desk' || route.url.startsWith('/desk/');

/** The route's path with its parameters filled: the checks here refuse before any handler reads them. */
function urlOf(route: RegisteredRoute, ids: { article: number; notice: number; user: number }): string {
  return route.url
    .replace(':date', '2031-05-01')
    .replace(':label', 'A01')
    .replace(':file', 'desk.css')
    .replace(':tokenId', '1')
    .replace(/\/(stories|articles)\/:id/, `/$1/${ids.article}`)
    .replace(/\/notices\/:id/, `/notices/${ids.notice}`)
    .replace(':id', String(ids.user))
    .replace(/:\w+/g, '1');
}

let t: TestApp;
let routes: RegisteredRoute[];
let as: Record<UserRole, DeskSession & { id: number }>;
let ids: { article: number; notice: number; user: number };

beforeAll(async () => {
  const recording = recordRoutes();
  t = await createTestApp();
  routes = recording.routes(t.app).filter(isDesk).filter((route) => route.method !== 'HEAD');
  as = { reporter: await deskUser(t, 'reporter'), editor: await deskUser(t, 'editor'), admin: await deskUser(t, 'admin') };
  const article = await t.request('editor', { method: 'POST', url: '/api/v1/articles', payload: { headline: '权限检查的稿件' } });
  const notice = await t.request('editor', { method: 'POST', url: '/api/v1/notices', payload: { kind: 'payout_claim', title: '权限检查的公告', issuer: '某单位', issuedOn: '2031-04-30' } });
  ids = { article: article.json<{ id: number }>().id, notice: notice.json<{ id: number }>().id, user: as.reporter.id };
});

afterAll(async () => {
  await t?.close();
});

function request(route: RegisteredRoute, session: DeskSession | null, withToken: boolean): Promise<LightMyRequestResponse> {
  const url = urlOf(route, ids);
  if (route.method === 'GET') return session ? session.get(url) : t.app.inject({ url });
  const form = formBody(withToken && session ? { _csrf: session.csrf } : {});
  const headers = { 'content-type': 'application/x-www-form-urlencoded' };
  return session ? session.inject({ method: route.method, url, headers, payload: form }) : t.app.inject({ method: route.method, url, headers, payload: form });
}

describe('the desk’s routes', () => {
  test('each has a rule, and each rule names a route', () => {
    const keys = new Set(routes.map(keyOf));
    expect(routes.length).toBeGreaterThan(30);
    expect(routes.filter((r) => RULES[keyOf(r)] === undefined).map(keyOf), 'desk routes without a rule: add each to RULES').toEqual([]);
    expect(Object.keys(RULES).filter((key) => !keys.has(key)), 'rules for routes that do not exist').toEqual([]);
  });

  test('without a session: a page sends the reader to sign in, a form is refused', async () => {
    const misfits: string[] = [];
    for (const route of routes) {
      if (RULES[keyOf(route)] === 'open') continue;
      const res = await request(route, null, false);
      const fine = route.method === 'GET' ? res.statusCode === 303 && String(res.headers.location).startsWith('/desk/login?next=') : res.statusCode === 401;
      if (!fine) misfits.push(`${keyOf(route)}: ${res.statusCode} ${String(res.headers.location ?? '')}`);
    }
    expect(misfits).toEqual([]);
  });

  test('a role a route is not for gets 403, whatever the URL', async () => {
    const misfits: string[] = [];
    for (const route of routes) {
      const rule = RULES[keyOf(route)];
      if (!Array.isArray(rule)) continue;
      for (const role of ['reporter', 'editor', 'admin'] as const) {
        if (rule.includes(role)) continue;
        const res = await request(route, as[role], true);
        if (res.statusCode !== 403) misfits.push(`${keyOf(route)} as ${role}: ${res.statusCode}`);
      }
    }
    expect(misfits).toEqual([]);
  });

  test('every form without the session’s token is refused with 403, for every role that may post it', async () => {
    const misfits: string[] = [];
    for (const route of routes) {
      const rule = RULES[keyOf(route)];
      if (route.method === 'GET' || rule === 'open') continue;
      const roles: readonly UserRole[] = Array.isArray(rule) ? rule : ['reporter', 'editor', 'admin'];
      for (const role of roles) {
        const res = await request(route, as[role], false);
        if (res.statusCode !== 403) misfits.push(`${keyOf(route)} as ${role}: ${res.statusCode}`);
      }
    }
    expect(misfits).toEqual([]);
    // Nothing was done: every session still works (the sign-out form was among them).
    for (const role of ['reporter', 'editor', 'admin'] as const) expect((await as[role].get('/desk/account')).statusCode).toBe(200);
  });
});
