import { count, eq, inArray, sql } from 'drizzle-orm';
import { parseFragment, type DefaultTreeAdapterTypes } from 'parse5';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { articles, people } from '../src/db/schema/index.js';
import { createTestApp, type TestApp } from './helpers/app.js';
import { NOTIFIED } from './helpers/notified.js';
import { expectProblem, type ProblemJson } from './helpers/problem.js';

// ---------------------------------------------------------------------------------------------
// Shapes as the API documents them

type Status = 'draft' | 'submitted' | 'edited' | 'scheduled' | 'published' | 'withdrawn';
const STATUSES: readonly Status[] = ['draft', 'submitted', 'edited', 'scheduled', 'published', 'withdrawn'];

interface CreditJson {
  role: string;
  personId: number;
  name: string;
}

interface ArticleJson {
  id: number;
  kicker: string | null;
  headline: string;
  subtitle: string | null;
  summary: string | null;
  body: string;
  sectionId: number | null;
  credits: CreditJson[];
  byline: string;
  figures: { characters: number; paragraphs: number; headings: number };
  status: Status;
  version: number;
  publishAt: string | null;
  publishedAt: string | null;
  createdBy: number;
  updatedBy: number;
  createdAt: string;
  updatedAt: string;
  stillScheduled?: { publishAt: string; version: number; message: string };
}

interface PublicArticleJson {
  id: number;
  version: number;
  url: string;
  kicker: string | null;
  headline: string;
  subtitle: string | null;
  summary: string | null;
  byline: string;
  credits: CreditJson[];
  section: { id: number; name: string; slug: string } | null;
  publishedAt: string;
  updatedAt: string;
  bodyHtml: string;
  corrections: { id: number; text: string; createdAt: string }[];
  language: string;
  characters: number;
}

interface PublicSummaryJson {
  id: number;
  url: string;
  headline: string;
  section: { id: number; name: string; slug: string } | null;
  publishedAt: string;
  updatedAt: string;
}

interface RevisionJson {
  version: number;
  status: Status;
  createdBy: number | null;
  createdAt: string;
}

interface CorrectionJson {
  id: number;
  text: string;
  createdBy: number;
  createdAt: string;
}

interface AuditJson {
  id: number;
  actorId: number | null;
  action: string;
  entity: string;
  entityId: string;
  details: Record<string, unknown> | null;
}

type WorkflowProblem = ProblemJson & { currentStatus?: string; allowed?: string[] };

// ---------------------------------------------------------------------------------------------
// The workflow as DESIGN.md states it, written out here independently of src/publishing/workflow.ts:
// draft → submitted → edited → scheduled → published → withdrawn; withdrawn → edited revives;
// edited → published publishes at once; each step back by one. Reporters submit and pull back
// their own work (the `owner` moves); editors (and admins) make every move.

const WORKFLOW: Record<Status, Partial<Record<Status, 'owner' | 'editor'>>> = {
  draft: { submitted: 'owner' },
  submitted: { draft: 'owner', edited: 'editor' },
  edited: { submitted: 'editor', scheduled: 'editor', published: 'editor' },
  scheduled: { edited: 'editor', published: 'editor' },
  published: { withdrawn: 'editor' },
  withdrawn: { edited: 'editor' },
};

/**
 * An editor publishes or schedules an item that has not got that far in one request, standing
 * for the moves between (never through a public state): from these states, to these.
 */
const THROUGH: Partial<Record<Status, Status[]>> = {
  draft: ['scheduled', 'published'],
  submitted: ['scheduled', 'published'],
  withdrawn: ['scheduled', 'published'],
};

type ActorName = 'owner reporter' | 'other reporter' | 'editor' | 'admin';
const ACTORS: readonly ActorName[] = ['owner reporter', 'other reporter', 'editor', 'admin'];
const isEditorActor = (actor: ActorName) => actor === 'editor' || actor === 'admin';

/** The moves the workflow gives `actor` from `from`, on an article the owner reporter filed. */
function allowedFor(actor: ActorName, from: Status): Status[] {
  return STATUSES.filter((to) => {
    const who = WORKFLOW[from][to];
    if (who === 'editor') return isEditorActor(actor);
    if (who === 'owner') return isEditorActor(actor) || actor === 'owner reporter';
    return isEditorActor(actor) && (THROUGH[from] ?? []).includes(to);
  });
}

/** The editor moves from a fresh draft that bring an article into each state. */
const PATH_TO: Record<Status, Status[]> = {
  draft: [],
  submitted: ['submitted'],
  edited: ['submitted', 'edited'],
  scheduled: ['submitted', 'edited', 'scheduled'],
  published: ['submitted', 'edited', 'published'],
  withdrawn: ['submitted', 'edited', 'published', 'withdrawn'],
};

// ---------------------------------------------------------------------------------------------
// Helpers

let t: TestApp;
let owner: { id: number; token: string };
let otherReporter: { id: number; token: string };

beforeAll(async () => {
  t = await createTestApp();
  owner = await t.user('reporter');
  otherReporter = await t.user('reporter');
});
afterAll(async () => t.close());

const tokenOf = (actor: ActorName): string =>
  actor === 'owner reporter' ? owner.token : actor === 'other reporter' ? otherReporter.token : actor;

let serial = 0;
/** A tag no other test in this file uses, for names, slugs and headlines. */
const tag = () => `${++serial}`;

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const inFuture = (ms = 3_600_000) => new Date(Date.now() + ms).toISOString();
const ifMatch = (version: number) => ({ 'if-match': `"${version}"` });

/** Non-whitespace code points: what `figures.characters` counts. */
const visibleCodePoints = (text: string) => [...text].filter((c) => !/\s/u.test(c)).length;

async function file(body: Record<string, unknown> = {}, token: string = owner.token): Promise<ArticleJson> {
  const res = await t.request(token, { method: 'POST', url: '/api/v1/articles', payload: { headline: `稿件 ${tag()}`, ...body } });
  expect(res.statusCode, res.body).toBe(201);
  return res.json<ArticleJson>();
}

function move(id: number, version: number, status: Status, token: string = 'editor', publishAt?: string) {
  return t.request(token, {
    method: 'POST',
    url: `/api/v1/articles/${id}/status`,
    headers: ifMatch(version),
    payload: { status, ...(publishAt !== undefined && { publishAt }) },
  });
}

/** An editor's legal move; a schedule is an hour ahead unless `publishAt` is given. */
async function moveOk(article: ArticleJson, status: Status, publishAt?: string): Promise<ArticleJson> {
  const res = await move(article.id, article.version, status, 'editor', status === 'scheduled' ? (publishAt ?? inFuture()) : undefined);
  expect(res.statusCode, res.body).toBe(200);
  return res.json<ArticleJson>();
}

