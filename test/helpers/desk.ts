import type { InjectOptions, LightMyRequestResponse } from 'fastify';
import type { UserRole } from '../../src/lib/actor.js';
import type { TestApp } from './app.js';

/** The password every desk test user gets. */
export const DESK_PASSWORD = 'correct horse 7';

let serial = 0;

/** A signed-in desk user: their session cookie, the page's form token, and requests made as them. */
export interface DeskSession {
  login: string;
  /** `newsroom_session=…`, for a Cookie header. */
  cookie: string;
  /** The session's form token. */
  csrf: string;
  /** A GET (page) as this user. */
  get(url: string, headers?: Record<string, string>): Promise<LightMyRequestResponse>;
  /** A form post as this user, with the form token unless `csrf: false`. */
  post(url: string, form: Record<string, string | string[]>, options?: { csrf?: boolean; headers?: Record<string, string> }): Promise<LightMyRequestResponse>;
  /** A script's JSON request as this user (X-CSRF-Token header, Accept: application/json). */
  json(method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE', url: string, payload?: unknown): Promise<LightMyRequestResponse>;
  inject(options: InjectOptions): Promise<LightMyRequestResponse>;
}

/** x-www-form-urlencoded, repeated keys for lists. */
export function formBody(form: Record<string, string | string[]>): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(form)) for (const v of Array.isArray(value) ? value : [value]) params.append(key, v);
  return params.toString();
}

/** The value of the first `name="_csrf"` hidden field of a page. */
export function csrfOf(html: string): string {
  const match = /name="_csrf" value="([^"]+)"/.exec(html);
  if (!match) throw new Error('no form token on the page');
  return match[1]!;
}

/** Signs in through the sign-in form as `login` (made with `DESK_PASSWORD` if `role` is given). */
export async function signIn(t: TestApp, login: string, password = DESK_PASSWORD): Promise<DeskSession> {
  const page = await t.app.inject({ url: '/desk/login' });
  const loginCookie = String(page.headers['set-cookie']).split(';')[0]!;
  const posted = await t.app.inject({
    method: 'POST',
    url: '/desk/login',
    headers: { cookie: loginCookie, 'content-type': 'application/x-www-form-urlencoded' },
    payload: formBody({ _csrf: csrfOf(page.body), login, password, next: '/desk/account' }),
  });
  if (posted.statusCode !== 303) throw new Error(`sign-in as ${login} failed: ${posted.statusCode}`);
  const cookies = ([] as string[]).concat(posted.headers['set-cookie'] ?? []);
  const cookie = cookies.find((c) => c.startsWith('newsroom_session='))!.split(';')[0]!;
  const account = await t.app.inject({ url: '/desk/account', headers: { cookie } });
  const csrf = csrfOf(account.body);
  const inject = (options: InjectOptions) => t.app.inject({ ...options, headers: { cookie, ...options.headers } });
  return {
    login,
    cookie,
    csrf,
    inject,
    get: (url, headers = {}) => inject({ url, headers }),
    post: (url, form, options = {}) =>
      inject({
        method: 'POST',
        url,
        headers: { 'content-type': 'application/x-www-form-urlencoded', ...options.headers },
        payload: formBody(options.csrf === false ? form : { _csrf: csrf, ...form }),
      }),
    json: (method, url, payload) =>
      inject({
        method,
        url,
        headers: { accept: 'application/json', 'x-csrf-token': csrf, ...(payload !== undefined && { 'content-type': 'application/json' }) },
        ...(payload !== undefined && { payload: JSON.stringify(payload) }),
      }),
  };
}

/** Makes a desk user of `role` with `DESK_PASSWORD` and signs them in. */
export async function deskUser(t: TestApp, role: UserRole, name?: string): Promise<DeskSession & { id: number }> {
  const login = `desk-${role}-${++serial}`;
  const user = await t.app.services.users.create(null, { login, name: name ?? `${role === 'reporter' ? '记者' : role === 'editor' ? '编辑' : '管理员'}${serial}`, role, password: DESK_PASSWORD });
  const session = await signIn(t, login);
  return { ...session, id: user.id };
}
