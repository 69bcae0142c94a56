/**
 * Desk sessions on two instances of the service sharing one database. Each instance keeps the
 * live sessions it has read; a sign-out, a deactivation, a new password or a new role on one must
 * reach the other within moments (NOTIFY), not at the 30-second re-read.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestApp } from '../helpers/app.js';
import { DESK_PASSWORD, deskUser, formBody, signIn } from '../helpers/desk.js';
import { twoInstances, type TwoInstances } from '../helpers/instances.js';

let a: TestApp;
let b: TwoInstances['b'];
let instances: TwoInstances;

beforeAll(async () => {
  instances = await twoInstances();
  ({ a, b } = instances);
});

afterAll(async () => {
  await instances.close();
});

type Instance = Pick<typeof b, 'inject'>;

/** The status an instance answers a desk page with for this session cookie. */
const status = async (on: Instance, cookie: string, url = '/desk/account') => (await on.inject({ url, headers: { cookie } })).statusCode;
const onB = (cookie: string, url?: string) => status(b, cookie, url);

/** How long until the instance answers `url` with `wanted` for the cookie; throws after 3 s. */
async function soon(on: Instance, cookie: string, wanted: number, url?: string): Promise<number> {
  const started = Date.now();
  while (Date.now() - started < 3000) {
    if ((await status(on, cookie, url)) === wanted) return Date.now() - started;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  throw new Error(`the instance does not answer ${wanted} 3 s after the change`);
}

/** An admin's change to a user through instance A's API. */
async function changeUser(id: number, body: Record<string, unknown>): Promise<void> {
  const res = await a.request('admin', { method: 'PATCH', url: `/api/v1/users/${id}`, headers: { 'if-match': '"1"' }, payload: body });
  expect(res.statusCode, res.body).toBe(200);
}

describe('a desk session kept by another instance', () => {
  it('is taken there as here', async () => {
    const user = await deskUser(a, 'reporter');
    expect(await onB(user.cookie)).toBe(200);
    expect(await onB(user.cookie)).toBe(200);
  });

  it('ends there within moments when its user signs out here', async () => {
    const user = await deskUser(a, 'reporter');
    expect(await onB(user.cookie)).toBe(200);
    expect((await user.post('/desk/logout', {})).statusCode).toBe(303);
    expect(await soon(b, user.cookie, 303)).toBeLessThan(3000);
  });

  it('ends there within moments when its user is deactivated here', async () => {
    const user = await deskUser(a, 'editor');
    expect(await onB(user.cookie)).toBe(200);
    await changeUser(user.id, { active: false });
    expect(await soon(b, user.cookie, 303)).toBeLessThan(3000);
  });

  it('ends there within moments when an admin sets a new password here', async () => {
    const user = await deskUser(a, 'reporter');
    expect(await onB(user.cookie)).toBe(200);
    await changeUser(user.id, { password: 'another passphrase' });
    expect(await soon(b, user.cookie, 303)).toBeLessThan(3000);
  });

  it('takes a new role there within moments: an editor made reporter loses the editors’ screens', async () => {
    const user = await deskUser(a, 'editor');
    expect(await onB(user.cookie, '/desk/notices')).toBe(200);
    await changeUser(user.id, { role: 'reporter' });
    expect(await soon(b, user.cookie, 403, '/desk/notices')).toBeLessThan(3000);
    expect(await onB(user.cookie)).toBe(200);
  });

  it('ends everywhere but in the session its user changed their password in, on the other instance', async () => {
    const user = await deskUser(a, 'reporter');
    const elsewhere = await signIn(a, user.login);
    expect(await onB(user.cookie)).toBe(200);
    expect(await status(a.app, elsewhere.cookie)).toBe(200);
    const changed = await b.inject({
      method: 'POST',
      url: '/desk/account/password',
      headers: { cookie: user.cookie, 'content-type': 'application/x-www-form-urlencoded', 'x-csrf-token': user.csrf },
      payload: formBody({ current: DESK_PASSWORD, next: 'a brand new passphrase' }),
    });
    expect(changed.statusCode, changed.body).toBe(303);
    expect(await soon(a.app, elsewhere.cookie, 303)).toBeLessThan(3000);
    expect(await onB(user.cookie)).toBe(200);
    expect(await status(a.app, user.cookie)).toBe(200);
  });
});