/** A new article filed by `token` (the owner reporter by default), moved by an editor into `state`. */
async function articleIn(state: Status, body: Record<string, unknown> = {}, token: string = owner.token): Promise<ArticleJson> {
  let article = await file(body, token);
  for (const step of PATH_TO[state]) article = await moveOk(article, step);
  expect(article.status).toBe(state);
  return article;
}

function patch(id: number, body: Record<string, unknown>, version?: number, token: string = 'editor') {
  return t.request(token, {
    method: 'PATCH',
    url: `/api/v1/articles/${id}`,
    payload: body,
    headers: version === undefined ? {} : ifMatch(version),
  });
}

async function read(id: number): Promise<ArticleJson> {
  const res = await t.request('reporter', { url: `/api/v1/articles/${id}` });
  expect(res.statusCode, res.body).toBe(200);
  return res.json<ArticleJson>();
}

async function revisionsOf(id: number): Promise<RevisionJson[]> {
  const res = await t.request('reporter', { url: `/api/v1/articles/${id}/revisions` });
  expect(res.statusCode, res.body).toBe(200);
  return res.json<{ items: RevisionJson[] }>().items;
}

const readPublic = (id: number, query = '', headers: Record<string, string> = {}) =>
  t.request(null, { url: `/content/v1/articles/${id}${query}`, headers });

async function makeSection(): Promise<{ id: number; name: string; slug: string }> {
  const n = tag();
  const res = await t.request('editor', { method: 'POST', url: '/api/v1/sections', payload: { name: `栏目${n}`, slug: `articles-${n}` } });
  expect(res.statusCode, res.body).toBe(201);
  const { id, name, slug } = res.json<{ id: number; name: string; slug: string }>();
  return { id, name, slug };
}

/** Every page of a keyset-paginated list, following nextCursor. */
async function allPages<T>(token: string | null, path: string, limit: number): Promise<T[][]> {
  const pages: T[][] = [];
  let cursor: string | null = null;
  do {
    const sep = path.includes('?') ? '&' : '?';
    const res = await t.request(token, { url: `${path}${sep}limit=${limit}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}` });
    expect(res.statusCode, res.body).toBe(200);
    const page = res.json<{ items: T[]; nextCursor: string | null }>();
    pages.push(page.items);
    cursor = page.nextCursor;
    expect(pages.length).toBeLessThan(200);
  } while (cursor);
  return pages;
}

async function articleCount(): Promise<number> {
  const [row] = await t.database.db.select({ n: count() }).from(articles);
  return row!.n;
}

async function peopleNamed(name: string): Promise<number> {
  const [row] = await t.database.db.select({ n: count() }).from(people).where(eq(people.name, name));
  return row!.n;
}

// ---------------------------------------------------------------------------------------------

describe('filing an article', () => {
  it('lets a reporter file a draft: 201, version 1, ETag "1", Location that reads it back', async () => {
    const before = await articleCount();
    const res = await t.request(owner.token, {
      method: 'POST',
      url: '/api/v1/articles',
      payload: { kicker: '  引题  ', headline: '  聊城召开示范企业座谈会  ', subtitle: '   ', summary: '摘要' },
    });
    expect(res.statusCode, res.body).toBe(201);
    const article = res.json<ArticleJson>();
    expect(article).toMatchObject({
      kicker: '引题',
      headline: '聊城召开示范企业座谈会',
      subtitle: null,
      summary: '摘要',
      body: '',
      sectionId: null,
      credits: [],
      byline: '',
      status: 'draft',
      version: 1,
      publishAt: null,
      publishedAt: null,
      createdBy: owner.id,
      updatedBy: owner.id,
    });
    expect(res.headers.etag).toBe('"1"');
    expect(res.headers.location).toBe(`/api/v1/articles/${article.id}`);
    const fetched = await t.request('editor', { url: res.headers.location as string });
    expect(fetched.statusCode).toBe(200);
    expect(fetched.json()).toEqual(article);
    expect(fetched.headers.etag).toBe('"1"');
    expect(await articleCount()).toBe(before + 1);
  });

  it('creates a person credited by name once, and reuses them for the next article naming them', async () => {
    const name = `作者甲${tag()}`;
    expect(await peopleNamed(name)).toBe(0);
    const first = await file({ credits: [{ role: 'reporter', name: `  ${name}  ` }] });
    expect(first.credits).toEqual([{ role: 'reporter', personId: expect.any(Number), name }]);
    expect(await peopleNamed(name)).toBe(1);

    const second = await file({ credits: [{ role: 'correspondent', name }] });
    expect(second.credits).toEqual([{ role: 'correspondent', personId: first.credits[0]!.personId, name }]);
    expect(await peopleNamed(name)).toBe(1);
  });

  it('credits a known person by id', async () => {
    const name = `摄像师${tag()}`;
    const made = await t.request('editor', { method: 'POST', url: '/api/v1/people', payload: { name, defaultRole: 'photographer' } });
    expect(made.statusCode, made.body).toBe(201);
    const personId = made.json<{ id: number }>().id;
    const article = await file({ credits: [{ role: 'photographer', personId }] });
    expect(article.credits).toEqual([{ role: 'photographer', personId, name }]);
    expect(article.byline).toBe(`摄影 ${name}`);
    expect(await peopleNamed(name)).toBe(1);
  });

  it('answers 422 /credits/0/personId for an unknown person, and writes nothing', async () => {
    const before = await articleCount();
    const res = await t.request(owner.token, {
      method: 'POST',
      url: '/api/v1/articles',
      payload: { headline: '无名氏', credits: [{ role: 'reporter', personId: 2147483647 }] },
    });
    const problem = expectProblem(res, 422, 'unprocessable');
    expect(problem.errors).toEqual([expect.objectContaining({ pointer: '/credits/0/personId' })]);
    expect(await articleCount()).toBe(before);
  });

  it('writes no person either when a later credit is unknown (one transaction)', async () => {
    const name = `作者乙${tag()}`;
    const before = await articleCount();
    const res = await t.request(owner.token, {
      method: 'POST',
      url: '/api/v1/articles',
      payload: { headline: '半途', credits: [{ role: 'reporter', name }, { role: 'reporter', personId: 2147483647 }] },
    });
    const problem = expectProblem(res, 422, 'unprocessable');
    expect(problem.errors?.map((e) => e.pointer)).toEqual(['/credits/1/personId']);
    expect(await articleCount()).toBe(before);
    expect(await peopleNamed(name)).toBe(0);
  });

  it('answers 422 /sectionId for an unknown section, and writes nothing', async () => {
    const before = await articleCount();
    const res = await t.request(owner.token, { method: 'POST', url: '/api/v1/articles', payload: { headline: '无栏目', sectionId: 2147483647 } });
    const problem = expectProblem(res, 422, 'unprocessable');
    expect(problem.errors).toEqual([expect.objectContaining({ pointer: '/sectionId' })]);
    expect(await articleCount()).toBe(before);
  });

  it('files into an existing section', async () => {
    const section = await makeSection();
    const article = await file({ sectionId: section.id });
    expect(article.sectionId).toBe(section.id);
  });

  it('groups consecutive names of one role in the byline, keeping the credit order', async () => {
    const article = await file({
      credits: [
        { role: 'reporter', name: '张丽' },
        { role: 'reporter', name: '王强' },
        { role: 'correspondent', name: '刘明' },
      ],
    });
    expect(article.byline).toBe('记者 张丽 王强 通讯员 刘明');
    expect(article.credits.map((c) => [c.role, c.name])).toEqual([
      ['reporter', '张丽'],
      ['reporter', '王强'],
      ['correspondent', '刘明'],
    ]);
    // A role that recurs after another starts a new group.
    const split = await file({
      credits: [
        { role: 'reporter', name: '张丽' },
        { role: 'correspondent', name: '刘明' },
        { role: 'reporter', name: '王强' },
      ],
    });
    expect(split.byline).toBe('记者 张丽 通讯员 刘明 记者 王强');
    expect((await read(split.id)).byline).toBe(split.byline);
  });

  it('counts the body’s characters as non-whitespace code points', async () => {
    const paragraphs = ['聊城讯 3月17日,东昌府区召开示范企业代表座谈会。', '𠀀字在扩展区　全角空格 café 😀 GDP增长5.2%'];
    const article = await file({ body: paragraphs.join('\n\n') });
    const expected = visibleCodePoints(paragraphs.join(''));
    // Code points, not UTF-16 units: 𠀀 and 😀 count one each.
    expect(expected).toBeLessThan(paragraphs.join('').replace(/\s/gu, '').length);
    expect(article.figures).toEqual({ characters: expected, paragraphs: paragraphs.length, headings: 0 });
    expect(article.body).toBe(paragraphs.join('\n\n'));
  });

  it.each([
    ['missing', {}],
    ['empty', { headline: '' }],
    ['blank', { headline: '   ' }],
    ['not a string', { headline: 42 }],
  ])('requires a headline (%s: 400 /headline) and writes nothing', async (_label, payload) => {
    const before = await articleCount();
    const res = await t.request(owner.token, { method: 'POST', url: '/api/v1/articles', payload: { body: '正文', ...payload } });
    const problem = expectProblem(res, 400, 'validation-failed');
    expect(problem.errors?.map((e) => e.pointer)).toContain('/headline');
    expect(await articleCount()).toBe(before);
  });

  it('refuses an unknown field (400) and a request without a token (401)', async () => {
    const unknown = await t.request(owner.token, { method: 'POST', url: '/api/v1/articles', payload: { headline: 'x', status: 'published' } });
    expect(expectProblem(unknown, 400, 'validation-failed').errors).toContainEqual(expect.objectContaining({ pointer: '/status' }));
    expectProblem(await t.request(null, { method: 'POST', url: '/api/v1/articles', payload: { headline: 'x' } }), 401, 'unauthorized');
  });
});

