import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { mergeFields } from '../../src/features/desk/screens/stories/editor-save.js';
import type { StoryFields } from '../../src/features/desk/screens/stories/story-fields.js';
import { textDiff } from '../../src/features/desk/screens/stories/text-diff.js';
import { createTestApp, type TestApp } from '../helpers/app.js';
import { deskUser, type DeskSession } from '../helpers/desk.js';

type DeskUser = DeskSession & { id: number };

/**
 * Issue 19: the story editor. A story is filed and saved through plain forms checked by the
 * API's own schemas; a stale save never overwrites (merged when the two edits touch different
 * fields, else shown side by side for the user to choose); only the moves the workflow gives
 * this user are offered and accepted; preview, copy-fit, history and corrections.
 */

let t: TestApp;
let reporter: DeskUser;
let editor: DeskUser;

beforeAll(async () => {
  t = await createTestApp();
  reporter = await deskUser(t, 'reporter', '王小记');
  editor = await deskUser(t, 'editor', '李编辑');
});

afterAll(async () => {
  await t?.close();
});

const articles = () => t.app.services.articles;
/** The one-off message a redirect carries (the cookie's value, encoded by the desk and by the cookie). */
const flashOf = (res: { headers: Record<string, unknown> }) => decodeURIComponent(decodeURIComponent(/newsroom_flash=([^;]*)/.exec(String(res.headers['set-cookie']))?.[1] ?? ''));
const locationId = (res: { headers: Record<string, unknown> }) => Number(/^\/desk\/stories\/(\d+)$/.exec(String(res.headers.location))?.[1]);

/** A story's form as the editor page posts it: every field, one credit row. */
function storyForm(fields: Partial<Record<string, string | string[]>> = {}): Record<string, string | string[]> {
  return { kicker: '', headline: '聊城推进商业秘密保护', subtitle: '', summary: '', sectionId: '', 'credit-role': ['reporter', 'reporter'], 'credit-name': ['王小记', ''], body: '第一段。', ...fields } as Record<string, string | string[]>;
}

async function fileStory(as: DeskSession, fields: Partial<Record<string, string | string[]>> = {}): Promise<number> {
  const res = await as.post('/desk/stories', storyForm(fields));
  expect(res.statusCode, res.body).toBe(303);
  return locationId(res);
}

describe('filing and saving', () => {
  test('a reporter files a story through the form: stored as a draft with its credits, new names recorded', async () => {
    const page = await reporter.get('/desk/stories/new');
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('id="story-form"');
    expect(page.body).toMatch(/<label for="headline">标题/);
    expect(page.body).toContain('<datalist id="people-list">');

    const res = await reporter.post('/desk/stories', storyForm({ 'credit-role': ['reporter', 'correspondent', 'reporter'], 'credit-name': ['王小记', '楚新人', ''], body: '第一段。\r\n\r\n第二段。' }));
    expect(res.statusCode).toBe(303);
    expect(flashOf(res)).toBe('已保存');
    const stored = await articles().get(locationId(res));
    expect(stored).toMatchObject({ status: 'draft', headline: '聊城推进商业秘密保护', createdBy: reporter.id, body: '第一段。\n\n第二段。', byline: '记者 王小记 通讯员 楚新人' });
    expect(stored.credits.map((c) => [c.role, c.name])).toEqual([['reporter', '王小记'], ['correspondent', '楚新人']]);

    const shown = await reporter.get(`/desk/stories/${stored.id}`);
    expect(shown.statusCode).toBe(200);
    expect(shown.body).toContain('value="楚新人"');
    expect(shown.body).toContain(`name="version" id="version" value="${stored.version}"`);
  });

  test('a refused form comes back with the message beside the field and every input kept; nothing is stored', async () => {
    const before = (await articles().list({ limit: 200 })).items.length;
    const res = await reporter.post('/desk/stories', storyForm({ headline: '', body: '留着的正文 <b>' }));
    expect(res.statusCode).toBe(422);
    expect(res.body).toMatch(/<p class="field-error" id="headline-error">必填<\/p>/);
    expect(res.body).toContain('aria-invalid="true"');
    expect(res.body).toContain('留着的正文 &lt;b>');
    expect((await articles().list({ limit: 200 })).items.length).toBe(before);
  });

  test('a save without its version is refused, and a save against an unknown section says so in Chinese', async () => {
    const id = await fileStory(reporter);
    expect((await reporter.post(`/desk/stories/${id}`, storyForm())).statusCode).toBe(400);
    const res = await reporter.post(`/desk/stories/${id}`, storyForm({ version: '1', sectionId: '99999' }));
    expect(res.statusCode).toBe(422);
    expect(res.body).toContain('没有这个栏目');
    expect((await articles().get(id)).version).toBe(1);
  });
});

