import { createHash, randomBytes } from 'node:crypto';
import { and, asc, count, eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { buildApp } from '../src/app.js';
import type { Database } from '../src/db/client.js';
import { apiTokens, auditEvents, users } from '../src/db/schema/index.js';
import type { UserRole } from '../src/lib/actor.js';
import { AppError } from '../src/errors.js';
import { createUsersService } from '../src/features/users/service.js';
import { createTestApp, type TestApp } from './helpers/app.js';
import { expectProblem } from './helpers/problem.js';
import { createTestDatabase } from './helpers/database.js';

let t: TestApp;
let db: Database;

beforeAll(async () => {
  t = await createTestApp();
  db = t.database.db;
});
afterAll(async () => t.close());

let serial = 0;
/** A login no other test in this file uses. */
const uniqueLogin = (prefix = 'u') => `${prefix}.t${++serial}`;


/** Creates a user through the API as the admin and returns the response body. */
async function createUser(role: UserRole, login = uniqueLogin(role)) {
  const res = await t.request('admin', { method: 'POST', url: '/api/v1/users', payload: { login, name: `Name of ${login}`, role } });
  expect(res.statusCode, res.body).toBe(201);
  return res.json() as { id: number; login: string; role: UserRole; version: number; active: boolean };
}

/** Issues a token as the admin and returns the response body (with the secret). */
async function issueToken(userId: number, body?: Record<string, unknown>) {
  const res = await t.request('admin', {
    method: 'POST',
    url: `/api/v1/users/${userId}/tokens`,
    ...(body && { payload: body }),
  });
  expect(res.statusCode, res.body).toBe(201);
  return res.json() as { id: number; userId: number; token: string; hint: string; label: string; expiresAt: string | null };
}

async function patchUser(token: UserRole | string, id: number, version: number | null, payload: Record<string, unknown>) {
  return t.request(token, {
    method: 'PATCH',
    url: `/api/v1/users/${id}`,
    headers: version === null ? {} : { 'if-match': `"${version}"` },
    payload,
  });
}

const me = (token: UserRole | string | null) => t.request(token, { url: '/api/v1/me' });

async function userCount(): Promise<number> {
  const [row] = await db.select({ n: count() }).from(users);
  return row!.n;
}

async function auditCount(): Promise<number> {
  const [row] = await db.select({ n: count() }).from(auditEvents);
  return row!.n;
}

async function idOf(token: UserRole | string): Promise<number> {
  const res = await me(token);
  expect(res.statusCode).toBe(200);
  return res.json().user.id as number;
}

describe('authentication', () => {
  it('answers 401 with WWW-Authenticate: Bearer when no token is sent', async () => {
    for (const url of ['/api/v1/me', '/api/v1/users', '/api/v1/users/1']) {
      const res = await t.request(null, { url });
      expectProblem(res, 401, 'unauthorized');
      expect(res.headers['www-authenticate']).toMatch(/^Bearer\b/);
    }
  });

  it('answers 401 before looking at the body of a write', async () => {
    const res = await t.request(null, { method: 'POST', url: '/api/v1/users', payload: { nonsense: true } });
    expectProblem(res, 401, 'unauthorized');
    expect(res.headers['www-authenticate']).toMatch(/^Bearer\b/);
  });

  it.each([
    ['another scheme', `Basic ${Buffer.from('admin:secret').toString('base64')}`],
    ['a scheme without a token', 'Bearer'],
    ['a scheme with blanks only', 'Bearer    '],
    ['two words after the scheme', 'Bearer abc def'],
    ['a token without a scheme', 'nr_abcdefghijklmnop'],
    ['a token longer than any issued', `Bearer ${'a'.repeat(201)}`],
    ['a non-ASCII token', 'Bearer tökén'],
  ])('answers 401 for a malformed Authorization header: %s', async (_label, authorization) => {
    const res = await t.request(null, { url: '/api/v1/me', headers: { authorization } });
    expectProblem(res, 401, 'unauthorized');
    expect(res.headers['www-authenticate']).toMatch(/^Bearer\b/);
  });

  it('answers 401 for a well-formed but unknown token', async () => {
    const res = await me(`nr_${randomBytes(32).toString('base64url')}`);
    expectProblem(res, 401, 'unauthorized');
    expect(res.headers['www-authenticate']).toMatch(/^Bearer\b/);
  });

  it('accepts the Bearer scheme in any letter case', async () => {
    const res = await t.request(null, { url: '/api/v1/me', headers: { authorization: `bearer ${t.tokens.editor}` } });
    expect(res.statusCode).toBe(200);
    expect(res.json().user.role).toBe('editor');
  });

  it('tells each signed-in user who they are and which token they used', async () => {
    const user = await createUser('reporter');
    const token = await issueToken(user.id);
    const res = await me(token.token);
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ user: { id: user.id, login: user.login, role: 'reporter' }, tokenId: token.id });
    for (const role of ['reporter', 'editor', 'admin'] as const) {
      expect((await me(role)).json().user.role).toBe(role);
    }
  });

  it('refuses a token right after it is revoked', async () => {
    const user = await createUser('editor');
    const token = await issueToken(user.id);
    expect((await me(token.token)).statusCode).toBe(200);

    const revoked = await t.request('admin', { method: 'DELETE', url: `/api/v1/tokens/${token.id}` });
    expect(revoked.statusCode).toBe(204);
    expect(revoked.body).toBe('');

    const res = await me(token.token);
    expectProblem(res, 401, 'unauthorized');
    expect(res.headers['www-authenticate']).toMatch(/^Bearer\b/);

    const list = await t.request('admin', { url: `/api/v1/users/${user.id}/tokens` });
    expect(list.json().items.find((i: { id: number }) => i.id === token.id).revokedAt).toEqual(expect.any(String));
  });

  it('treats revoking a revoked token as done, and audits it once', async () => {
    const user = await createUser('reporter');
    const token = await issueToken(user.id);
    for (let i = 0; i < 2; i++) {
      expect((await t.request('admin', { method: 'DELETE', url: `/api/v1/tokens/${token.id}` })).statusCode).toBe(204);
    }
    const rows = await db
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.action, 'token.revoke'), sql`${auditEvents.details}->>'tokenId' = ${String(token.id)}`));
    expect(rows).toHaveLength(1);
  });

  it('refuses a token once its expiry has passed', async () => {
    const user = await createUser('reporter');
    const expiresAt = new Date(Date.now() + 3_600_000).toISOString();
    const token = await issueToken(user.id, { expiresAt });
    expect(Date.parse(token.expiresAt!)).toBe(Date.parse(expiresAt));
    expect((await me(token.token)).statusCode).toBe(200);

    // The hour passes (the database's clock and the service's): known tokens are not trusted past their expiry.
    await db
      .update(apiTokens)
      .set({ expiresAt: new Date(Date.now() - 60_000) })
      .where(eq(apiTokens.id, token.id));
    vi.spyOn(Date, 'now').mockReturnValue(Date.parse(expiresAt) + 1000);
    try {
      const res = await me(token.token);
      expectProblem(res, 401, 'unauthorized');
      expect(res.headers['www-authenticate']).toMatch(/^Bearer\b/);
    } finally {
      vi.restoreAllMocks();
    }
  });

  it('will not issue a token that has already expired', async () => {
    const user = await createUser('reporter');
    const before = await db.select().from(apiTokens).where(eq(apiTokens.userId, user.id));
    const res = await t.request('admin', {
      method: 'POST',
      url: `/api/v1/users/${user.id}/tokens`,
      payload: { expiresAt: new Date(Date.now() - 1000).toISOString() },
    });
    const body = expectProblem(res, 422, 'unprocessable');
    expect(body.errors).toEqual([expect.objectContaining({ pointer: '/expiresAt' })]);
    expect(await db.select().from(apiTokens).where(eq(apiTokens.userId, user.id))).toHaveLength(before.length);
  });

  it('rejects an expiry that is not a timestamp', async () => {
    const user = await createUser('reporter');
    const res = await t.request('admin', {
      method: 'POST',
      url: `/api/v1/users/${user.id}/tokens`,
      payload: { expiresAt: 'tomorrow' },
    });
    const body = expectProblem(res, 400, 'validation-failed');
    expect(body.errors).toEqual([expect.objectContaining({ pointer: '/expiresAt' })]);
  });

  it('refuses the tokens of a deactivated user and issues them no new one', async () => {
    const user = await createUser('editor');
    const token = await issueToken(user.id);
    expect((await me(token.token)).statusCode).toBe(200);

    const res = await patchUser('admin', user.id, user.version, { active: false });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ active: false, version: user.version + 1 });

    expectProblem(await me(token.token), 401, 'unauthorized');
    expectProblem(
      await t.request('admin', { method: 'POST', url: `/api/v1/users/${user.id}/tokens`, payload: {} }),
      409,
      'conflict',
    );
  });

  it('does not revive old tokens when a deactivated user is reactivated', async () => {
    const user = await createUser('reporter');
    const token = await issueToken(user.id);
    const off = await patchUser('admin', user.id, user.version, { active: false });
    expect(off.statusCode, off.body).toBe(200);
    const on = await patchUser('admin', user.id, off.json().version, { active: true });
    expect(on.statusCode, on.body).toBe(200);
    expectProblem(await me(token.token), 401, 'unauthorized');
    const listed = (await t.request('admin', { url: `/api/v1/users/${user.id}/tokens` })).json().items as { revokedAt: string | null }[];
    expect(listed.map((i) => i.revokedAt)).toEqual([expect.any(String)]);
    expect((await me((await issueToken(user.id)).token)).statusCode).toBe(200);
  });

  it('records when a token was last used', async () => {
    const user = await createUser('reporter');
    const used = await issueToken(user.id, { label: 'used' });
    const unused = await issueToken(user.id, { label: 'unused' });
    expect((await me(used.token)).statusCode).toBe(200);
    const items = (await t.request('admin', { url: `/api/v1/users/${user.id}/tokens` })).json().items as {
      id: number;
      lastUsedAt: string | null;
    }[];
    expect(items.find((i) => i.id === used.id)!.lastUsedAt).toEqual(expect.any(String));
    expect(items.find((i) => i.id === unused.id)!.lastUsedAt).toBeNull();
  });
});

