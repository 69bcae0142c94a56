// Failed sign-ins are limited per client, and no credential ever reaches the log.
import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loggerOptions, urlForLog } from '../../src/logging.js';
import { createTestApp, type TestApp } from '../helpers/app.js';
import { expectProblem } from '../helpers/problem.js';

const LIMIT = 3;

describe('failed authentication is rate-limited per client, valid tokens never', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ authFailureLimit: LIMIT });
  });
  afterAll(async () => t.close());

  const me = (token: string | null, remoteAddress: string) =>
    t.request(token, { url: '/api/v1/me', remoteAddress });

  it(`answers 401 to ${LIMIT} bad tokens, then 429 with Retry-After, to that client only`, async () => {
    const client = '10.1.0.1';
    for (let i = 0; i < LIMIT; i++) expectProblem(await me(`guess-${i}-${'x'.repeat(40)}`, client), 401, 'unauthorized');
    const refused = await me('guess-last-xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx', client);
    expectProblem(refused, 429, 'too-many-requests');
    const retryAfter = Number(refused.headers['retry-after']);
    expect(retryAfter).toBeGreaterThan(0);
    expect(retryAfter).toBeLessThanOrEqual(60);

    // Only its guessing stops: a valid token from the same address (a newsroom behind one NAT) still works.
    expect((await me(t.tokens.editor, client)).statusCode).toBe(200);
    expectProblem(await me('guess-after-xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx', client), 429, 'too-many-requests');
    // Another client is not affected, and public reads are never limited.
    expect((await me(t.tokens.editor, '10.1.0.2')).statusCode).toBe(200);
    expect((await t.request(null, { url: '/content/v1/articles', remoteAddress: client })).statusCode).toBe(200);
  });

  it('counts a malformed Authorization header as a failure, but not a missing one or a success', async () => {
    const quiet = '10.2.0.1';
    for (let i = 0; i < LIMIT * 3; i++) expectProblem(await me(null, quiet), 401, 'unauthorized');
    for (let i = 0; i < LIMIT * 3; i++) expect((await me(t.tokens.reporter, quiet)).statusCode).toBe(200);

    const malformed = '10.2.0.2';
    const basic = () => t.request(null, { url: '/api/v1/me', remoteAddress: malformed, headers: { authorization: 'Basic dXNlcjpwYXNz' } });
    for (let i = 0; i < LIMIT; i++) expectProblem(await basic(), 401, 'unauthorized');
    expectProblem(await basic(), 429, 'too-many-requests');
    expect((await me(t.tokens.reporter, malformed)).statusCode).toBe(200);
  });

  it('counts a revoked token like an unknown one', async () => {
    const client = '10.3.0.1';
    const user = await t.user('reporter');
    const tokens = (await t.request('admin', { url: `/api/v1/users/${user.id}/tokens` })).json().items as { id: number }[];
    expect((await t.request('admin', { method: 'DELETE', url: `/api/v1/tokens/${tokens[0]!.id}` })).statusCode).toBe(204);
    for (let i = 0; i < LIMIT; i++) expectProblem(await me(user.token, client), 401, 'unauthorized');
    expectProblem(await me(user.token, client), 429, 'too-many-requests');
  });
});

describe('logs', () => {
  const lines: string[] = [];
  let t: TestApp;
  beforeAll(async () => {
    const stream = new Writable({
      write(chunk: Buffer | string, _encoding, done) {
        lines.push(String(chunk));
        done();
      },
    });
    t = await createTestApp({ logger: { ...loggerOptions('trace'), stream }, authFailureLimit: 2 });
  });
  afterAll(async () => t.close());

  it('never hold a bearer token, an issued token or a secret sent by mistake, while logging every request', async () => {
    const secrets: string[] = [t.tokens.admin, t.tokens.editor, t.tokens.reporter];
    const guess = `wrong-token-${'g'.repeat(32)}`;
    secrets.push(guess);

    expect((await t.request('admin', { url: '/api/v1/me' })).statusCode).toBe(200);
    expect((await t.request('editor', { url: '/api/v1/articles?limit=1' })).statusCode).toBe(200);
    for (let i = 0; i < 3; i++) await t.request(guess, { url: '/api/v1/me', remoteAddress: '10.9.0.1' });

    const user = await t.user('reporter');
    secrets.push(user.token);
    const issued = await t.request('admin', { method: 'POST', url: `/api/v1/users/${user.id}/tokens`, payload: { label: 'laptop' } });
    expect(issued.statusCode).toBe(201);
    const token = issued.json().token as string;
    secrets.push(token);
    expect((await t.request(token, { url: '/api/v1/me' })).statusCode).toBe(200);

    // A client's mistakes: credentials in the query string and in a body field.
    const inQuery = 'query-secret-0123456789abcdef';
    secrets.push(inQuery);
    expectProblem(await t.request(null, { url: `/content/v1/articles?access_token=${inQuery}&limit=2` }), 400, 'validation-failed');
    expectProblem(await t.request(null, { url: `/content/v1/articles?limit=2&token=${inQuery}` }), 400, 'validation-failed');
    const inBody = 'body-secret-0123456789abcdef';
    secrets.push(inBody);
    const res = await t.request('editor', { method: 'POST', url: '/api/v1/sections', payload: { name: '要闻', slug: 'news', password: inBody } });
    expectProblem(res, 400, 'validation-failed');

    const log = lines.join('');
    const completed = lines.filter((line) => line.includes('"request completed"'));
    expect(completed.length).toBeGreaterThanOrEqual(9);
    expect(log).toContain('client turned away');
    expect(log).toContain('access_token=[Redacted]&limit=2');
    expect(log).toContain('limit=2&token=[Redacted]');
    for (const secret of secrets) expect(log).not.toContain(secret);
  });
});

describe('urlForLog', () => {
  it('hides the values of secret-looking query parameters and keeps the rest', () => {
    expect(urlForLog('/a?token=abc&limit=5')).toBe('/a?token=[Redacted]&limit=5');
    expect(urlForLog('/a?limit=5&API_KEY=abc#x')).toBe('/a?limit=5&API_KEY=[Redacted]#x');
    expect(urlForLog('/a?password=&q=token=abc')).toBe('/a?password=[Redacted]&q=token=abc');
    expect(urlForLog('/articles/token=abc')).toBe('/articles/token=abc');
    expect(urlForLog('/a?monkey=1')).toBe('/a?monkey=1');
  });
});

describe('behind a trusted proxy', () => {
  it('counts failures by the forwarded client address, not the proxy’s', async () => {
    const t = await createTestApp({ authFailureLimit: 1, trustProxy: '127.0.0.1' });
    try {
      const from = (client: string, token: string) =>
        t.request(token, { url: '/api/v1/me', remoteAddress: '127.0.0.1', headers: { 'x-forwarded-for': client } });
      expectProblem(await from('203.0.113.5', 'bad-token-aaaaaaaaaaaaaaaaaaaaaaaa'), 401, 'unauthorized');
      expectProblem(await from('203.0.113.5', 'bad-token-bbbbbbbbbbbbbbbbbbbbbbbb'), 429, 'too-many-requests');
      expect((await from('203.0.113.6', t.tokens.editor)).statusCode).toBe(200);
    } finally {
      await t.close();
    }
  });
});