// ---------------------------------------------------------------------------------------------

describe('the workflow, every move by every role', () => {
  const cases = ACTORS.flatMap((actor) => STATUSES.flatMap((from) => STATUSES.map((to): [ActorName, Status, Status] => [actor, from, to])));

  it('covers all 36 (from, to) pairs for each of the four roles', () => {
    expect(cases).toHaveLength(STATUSES.length * STATUSES.length * ACTORS.length);
    expect(new Set(cases.map((c) => c.join('|'))).size).toBe(cases.length);
  });

  it.each(cases)('%s: %s → %s', async (actor, from, to) => {
    const article = await articleIn(from);
    const publishAt = to === 'scheduled' ? inFuture() : undefined;
    const res = await move(article.id, article.version, to, tokenOf(actor), publishAt);
    const allowed = allowedFor(actor, from);
    const inWorkflow = WORKFLOW[from][to] !== undefined;
    const through = isEditorActor(actor) && (THROUGH[from] ?? []).includes(to);

    if ((inWorkflow && allowed.includes(to)) || through) {
      expect(res.statusCode, res.body).toBe(200);
      const moved = res.json<ArticleJson>();
      expect(moved.status).toBe(to);
      expect(moved.version).toBe(article.version + 1);
      expect(res.headers.etag).toBe(`"${article.version + 1}"`);
      expect(moved.publishAt).toBe(to === 'scheduled' ? publishAt : null);
      if (to === 'published') expect(moved.publishedAt).not.toBeNull();
      expect(await read(article.id)).toEqual(moved);
      return;
    }
    if (!inWorkflow) {
      const problem = expectProblem(res, 409, 'conflict') as WorkflowProblem;
      expect(problem.currentStatus).toBe(from);
      expect([...(problem.allowed ?? [])].sort()).toEqual([...allowed].sort());
    } else {
      // A move the workflow has, but not for this actor: an owner move by another reporter,
      // or an editor move by a reporter.
      expect(actor === 'other reporter' || WORKFLOW[from][to] === 'editor').toBe(true);
      expectProblem(res, 403, 'forbidden');
    }
    expect(await read(article.id)).toEqual(article);
  });

  it('publishes a draft in one request for an editor, recorded in the audit as each move it stands for', async () => {
    const draft = await file();
    const published = await moveOk(draft, 'published');
    expect(published).toMatchObject({ status: 'published', version: draft.version + 1, publishedAt: expect.any(String) });
    const audit = await t.request('admin', { url: `/api/v1/audit?entity=article&entityId=${draft.id}` });
    expect(audit.statusCode, audit.body).toBe(200);
    const moves = audit
      .json<{ items: { action: string; details: { from?: string; to?: string; version?: number } }[] }>()
      .items.filter((e) => e.action !== 'article.create')
      .map((e) => [e.action, e.details.from, e.details.to, e.details.version]);
    expect(moves.sort()).toEqual(
      [
        ['article.status', 'draft', 'submitted', published.version],
        ['article.status', 'submitted', 'edited', published.version],
        ['article.publish', 'edited', 'published', published.version],
      ].sort(),
    );
    // A reporter cannot: their own draft goes no further than submitted.
    const own = await file();
    const refused = await move(own.id, own.version, 'published', owner.token);
    expectProblem(refused, 409, 'conflict');
    expect(await read(own.id)).toEqual(own);
  });

  it('requires If-Match on a move (428) and refuses a stale one (412)', async () => {
    const article = await file();
    const bare = await t.request('editor', { method: 'POST', url: `/api/v1/articles/${article.id}/status`, payload: { status: 'submitted' } });
    expectProblem(bare, 428, 'version-required');
    const submitted = await moveOk(article, 'submitted');
    const stale = await move(article.id, article.version, 'edited');
    expect(expectProblem(stale, 412, 'stale-version').currentVersion).toBe(submitted.version);
    expect(await read(article.id)).toEqual(submitted);
  });

  it('answers 404 for a move of a missing article', async () => {
    expectProblem(await move(2147483647, 1, 'submitted'), 404, 'not-found');
  });
});