describe('roles', () => {
  it.each([
    ['reporter', 'POST', '/api/v1/users', 403],
    ['editor', 'POST', '/api/v1/users', 403],
    ['reporter', 'GET', '/api/v1/users', 403],
    ['editor', 'GET', '/api/v1/users', 200],
    ['admin', 'GET', '/api/v1/users', 200],
    ['reporter', 'GET', '/api/v1/users/{admin}', 403],
    ['editor', 'GET', '/api/v1/users/{admin}', 200],
    ['editor', 'PATCH', '/api/v1/users/{admin}', 403],
    ['reporter', 'PATCH', '/api/v1/users/{admin}', 403],
    ['editor', 'POST', '/api/v1/users/{admin}/tokens', 403],
    ['editor', 'GET', '/api/v1/users/{admin}/tokens', 403],
    ['reporter', 'GET', '/api/v1/users/{admin}/tokens', 403],
  ] as const)('%s %s %s → %i', async (role, method, path, status) => {
    const adminId = await idOf('admin');
    const before = await userCount();
    const res = await t.request(role, {
      method,
      url: path.replace('{admin}', String(adminId)),
      headers: { 'if-match': '"1"' },
      ...(method !== 'GET' && { payload: method === 'PATCH' ? { name: 'Taken over' } : { login: uniqueLogin('sneaky'), name: 'Sneaky', role: 'admin' } }),
    });
    if (status === 403) {
      const body = expectProblem(res, 403, 'forbidden');
      expect(body.detail).toContain(role);
      expect(await userCount()).toBe(before);
    } else {
      expect(res.statusCode, res.body).toBe(status);
    }
  });

  it('checks the role before the body, so a reporter learns nothing from validation', async () => {
    const res = await t.request('reporter', { method: 'POST', url: '/api/v1/users', payload: { bogus: 1 } });
    expectProblem(res, 403, 'forbidden');
  });

  it('leaves the admin unchanged when an editor tries to edit them', async () => {
    const adminId = await idOf('admin');
    const before = (await t.request('admin', { url: `/api/v1/users/${adminId}` })).json();
    const res = await patchUser('editor', adminId, before.version, { role: 'reporter' });
    expectProblem(res, 403, 'forbidden');
    expect((await t.request('admin', { url: `/api/v1/users/${adminId}` })).json()).toEqual(before);
  });

  it('applies a role change to the user’s existing token at once', async () => {
    const user = await createUser('reporter');
    const token = await issueToken(user.id);
    expectProblem(await t.request(token.token, { url: '/api/v1/users' }), 403, 'forbidden');
    expect((await patchUser('admin', user.id, user.version, { role: 'editor' })).statusCode).toBe(200);
    expect((await t.request(token.token, { url: '/api/v1/users' })).statusCode).toBe(200);
  });
});

