import { sql } from 'drizzle-orm';
import { afterAll, afterEach, beforeAll, describe, expect, test, vi } from 'vitest';
import { rowsOf } from '../../src/db/client.js';
import { hashPassword, verifyPassword } from '../../src/lib/passwords.js';
import { createTestApp, type TestApp } from '../helpers/app.js';
import { csrfOf, DESK_PASSWORD, deskUser, formBody, signIn } from '../helpers/desk.js';

/**
 * Issue 19: signing in to the desk. Passwords are scrypt hashes; the session cookie is
 * HttpOnly, SameSite=Lax, Secure behind HTTPS, new at every sign-in, and ends when idle, at its
 * absolute expiry, at sign-out, on deactivation and on a password change; failures are limited
 * per account and address without locking others out; the API's tokens keep working.
 */

let t: TestApp;

beforeAll(async () => {
  t = await createTestApp({ trustProxy: true });
});

afterAll(async () => {
  await t?.close();
});
afterEach(() => {
  vi.restoreAllMocks();
});

/** The sign-in form: its cookie and token. */
async function loginForm(headers: Record<string, string> = {}) {
  const page = await t.app.inject({ url: '/desk/login', headers });
  expect(page.statusCode).toBe(200);
  return { cookie: String(page.headers['set-cookie']).split(';')[0]!, token: csrfOf(page.body), page };
}

async function postLogin(login: string, password: string, headers: Record<string, string> = {}) {
  const form = await loginForm(headers);
  return t.app.inject({
    method: 'POST',
    url: '/desk/login',
    headers: { cookie: form.cookie, 'content-type': 'application/x-www-form-urlencoded', ...headers },
    payload: formBody({ _csrf: form.token, login, password, next: '/desk/stories' }),
  });
}

const sessionCookieOf = (res: { headers: Record<string, unknown> }) =>
  ([] as string[]).concat((res.headers['set-cookie'] as string | string[] | undefined) ?? []).find((c) => c.startsWith('newsroom_session='));

describe('passwords', () => {
  test('are stored as salted scrypt hashes that verify only the same password', async () => {
    const a = await hashPassword('春眠不觉晓 处处闻啼鸟');
    const b = await hashPassword('春眠不觉晓 处处闻啼鸟');
    expect(a).toMatch(/^scrypt\$16384\$8\$1\$[\w-]{22}\$[\w-]{43}$/);
    expect(a).not.toBe(b);
    expect(await verifyPassword('春眠不觉晓 处处闻啼鸟', a)).toBe(true);
    expect(await verifyPassword('春眠不觉晓 处处闻啼鸟 ', a)).toBe(false);
    expect(await verifyPassword('anything', null)).toBe(false);
    expect(await verifyPassword('anything', 'scrypt$garbage')).toBe(false);
  });

  test('are set through the API by an admin, never shown back, and refused when too short', async () => {
    const created = await t.request('admin', { method: 'POST', url: '/api/v1/users', payload: { login: 'api.pw', name: '接口 用户', role: 'reporter', password: 'long enough 1' } });
    expect(created.statusCode, created.body).toBe(201);
    expect(created.json()).toMatchObject({ hasPassword: true });
    expect(created.body).not.toContain('long enough 1');
    const [row] = rowsOf<{ password_hash: string }>(await t.database.db.execute(sql`select password_hash from users where login = 'api.pw'`));
    expect(row!.password_hash).toMatch(/^scrypt\$/);
    expect((await postLogin('api.pw', 'long enough 1')).statusCode).toBe(303);

    const short = await t.request('admin', { method: 'PATCH', url: `/api/v1/users/${created.json<{ id: number }>().id}`, headers: { 'if-match': '"1"' }, payload: { password: 'short' } });
    expect(short.statusCode).toBe(400);
    expect((await postLogin('api.pw', 'long enough 1')).statusCode).toBe(303);
    const byEditor = await t.request('editor', { method: 'PATCH', url: `/api/v1/users/${created.json<{ id: number }>().id}`, headers: { 'if-match': '"1"' }, payload: { password: 'an editor tries' } });
    expect(byEditor.statusCode).toBe(403);
  });
});

