/**
 * Bylines as the API takes them, on articles and notices alike (issue 17, defect 4): the same
 * person in the same role once, a byline pasted as a name read as the credits it spells, a
 * Chinese role word taken as the role it names, and a wrong credit told in one plain message.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from './helpers/app.js';
import { SEED_FIELDS } from './helpers/notices.js';
import { expectProblem } from './helpers/problem.js';

interface CreditJson {
  role: string;
  personId: number;
  name: string;
}
interface Credited {
  id: number;
  version: number;
  credits: CreditJson[];
  byline: string;
}

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => t.close());

let serial = 0;
/** Two-character Han names no other test uses, so people found by name are this test's. */
const HAN = '赵钱孙李周吴郑王冯陈褚卫蒋沈韩杨朱秦尤许何吕施张孔曹严华金魏陶姜';
const fresh = () => {
  const n = serial++;
  return `${HAN[n % HAN.length]}${HAN[Math.floor(n / HAN.length) % HAN.length]}${'甲乙丙丁戊己庚辛'[Math.floor(n / HAN.length ** 2) % 8]}`;
};

/** Files an article or a notice with `credits`; the raw response. */
const file = (kind: 'article' | 'notice', credits: unknown[]) =>
  t.request('editor', {
    method: 'POST',
    url: `/api/v1/${kind}s`,
    payload: kind === 'article' ? { headline: '标题', body: '正文。', credits } : { ...SEED_FIELDS, credits },
  });

async function filed(kind: 'article' | 'notice', credits: unknown[]): Promise<Credited> {
  const res = await file(kind, credits);
  expect(res.statusCode, res.body).toBe(201);
  return res.json<Credited>();
}

const KINDS = ['article', 'notice'] as const;

describe.each(KINDS)('credits of a new %s', (kind) => {
  it('credit the same person in the same role once, at the first place', async () => {
    const [a, b] = [fresh(), fresh()];
    const item = await filed(kind, [
      { role: 'reporter', name: a },
      { role: 'correspondent', name: b },
      { role: 'reporter', name: a },
    ]);
    expect(item.credits.map((c) => [c.role, c.name])).toEqual([['reporter', a], ['correspondent', b]]);
    expect(item.byline).toBe(`记者 ${a} 通讯员 ${b}`);

    // By id and by name, the same person is still one credit; in another role they are a second.
    const byId = await filed(kind, [
      { role: 'reporter', personId: item.credits[0]!.personId },
      { role: 'reporter', name: a },
      { role: 'photographer', name: a },
    ]);
    expect(byId.byline).toBe(`记者 ${a} 摄影 ${a}`);
  });

  it('read a byline pasted as a name as the credits it spells', async () => {
    const [a, b] = [fresh(), fresh()];
    const item = await filed(kind, [{ role: 'reporter', name: `记者 ${a} 通讯员 ${b}` }]);
    expect(item.credits.map((c) => [c.role, c.name])).toEqual([['reporter', a], ['correspondent', b]]);
    expect(item.byline).toBe(`记者 ${a} 通讯员 ${b}`);
    const people = await t.request('reporter', { url: `/api/v1/people?q=${encodeURIComponent('记者')}` });
    expect(people.json<{ items: unknown[] }>().items).toEqual([]);
  });

  it('read several names in one name field as several people, and a spaced-out name as one', async () => {
    const [a, b, c] = [fresh(), fresh(), fresh()];
    const listed = await filed(kind, [{ role: '记者', name: `${a}、${b}` }, { role: 'correspondent', name: `${c} ${a}` }]);
    expect(listed.credits.map((x) => [x.role, x.name])).toEqual([['reporter', a], ['reporter', b], ['correspondent', c], ['correspondent', a]]);
    expect(listed.byline).toBe(`记者 ${a} ${b} 通讯员 ${c} ${a}`);
    const spaced = await filed(kind, [{ role: 'reporter', name: '钟 馗' }, { role: 'reporter', name: 'Zhang San' }]);
    expect(spaced.credits.map((x) => x.name)).toEqual(['钟馗', 'Zhang San']);
    const people = await t.request('reporter', { url: `/api/v1/people?q=${encodeURIComponent(a)}` });
    expect(people.json<{ items: { name: string }[] }>().items.map((p) => p.name)).toEqual([a]);
  });

  it('read a name run on to its role word as the name, and the role word as the role', async () => {
    const a = fresh();
    const item = await filed(kind, [{ role: 'reporter', name: `记者${a}` }, { role: 'reporter', name: `本报记者 ${a}` }]);
    expect(item.credits.map((c) => [c.role, c.name])).toEqual([['reporter', a]]);
    expect(item.byline).toBe(`记者 ${a}`);
    const photo = await filed(kind, [{ role: 'reporter', name: `摄影记者${a}` }]);
    expect(photo.byline).toBe(`摄影 ${a}`);
  });

  it('refuse role words the byline reader cannot make credits of, saying how to send them', async () => {
    for (const name of ['记者', '记者 Zhang San', '通讯员 某某某某某某某']) {
      const problem = expectProblem(await file(kind, [{ role: 'reporter', name }]), 422, 'unprocessable');
      expect(problem.errors).toEqual([{ pointer: '/credits/0/name', message: expect.stringMatching(/one credit per person/u) }]);
    }
  });

  it('take a Chinese role word as the role it names', async () => {
    const names = Array.from({ length: 7 }, fresh);
    const item = await filed(kind, [
      { role: '记者', name: names[0] },
      { role: '通讯员', name: names[1] },
      { role: '摄影', name: names[2] },
      { role: '实习生', name: names[3] },
      { role: '编辑', name: names[4] },
      { role: '撰稿', name: names[5] },
      { role: '本报记者', name: names[6] },
    ]);
    expect(item.credits.map((c) => c.role)).toEqual(['reporter', 'correspondent', 'photographer', 'intern', 'editor', 'contributor', 'reporter']);
    expect(item.byline).toBe(`记者 ${names[0]} 通讯员 ${names[1]} 摄影 ${names[2]} 实习生 ${names[3]} 编辑 ${names[4]} 撰稿 ${names[5]} 记者 ${names[6]}`);
  });

  it('name only what is wrong with a credit', async () => {
    const badRole = expectProblem(await file(kind, [{ role: 'boss', name: fresh() }]), 400, 'validation-failed');
    expect(badRole.errors).toEqual([{ pointer: '/credits/0/role', message: expect.stringMatching(/^must be one of: reporter, .*记者/u) }]);

    const neither = expectProblem(await file(kind, [{ role: 'reporter' }]), 400, 'validation-failed');
    expect(neither.errors).toEqual([{ pointer: '/credits/0', message: 'needs one of: personId, name' }]);

    const both = expectProblem(await file(kind, [{ role: 'reporter', personId: 1, name: fresh() }]), 400, 'validation-failed');
    expect(both.errors).toEqual([{ pointer: '/credits/0', message: 'takes only one of: personId, name' }]);

    const typo = expectProblem(await file(kind, [{ role: 'reporter', nmae: fresh() }]), 400, 'validation-failed');
    expect(typo.detail).toMatch(/nmae is not a known field/u);
    expect(typo.detail).not.toMatch(/role/u);
  });
});