describe('creating users', () => {
  it('creates a user: 201, ETag "1", Location, and the user as stored', async () => {
    const login = uniqueLogin('Li.Hua');
    const res = await t.request('admin', {
      method: 'POST',
      url: '/api/v1/users',
      payload: { login, name: '  李华  ', role: 'reporter' },
    });
    expect(res.statusCode, res.body).toBe(201);
    expect(res.headers.etag).toBe('"1"');
    const body = res.json();
    expect(res.headers.location).toBe(`/api/v1/users/${body.id}`);
    expect(body).toEqual({
      id: expect.any(Number),
      login: login.toLowerCase(),
      name: '李华',
      role: 'reporter',
      active: true,
      hasPassword: false,
      version: 1,
      createdAt: expect.any(String),
      updatedAt: expect.any(String),
    });
    expect(Math.abs(Date.parse(body.createdAt) - Date.now())).toBeLessThan(60_000);

    const fetched = await t.request('editor', { url: res.headers.location as string });
    expect(fetched.statusCode).toBe(200);
    expect(fetched.headers.etag).toBe('"1"');
    expect(fetched.json()).toEqual(body);
  });

  it('refuses a login that differs only in case: 409, nothing written', async () => {
    const login = uniqueLogin('Wang.Fang');
    await createUser('reporter', login);
    const users0 = await userCount();
    const audit0 = await auditCount();

    for (const variant of [login.toUpperCase(), login.toLowerCase(), login]) {
      const res = await t.request('admin', {
        method: 'POST',
        url: '/api/v1/users',
        payload: { login: variant, name: 'Someone else', role: 'editor' },
      });
      expectProblem(res, 409, 'conflict');
    }
    expect(await userCount()).toBe(users0);
    expect(await auditCount()).toBe(audit0);
  });

  it.each([
    ['an unknown field', { login: 'ok.login', name: 'N', role: 'reporter', password: 'x' }, '/password'],
    ['a login starting with a digit', { login: '1abc', name: 'N', role: 'reporter' }, '/login'],
    ['a one-letter login', { login: 'a', name: 'N', role: 'reporter' }, '/login'],
    ['a login with a space', { login: 'li hua', name: 'N', role: 'reporter' }, '/login'],
    ['an unknown role', { login: 'ok.login', name: 'N', role: 'chief' }, '/role'],
    ['a missing role', { login: 'ok.login', name: 'N' }, '/role'],
    ['a blank name', { login: 'ok.login', name: '   ', role: 'reporter' }, '/name'],
  ])('rejects %s with 400 naming the field, and writes nothing', async (_label, payload, pointer) => {
    const before = await userCount();
    const res = await t.request('admin', { method: 'POST', url: '/api/v1/users', payload });
    const body = expectProblem(res, 400, 'validation-failed');
    expect(body.errors).toEqual(expect.arrayContaining([expect.objectContaining({ pointer })]));
    expect(body.detail).toContain(pointer);
    expect(await userCount()).toBe(before);
  });

  it('marks newsroom API responses as private', async () => {
    const res = await t.request('editor', { url: '/api/v1/users' });
    expect(res.headers['cache-control']).toBe('private, no-cache');
  });
});