describe('signing in', () => {
  test('sets an HttpOnly, SameSite=Lax session cookie scoped to the desk, new at every sign-in', async () => {
    const user = await deskUser(t, 'reporter');
    const first = await postLogin(user.login, DESK_PASSWORD);
    const second = await postLogin(user.login, DESK_PASSWORD);
    expect(first.statusCode).toBe(303);
    expect(first.headers.location).toBe('/desk/stories');
    const cookie = sessionCookieOf(first)!;
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/SameSite=Lax/);
    expect(cookie).toMatch(/Path=\/desk/);
    expect(cookie).not.toMatch(/Secure/);
    expect(sessionCookieOf(second)!.split(';')[0]).not.toBe(cookie.split(';')[0]);
  });

  test('marks the cookie Secure behind HTTPS', async () => {
    const user = await deskUser(t, 'reporter');
    const res = await postLogin(user.login, DESK_PASSWORD, { 'x-forwarded-proto': 'https' });
    expect(res.statusCode).toBe(303);
    expect(sessionCookieOf(res)).toMatch(/; Secure/);
  });

  test('refuses a wrong password, an unknown login and a user without a password alike, and sets no session', async () => {
    const user = await deskUser(t, 'reporter');
    const tokenOnly = await t.user('reporter');
    for (const [login, password] of [
      [user.login, 'wrong password'],
      ['nobody-here', DESK_PASSWORD],
      [`reporter${tokenOnly.id}`, DESK_PASSWORD],
    ] as const) {
      const res = await postLogin(login, password);
      expect(res.statusCode).toBe(401);
      expect(res.body).toContain('登录名或密码不对');
      expect(sessionCookieOf(res)).toBeUndefined();
    }
  });

  test('goes on only to a desk path after signing in', async () => {
    const user = await deskUser(t, 'reporter');
    const form = await loginForm();
    for (const [next, expected] of [
      ['/desk/account', '/desk/account'],
      ['https://evil.example/', '/desk/stories'],
      ['//evil.example/desk', '/desk/stories'],
      ['/deskx', '/desk/stories'],
    ] as const) {
      const res = await t.app.inject({
        method: 'POST',
        url: '/desk/login',
        headers: { cookie: form.cookie, 'content-type': 'application/x-www-form-urlencoded' },
        payload: formBody({ _csrf: form.token, login: user.login, password: DESK_PASSWORD, next }),
      });
      expect(res.headers.location, next).toBe(expected);
    }
  });

  test('sends a page asked for without a session to the sign-in form, and a script to 401', async () => {
    const page = await t.app.inject({ url: '/desk/stories?state=submitted' });
    expect(page.statusCode).toBe(303);
    expect(page.headers.location).toBe('/desk/login?next=%2Fdesk%2Fstories%3Fstate%3Dsubmitted');
    const script = await t.app.inject({ url: '/desk/stories', headers: { accept: 'application/json' } });
    expect(script.statusCode).toBe(401);
    expect(script.headers['content-type']).toMatch(/problem\+json/);
  });

  test('limits failures per account and address, without locking the account out from elsewhere', async () => {
    const victim = await deskUser(t, 'editor');
    const attacker = { 'x-forwarded-for': '203.0.113.9' };
    const elsewhere = { 'x-forwarded-for': '198.51.100.4' };
    for (let i = 0; i < 10; i++) expect((await postLogin(victim.login, `guess ${i}`, attacker)).statusCode).toBe(401);
    const blocked = await postLogin(victim.login, DESK_PASSWORD, attacker);
    expect(blocked.statusCode).toBe(429);
    expect(Number(blocked.headers['retry-after'])).toBeGreaterThan(0);
    expect(sessionCookieOf(blocked)).toBeUndefined();
    // The owner, from another address, still signs in; another account from the attacker's address too.
    expect((await postLogin(victim.login, DESK_PASSWORD, elsewhere)).statusCode).toBe(303);
    const other = await deskUser(t, 'reporter');
    expect((await postLogin(other.login, DESK_PASSWORD, attacker)).statusCode).toBe(303);
  });
});

