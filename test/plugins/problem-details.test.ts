// Errors no route answers on purpose: how the one error handler maps what the database and the
// driver throw. Each case is a route that throws what a repository would.
import Fastify from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import problemDetails from '../../src/plugins/problem-details.js';

const app = Fastify();
let thrown: unknown;
beforeAll(async () => {
  await app.register(problemDetails);
  app.get('/throw', async () => {
    throw thrown;
  });
  await app.ready();
});
afterAll(async () => app.close());

/** A driver error as drizzle wraps it: the query and its parameters in the message, the cause below. */
function wrapped(code: string, params: string) {
  return Object.assign(new Error(`Failed query: delete from people where id = $1\nparams: ${params}`), {
    cause: Object.assign(new Error('the database says no'), { code }),
  });
}

async function answer(error: unknown) {
  thrown = error;
  const res = await app.inject({ url: '/throw' });
  return { status: res.statusCode, type: (res.json() as { type: string }).type, body: res.body, headers: res.headers };
}

describe('database errors a client can provoke', () => {
  it('answers a refused delete or reference (23001, 23503) and a unique clash (23505) with 409', async () => {
    for (const code of ['23001', '23503', '23505']) {
      expect(await answer(wrapped(code, '7')), code).toMatchObject({ status: 409, type: 'urn:newsroom:problem:conflict' });
    }
  });

  it('answers a lost connection with 503 and Retry-After, and echoes no parameter', async () => {
    const res = await answer(wrapped('57P01', '110101199003074514'));
    expect(res).toMatchObject({ status: 503, type: 'urn:newsroom:problem:database-unavailable' });
    expect(res.headers['retry-after']).toBe('5');
    expect(res.body).not.toContain('110101199003074514');
  });

  it('answers a statement stopped at its time limit (57014, a search too broad) with 503 saying to narrow it', async () => {
    const res = await answer(wrapped('57014', '商业'));
    expect(res).toMatchObject({ status: 503, type: 'urn:newsroom:problem:unavailable' });
    expect(res.body).toMatch(/narrow it/u);
    expect(res.body).not.toContain('商业');
  });

  it('keeps anything else a 500 that shows no detail', async () => {
    const res = await answer(wrapped('42P01', 'secret text'));
    expect(res).toMatchObject({ status: 500, type: 'urn:newsroom:problem:internal' });
    expect(res.body).not.toContain('secret text');
  });
});