describe('tokens', () => {
  it('shows a new token once, with no-store, and it works at once', async () => {
    const user = await createUser('editor');
    const res = await t.request('admin', {
      method: 'POST',
      url: `/api/v1/users/${user.id}/tokens`,
      payload: { label: '  laptop  ' },
    });
    expect(res.statusCode, res.body).toBe(201);
    expect(res.headers['cache-control']).toBe('no-store');
    const issued = res.json();
    expect(issued).toMatchObject({ userId: user.id, label: 'laptop', expiresAt: null, revokedAt: null, lastUsedAt: null });
    expect(issued.token).toMatch(/^[\x21-\x7e]{20,200}$/);
    expect(issued.token.startsWith(issued.hint.replace(/…$/, ''))).toBe(true);
    expect(issued.hint.length).toBeLessThan(issued.token.length / 2);

    const who = await me(issued.token);
    expect(who.statusCode).toBe(200);
    expect(who.json()).toMatchObject({ user: { id: user.id }, tokenId: issued.id });
  });

  it('issues a token without a body, with a default label', async () => {
    const user = await createUser('reporter');
    const res = await t.request('admin', { method: 'POST', url: `/api/v1/users/${user.id}/tokens` });
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json().label).toEqual(expect.stringMatching(/\S/));
    expect((await me(res.json().token)).statusCode).toBe(200);
  });

  it('issues a different secret every time', async () => {
    const user = await createUser('reporter');
    const a = await issueToken(user.id);
    const b = await issueToken(user.id);
    expect(a.token).not.toBe(b.token);
    expect(a.id).not.toBe(b.id);
  });

  it('never shows or stores the secret afterwards', async () => {
    const user = await createUser('reporter');
    const issued = await issueToken(user.id, { label: 'phone' });

    const list = await t.request('admin', { url: `/api/v1/users/${user.id}/tokens` });
    expect(list.statusCode).toBe(200);
    expect(list.body).not.toContain(issued.token);
    const items = list.json().items;
    expect(items).toHaveLength(1);
    expect(items[0]).toMatchObject({ id: issued.id, userId: user.id, label: 'phone', hint: issued.hint });
    expect(items[0]).not.toHaveProperty('token');
    expect(items[0]).not.toHaveProperty('secretHash');

    const [row] = await db.select().from(apiTokens).where(eq(apiTokens.id, issued.id));
    expect(row!.secretHash).not.toBe(issued.token);
    expect(row!.secretHash).not.toContain(issued.token.slice(-16));
    expect(row!.secretHash).toBe(createHash('sha256').update(issued.token).digest('hex'));
    // No column of any stored token holds the secret.
    const everything = await db.select().from(apiTokens);
    expect(JSON.stringify(everything)).not.toContain(issued.token);
  });

  it('answers 404 for the tokens of a user that does not exist', async () => {
    expectProblem(await t.request('admin', { url: '/api/v1/users/999999/tokens' }), 404, 'not-found');
    expectProblem(
      await t.request('admin', { method: 'POST', url: '/api/v1/users/999999/tokens', payload: {} }),
      404,
      'not-found',
    );
  });

  it('answers 400 for an id that is not a positive integer', async () => {
    expectProblem(await t.request('admin', { url: '/api/v1/users/abc/tokens' }), 400, 'validation-failed');
    expectProblem(await t.request('admin', { method: 'DELETE', url: '/api/v1/tokens/0' }), 400, 'validation-failed');
  });
});

