// issuedOn 9999-12-01 with claimDays 3650 passes the schema, but the deadline it derives would
// fall after the year 9999, which no date column holds: a 422 naming the claim period, not a
// database error naming nothing.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../helpers/app.js';
import { SEED_FIELDS } from '../helpers/notices.js';
import { expectProblem } from '../helpers/problem.js';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => t.close());

it('refuses a claim period that ends after year 9999 with a 422 naming the field', async () => {
  const res = await t.request('editor', { method: 'POST', url: '/api/v1/notices', payload: { ...SEED_FIELDS, issuedOn: '9999-12-01', claimDays: 3650 } });
  const problem = expectProblem(res, 422, 'unprocessable');
  expect(problem.errors?.map((e) => e.pointer)).toEqual(expect.arrayContaining([expect.stringMatching(/^\/(claimDays|deadline|issuedOn)$/)]));
});