describe('a stale save never overwrites', () => {
  test('two people change the same field: the second sees both texts side by side, nothing saved; picking theirs saves theirs', async () => {
    const id = await fileStory(reporter, { body: '原来的正文。' });
    expect((await editor.post(`/desk/stories/${id}`, storyForm({ version: '1', body: '编辑改过的正文。' }))).statusCode).toBe(303);

    const res = await reporter.post(`/desk/stories/${id}`, storyForm({ version: '1', body: '记者改过的正文。' }));
    expect([409, 412]).toContain(res.statusCode);
    const stored = await articles().get(id);
    expect(stored).toMatchObject({ version: 2, body: '编辑改过的正文。' });
    expect(res.body).toContain('id="conflict"');
    expect(res.body).toContain('李编辑');
    // Their text and the user's, each with its own part marked, and the user's still in the field.
    expect(res.body).toMatch(/<del class="diff-del">编辑<\/del>/);
    expect(res.body).toMatch(/<ins class="diff-ins">记者<\/ins>/);
    expect(res.body).toMatch(/<textarea id="body" name="body"[^>]*>\n记者改过的正文。<\/textarea>/);
    expect(res.body).toContain('name="version" id="version" value="2"');
    expect(res.body).toContain('name="pick-body" value="theirs"');

    const resolved = await reporter.post(`/desk/stories/${id}`, storyForm({ version: '2', body: '记者改过的正文。', 'pick-body': 'theirs', headline: '记者的新标题' }));
    expect(resolved.statusCode).toBe(303);
    expect(await articles().get(id)).toMatchObject({ version: 3, body: '编辑改过的正文。', headline: '记者的新标题' });
  });

  test('two people change different fields: the later save is merged, keeping both', async () => {
    const id = await fileStory(reporter, { body: '正文。' });
    expect((await editor.post(`/desk/stories/${id}`, storyForm({ version: '1', body: '正文，编辑补了一句。' }))).statusCode).toBe(303);
    const res = await reporter.post(`/desk/stories/${id}`, storyForm({ version: '1', body: '正文。', headline: '记者改的标题' }));
    expect(res.statusCode).toBe(303);
    expect(flashOf(res)).toContain('已合并别人对正文的修改');
    expect(await articles().get(id)).toMatchObject({ version: 3, body: '正文，编辑补了一句。', headline: '记者改的标题' });
  });
});

describe('workflow', () => {
  test('a reporter is offered only submit, cannot make an editor’s move by URL, and sees the story read-only once submitted', async () => {
    const id = await fileStory(reporter);
    const page = await reporter.get(`/desk/stories/${id}`);
    const moves = [...page.body.matchAll(/name="status" value="(\w+)"/g)].map((m) => m[1]);
    expect(moves).toEqual(['submitted']);
    expect(page.body).toContain('>提交</button>');

    const submitted = await reporter.post(`/desk/stories/${id}/status`, { version: '1', status: 'submitted' });
    expect(submitted.statusCode).toBe(303);
    expect((await articles().get(id)).status).toBe('submitted');

    const edited = await reporter.post(`/desk/stories/${id}/status`, { version: '2', status: 'edited' });
    expect(edited.statusCode).toBe(403);
    expect((await articles().get(id)).status).toBe('submitted');

    const readOnly = await reporter.get(`/desk/stories/${id}`);
    expect(readOnly.statusCode).toBe(200);
    expect(readOnly.body).not.toContain('id="story-form"');
    expect(readOnly.body).toContain('聊城推进商业秘密保护');
    expect([...readOnly.body.matchAll(/name="status" value="(\w+)"/g)].map((m) => m[1])).toEqual(['draft']);
    expect((await reporter.post(`/desk/stories/${id}`, storyForm({ version: '2', body: '偷偷改' }))).statusCode).toBe(403);
    expect((await articles().get(id)).body).toBe('第一段。');
  });

  test('a time in the past or more than a year ahead is refused in words, and the story stays as it was', async () => {
    const id = await fileStory(reporter);
    const day = (offsetDays: number) => new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' }).format(new Date(Date.now() + offsetDays * 86_400_000));
    const past = await editor.post(`/desk/stories/${id}/status`, { version: '1', status: 'scheduled', publishAt: `${day(-2)}T06:30` });
    expect(past.statusCode).toBe(422);
    expect(past.body).toContain('发布时间已过。请选一个将来的时间，或直接发布。');
    const far = await editor.post(`/desk/stories/${id}/status`, { version: '1', status: 'scheduled', publishAt: `${day(400)}T06:30` });
    expect(far.statusCode).toBe(422);
    expect(far.body).toContain('最多只能排到一年之内。');
    expect((await articles().get(id)).status).toBe('draft');
  });

  test('an editor schedules with a time read in the paper’s zone; a stale move is refused in words, not applied', async () => {
    const id = await fileStory(reporter);
    const page = await editor.get(`/desk/stories/${id}`);
    expect(page.body).toContain('type="datetime-local"');
    const next = new Date(Date.now() + 2 * 86_400_000);
    const day = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' }).format(next);
    const res = await editor.post(`/desk/stories/${id}/status`, { version: '1', status: 'scheduled', publishAt: `${day}T06:30` });
    expect(res.statusCode, res.body).toBe(303);
    const stored = await articles().get(id);
    expect(stored.status).toBe('scheduled');
    expect(stored.publishAt).toBe(new Date(`${day}T06:30:00+08:00`).toISOString());

    const stale = await editor.post(`/desk/stories/${id}/status`, { version: '1', status: 'published' });
    expect(stale.statusCode).toBe(412);
    expect(stale.body).toContain('稿件已被别人修改');
    expect((await articles().get(id)).status).toBe('scheduled');
  });
});