// ---------------------------------------------------------------------------------------------

describe('scheduling rules', () => {
  it('needs a publishAt to schedule (422 /publishAt), and changes nothing', async () => {
    const article = await articleIn('edited');
    const res = await move(article.id, article.version, 'scheduled');
    const problem = expectProblem(res, 422, 'unprocessable');
    expect(problem.errors?.map((e) => e.pointer)).toEqual(['/publishAt']);
    expect(await read(article.id)).toEqual(article);
  });

  it('refuses a publishAt in the past (422), and changes nothing', async () => {
    const article = await articleIn('edited');
    const res = await move(article.id, article.version, 'scheduled', 'editor', new Date(Date.now() - 3_600_000).toISOString());
    const problem = expectProblem(res, 422, 'unprocessable');
    expect(problem.errors?.map((e) => e.pointer)).toEqual(['/publishAt']);
    expect(await read(article.id)).toEqual(article);
  });

  it.each([
    ['edited', 'published'],
    ['edited', 'submitted'],
    ['submitted', 'edited'],
    ['published', 'withdrawn'],
  ] as const)('refuses publishAt with a move %s → %s that is not a schedule (422)', async (from, to) => {
    const article = await articleIn(from);
    const res = await move(article.id, article.version, to, 'editor', inFuture());
    const problem = expectProblem(res, 422, 'unprocessable');
    expect(problem.errors?.map((e) => e.pointer)).toEqual(['/publishAt']);
    expect(await read(article.id)).toEqual(article);
  });

  it('keeps a scheduled article scheduled with the new text when it is edited, and says so', async () => {
    const publishAt = inFuture(2 * 3_600_000);
    const scheduled = await moveOk(await articleIn('edited'), 'scheduled', publishAt);
    expect(scheduled.publishAt).toBe(publishAt);

    const res = await patch(scheduled.id, { headline: '改过的标题' }, scheduled.version);
    expect(res.statusCode, res.body).toBe(200);
    const edited = res.json<ArticleJson>();
    expect(edited).toMatchObject({ status: 'scheduled', publishAt, headline: '改过的标题', version: scheduled.version + 1 });
    // The message gives the time in the paper's zone (Asia/Shanghai, +08:00 all year).
    const inShanghai = `${new Date(Date.parse(publishAt) + 8 * 3_600_000).toISOString().slice(0, 19)}+08:00`;
    expect(edited.stillScheduled).toEqual({ publishAt, version: scheduled.version + 1, message: expect.stringContaining(inShanghai) });

    const { stillScheduled: _notice, ...stored } = edited;
    expect(await read(scheduled.id)).toEqual(stored);
  });

  it('sends no schedule notice when editing an article that was not scheduled', async () => {
    const article = await articleIn('edited');
    const res = await patch(article.id, { summary: '新摘要' }, article.version);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).not.toHaveProperty('stillScheduled');
  });
});

// ---------------------------------------------------------------------------------------------

describe('optimistic concurrency', () => {
  it('requires If-Match to edit (428) and changes nothing without it', async () => {
    const article = await file();
    expectProblem(await patch(article.id, { headline: '无版本' }), 428, 'version-required');
    expect(await read(article.id)).toEqual(article);
  });

  it('refuses a stale If-Match (412) with the current version, and changes nothing', async () => {
    const article = await file();
    const changed = (await patch(article.id, { headline: '第二版' }, article.version)).json<ArticleJson>();
    expect(changed.version).toBe(article.version + 1);
    const stale = await patch(article.id, { headline: '迟到的修改' }, article.version);
    const problem = expectProblem(stale, 412, 'stale-version');
    expect(problem.currentVersion).toBe(changed.version);
    expect(stale.headers.etag).toBe(`"${changed.version}"`);
    expect(await read(article.id)).toEqual(changed);
  });

  it('lets exactly one of twenty concurrent edits of one version win; the rest get 412', async () => {
    const article = await file({ body: '原文' });
    const before = await revisionsOf(article.id);
    const headlines = Array.from({ length: 20 }, (_, i) => `并发标题 ${i}`);
    const responses = await Promise.all(headlines.map((headline) => patch(article.id, { headline }, article.version)));

    const winners = responses.filter((r) => r.statusCode === 200);
    const losers = responses.filter((r) => r.statusCode !== 200);
    expect(winners).toHaveLength(1);
    expect(losers).toHaveLength(headlines.length - 1);
    for (const loser of losers) expect(expectProblem(loser, 412, 'stale-version').currentVersion).toBe(article.version + 1);

    const winner = winners[0]!.json<ArticleJson>();
    expect(winner.version).toBe(article.version + 1);
    expect(headlines).toContain(winner.headline);
    expect((await read(article.id)).headline).toBe(winner.headline);

    const after = await revisionsOf(article.id);
    expect(after.map((r) => r.version)).toEqual([...before.map((r) => r.version), winner.version]);
    const snapshot = await t.request('reporter', { url: `/api/v1/articles/${article.id}/revisions/${winner.version}` });
    expect(snapshot.statusCode, snapshot.body).toBe(200);
    expect(snapshot.json()).toMatchObject({ version: winner.version, status: 'draft', article: { headline: winner.headline } });
  });

  it('keeps every saved version as a full snapshot; a missing version is 404', async () => {
    const article = await file({ body: '第一版正文' });
    const second = (await patch(article.id, { body: '第二版正文' }, article.version)).json<ArticleJson>();
    const submitted = await moveOk(second, 'submitted');

    const list = await revisionsOf(article.id);
    expect(list.map((r) => [r.version, r.status])).toEqual([
      [article.version, 'draft'],
      [second.version, 'draft'],
      [submitted.version, 'submitted'],
    ]);
    for (const saved of [article, second, submitted]) {
      const res = await t.request('reporter', { url: `/api/v1/articles/${article.id}/revisions/${saved.version}` });
      expect(res.statusCode, res.body).toBe(200);
      expect(res.json()).toMatchObject({ version: saved.version, status: saved.status, article: saved });
    }
    const missing = await t.request('reporter', { url: `/api/v1/articles/${article.id}/revisions/${submitted.version + 1}` });
    expect(expectProblem(missing, 404, 'not-found').detail).toContain(String(submitted.version + 1));
    expectProblem(await t.request('reporter', { url: '/api/v1/articles/2147483647/revisions' }), 404, 'not-found');
  });
});

// ---------------------------------------------------------------------------------------------

