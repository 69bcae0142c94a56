import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { Actor } from '../../src/lib/actor.js';
import { recordAudit } from '../../src/publishing/audit.js';
import { createTestApp, type TestApp } from '../helpers/app.js';
import { deskUser, signIn, type DeskSession } from '../helpers/desk.js';

/**
 * Issue 19, 管理: admins manage users (roles, passwords, standing), their API tokens and read
 * the audit log in the desk, through the users and audit services: a password set or a user
 * stopped ends their desk sessions, a token's secret is shown once, and nobody else gets in.
 */

let t: TestApp;
let admin: DeskSession & { id: number };

beforeAll(async () => {
  t = await createTestApp();
  admin = await deskUser(t, 'admin', '管理员甲');
});

afterAll(async () => {
  await t?.close();
});

let serial = 0;

/** Creates a user through the desk's form; returns their id (from where the form leads). */
async function createThroughDesk(form: Record<string, string>): Promise<number> {
  const res = await admin.post('/desk/admin/users', form);
  expect(res.statusCode, res.body).toBe(303);
  const id = Number(/^\/desk\/admin\/users\/(\d+)$/.exec(String(res.headers.location))?.[1]);
  expect(id).toBeGreaterThan(0);
  return id;
}

async function newReporter(password = 'first pass 1'): Promise<{ id: number; login: string; password: string }> {
  const login = `admin.made${++serial}`;
  const id = await createThroughDesk({ login, name: `记者${serial}`, role: 'reporter', password });
  return { id, login, password };
}

const versionOf = async (id: number) => String((await t.app.services.users.get(id)).version);

/** Whether a session cookie still opens the desk (a refused one is sent to sign in). */
async function stillSignedIn(session: DeskSession): Promise<boolean> {
  const res = await session.get('/desk/account');
  if (res.statusCode === 303) expect(res.headers.location).toMatch(/^\/desk\/login\?next=/);
  return res.statusCode === 200;
}

describe('users', () => {
  test('an admin creates a user with a password, who can then sign in; the list shows them in words', async () => {
    const made = await newReporter();
    const user = await t.app.services.users.get(made.id);
    expect(user).toMatchObject({ login: made.login, role: 'reporter', active: true, hasPassword: true });
    const session = await signIn(t, made.login, made.password);
    expect(await stillSignedIn(session)).toBe(true);

    const list = await admin.get('/desk/admin/users');
    expect(list.statusCode).toBe(200);
    expect(list.body).toContain(`href="/desk/admin/users/${made.id}"`);
    expect(list.body).toMatch(new RegExp(`${made.login}</a></td><td>记者${serial}</td><td>记者</td><td>在用</td><td>已设置</td>`));
    expect(list.body).not.toContain(made.password);
  });

  test('a refused new-user form keeps the input, says why beside the field, and creates nobody', async () => {
    const before = (await t.app.services.users.list({ limit: 200 })).items.length;
    const bad = await admin.post('/desk/admin/users', { login: '9lives', name: '<script>alert(1)</script>', role: 'reporter', password: 'short' });
    expect(bad.statusCode).toBe(422);
    expect(bad.body).toContain('id="login-error"');
    expect(bad.body).toContain('id="password-error"');
    expect(bad.body).toContain('value="9lives"');
    expect(bad.body).toContain('value="&lt;script>alert(1)&lt;/script>"');
    expect(bad.body).not.toContain('<script>alert(1)');
    expect(bad.body).not.toContain('value="short"');

    const taken = await admin.post('/desk/admin/users', { login: admin.login, name: '重名', role: 'editor' });
    expect(taken.statusCode).toBe(409);
    expect(taken.body).toContain('这个登录名已被使用');
    expect((await t.app.services.users.list({ limit: 200 })).items.length).toBe(before);
  });

  test('deactivating a user refuses their open desk session at once; reactivating does not revive it', async () => {
    const made = await newReporter();
    const session = await signIn(t, made.login, made.password);
    expect(await stillSignedIn(session)).toBe(true);

    const page = await admin.get(`/desk/admin/users/${made.id}`);
    expect(page.body).toMatch(/<button type="submit" class="danger" data-confirm="[^"]+">停用此用户<\/button>/);
    const res = await admin.post(`/desk/admin/users/${made.id}/active`, { active: 'false', version: await versionOf(made.id) });
    expect(res.statusCode).toBe(303);
    expect((await t.app.services.users.get(made.id)).active).toBe(false);
    expect(await stillSignedIn(session)).toBe(false);
    await expect(signIn(t, made.login, made.password)).rejects.toThrow(/401/);

    await admin.post(`/desk/admin/users/${made.id}/active`, { active: 'true', version: await versionOf(made.id) });
    expect(await stillSignedIn(session)).toBe(false);
    expect(await stillSignedIn(await signIn(t, made.login, made.password))).toBe(true);
  });

  test('a new password set by an admin ends the old session; only the new password signs in', async () => {
    const made = await newReporter();
    const session = await signIn(t, made.login, made.password);
    const res = await admin.post(`/desk/admin/users/${made.id}/password`, { password: 'second pass 2', version: await versionOf(made.id) });
    expect(res.statusCode).toBe(303);
    expect(await stillSignedIn(session)).toBe(false);
    await expect(signIn(t, made.login, made.password)).rejects.toThrow(/401/);
    expect(await stillSignedIn(await signIn(t, made.login, 'second pass 2'))).toBe(true);

    const short = await admin.post(`/desk/admin/users/${made.id}/password`, { password: 'short', version: await versionOf(made.id) });
    expect(short.statusCode).toBe(422);
    expect(short.body).toContain('id="password-error"');
  });

  test('a save made on a stale page is refused with the current values shown, overwriting nothing', async () => {
    const made = await newReporter();
    const version = await versionOf(made.id);
    const first = await admin.post(`/desk/admin/users/${made.id}`, { name: '先改的名字', role: 'reporter', version });
    expect(first.statusCode).toBe(303);
    const second = await admin.post(`/desk/admin/users/${made.id}`, { name: '后改的名字', role: 'editor', version });
    expect(second.statusCode).toBe(412);
    expect(second.body).toContain('已被别人修改');
    expect(second.body).toContain('value="先改的名字"');
    expect(second.body).toContain('后改的名字');
    expect(await t.app.services.users.get(made.id)).toMatchObject({ name: '先改的名字', role: 'reporter' });

    const stop = await admin.post(`/desk/admin/users/${made.id}/active`, { active: 'false', version });
    expect(stop.statusCode).toBe(412);
    expect((await t.app.services.users.get(made.id)).active).toBe(true);
  });

  test('a role change is saved and recorded as the change alone', async () => {
    const made = await newReporter();
    const res = await admin.post(`/desk/admin/users/${made.id}`, { name: `记者${serial}`, role: 'editor', version: await versionOf(made.id) });
    expect(res.statusCode).toBe(303);
    expect((await t.app.services.users.get(made.id)).role).toBe('editor');
    const events = await t.app.services.audit.list({ entity: 'user', entityId: String(made.id) });
    expect(events.items[0]).toMatchObject({ action: 'user.update', actorId: admin.id, details: { role: 'editor' } });
  });
});