describe('revoking tokens', () => {
  it('lets a non-admin revoke their own other token', async () => {
    const reporter = await t.user('reporter');
    const second = await issueToken(reporter.id, { label: 'second' });
    expect((await me(second.token)).statusCode).toBe(200);

    const res = await t.request(reporter.token, { method: 'DELETE', url: `/api/v1/tokens/${second.id}` });
    expect(res.statusCode, res.body).toBe(204);
    expectProblem(await me(second.token), 401, 'unauthorized');
    expect((await me(reporter.token)).statusCode).toBe(200);
  });

  it('lets a user revoke the very token they sign in with', async () => {
    const editor = await t.user('editor');
    const tokenId = (await me(editor.token)).json().tokenId as number;
    expect((await t.request(editor.token, { method: 'DELETE', url: `/api/v1/tokens/${tokenId}` })).statusCode).toBe(204);
    expectProblem(await me(editor.token), 401, 'unauthorized');
  });

  it('answers 404 to a non-admin for someone else’s token, which keeps working', async () => {
    const reporter = await t.user('reporter');
    const other = await createUser('reporter');
    const theirs = await issueToken(other.id);
    const audit0 = await auditCount();

    const res = await t.request(reporter.token, { method: 'DELETE', url: `/api/v1/tokens/${theirs.id}` });
    const unknown = await t.request(reporter.token, { method: 'DELETE', url: '/api/v1/tokens/999999' });
    expectProblem(res, 404, 'not-found');
    expectProblem(unknown, 404, 'not-found');
    // Someone else's token and no token at all look the same from outside.
    expect(res.json().detail.replace(String(theirs.id), 'N')).toBe(unknown.json().detail.replace('999999', 'N'));

    expect((await me(theirs.token)).statusCode).toBe(200);
    expect(await auditCount()).toBe(audit0);
  });

  it('lets an admin revoke anyone’s token, and 404s an unknown one', async () => {
    const user = await createUser('editor');
    const token = await issueToken(user.id);
    expect((await t.request('admin', { method: 'DELETE', url: `/api/v1/tokens/${token.id}` })).statusCode).toBe(204);
    expectProblem(await me(token.token), 401, 'unauthorized');
    expectProblem(await t.request('admin', { method: 'DELETE', url: '/api/v1/tokens/999999' }), 404, 'not-found');
  });
});

describe('updating users', () => {
  it('requires If-Match: 428 without it, nothing changed', async () => {
    const user = await createUser('reporter');
    const res = await patchUser('admin', user.id, null, { name: 'Changed' });
    expectProblem(res, 428, 'version-required');
    const now = (await t.request('admin', { url: `/api/v1/users/${user.id}` })).json();
    expect(now).toMatchObject({ version: 1, name: `Name of ${user.login}` });
  });

  it('rejects a stale If-Match with 412 and the current version, and applies the right one', async () => {
    const user = await createUser('reporter');

    const first = await patchUser('admin', user.id, 1, { name: 'First change' });
    expect(first.statusCode, first.body).toBe(200);
    expect(first.headers.etag).toBe('"2"');
    expect(first.json()).toMatchObject({ id: user.id, name: 'First change', version: 2 });
    expect(Date.parse(first.json().updatedAt)).toBeGreaterThanOrEqual(Date.parse(first.json().createdAt));

    const stale = await patchUser('admin', user.id, 1, { name: 'Lost change' });
    const problem = expectProblem(stale, 412, 'stale-version');
    expect(problem.currentVersion).toBe(2);
    expect(stale.headers.etag).toBe('"2"');

    const fetched = await t.request('admin', { url: `/api/v1/users/${user.id}` });
    expect(fetched.json()).toMatchObject({ name: 'First change', version: 2 });

    const second = await t.request('admin', {
      method: 'PATCH',
      url: `/api/v1/users/${user.id}`,
      headers: { 'if-match': '"2"' },
      payload: { name: 'Second change', role: 'editor' },
    });
    expect(second.statusCode, second.body).toBe(200);
    expect(second.json()).toMatchObject({ name: 'Second change', role: 'editor', version: 3 });
    expect(second.headers.etag).toBe('"3"');
  });

  it('rejects a malformed If-Match with 400', async () => {
    const user = await createUser('reporter');
    for (const ifMatch of ['2', 'abc', '"1", "2"']) {
      const res = await t.request('admin', {
        method: 'PATCH',
        url: `/api/v1/users/${user.id}`,
        headers: { 'if-match': ifMatch },
        payload: { name: 'x' },
      });
      expectProblem(res, 400, 'bad-request');
    }
    expect((await t.request('admin', { url: `/api/v1/users/${user.id}` })).json().version).toBe(1);
  });

  it('rejects an empty change and unknown fields', async () => {
    const user = await createUser('reporter');
    expectProblem(await patchUser('admin', user.id, 1, {}), 400, 'validation-failed');
    const res = await patchUser('admin', user.id, 1, { login: 'renamed' });
    const body = expectProblem(res, 400, 'validation-failed');
    expect(body.errors).toEqual([expect.objectContaining({ pointer: '/login' })]);
  });

  it('answers 404 for a user that does not exist', async () => {
    expectProblem(await patchUser('admin', 999999, 1, { name: 'Nobody' }), 404, 'not-found');
    expectProblem(await t.request('editor', { url: '/api/v1/users/999999' }), 404, 'not-found');
  });
});