describe('a session ends', () => {
  test('at sign-out: the cookie is refused afterwards', async () => {
    const user = await deskUser(t, 'reporter');
    expect((await user.get('/desk/account')).statusCode).toBe(200);
    const out = await user.post('/desk/logout', {});
    expect(out.statusCode).toBe(303);
    expect(out.headers.location).toBe('/desk/login');
    const after = await user.get('/desk/account');
    expect(after.statusCode).toBe(303);
    expect(after.headers.location).toMatch(/^\/desk\/login/);
  });

  test('when its user is deactivated, at once', async () => {
    const user = await deskUser(t, 'editor');
    const current = await t.request('admin', { url: `/api/v1/users/${user.id}` });
    const res = await t.request('admin', { method: 'PATCH', url: `/api/v1/users/${user.id}`, headers: { 'if-match': String(current.headers.etag) }, payload: { active: false } });
    expect(res.statusCode, res.body).toBe(200);
    expect((await user.get('/desk/account')).statusCode).toBe(303);
    expect((await user.json('GET', '/desk/account')).statusCode).toBe(401);
  });

  test('when it has been idle too long, or reached its absolute expiry', async () => {
    const idle = await deskUser(t, 'reporter');
    await t.database.db.execute(sql`update sessions set last_seen_at = now() - interval '9 hours' where user_id = ${idle.id}`);
    const old = await deskUser(t, 'reporter');
    await t.database.db.execute(sql`update sessions set expires_at = now() - interval '1 second' where user_id = ${old.id}`);
    // Changed by hand, unannounced: each instance reads a session it keeps again within 30 s.
    const now = Date.now();
    vi.spyOn(Date, 'now').mockReturnValue(now + 31_000);
    expect((await idle.get('/desk/account')).statusCode).toBe(303);
    expect((await old.get('/desk/account')).statusCode).toBe(303);
  });

  test('at its absolute expiry, by this instance’s clock, without asking the database', async () => {
    const user = await deskUser(t, 'reporter');
    expect((await user.get('/desk/account')).statusCode).toBe(200);
    const now = Date.now();
    vi.spyOn(Date, 'now').mockReturnValue(now + 24 * 3_600_000 + 1000); // the database's clock has not got there yet
    expect((await user.get('/desk/account')).statusCode).toBe(303);
  });

  test('when its user changes password — except the session that changed it', async () => {
    const user = await deskUser(t, 'reporter');
    const elsewhere = await signIn(t, user.login);
    const wrong = await user.post('/desk/account/password', { current: 'not it at all', next: 'a new passphrase' });
    expect(wrong.statusCode).toBe(422);
    expect(wrong.body).toContain('当前密码不对');
    const changed = await user.post('/desk/account/password', { current: DESK_PASSWORD, next: 'a new passphrase' });
    expect(changed.statusCode).toBe(303);
    expect((await user.get('/desk/account')).statusCode).toBe(200);
    expect((await elsewhere.get('/desk/account')).statusCode).toBe(303);
    expect((await postLogin(user.login, DESK_PASSWORD)).statusCode).toBe(401);
    expect((await postLogin(user.login, 'a new passphrase')).statusCode).toBe(303);
  });
});

describe('forms', () => {
  test('without the session’s form token, or with another session’s, are refused and change nothing', async () => {
    const user = await deskUser(t, 'reporter');
    const other = await deskUser(t, 'reporter');
    const forms: Record<string, string>[] = [{}, { _csrf: 'forged' }, { _csrf: other.csrf }];
    for (const form of forms) {
      const res = await user.post('/desk/logout', form, { csrf: false });
      expect(res.statusCode).toBe(403);
    }
    expect((await user.get('/desk/account')).statusCode).toBe(200);
  });

  test('from another origin are refused even with the token', async () => {
    const user = await deskUser(t, 'reporter');
    const res = await user.post('/desk/logout', {}, { headers: { origin: 'https://evil.example' } });
    expect(res.statusCode).toBe(403);
    expect((await user.get('/desk/account')).statusCode).toBe(200);
  });

  test('the sign-in form without its token is refused', async () => {
    const user = await deskUser(t, 'reporter');
    const res = await t.app.inject({
      method: 'POST',
      url: '/desk/login',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: formBody({ login: user.login, password: DESK_PASSWORD }),
    });
    expect(res.statusCode).toBe(403);
    expect(sessionCookieOf(res)).toBeUndefined();
  });

  test('with a NUL in a field are refused with 400', async () => {
    const user = await deskUser(t, 'reporter');
    const res = await user.post('/desk/account/password', { current: 'a\u0000b', next: 'whatever long' });
    expect(res.statusCode).toBe(400);
  });
});

describe('the API', () => {
  test('keeps taking bearer tokens, and does not take a desk session', async () => {
    const user = await deskUser(t, 'editor');
    expect((await t.request('editor', { url: '/api/v1/articles' })).statusCode).toBe(200);
    expect((await t.app.inject({ url: '/api/v1/articles', headers: { cookie: user.cookie } })).statusCode).toBe(401);
  });
});

describe('every desk page', () => {
  test('is sent with a strict policy that lets only the desk’s own scripts run, and is never cached', async () => {
    const user = await deskUser(t, 'reporter');
    const res = await user.get('/desk/account');
    const csp = String(res.headers['content-security-policy']);
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("default-src 'none'");
    expect(csp).not.toContain('unsafe-inline');
    expect(res.headers['cache-control']).toBe('no-store');
    expect(res.body).toContain('退出登录');
    expect(res.body).not.toMatch(/<script(?![^>]*type="module" src="\/desk\/assets\/)/);
  });
});