describe.each(KINDS)('credits of an edited %s', (kind) => {
  it('are merged and read the same way', async () => {
    const item = await filed(kind, []);
    const [a, b] = [fresh(), fresh()];
    const res = await t.request('editor', {
      method: 'PATCH',
      url: `/api/v1/${kind}s/${item.id}`,
      headers: { 'if-match': `"${item.version}"` },
      payload: { credits: [{ role: '记者', name: a }, { role: 'reporter', name: `记者 ${a} 通讯员 ${b}` }] },
    });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json<Credited>().byline).toBe(`记者 ${a} 通讯员 ${b}`);
  });
});

describe('people', () => {
  it('take a role word as their default role, and refuse a byline as a name', async () => {
    const made = await t.request('editor', { method: 'POST', url: '/api/v1/people', payload: { name: fresh(), defaultRole: '通讯员' } });
    expect(made.statusCode, made.body).toBe(201);
    expect(made.json<{ defaultRole: string }>().defaultRole).toBe('correspondent');

    for (const name of [`记者 ${fresh()}`, `记者${fresh()}`, `${fresh()} 摄`]) {
      const problem = expectProblem(await t.request('editor', { method: 'POST', url: '/api/v1/people', payload: { name } }), 422, 'unprocessable');
      expect(problem.errors).toEqual([{ pointer: '/name', message: expect.stringMatching(/role word/u) }]);
    }
  });
});

describe('a value that fits no branch of a union', () => {
  it('is told only what the branch its type picks wants (a notice row given as an object)', async () => {
    const res = await t.request('editor', { method: 'POST', url: '/api/v1/notices', payload: { ...SEED_FIELDS, rows: [{ amount: true }] } });
    const problem = expectProblem(res, 400, 'validation-failed');
    expect(problem.errors).toEqual([{ pointer: '/rows/0/amount', message: expect.stringMatching(/string.*number.*null/u) }]);
  });
});