describe('the last active admin', () => {
  let own: TestApp;
  beforeAll(async () => {
    own = await createTestApp();
  });
  afterAll(async () => own.close());

  const get = async (id: number) => (await own.request('admin', { url: `/api/v1/users/${id}` })).json();
  const patch = (token: string, id: number, version: number, payload: Record<string, unknown>) =>
    own.request(token, { method: 'PATCH', url: `/api/v1/users/${id}`, headers: { 'if-match': `"${version}"` }, payload });

  it('cannot be demoted or deactivated until another admin exists', async () => {
    const adminId = (await own.request('admin', { url: '/api/v1/me' })).json().user.id as number;
    const start = await get(adminId);

    for (const change of [{ role: 'editor' }, { role: 'reporter' }, { active: false }, { role: 'editor', active: false }]) {
      const res = await patch('admin', adminId, start.version, change);
      expectProblem(res, 409, 'conflict');
    }
    expect(await get(adminId)).toEqual(start);

    // A stale version is reported as stale before any rule about admins is applied.
    expectProblem(await patch('admin', adminId, start.version + 5, { role: 'editor' }), 412, 'stale-version');

    // Renaming the last admin is fine.
    const renamed = await patch('admin', adminId, start.version, { name: 'Chief admin' });
    expect(renamed.statusCode, renamed.body).toBe(200);

    const created = await own.request('admin', {
      method: 'POST',
      url: '/api/v1/users',
      payload: { login: 'second.admin', name: 'Second admin', role: 'admin' },
    });
    expect(created.statusCode).toBe(201);
    const second = created.json();
    const secondToken = (
      await own.request('admin', { method: 'POST', url: `/api/v1/users/${second.id}/tokens`, payload: {} })
    ).json().token as string;

    const demoted = await patch('admin', adminId, renamed.json().version, { role: 'editor' });
    expect(demoted.statusCode, demoted.body).toBe(200);
    expect(demoted.json()).toMatchObject({ role: 'editor', version: start.version + 2 });
    // The demoted admin's token now acts as an editor.
    expectProblem(
      await own.request('admin', { method: 'POST', url: '/api/v1/users', payload: { login: 'x.y', name: 'X', role: 'reporter' } }),
      403,
      'forbidden',
    );

    // Now the second admin is the last one, and cannot step down either.
    const selfDeactivate = await patch(secondToken, second.id, second.version, { active: false });
    expectProblem(selfDeactivate, 409, 'conflict');
    const selfDemote = await patch(secondToken, second.id, second.version, { role: 'reporter' });
    expectProblem(selfDemote, 409, 'conflict');
    expect((await own.request(secondToken, { url: `/api/v1/users/${second.id}` })).json()).toMatchObject({
      role: 'admin',
      active: true,
      version: second.version,
    });
  });
});