describe('who may edit', () => {
  it('lets a reporter edit their own draft', async () => {
    const article = await file();
    const res = await patch(article.id, { headline: '自己改', body: '新正文' }, article.version, owner.token);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ headline: '自己改', body: '新正文', version: article.version + 1, updatedBy: owner.id });
  });

  it.each(STATUSES.filter((s) => s !== 'draft'))('refuses the reporter who filed it once it is %s (403)', async (state) => {
    const article = await articleIn(state);
    const res = await patch(article.id, { headline: '偷改' }, article.version, owner.token);
    expect(expectProblem(res, 403, 'forbidden').detail).toContain(state);
    expect(await read(article.id)).toEqual(article);
  });

  it('refuses another reporter, even on a draft (403)', async () => {
    const article = await file();
    expectProblem(await patch(article.id, { headline: '别人改' }, article.version, otherReporter.token), 403, 'forbidden');
    expect(await read(article.id)).toEqual(article);
  });

  it.each(STATUSES.flatMap((state) => (['editor', 'admin'] as const).map((role): ['editor' | 'admin', Status] => [role, state])))(
    'lets an %s edit an article that is %s',
    async (role, state) => {
      const article = await articleIn(state);
      const res = await patch(article.id, { headline: `${role} 改` }, article.version, role);
      expect(res.statusCode, res.body).toBe(200);
      const edited = res.json<ArticleJson>();
      expect(edited.headline).toBe(`${role} 改`);
      expect(edited.version).toBe(article.version + 1);
      // An edit keeps the item in its state: a scheduled one stays scheduled with the new text.
      expect(edited.status).toBe(state);
      expect(edited.publishedAt).toBe(article.publishedAt);
    },
  );
});

// ---------------------------------------------------------------------------------------------

describe('the public content API', () => {
  const notPublic = ['draft', 'submitted', 'edited', 'scheduled', 'withdrawn'] as const;

  it.each(notPublic)('answers 404 for a %s article, exactly as for one that does not exist', async (state) => {
    const article = await articleIn(state);
    if (state === 'scheduled') expect(Date.parse(article.publishAt!)).toBeGreaterThan(Date.now());
    const hidden = expectProblem(await readPublic(article.id), 404, 'not-found');
    const missingId = 2147483647;
    const missing = expectProblem(await readPublic(missingId), 404, 'not-found');
    expect({ ...hidden, detail: hidden.detail.replace(String(article.id), 'ID'), instance: '', requestId: '' }).toEqual({
      ...missing,
      detail: missing.detail.replace(String(missingId), 'ID'),
      instance: '',
      requestId: '',
    });
    expectProblem(await readPublic(article.id, '?format=ninjs'), 404, 'not-found');
  });

  it('lists none of the articles that are not published', async () => {
    const hidden = await Promise.all(notPublic.map((state) => articleIn(state)));
    const shown = await articleIn('published');
    const listed = (await allPages<PublicSummaryJson>(null, '/content/v1/articles', 100)).flat().map((a) => a.id);
    expect(listed).toContain(shown.id);
    for (const article of hidden) expect(listed).not.toContain(article.id);
  });

  it('delivers a published article with its documented fields, cacheable by anyone', async () => {
    const section = await makeSection();
    const reporterName = `作者丙${tag()}`;
    const article = await articleIn('published', {
      kicker: '引题',
      subtitle: '副题',
      summary: '摘要',
      body: '## 小标题\n\n第一段。\n\n第二段 [链接](https://example.com/)。',
      sectionId: section.id,
      credits: [
        { role: 'reporter', name: reporterName },
        { role: 'correspondent', name: '刘明' },
      ],
    });
    const res = await readPublic(article.id);
    expect(res.statusCode, res.body).toBe(200);
    const item = res.json<PublicArticleJson>();
    expect(Object.keys(item).sort()).toEqual(
      ['id', 'version', 'url', 'kicker', 'headline', 'subtitle', 'summary', 'byline', 'credits', 'section', 'publishedAt', 'updatedAt', 'bodyHtml', 'corrections', 'language', 'characters', 'leadPhoto', 'photos'].sort(),
    );
    expect(item).toMatchObject({
      id: article.id,
      version: article.version,
      kicker: '引题',
      headline: article.headline,
      subtitle: '副题',
      summary: '摘要',
      byline: `记者 ${reporterName} 通讯员 刘明`,
      credits: article.credits,
      section,
      publishedAt: article.publishedAt,
      updatedAt: article.updatedAt,
      corrections: [],
      characters: article.figures.characters,
    });
    expect(item.section).toEqual(section);
    expect(item.credits).toEqual(article.credits);
    expect(item.url.endsWith(`/articles/${article.id}`)).toBe(true);
    expect(() => new URL(item.url)).not.toThrow();
    expect(item.bodyHtml).toContain('<h2>小标题</h2>');
    expect(item.bodyHtml).toContain('<p>第一段。</p>');
    expect(item.bodyHtml).toContain('<a href="https://example.com/"');

    expect(res.headers['content-type']).toMatch(/^application\/json/);
    expect(res.headers['cache-control']).toMatch(/^public\b/);
    expect(res.headers['access-control-allow-origin']).toBe('*');
    const etag = res.headers.etag as string;
    expect(etag).toMatch(/^"[^"]+"$/);

    const again = await readPublic(article.id, '', { 'if-none-match': etag });
    expect(again.statusCode).toBe(304);
    expect(again.body).toBe('');
    expect(again.headers.etag).toBe(etag);
    expect((await readPublic(article.id, '', { 'if-none-match': '"other"' })).statusCode).toBe(200);
  });

  it('shows an edit of a published article once the change is announced, with a new ETag', async () => {
    const article = await articleIn('published');
    const first = await readPublic(article.id);
    expect(first.json<PublicArticleJson>().headline).toBe(article.headline);
    // Read twice so the rendering is certainly cached before the change.
    expect((await readPublic(article.id)).headers.etag).toBe(first.headers.etag);

    const headline = `更正后的标题 ${tag()}`;
    const edited = await patch(article.id, { headline }, article.version);
    expect(edited.statusCode, edited.body).toBe(200);
    expect(edited.json<ArticleJson>().status).toBe('published');

    const fresh = await vi.waitFor(async () => {
      const res = await readPublic(article.id);
      expect(res.statusCode).toBe(200);
      expect(res.json<PublicArticleJson>().headline).toBe(headline);
      return res;
    }, NOTIFIED);
    expect(fresh.json<PublicArticleJson>()).toMatchObject({ headline, version: article.version + 1 });
    expect(fresh.headers.etag).not.toBe(first.headers.etag);
    expect((await readPublic(article.id, '', { 'if-none-match': first.headers.etag as string })).statusCode).toBe(200);
  });

  it('answers 404 once a published article is withdrawn', async () => {
    const article = await articleIn('published');
    expect((await readPublic(article.id)).statusCode).toBe(200);
    await moveOk(article, 'withdrawn');
    const gone = await vi.waitFor(async () => {
      const res = await readPublic(article.id);
      expect(res.statusCode).toBe(404);
      return res;
    }, NOTIFIED);
    expectProblem(gone, 404, 'not-found');
    const listed = (await allPages<PublicSummaryJson>(null, '/content/v1/articles', 100)).flat().map((a) => a.id);
    expect(listed).not.toContain(article.id);
  });

  it('returns ninjs whose uri is the article url and whose first headline is the headline', async () => {
    const article = await articleIn('published', { body: '正文', credits: [{ role: 'reporter', name: '张丽' }] });
    const json = (await readPublic(article.id)).json<PublicArticleJson>();
    const res = await readPublic(article.id, '?format=ninjs');
    expect(res.statusCode, res.body).toBe(200);
    const ninjs = res.json<{ uri: string; headlines: { role: string; value: string }[]; version: string; by?: string }>();
    expect(ninjs.uri).toBe(json.url);
    expect(ninjs.headlines[0]?.value).toBe(article.headline);
    expect(ninjs.version).toBe(String(article.version));
    expect(ninjs.by).toBe(json.byline);
    expect(res.headers.etag).not.toBe((await readPublic(article.id)).headers.etag);
    expectProblem(await readPublic(article.id, '?format=xml'), 400, 'validation-failed');
  });

  describe('lists', () => {
    let section: { id: number; name: string; slug: string };
    let published: ArticleJson[];

    beforeAll(async () => {
      section = await makeSection();
      published = [];
      for (let i = 0; i < 7; i++) {
        published.push(await articleIn('published', { headline: `列表稿 ${i}`, sectionId: section.id }));
        await pause(3);
      }
      // Not published, and in another section: neither may appear.
      await articleIn('edited', { sectionId: section.id });
      await articleIn('published', { sectionId: (await makeSection()).id });
    });

    it('pages through a section newest first, each article exactly once', async () => {
      const limit = 3;
      const pages = await allPages<PublicSummaryJson>(null, `/content/v1/articles?section=${section.slug}`, limit);
      expect(pages.map((p) => p.length)).toEqual([3, 3, 1]);
      const items = pages.flat();
      expect(items.map((a) => a.id)).toEqual([...published].reverse().map((a) => a.id));
      for (const item of items) {
        expect(item.section).toEqual(section);
        expect(item.url.endsWith(`/articles/${item.id}`)).toBe(true);
      }
    });

    it('pages through articles published at the same moment by id, each exactly once', async () => {
      const tied = await makeSection();
      const items: ArticleJson[] = [];
      for (let i = 0; i < 4; i++) items.push(await articleIn('published', { sectionId: tied.id }));
      const moment = new Date(Date.parse(items[0]!.publishedAt!) - 60_000);
      await t.database.db
        .update(articles)
        .set({ publishedAt: moment })
        .where(inArray(articles.id, items.map((a) => a.id)));
      const pages = await allPages<PublicSummaryJson>(null, `/content/v1/articles?section=${tied.slug}`, 3);
      expect(pages.map((p) => p.length)).toEqual([3, 1]);
      expect(pages.flat().map((a) => a.id)).toEqual(items.map((a) => a.id).sort((a, b) => b - a));
      expect(pages.flat().every((a) => a.publishedAt === moment.toISOString())).toBe(true);
    });

    it('filters by publication time: from inclusive, to exclusive', async () => {
      const times = published.map((a) => a.publishedAt!);
      const from = times[2]!;
      const to = times[5]!;
      const expected = published
        .filter((a) => Date.parse(a.publishedAt!) >= Date.parse(from) && Date.parse(a.publishedAt!) < Date.parse(to))
        .reverse()
        .map((a) => a.id);
      expect(expected.length).toBeGreaterThan(0);
      const query = `/content/v1/articles?section=${section.slug}&from=${encodeURIComponent(from)}&to=${encodeURIComponent(to)}`;
      const items = (await allPages<PublicSummaryJson>(null, query, 100)).flat();
      expect(items.map((a) => a.id)).toEqual(expected);
    });

    it('answers 404 for an unknown section slug, and 400 for an unknown parameter', async () => {
      expectProblem(await t.request(null, { url: `/content/v1/articles?section=no-such-section-${tag()}` }), 404, 'not-found');
      const res = await t.request(null, { url: '/content/v1/articles?sectoin=news' });
      const problem = expectProblem(res, 400, 'validation-failed');
      expect(problem.errors).toContainEqual(expect.objectContaining({ in: 'query', pointer: '/sectoin' }));
    });

    it('is cacheable, from any origin', async () => {
      const res = await t.request(null, { url: `/content/v1/articles?section=${section.slug}` });
      expect(res.headers['cache-control']).toMatch(/^public\b/);
      expect(res.headers['access-control-allow-origin']).toBe('*');
      const again = await t.request(null, { url: `/content/v1/articles?section=${section.slug}`, headers: { 'if-none-match': res.headers.etag as string } });
      expect(again.statusCode).toBe(304);
    });
  });
});

