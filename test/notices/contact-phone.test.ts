/**
 * A notice's contact phone is read as a phone cell of its table is (issue 17, defect 5): one
 * number, stored in one printed form, or a 422 at /contact/phone saying how to write it; and
 * the page importer hands the API a contact it takes, never failing a whole page on it.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../helpers/app.js';
import type { ImportJson } from '../helpers/imports.js';
import { noticesClient, SEED_FIELDS } from '../helpers/notices.js';
import { expectProblem } from '../helpers/problem.js';

let t: TestApp;
let api: ReturnType<typeof noticesClient>;
beforeAll(async () => {
  t = await createTestApp();
  api = noticesClient(t);
});
afterAll(async () => t.close());

const withPhone = (phone: string) => ({ ...SEED_FIELDS, contact: { name: '温经理', phone } });

describe('a notice’s contact phone', () => {
  it.each([
    ['(0635)8242056', '0635-8242056'],
    ['０６３５－８２４２０５６', '0635-8242056'],
    ['0635 8242056 转 123', '0635-8242056-123'],
    ['+86 138 1234 5678', '13812345678'],
    ['400 810 8888', '400-810-8888'],
    // The 12345 government service hotline (政务服务便民热线), printed under many public notices.
    ['12345', '12345'],
  ])('takes %j and stores it as %j, on a new notice and an edit', async (phone, stored) => {
    const notice = await api.create(withPhone(phone));
    expect(notice.contact).toEqual({ name: '温经理', phone: stored });
    const edited = await api.patchOk(await api.create(SEED_FIELDS), { contact: { name: '温经理', phone } });
    expect(edited.contact).toEqual({ name: '温经理', phone: stored });
  });

  it.each(['abc', '1234', '0635-824', '138123456789', '0635-8242056 13812345678', '电话 0635-8242056'])(
    'refuses %j with a 422 at /contact/phone saying how to write it, on a new notice and an edit',
    async (phone) => {
      for (const res of [
        await t.request('editor', { method: 'POST', url: '/api/v1/notices', payload: withPhone(phone) }),
        await api.patch((await api.create(SEED_FIELDS)).id, { contact: { name: '温经理', phone } }, 1),
      ]) {
        const problem = expectProblem(res, 422, 'unprocessable');
        expect(problem.detail).toMatch(/^The contact phone is not one phone number; write it like 13812345678, 0635-8242056/u);
        expect(problem.errors).toEqual([{ pointer: '/contact/phone', message: expect.stringMatching(/^is not one phone number: write it like 13812345678/u) }]);
      }
    },
  );
});

describe('a contact read from an imported page', () => {
  const page = (contactLine: string) =>
    ['## 领取公示', '', `请以下人员于7日内来我处领取。${contactLine}`, '', '特此公示', '', '某某镇人民政府', '2024年5月8日', ''].join('\n');
  const post = (text: string) =>
    t.request('editor', { method: 'POST', url: '/api/v1/imports/page', headers: { 'content-type': 'text/plain; charset=utf-8' }, payload: text });

  it('keeps the first of several numbers, normalised, and says so', async () => {
    const res = await post(page('联系人：刘师傅，联系电话：0635 2123456 13812345678。'));
    expect(res.statusCode, res.body).toBe(201);
    const body = res.json<ImportJson>();
    expect(body.notices[0]!.contact).toEqual({ name: '刘师傅', phone: '0635-2123456' });
    expect(body.warnings.map((w) => w.message)).toContainEqual(expect.stringMatching(/several numbers .*the first, 0635-2123456, is kept/u));
  });

  it('imports the page without a contact, and a warning, when the number is none the notice can carry', async () => {
    const res = await post(page('联系人：刘师傅，联系电话：1234567。'));
    expect(res.statusCode, res.body).toBe(201);
    const body = res.json<ImportJson>();
    expect(body.notices[0]!.contact).toBeNull();
    expect(body.warnings.map((w) => w.message)).toContainEqual(expect.stringMatching(/contact phone 1234567 is not a phone number/u));
  });
});