describe('listing users', () => {
  type Page = { items: { id: number; role: UserRole; active: boolean }[]; nextCursor: string | null };

  /** Follows nextCursor from the first page to the last and returns every page. */
  async function walk(query: string): Promise<Page[]> {
    const pages: Page[] = [];
    let cursor: string | null = null;
    do {
      const url: string = `/api/v1/users?${query}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`;
      const res = await t.request('editor', { url });
      expect(res.statusCode, res.body).toBe(200);
      const page = res.json() as Page;
      pages.push(page);
      cursor = page.nextCursor;
      expect(pages.length).toBeLessThan(500);
    } while (cursor !== null);
    return pages;
  }

  it('pages through every user exactly once, in ascending id order', async () => {
    for (let i = 0; i < 5; i++) await createUser('reporter');
    const stored = (await db.select({ id: users.id }).from(users).orderBy(asc(users.id))).map((r) => r.id);
    expect(stored.length).toBeGreaterThanOrEqual(8);

    const pages = await walk('limit=2');
    for (const page of pages) expect(page.items.length).toBeLessThanOrEqual(2);
    for (const page of pages.slice(0, -1)) {
      expect(page.items).toHaveLength(2);
      expect(page.nextCursor).toEqual(expect.any(String));
    }
    expect(pages.at(-1)!.nextCursor).toBeNull();
    expect(pages.at(-1)!.items.length).toBeGreaterThan(0);
    expect(pages).toHaveLength(Math.ceil(stored.length / 2));

    const seen = pages.flatMap((p) => p.items.map((i) => i.id));
    expect(new Set(seen).size).toBe(seen.length);
    expect(seen).toEqual([...seen].sort((a, b) => a - b));
    expect(seen).toEqual(stored);
  });

  it('returns one page with a null cursor when everything fits', async () => {
    const res = await t.request('admin', { url: '/api/v1/users?limit=200' });
    expect(res.statusCode).toBe(200);
    expect(res.json().nextCursor).toBeNull();
    expect(res.json().items).toHaveLength(await userCount());
  });

  it.each([
    ['not base64 JSON', 'not-a-cursor!'],
    ['a key of the wrong type', Buffer.from('["x"]').toString('base64url')],
    ['a key of the wrong length', Buffer.from('[1,2]').toString('base64url')],
    ['a JSON object', Buffer.from('{"id":1}').toString('base64url')],
    ['a fraction', Buffer.from('[1.5]').toString('base64url')],
  ])('answers 400 for a garbage cursor: %s', async (_label, cursor) => {
    const res = await t.request('editor', { url: `/api/v1/users?cursor=${encodeURIComponent(cursor)}` });
    const body = expectProblem(res, 400, 'bad-request');
    expect(body.detail).toMatch(/cursor/i);
  });

  it.each(['0', '201', 'abc', '-1'])('answers 400 for limit=%s', async (limit) => {
    const res = await t.request('editor', { url: `/api/v1/users?limit=${limit}` });
    const body = expectProblem(res, 400, 'validation-failed');
    expect(body.errors).toEqual([expect.objectContaining({ in: 'query', pointer: '/limit' })]);
  });

  it('filters by role, across pages', async () => {
    await createUser('editor');
    await createUser('editor');
    await createUser('reporter');
    for (const role of ['reporter', 'editor', 'admin'] as const) {
      const expected = (
        await db.select({ id: users.id }).from(users).where(eq(users.role, role)).orderBy(asc(users.id))
      ).map((r) => r.id);
      const items = (await walk(`role=${role}&limit=1`)).flatMap((p) => p.items);
      expect(items.every((i) => i.role === role)).toBe(true);
      expect(items.map((i) => i.id)).toEqual(expected);
    }
  });

  it('filters by active', async () => {
    const user = await createUser('reporter');
    expect((await patchUser('admin', user.id, user.version, { active: false })).statusCode).toBe(200);

    const inactive = (await walk('active=false&limit=200')).flatMap((p) => p.items);
    expect(inactive.map((i) => i.id)).toContain(user.id);
    expect(inactive.every((i) => !i.active)).toBe(true);
    const expectedInactive = (await db.select({ id: users.id }).from(users).where(eq(users.active, false)).orderBy(asc(users.id))).map(
      (r) => r.id,
    );
    expect(inactive.map((i) => i.id)).toEqual(expectedInactive);

    const active = (await walk('active=true&limit=200')).flatMap((p) => p.items);
    expect(active.map((i) => i.id)).not.toContain(user.id);
    expect(active.every((i) => i.active)).toBe(true);
    expect(active.length + inactive.length).toBe(await userCount());

    const both = (await walk(`active=false&role=reporter&limit=200`)).flatMap((p) => p.items);
    expect(both.map((i) => i.id)).toContain(user.id);
    expect(both.every((i) => !i.active && i.role === 'reporter')).toBe(true);
  });

  it('rejects a filter value it does not know', async () => {
    const role = await t.request('editor', { url: '/api/v1/users?role=chief' });
    expect(expectProblem(role, 400, 'validation-failed').errors).toEqual([
      expect.objectContaining({ in: 'query', pointer: '/role' }),
    ]);
    const active = await t.request('editor', { url: '/api/v1/users?active=perhaps' });
    expect(expectProblem(active, 400, 'validation-failed').errors).toEqual([
      expect.objectContaining({ in: 'query', pointer: '/active' }),
    ]);
  });

  it('rejects an unknown query parameter with 400 naming it', async () => {
    const res = await t.request('editor', { url: '/api/v1/users?colour=red&limit=2' });
    const body = expectProblem(res, 400, 'validation-failed');
    expect(body.errors).toEqual([{ in: 'query', pointer: '/colour', message: expect.any(String) }]);
    expect(body.detail).toContain('colour');
  });
});