// ---------------------------------------------------------------------------------------------

describe('scripts and unsafe links in the body', () => {
  const vectors = [
    '<script>alert(1)</script>',
    '<img src=x onerror=alert(1)>',
    '[a](javascript:alert(1))',
    '[b](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)',
    '[c](JaVaScRiPt:alert(1))',
    '&lt;script&gt;',
    '<svg onload=alert(1)>',
  ];

  function elements(node: DefaultTreeAdapterTypes.ParentNode): DefaultTreeAdapterTypes.Element[] {
    const out: DefaultTreeAdapterTypes.Element[] = [];
    for (const child of node.childNodes) {
      if ('tagName' in child) out.push(child, ...elements(child));
    }
    return out;
  }

  function text(node: DefaultTreeAdapterTypes.ParentNode): string {
    return node.childNodes.map((child) => ('value' in child && child.nodeName === '#text' ? child.value : 'childNodes' in child ? text(child) : '')).join('');
  }

  it('are shown as text or dropped, never as markup, in the published HTML', async () => {
    const body = [...vectors, '## <script>alert(2)</script>', '[safe](https://example.com/ok)'].join('\n\n');
    const article = await articleIn('published', { body });
    expect((await read(article.id)).body).toBe(body);

    const res = await readPublic(article.id);
    expect(res.statusCode, res.body).toBe(200);
    const html = res.json<PublicArticleJson>().bodyHtml;
    expect(html).not.toMatch(/<script/i);
    expect(html).not.toMatch(/<img/i);
    expect(html).not.toMatch(/<svg/i);
    expect(html).not.toMatch(/javascript:/i);
    expect(html).not.toMatch(/data:/i);

    const fragment = parseFragment(html);
    const found = elements(fragment);
    expect(found.map((e) => e.tagName).filter((name) => ['script', 'img', 'svg', 'iframe', 'object', 'embed', 'style'].includes(name))).toEqual([]);
    for (const element of found) {
      for (const attr of element.attrs) {
        expect(attr.name, `${element.tagName} ${attr.name}`).not.toMatch(/^on/i);
        if (attr.name === 'href' || attr.name === 'src') expect(attr.value).toMatch(/^(?:https?:\/\/|mailto:|\/(?![/\\]))/i);
      }
    }
    // The one safe link survives; the unsafe ones keep their text and lose the link.
    expect(found.filter((e) => e.tagName === 'a').map((e) => e.attrs.find((a) => a.name === 'href')?.value)).toEqual(['https://example.com/ok']);
    const shown = text(fragment);
    expect(shown).toContain('<script>alert(1)</script>');
    expect(shown).toContain('<img src=x onerror=alert(1)>');
    expect(shown).toContain('<svg onload=alert(1)>');
    expect(shown).toContain('<script>');
    for (const label of ['a', 'b', 'c']) expect(found.some((e) => e.tagName === 'a' && text(e) === label)).toBe(false);

    // ninjs carries the same, safe HTML.
    const ninjs = (await readPublic(article.id, '?format=ninjs')).json<{ bodies: { role: string; value: string }[] }>();
    expect(ninjs.bodies.find((b) => b.role === 'main')?.value).toBe(html);
  });
});