describe('tokens', () => {
  test('a token issued shows its secret once; the page after shows only its hint; revoking stops it', async () => {
    const made = await newReporter();
    const issued = await admin.post(`/desk/admin/users/${made.id}/tokens`, { label: '排版系统', expiresAt: '' });
    expect(issued.statusCode).toBe(201);
    expect(issued.headers['cache-control']).toBe('no-store');
    const secret = /id="token-secret" class="secret" readonly value="([^"]+)"/.exec(issued.body)?.[1];
    expect(secret).toBeTruthy();
    expect(issued.body).toContain('唯一一次显示');
    const me = await t.request(secret!, { url: '/api/v1/me' });
    expect(me.statusCode).toBe(200);
    expect(me.json()).toMatchObject({ user: { id: made.id } });

    const [token] = await t.app.services.users.listTokens(made.id);
    const page = await admin.get(`/desk/admin/users/${made.id}`);
    expect(page.body).not.toContain(secret!);
    expect(page.body).toContain(`<code>${token!.hint}</code>`);
    expect(page.body).toContain('排版系统');

    const revoked = await admin.post(`/desk/admin/users/${made.id}/tokens/${token!.id}/revoke`, {});
    expect(revoked.statusCode).toBe(303);
    expect((await t.request(secret!, { url: '/api/v1/me' })).statusCode).toBe(401);
    expect((await admin.get(`/desk/admin/users/${made.id}`)).body).toContain('已吊销');
  });

  test('an expiry is read in the paper’s time zone; one in the past is refused beside the field', async () => {
    const made = await newReporter();
    const ok = await admin.post(`/desk/admin/users/${made.id}/tokens`, { label: '一年', expiresAt: '2099-01-01T08:00' });
    expect(ok.statusCode).toBe(201);
    const [token] = await t.app.services.users.listTokens(made.id);
    expect(token!.expiresAt).toBe('2099-01-01T00:00:00.000Z');

    const past = await admin.post(`/desk/admin/users/${made.id}/tokens`, { label: '过去', expiresAt: '2001-01-01T08:00' });
    expect(past.statusCode).toBe(422);
    expect(past.body).toContain('到期时间必须晚于现在');
    expect(past.body).toContain('value="过去"');
    expect(await t.app.services.users.listTokens(made.id)).toHaveLength(1);
  });

  test('a token of another user cannot be revoked through this user’s page', async () => {
    const a = await newReporter();
    const b = await newReporter();
    await admin.post(`/desk/admin/users/${b.id}/tokens`, { label: 'b 的令牌' });
    const [token] = await t.app.services.users.listTokens(b.id);
    const res = await admin.post(`/desk/admin/users/${a.id}/tokens/${token!.id}/revoke`, {});
    expect(res.statusCode).toBe(404);
    expect((await t.app.services.users.listTokens(b.id))[0]!.revokedAt).toBeNull();
  });
});