describe('bootstrapAdmin', () => {
  it('creates user "admin" with the token when there is no admin, and only then', async () => {
    const database = await createTestDatabase();
    try {
      const service = createUsersService({ db: database.db });
      const token = `boot_${randomBytes(24).toString('base64url')}`;

      const admin = await service.bootstrapAdmin(token);
      expect(admin).toMatchObject({ login: 'admin', role: 'admin', active: true, version: 1 });

      const actor = await service.authenticate(token, 'req-1');
      expect(actor).toMatchObject({ userId: admin!.id, login: 'admin', role: 'admin', requestId: 'req-1' });

      const [stored] = await database.db.select().from(apiTokens).where(eq(apiTokens.userId, admin!.id));
      expect(stored!.secretHash).not.toContain(token);

      expect(await service.bootstrapAdmin(token)).toBeUndefined();
      expect(await service.bootstrapAdmin(`other_${randomBytes(24).toString('base64url')}`)).toBeUndefined();
      expect(await database.db.select().from(users)).toHaveLength(1);
      expect(await database.db.select().from(apiTokens)).toHaveLength(1);
      const audit = await database.db.select().from(auditEvents).where(eq(auditEvents.action, 'user.bootstrap'));
      expect(audit).toHaveLength(1);
      expect(audit[0]!.entityId).toBe(String(admin!.id));
    } finally {
      await database.close();
    }
  });

  it('gives a token that signs in over HTTP as the admin', async () => {
    const database = await createTestDatabase();
    const app = await buildApp({ config: { bodyLimit: 65_536, publicBaseUrl: 'http://newsroom.test' }, database });
    try {
      const token = `boot_${randomBytes(24).toString('base64url')}`;
      const admin = await createUsersService({ db: database.db }).bootstrapAdmin(token);
      const res = await app.inject({ url: '/api/v1/me', headers: { authorization: `Bearer ${token}` } });
      expect(res.statusCode, res.body).toBe(200);
      expect(res.json().user).toMatchObject({ id: admin!.id, login: 'admin', role: 'admin' });
      const create = await app.inject({
        method: 'POST',
        url: '/api/v1/users',
        headers: { authorization: `Bearer ${token}` },
        payload: { login: 'first.reporter', name: 'First reporter', role: 'reporter' },
      });
      expect(create.statusCode, create.body).toBe(201);
    } finally {
      await app.close(); // closes the database too
    }
  });

  it('does nothing when an admin with another login exists', async () => {
    const database = await createTestDatabase();
    try {
      const service = createUsersService({ db: database.db });
      await service.createWithToken({ login: 'chief', name: 'Chief', role: 'admin' }, 'cli');
      const token = `boot_${randomBytes(24).toString('base64url')}`;
      expect(await service.bootstrapAdmin(token)).toBeUndefined();
      expect((await database.db.select().from(users)).map((u) => u.login)).toEqual(['chief']);
      await expect(service.authenticate(token, 'req-2')).rejects.toMatchObject({ status: 401 });
    } finally {
      await database.close();
    }
  });

  it('refuses to take over a non-admin who holds the login "admin"', async () => {
    const database = await createTestDatabase();
    try {
      const service = createUsersService({ db: database.db });
      await service.createWithToken({ login: 'Admin', name: 'Not an admin', role: 'reporter' }, 'cli');
      const token = `boot_${randomBytes(24).toString('base64url')}`;
      await expect(service.bootstrapAdmin(token)).rejects.toBeInstanceOf(AppError);
      const rows = await database.db.select().from(users);
      expect(rows).toHaveLength(1);
      expect(rows[0]!.role).toBe('reporter');
      await expect(service.authenticate(token, 'req-3')).rejects.toMatchObject({ status: 401 });
    } finally {
      await database.close();
    }
  });
});

describe('audit events', () => {
  const eventsFor = (action: string, entityId: number) =>
    db
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.action, action), eq(auditEvents.entityId, String(entityId))));

  it('records user.create with the admin, the request id and the role', async () => {
    const adminId = await idOf('admin');
    const res = await t.request('admin', {
      method: 'POST',
      url: '/api/v1/users',
      headers: { 'x-request-id': 'audit-create-1' },
      payload: { login: uniqueLogin('audited'), name: 'Audited', role: 'editor' },
    });
    expect(res.statusCode).toBe(201);
    const events = await eventsFor('user.create', res.json().id);
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({
      actorId: adminId,
      entity: 'user',
      requestId: 'audit-create-1',
      details: { role: 'editor' },
    });
    expect(Math.abs(events[0]!.at.getTime() - Date.now())).toBeLessThan(60_000);
  });

  it('records token.issue with the token id, never the secret', async () => {
    const adminId = await idOf('admin');
    const user = await createUser('reporter');
    const token = await issueToken(user.id);
    const events = await eventsFor('token.issue', user.id);
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ actorId: adminId, entity: 'user', details: { tokenId: token.id } });
    expect(JSON.stringify(events)).not.toContain(token.token);
  });

  it('records token.revoke by whoever revoked it', async () => {
    const reporter = await t.user('reporter');
    const second = await issueToken(reporter.id);
    const res = await t.request(reporter.token, {
      method: 'DELETE',
      url: `/api/v1/tokens/${second.id}`,
      headers: { 'x-request-id': 'audit-revoke-1' },
    });
    expect(res.statusCode).toBe(204);
    const events = await eventsFor('token.revoke', reporter.id);
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({
      actorId: reporter.id,
      entity: 'user',
      requestId: 'audit-revoke-1',
      details: { tokenId: second.id },
    });
  });

  it('records user.update with the change', async () => {
    const adminId = await idOf('admin');
    const user = await createUser('reporter');
    expect((await patchUser('admin', user.id, user.version, { role: 'editor' })).statusCode).toBe(200);
    const events = await eventsFor('user.update', user.id);
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ actorId: adminId, details: { role: 'editor' } });
  });

  it('records nothing for a refused change', async () => {
    const user = await createUser('reporter');
    const before = await auditCount();
    expectProblem(await patchUser('admin', user.id, 99, { name: 'stale' }), 412, 'stale-version');
    expectProblem(await patchUser('editor', user.id, user.version, { name: 'not allowed' }), 403, 'forbidden');
    expect(await auditCount()).toBe(before);
  });
});