// ---------------------------------------------------------------------------------------------

describe('corrections', () => {
  const correct = (id: number, text: string, token: string = 'editor', version?: number) =>
    t.request(token, {
      method: 'POST',
      url: `/api/v1/articles/${id}/corrections`,
      payload: { text },
      headers: version === undefined ? {} : ifMatch(version),
    });

  it('refuses a reporter (403), even the one who filed it, and writes nothing', async () => {
    const article = await articleIn('published');
    expectProblem(await correct(article.id, '记者更正', owner.token), 403, 'forbidden');
    expect(await read(article.id)).toEqual(article);
    expect((await t.request('reporter', { url: `/api/v1/articles/${article.id}/corrections` })).json()).toEqual({ items: [] });
  });

  it.each(STATUSES.filter((s) => s !== 'published'))('refuses to correct a %s article (409): edit it instead', async (state) => {
    const article = await articleIn(state);
    expect(expectProblem(await correct(article.id, '更正'), 409, 'conflict').detail).toContain(state);
    expect(await read(article.id)).toEqual(article);
  });

  it('appends a correction to a published article: a new version, a revision, shown publicly', async () => {
    const article = await articleIn('published');
    expect((await readPublic(article.id)).json<PublicArticleJson>().corrections).toEqual([]);

    const text = `本报昨日报道有误，特此更正 ${tag()}`;
    const res = await correct(article.id, `  ${text}  `, 'editor', article.version);
    expect(res.statusCode, res.body).toBe(201);
    const correction = res.json<CorrectionJson>();
    expect(correction).toMatchObject({ id: expect.any(Number), text });
    expect(res.headers.etag).toBe(`"${article.version + 1}"`);

    const after = await read(article.id);
    expect(after).toMatchObject({ status: 'published', version: article.version + 1, publishedAt: article.publishedAt });
    const revisions = await revisionsOf(article.id);
    expect(revisions.at(-1)).toMatchObject({ version: article.version + 1, status: 'published' });
    expect((await t.request('reporter', { url: `/api/v1/articles/${article.id}/corrections` })).json()).toEqual({ items: [correction] });

    const shown = await vi.waitFor(async () => {
      const res = await readPublic(article.id);
      expect(res.json<PublicArticleJson>().corrections).not.toHaveLength(0);
      return res;
    }, NOTIFIED);
    expect(shown.json<PublicArticleJson>().corrections).toEqual([{ id: correction.id, text, createdAt: correction.createdAt }]);
    expect(shown.json<PublicArticleJson>().version).toBe(article.version + 1);

    // Without If-Match it appends too; corrections come oldest first.
    const second = await correct(article.id, '再次更正');
    expect(second.statusCode, second.body).toBe(201);
    const listed = (await t.request('reporter', { url: `/api/v1/articles/${article.id}/corrections` })).json<{ items: CorrectionJson[] }>();
    expect(listed.items.map((c) => c.text)).toEqual([text, '再次更正']);
  });

  it('refuses a stale If-Match (412) and writes nothing', async () => {
    const article = await articleIn('published');
    const edited = (await patch(article.id, { summary: '新摘要' }, article.version)).json<ArticleJson>();
    const stale = await correct(article.id, '更正', 'editor', article.version);
    expect(expectProblem(stale, 412, 'stale-version').currentVersion).toBe(edited.version);
    const { stillScheduled: _none, ...current } = edited;
    expect(await read(article.id)).toEqual(current);
    expect((await t.request('reporter', { url: `/api/v1/articles/${article.id}/corrections` })).json()).toEqual({ items: [] });
  });
});

// ---------------------------------------------------------------------------------------------