describe('the audit log', () => {
  test('lists the actions just made, newest first, in words, with who made them', async () => {
    const made = await newReporter();
    await admin.post(`/desk/admin/users/${made.id}/tokens`, { label: '审计测试' });
    const res = await admin.get('/desk/admin/audit');
    expect(res.statusCode).toBe(200);
    const actions = [...res.body.matchAll(/data-action="([^"]+)"/g)].map((m) => m[1]);
    expect(actions.slice(0, 2)).toEqual(['token.issue', 'user.create']);
    expect(res.body).toContain('发放令牌');
    expect(res.body).toContain('新建用户');
    expect(res.body).toContain(`<td><a href="/desk/admin/users/${admin.id}">管理员甲</a></td><td data-action="token.issue">发放令牌</td><td><a href="/desk/admin/users/${made.id}">用户 记者${serial}</a></td>`);
  });

  test('filters by item and user from the URL, and says so when a filter is wrong', async () => {
    const made = await newReporter();
    const mine = await admin.get(`/desk/admin/audit?entity=user&entityId=${made.id}&actor=${admin.id}`);
    expect(mine.statusCode).toBe(200);
    expect([...mine.body.matchAll(/data-action="([^"]+)"/g)].map((m) => m[1])).toEqual(['user.create']);
    expect(mine.body).toContain(`value="${made.id}"`);

    const backwards = await admin.get('/desk/admin/audit?from=2026-03-02&to=2026-03-01');
    expect(backwards.statusCode).toBe(400);
    expect(backwards.body).toContain('开始日期不能晚于结束日期');
    const nonsense = await admin.get('/desk/admin/audit?from=2026-02-30');
    expect(nonsense.statusCode).toBe(400);
    expect(nonsense.body).toContain('id="from-error"');
  });

  test('filters by action', async () => {
    const made = await newReporter();
    await admin.post(`/desk/admin/users/${made.id}/tokens`, { label: '按操作筛选' });
    const res = await admin.get(`/desk/admin/audit?action=token.issue&entity=user&entityId=${made.id}`);
    expect(res.statusCode).toBe(200);
    expect([...res.body.matchAll(/data-action="([^"]+)"/g)].map((m) => m[1])).toEqual(['token.issue']);
  });

  test('pages through older events, keeping the filters in the links', async () => {
    const actor: Actor = { userId: admin.id, login: admin.login, role: 'admin', tokenId: null, requestId: 'paging' };
    for (let i = 1; i <= 55; i++) await recordAudit(t.database.db, actor, { action: 'section.update', entity: 'paging_test', entityId: i, details: { n: i } });
    const first = await admin.get('/desk/admin/audit?entity=paging_test');
    expect(first.statusCode).toBe(200);
    expect(first.body.match(/data-action=/g)).toHaveLength(50);
    expect(first.body).toContain('>paging_test 55<');
    expect(first.body).not.toContain('回到最新');
    const older = /href="(\/desk\/admin\/audit\?entity=paging_test&amp;cursor=[^"]+)">更早的记录/.exec(first.body);
    expect(older).not.toBeNull();
    const second = await admin.get(older![1]!.replaceAll('&amp;', '&'));
    expect(second.body.match(/data-action=/g)).toHaveLength(5);
    expect(second.body).toContain('>paging_test 5<');
    expect(second.body).toContain('href="/desk/admin/audit?entity=paging_test">回到最新');
    expect(second.body).not.toContain('更早的记录');
    expect((await admin.get('/desk/admin/audit?cursor=bm90LWEtY3Vyc29y')).statusCode).toBe(400);
  });
});

