import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseCheckedMarkdown } from '../../src/document/checked.js';
import { Unprocessable } from '../../src/errors.js';
import { createTestApp, type TestApp } from '../helpers/app.js';

/** Bodies nested past what print and the web can set are refused as the writer's, never a 500. */
describe('bodies nested too deep', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(async () => {
    await t?.close();
  });

  const tooDeep = ['*'.repeat(10_000) + '深' + '*'.repeat(10_000), `${'> '.repeat(150)}引文`, `${'- '.repeat(60)}条目`];

  it('are refused with 422 at the field, and real nesting is kept', () => {
    for (const body of tooDeep) {
      expect(() => parseCheckedMarkdown(body), body.slice(0, 20)).toThrow(Unprocessable);
    }
    const fine = parseCheckedMarkdown('> 引文\n>\n> - 一\n>   - 二\n>     - 三 **重点 *强调***');
    expect(fine.blocks[0]!.type).toBe('quote');
    try {
      parseCheckedMarkdown(tooDeep[1]!, '/preamble');
    } catch (error) {
      expect((error as Unprocessable).extensions.errors).toEqual([{ pointer: '/preamble', message: expect.stringContaining('too deep') }]);
    }
  });

  it('through the API: 422 when filed or edited, and nothing stored', async () => {
    for (const body of tooDeep) {
      const res = await t.request('reporter', { method: 'POST', url: '/api/v1/articles', payload: { headline: '深', body } });
      expect(res.statusCode, res.body.slice(0, 200)).toBe(422);
      expect(res.json<{ errors: { pointer: string }[] }>().errors[0]!.pointer).toBe('/body');
    }
    const listed = await t.request('editor', { url: '/api/v1/articles' });
    expect(listed.json<{ items: unknown[] }>().items).toEqual([]);
    const filed = await t.request('reporter', { method: 'POST', url: '/api/v1/articles', payload: { headline: '浅', body: '正文。' } });
    const edited = await t.request('reporter', { method: 'PATCH', url: `/api/v1/articles/${filed.json<{ id: number }>().id}`, headers: { 'if-match': '"1"' }, payload: { body: tooDeep[0] } });
    expect(edited.statusCode).toBe(422);
  });
});