describe('listing articles in the newsroom', () => {
  const list = async (query: string, limit = 200) => (await allPages<ArticleJson>('reporter', `/api/v1/articles${query}`, limit)).flat();
  const ids = (items: ArticleJson[]) => items.map((a) => a.id);

  it('pages through the whole table exactly once, most recently changed first', async () => {
    await file();
    const limit = 7;
    const pages = await allPages<ArticleJson>('reporter', '/api/v1/articles', limit);
    const items = pages.flat();
    expect(items).toHaveLength(await articleCount());
    expect(new Set(ids(items)).size).toBe(items.length);
    for (const page of pages.slice(0, -1)) expect(page).toHaveLength(limit);
    for (let i = 1; i < items.length; i++) {
      const [a, b] = [items[i - 1]!, items[i]!];
      const newer = Date.parse(a.updatedAt) > Date.parse(b.updatedAt) || (a.updatedAt === b.updatedAt && a.id > b.id);
      expect(newer, `${a.id}@${a.updatedAt} before ${b.id}@${b.updatedAt}`).toBe(true);
    }
  });

  it('lists summaries and figures without bodies; include=body adds each Markdown body', async () => {
    const section = await makeSection();
    const body = '## 小标题\n\n第一段正文。\n\n第二段正文。';
    const filed = await file({ sectionId: section.id, summary: '摘要', body });
    const [summary] = await list(`?section=${section.id}`);
    expect(summary).not.toHaveProperty('body');
    const { body: _body, ...rest } = await read(filed.id);
    expect(summary).toEqual(rest);
    expect(summary!.figures).toMatchObject({ paragraphs: 2, headings: 1 });
    const [whole] = await list(`?section=${section.id}&include=body`);
    expect(whole).toEqual(await read(filed.id));
    expectProblem(await t.request('reporter', { url: '/api/v1/articles?include=document' }), 400, 'validation-failed');
  });

  it('orders by last change, not by filing, across pages', async () => {
    const section = await makeSection();
    const filed: ArticleJson[] = [];
    for (let i = 0; i < 5; i++) {
      filed.push(await file({ sectionId: section.id }));
      await pause(3);
    }
    const [a0, a1, a2, a3, a4] = filed as [ArticleJson, ArticleJson, ArticleJson, ArticleJson, ArticleJson];
    expect((await patch(a1.id, { summary: '先改' }, a1.version)).statusCode).toBe(200);
    await pause(3);
    expect((await patch(a3.id, { summary: '后改' }, a3.version)).statusCode).toBe(200);
    const pages = await allPages<ArticleJson>('reporter', `/api/v1/articles?section=${section.id}`, 2);
    expect(pages.map((p) => p.length)).toEqual([2, 2, 1]);
    expect(ids(pages.flat())).toEqual([a3.id, a1.id, a4.id, a2.id, a0.id]);
  });

  it('pages through ties in the time of last change by id, newest first, each exactly once', async () => {
    const section = await makeSection();
    const filed: ArticleJson[] = [];
    for (let i = 0; i < 5; i++) filed.push(await file({ sectionId: section.id }));
    const tie = new Date(Date.parse(filed[0]!.updatedAt) - 60_000);
    await t.database.db
      .update(articles)
      .set({ updatedAt: tie })
      .where(inArray(articles.id, ids(filed)));
    const pages = await allPages<ArticleJson>('reporter', `/api/v1/articles?section=${section.id}`, 2);
    expect(pages.map((p) => p.length)).toEqual([2, 2, 1]);
    expect(ids(pages.flat())).toEqual(ids(filed).sort((a, b) => b - a));
    expect(pages.flat().every((a) => a.updatedAt === tie.toISOString())).toBe(true);
  });

  it('filters by status', async () => {
    const submitted = await articleIn('submitted');
    const draft = await file();
    const items = await list('?status=submitted');
    expect(items.every((a) => a.status === 'submitted')).toBe(true);
    expect(ids(items)).toContain(submitted.id);
    expect(ids(items)).not.toContain(draft.id);
    const [row] = await t.database.db.select({ n: count() }).from(articles).where(eq(articles.status, 'submitted'));
    expect(items).toHaveLength(row!.n);
  });

  it('filters by section', async () => {
    const section = await makeSection();
    const inside = [await file({ sectionId: section.id }), await articleIn('published', { sectionId: section.id })];
    await file({ sectionId: (await makeSection()).id });
    await file();
    expect(ids(await list(`?section=${section.id}`)).sort()).toEqual(ids(inside).sort());
  });

  it('filters by credited person', async () => {
    const name = `作者丁${tag()}`;
    const first = await file({ credits: [{ role: 'reporter', name }] });
    const personId = first.credits[0]!.personId;
    const second = await file({ credits: [{ role: 'correspondent', name: '刘明' }, { role: 'photographer', personId }] });
    await file({ credits: [{ role: 'reporter', name: `别人${tag()}` }] });
    await file();
    expect(ids(await list(`?person=${personId}`)).sort()).toEqual([first.id, second.id].sort());
  });

  it('filters by time of last change, inclusive', async () => {
    const earlier = await file();
    await pause(5);
    const later = await file();
    expect(Date.parse(earlier.updatedAt)).toBeLessThan(Date.parse(later.updatedAt));
    const since = `?updatedSince=${encodeURIComponent(later.updatedAt)}`;
    let items = await list(since);
    expect(items.every((a) => Date.parse(a.updatedAt) >= Date.parse(later.updatedAt))).toBe(true);
    expect(ids(items)).toContain(later.id);
    expect(ids(items)).not.toContain(earlier.id);

    await pause(5);
    expect((await patch(earlier.id, { summary: '改了' }, earlier.version)).statusCode).toBe(200);
    items = await list(since);
    expect(ids(items)).toContain(earlier.id);
  });

  it('lists overdue scheduled articles, and not those still to come', async () => {
    const late = await articleIn('scheduled');
    const coming = await articleIn('scheduled');
    await t.database.db
      .update(articles)
      .set({ publishAt: sql`now() - interval '2 minutes'` })
      .where(eq(articles.id, late.id));
    const items = await list('?overdue=true');
    expect(ids(items)).toContain(late.id);
    expect(ids(items)).not.toContain(coming.id);
    expect(items.every((a) => a.status === 'scheduled' && Date.parse(a.publishAt!) < Date.now() - 60_000)).toBe(true);
  });

  it.each([
    ['status=live', '/status'],
    ['section=0', '/section'],
    ['updatedSince=yesterday', '/updatedSince'],
    ['limit=0', '/limit'],
    ['stauts=draft', '/stauts'],
  ])('rejects ?%s with 400 pointing into the query', async (query, pointer) => {
    const res = await t.request('reporter', { url: `/api/v1/articles?${query}` });
    expect(expectProblem(res, 400, 'validation-failed').errors).toContainEqual(expect.objectContaining({ in: 'query', pointer }));
  });

  it('tells a client that sent an unencoded + in a time (read as a space) to write it as %2B, and takes it encoded', async () => {
    const raw = await t.request('reporter', { url: '/api/v1/articles?updatedSince=2026-12-07T09:00:00+08:00' });
    const problem = expectProblem(raw, 400, 'validation-failed');
    expect(problem.errors).toEqual([expect.objectContaining({ in: 'query', pointer: '/updatedSince', message: expect.stringContaining('%2B') })]);
    expect((await t.request('reporter', { url: '/api/v1/articles?updatedSince=2026-12-07T09:00:00%2B08:00' })).statusCode).toBe(200);
  });
});

// ---------------------------------------------------------------------------------------------

describe('the audit trail of an article', () => {
  it('records filing, moves, publication and edits, newest first', async () => {
    const filed = await file();
    const submitted = await moveOk(filed, 'submitted');
    const edited = await moveOk(submitted, 'edited');
    const published = await moveOk(edited, 'published');
    const changed = await patch(published.id, { headline: '发布后修改' }, published.version);
    expect(changed.statusCode, changed.body).toBe(200);

    expectProblem(await t.request('editor', { url: `/api/v1/audit?entity=article&entityId=${filed.id}` }), 403, 'forbidden');
    const res = await t.request('admin', { url: `/api/v1/audit?entity=article&entityId=${filed.id}` });
    expect(res.statusCode, res.body).toBe(200);
    const events = res.json<{ items: AuditJson[] }>().items;
    expect(events.map((e) => e.action)).toEqual(['article.update', 'article.publish', 'article.status', 'article.status', 'article.create']);
    expect(events.every((e) => e.entity === 'article' && e.entityId === String(filed.id))).toBe(true);
    const [update, publish, toEdited, toSubmitted, create] = events as [AuditJson, AuditJson, AuditJson, AuditJson, AuditJson];
    expect(create.actorId).toBe(owner.id);
    expect(toSubmitted.details).toMatchObject({ from: 'draft', to: 'submitted', version: submitted.version });
    expect(toEdited.details).toMatchObject({ from: 'submitted', to: 'edited', version: edited.version });
    expect(publish.details).toMatchObject({ from: 'edited', to: 'published', version: published.version });
    expect(update.details).toMatchObject({ fields: ['headline'], version: published.version + 1 });
    expect(events.map((e) => e.id)).toEqual([...events.map((e) => e.id)].sort((a, b) => b - a));
  });
});