describe('who may', () => {
  test('editors and reporters get 403 on every admin route', async () => {
    const target = await newReporter();
    await admin.post(`/desk/admin/users/${target.id}/tokens`, { label: '别动' });
    const [token] = await t.app.services.users.listTokens(target.id);
    const version = await versionOf(target.id);
    for (const role of ['editor', 'reporter'] as const) {
      const other = await deskUser(t, role);
      const gets = ['/desk/admin', '/desk/admin/users', `/desk/admin/users/${target.id}`, '/desk/admin/audit'];
      for (const url of gets) expect((await other.get(url)).statusCode, `${role} GET ${url}`).toBe(403);
      const posts: [string, Record<string, string>][] = [
        ['/desk/admin/users', { login: `sneaky${role}`, name: '偷偷', role: 'admin', password: 'sneaky pass 1' }],
        [`/desk/admin/users/${target.id}`, { name: '改名', role: 'admin', version }],
        [`/desk/admin/users/${target.id}/active`, { active: 'false', version }],
        [`/desk/admin/users/${target.id}/password`, { password: 'taken over 1', version }],
        [`/desk/admin/users/${target.id}/tokens`, { label: '偷' }],
        [`/desk/admin/users/${target.id}/tokens/${token!.id}/revoke`, {}],
      ];
      for (const [url, form] of posts) expect((await other.post(url, form)).statusCode, `${role} POST ${url}`).toBe(403);
      const nav = await other.get('/desk/account');
      expect(nav.body).not.toContain('href="/desk/admin/users"');
    }
    expect(await t.app.services.users.get(target.id)).toMatchObject({ role: 'reporter', active: true, version: Number(version) });
    expect(await t.app.services.users.listTokens(target.id)).toHaveLength(1);
    expect((await t.app.services.users.listTokens(target.id))[0]!.revokedAt).toBeNull();
  });

  test('a form posted without its token is refused and changes nothing', async () => {
    const made = await newReporter();
    const version = await versionOf(made.id);
    const posts: [string, Record<string, string>][] = [
      ['/desk/admin/users', { login: 'no.token', name: '无令牌', role: 'reporter' }],
      [`/desk/admin/users/${made.id}`, { name: '无令牌', role: 'editor', version }],
      [`/desk/admin/users/${made.id}/active`, { active: 'false', version }],
      [`/desk/admin/users/${made.id}/password`, { password: 'no token pass', version }],
      [`/desk/admin/users/${made.id}/tokens`, { label: '无令牌' }],
    ];
    for (const [url, form] of posts) expect((await admin.post(url, form, { csrf: false })).statusCode, url).toBe(403);
    expect(await t.app.services.users.get(made.id)).toMatchObject({ role: 'reporter', active: true, version: Number(version) });
    expect(await t.app.services.users.listTokens(made.id)).toHaveLength(0);
    expect((await t.app.services.users.list({ limit: 200 })).items.some((u) => u.login === 'no.token')).toBe(false);
  });

  test('malformed ids and forms are 4xx, never a 500', async () => {
    expect((await admin.get('/desk/admin/users/abc')).statusCode).toBe(400);
    expect((await admin.get('/desk/admin/users/999999')).statusCode).toBe(404);
    const made = await newReporter();
    expect((await admin.post(`/desk/admin/users/${made.id}`, { name: 'x', role: 'editor' })).statusCode).toBe(400);
    expect((await admin.post(`/desk/admin/users/${made.id}/active`, { active: 'maybe', version: await versionOf(made.id) })).statusCode).toBe(400);
    expect((await admin.post(`/desk/admin/users/${made.id}`, { name: '  ', role: 'chief', version: await versionOf(made.id) })).statusCode).toBe(422);
  });
});

describe('the last admin', () => {
  test('cannot be made an editor or stopped: the service refuses and the desk says why', async () => {
    // Every other admin of this file is stopped; no other test needs one.
    const actor: Actor = { userId: admin.id, login: admin.login, role: 'admin', tokenId: null, requestId: 'last-admin' };
    for (const other of (await t.app.services.users.list({ role: 'admin', limit: 200 })).items) {
      if (other.id !== admin.id && other.active) await t.app.services.users.update(actor, other.id, other.version, { active: false });
    }
    const version = await versionOf(admin.id);
    const demote = await admin.post(`/desk/admin/users/${admin.id}`, { name: '管理员甲', role: 'editor', version });
    expect(demote.statusCode).toBe(409);
    expect(demote.body).toContain('最后一位在用的管理员');
    expect(demote.body).toContain('<option value="editor" selected>');
    const stop = await admin.post(`/desk/admin/users/${admin.id}/active`, { active: 'false', version });
    expect(stop.statusCode).toBe(409);
    expect(stop.body).toContain('最后一位在用的管理员');
    expect(await t.app.services.users.get(admin.id)).toMatchObject({ role: 'admin', active: true, version: Number(version) });
  });
});