describe('the script’s endpoints', () => {
  test('the preview is the site’s rendering, with typed markup escaped', async () => {
    const res = await reporter.json('POST', '/desk/stories/preview', { kicker: '<img src=x onerror=alert(1)>', headline: '标题', body: '## 小标题\n\n<script>alert(1)</script> **加粗**', credits: [{ role: 'reporter', name: '王小记' }] });
    expect(res.statusCode).toBe(200);
    const { html, fit } = res.json<{ html: string; fit: unknown }>();
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(html).not.toMatch(/<script|<img/);
    expect(html).toContain('<h2>小标题</h2>');
    expect(html).toContain('<strong>加粗</strong>');
    expect(html).toContain('记者 王小记');
    expect(fit).toBeNull();
    expect((await reporter.json('POST', '/desk/stories/preview', { headline: 1 })).statusCode).toBe(400);
    expect((await reporter.json('POST', '/desk/stories/preview', { headline: '标题', body: '>'.repeat(150) + ' 深' })).statusCode).toBe(422);
  });

  test('a saved story’s preview comes with its copy-fit of the unsaved draft: its length in lines, and a verdict in words; the galley proof is a click away', async () => {
    const id = await fileStory(reporter);
    const short = await reporter.json('POST', `/desk/stories/${id}/preview`, { headline: '标题', body: '短。' });
    expect(short.statusCode, short.body).toBe(200);
    const long = await reporter.json('POST', `/desk/stories/${id}/preview`, { headline: '标题', body: '聊城市大力维护公平竞争市场环境。'.repeat(60) });
    const [a, b] = [short.json(), long.json()];
    expect(a.html).toContain('<p>短。</p>');
    expect(a.fit.placement).toBeNull();
    expect(b.fit.linesNeeded).toBeGreaterThan(a.fit.linesNeeded + 10);
    expect(b.fit.verdict).toMatchObject({ state: 'none' });
    expect(b.fit.verdict.text).toContain(`正文 ${b.fit.linesNeeded} 行`);
    expect((await articles().get(id)).body).toBe('第一段。');

    const unknownPerson = await reporter.json('POST', `/desk/stories/${id}/preview`, { headline: '标题', body: '短。', credits: [{ role: 'reporter', personId: 999_999 }] });
    expect(unknownPerson.statusCode).toBe(200);
    expect(unknownPerson.json()).toMatchObject({ fit: { verdict: { state: 'none', text: '暂时无法计算' } } });
    expect(unknownPerson.json().fit.linesNeeded).toBeUndefined();

    const proof = await reporter.get(`/desk/stories/${id}/proof.pdf`);
    expect(proof.statusCode).toBe(200);
    expect(proof.headers['content-type']).toBe('application/pdf');
    expect(proof.headers['content-disposition']).toMatch(/^inline/);
    expect(proof.rawPayload.subarray(0, 5).toString()).toBe('%PDF-');
    const other = await deskUser(t, 'reporter');
    expect((await other.get(`/desk/stories/${id}/proof.pdf`)).statusCode).toBe(403);
    expect((await other.json('POST', `/desk/stories/${id}/preview`, { headline: '标题', body: '短。' })).statusCode).toBe(403);
    expect((await reporter.json('POST', '/desk/stories/999999/preview', { headline: '标题', body: '短。' })).statusCode).toBe(404);
  });
});

describe('history and corrections', () => {
  test('the history lists the versions and shows an inserted text between two of them', async () => {
    const id = await fileStory(reporter, { body: '第一段。' });
    expect((await reporter.post(`/desk/stories/${id}`, storyForm({ version: '1', body: '第一段，新补充的内容。' }))).statusCode).toBe(303);
    const res = await reporter.get(`/desk/stories/${id}/history?from=1&to=2`);
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain('<ins class="diff-ins">，新补充的内容</ins>');
    expect(res.body).toMatch(/未改动：引题、标题/);
    // A state is shown whole, one for the other, not as the characters that differ.
    expect((await reporter.post(`/desk/stories/${id}/status`, { version: '2', status: 'submitted' })).statusCode).toBe(303);
    const moved = await reporter.get(`/desk/stories/${id}/history?from=2&to=3`);
    expect(moved.body).toContain('<del class="diff-del">草稿</del> → <ins class="diff-ins">已提交</ins>');
    expect((await reporter.get(`/desk/stories/${id}/history?from=1&to=9`)).statusCode).toBe(404);
    expect((await reporter.get(`/desk/stories/${id}/history?from=x`)).statusCode).toBe(400);
  });

  test('an editor adds a correction to a published story; a reporter may not', async () => {
    const id = await fileStory(reporter);
    expect((await editor.post(`/desk/stories/${id}/status`, { version: '1', status: 'published' })).statusCode).toBe(303);
    const page = await editor.get(`/desk/stories/${id}`);
    expect(page.body).toContain('action="/desk/stories/' + id + '/corrections"');

    expect((await reporter.post(`/desk/stories/${id}/corrections`, { text: '记者想改' })).statusCode).toBe(403);
    const empty = await editor.post(`/desk/stories/${id}/corrections`, { text: '  ' });
    expect(empty.statusCode).toBe(422);
    const res = await editor.post(`/desk/stories/${id}/corrections`, { text: '本文第二段中的日期应为4月11日。' });
    expect(res.statusCode).toBe(303);
    expect((await articles().corrections(id)).map((c) => c.text)).toEqual(['本文第二段中的日期应为4月11日。']);
    expect((await editor.get(`/desk/stories/${id}`)).body).toContain('本文第二段中的日期应为4月11日。');
  });
});

describe('merging and diffs (pure)', () => {
  const story = (over: Partial<StoryFields> = {}): StoryFields => ({ kicker: '', headline: '标题', subtitle: '', summary: '', sectionId: '', credits: [{ role: 'reporter', name: '王小记' }], body: '正文。', ...over });

  test('a field only they changed takes theirs, one only I changed keeps mine, one both changed is a conflict', () => {
    const base = story();
    const theirs = story({ headline: '他们的标题', body: '他们的正文。', credits: [{ role: 'reporter', name: '王小记' }, { role: 'correspondent', name: '楚新人' }] });
    const mine = story({ subtitle: '我的副题', body: '我的正文。' });
    const { merged, taken, conflicts } = mergeFields(base, theirs, mine);
    expect(taken.sort()).toEqual(['credits', 'headline']);
    expect(conflicts).toEqual(['body']);
    expect(merged).toMatchObject({ headline: '他们的标题', subtitle: '我的副题', body: '我的正文。', credits: theirs.credits });
    // Without the version the form started from, every difference is the user's to decide.
    expect(mergeFields(null, theirs, mine).conflicts.sort()).toEqual(['body', 'credits', 'headline', 'subtitle']);
  });

  test('a character diff folds the short runs two rewritten phrases share into the change', () => {
    expect(textDiff('今天的天气很好，我们去公园。', '今天下雨了，我们在家里看书。')).toEqual([
      { kind: 'same', text: '今天' },
      { kind: 'del', text: '的天气很好' },
      { kind: 'ins', text: '下雨了' },
      { kind: 'same', text: '，我们' },
      { kind: 'del', text: '去公园' },
      { kind: 'ins', text: '在家里看书' },
      { kind: 'same', text: '。' },
    ]);
  });
});
