import { randomBytes } from 'node:crypto';
import type { InjectOptions, LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, test, vi } from 'vitest';
import type { UserRole } from '../src/lib/actor.js';
import { createTestApp, type TestApp } from './helpers/app.js';
import { editionsClient, type ArticleRef, type ReleaseJson } from './helpers/editions.js';
import { FIXTURE_TSV, ifMatch, MEDIA, noticesClient, type Status } from './helpers/notices.js';
import { NOTIFIED } from './helpers/notified.js';
import { pdfLines } from './helpers/pdf-text.js';
import { plainJpeg } from './helpers/photo-files.js';
import { expectProblem } from './helpers/problem.js';
import { recordRoutes, type RegisteredRoute } from './helpers/routes.js';

// ---------------------------------------------------------------------------------------------
// The access rules, written from DESIGN.md and the README's account of the API, not read back
// from the routes: reporters read and file their own work; editors also write sections, people
// and notice kinds, edit anything, plan and release editions, print and correct; admins also
// manage users, tokens and the audit trail. Whose item it is, and its state, are checked by the
// service (the ownership tests below); the role table is what a route lets through at all.

/**
 * `anyone`: public and showing no newsroom content (operations, the API reference, the
 * stylesheet, CORS preflights). `published`: public, showing published content only, which the
 * visibility sweep checks. A list of roles: signed in, and one of those roles.
 */
type Rule = 'anyone' | 'published' | readonly UserRole[];

const ALL = ['reporter', 'editor', 'admin'] as const;
const EDITORS = ['editor', 'admin'] as const;
const ADMINS = ['admin'] as const;

/** Method and path; HEAD follows the GET of the same path and is not listed. */
const RULES: Record<string, Rule> = {
  'GET /healthz': 'anyone',
  'GET /readyz': 'anyone',
  'GET /openapi.json': 'anyone',
  'GET /docs': 'anyone',
  'GET /docs/json': 'anyone',
  'GET /docs/yaml': 'anyone',
  'GET /docs/static/index.html': 'anyone',
  'GET /docs/static/swagger-initializer.js': 'anyone',
  'GET /docs/static/*': 'anyone',
  'GET /assets/site-{hash}.css': 'anyone',
  'OPTIONS /content/v1*': 'anyone',

  'POST /api/v1/users': ADMINS,
  // Editors read the users to name a page's editor (责任编辑); managing them is the admins'.
  'GET /api/v1/users': EDITORS,
  'GET /api/v1/users/:id': EDITORS,
  'PATCH /api/v1/users/:id': ADMINS,
  'POST /api/v1/users/:id/tokens': ADMINS,
  'GET /api/v1/users/:id/tokens': ADMINS,
  // Everyone may revoke their own tokens; admins anyone's (the ownership tests).
  'DELETE /api/v1/tokens/:id': ALL,
  'GET /api/v1/me': ALL,
  'GET /api/v1/audit': ADMINS,
  // Reporters find their own items in every state and everyone's published ones (the search tests).
  'GET /api/v1/search': ALL,

  'POST /api/v1/sections': EDITORS,
  'GET /api/v1/sections': ALL,
  'GET /api/v1/sections/:id': ALL,
  'PATCH /api/v1/sections/:id': EDITORS,
  'DELETE /api/v1/sections/:id': EDITORS,
  'POST /api/v1/people': EDITORS,
  'GET /api/v1/people': ALL,
  'GET /api/v1/people/:id': ALL,
  'PATCH /api/v1/people/:id': EDITORS,
  'DELETE /api/v1/people/:id': EDITORS,

  'POST /api/v1/articles': ALL,
  'GET /api/v1/articles': ALL,
  'GET /api/v1/articles/:id': ALL,
  'PATCH /api/v1/articles/:id': ALL,
  'POST /api/v1/articles/:id/status': ALL,
  'GET /api/v1/articles/:id/revisions': ALL,
  'GET /api/v1/articles/:id/revisions/:version': ALL,
  'GET /api/v1/articles/:id/corrections': ALL,
  'POST /api/v1/articles/:id/corrections': EDITORS,

  'POST /api/v1/photos': ALL,
  'GET /api/v1/photos': ALL,
  'GET /api/v1/photos/:id': ALL,
  'PATCH /api/v1/photos/:id': ALL,
  'GET /api/v1/photos/:id/revisions': ALL,
  'GET /api/v1/photos/:id/original': ALL,
  'GET /api/v1/photos/:id/renditions/:variant/:file': ALL,

  'POST /api/v1/notices': ALL,
  'GET /api/v1/notices': ALL,
  'GET /api/v1/notices/:id': ALL,
  'PATCH /api/v1/notices/:id': ALL,
  'PUT /api/v1/notices/:id/table': ALL,
  'GET /api/v1/notices/:id/rows': ALL,
  'POST /api/v1/notices/:id/status': ALL,
  'GET /api/v1/notices/:id/revisions': ALL,
  'GET /api/v1/notices/:id/revisions/:version': ALL,
  'GET /api/v1/notice-kinds': ALL,
  'GET /api/v1/notice-kinds/:key': ALL,
  'POST /api/v1/notice-kinds': EDITORS,
  'PATCH /api/v1/notice-kinds/:key': EDITORS,

  'POST /api/v1/editions': EDITORS,
  'GET /api/v1/editions': ALL,
  'GET /api/v1/editions/:date': ALL,
  'PATCH /api/v1/editions/:date': EDITORS,
  'DELETE /api/v1/editions/:date': EDITORS,
  'GET /api/v1/editions/:date/pages': ALL,
  'GET /api/v1/editions/:date/pages/:label': ALL,
  'PUT /api/v1/editions/:date/pages/:label': EDITORS,
  'DELETE /api/v1/editions/:date/pages/:label': EDITORS,
  'GET /api/v1/editions/:date/plan': ALL,
  'POST /api/v1/editions/:date/release': EDITORS,
  // Reporters import pages as their drafts; placing them on a page is the editors' (below).
  'POST /api/v1/imports/page': ALL,
  'POST /api/v1/imports/page/preview': ALL,

  'GET /print/editions/:date.pdf': EDITORS,
  'GET /print/editions/:date/pages/:label.pdf': EDITORS,
  'GET /print/editions/:date/pages/:label/fit': EDITORS,
  // A reporter proofs their own articles (the ownership tests); editors any.
  'GET /print/articles/:id.pdf': ALL,
  // A reporter measures their own drafts, editors any (the print tests).
  'POST /print/articles/:id/fit': ALL,

  // A photo is public only while published content shows it.
  'GET /media/photos/:id/:variant/:file': 'published',

  'GET /content/v1/sections': 'published',
  'GET /content/v1/articles': 'published',
  'GET /content/v1/articles/:id': 'published',
  'GET /content/v1/notices': 'published',
  'GET /content/v1/notices/:id': 'published',
  'GET /content/v1/notices/:id/rows': 'published',
  'GET /content/v1/editions': 'published',
  'GET /content/v1/editions/:date': 'published',
  'GET /content/v1/search': 'published',

  'GET /': 'published',
  'GET /editions': 'published',
  'GET /editions/:date': 'published',
  'GET /editions/:date/:label': 'published',
  'GET /editions/:date/:label.pdf': 'published',
  'GET /articles/:id': 'published',
  'GET /notices/:id': 'published',
  'GET /search': 'published',
  'GET /sections/:slug': 'published',
  'GET /feed.xml': 'published',
  'GET /sitemap.xml': 'published',
  'GET /news-sitemap.xml': 'published',
};

/** A route's key in RULES: the stylesheet's path carries a hash of its content. */
function keyOf(route: RegisteredRoute): string {
  return `${route.method} ${route.url.replace(/^\/assets\/site-[0-9a-f]+\.css$/, '/assets/site-{hash}.css')}`;
}

function ruleOf(route: RegisteredRoute): Rule | undefined {
  return RULES[keyOf(route.method === 'HEAD' ? { ...route, method: 'GET' } : route)];
}

// ---------------------------------------------------------------------------------------------
// Who calls

const CREDENTIALS = ['none', 'malformed', 'unknown', 'revoked', 'expired', 'inactive', 'reporter', 'editor', 'admin'] as const;
type Credential = (typeof CREDENTIALS)[number];
const REFUSED: readonly Credential[] = ['none', 'malformed', 'unknown', 'revoked', 'expired', 'inactive'];

/** Long enough for the test to see the token work first, short enough not to slow the file. */
const EXPIRES_IN_MS = 2_500;

const marker = (what: string) => `Zq${what}${randomBytes(4).toString('hex')}`;

let t: TestApp;
let routes: RegisteredRoute[];
const tokenOf = {} as Record<Exclude<Credential, 'none' | 'malformed'>, string>;
let expiresAt = 0;
let dueAt = 0;

function as(credential: Credential, options: InjectOptions): Promise<LightMyRequestResponse> {
  if (credential === 'none') return t.request(null, options);
  if (credential === 'malformed') return t.request(null, { ...options, headers: { ...options.headers, authorization: 'Basic bmV3czpyb29t' } });
  return t.request(tokenOf[credential], options);
}

const signsIn = async (token: string) => (await t.request(token, { url: '/api/v1/me' })).statusCode === 200;

async function issueToken(userId: number, body: Record<string, unknown> = {}): Promise<{ id: number; token: string }> {
  const res = await t.request('admin', { method: 'POST', url: `/api/v1/users/${userId}/tokens`, payload: body });
  expect(res.statusCode, res.body).toBe(201);
  return res.json<{ id: number; token: string }>();
}

/** Reporter A, whose token is the matrix's reporter, and reporter B, whose drafts A must leave alone. */
let reporterA: { id: number; token: string };
let reporterB: { id: number; token: string };

async function makeCredentials(): Promise<void> {
  reporterA = await t.user('reporter');
  reporterB = await t.user('reporter');
  tokenOf.reporter = reporterA.token;
  tokenOf.editor = t.tokens.editor;
  tokenOf.admin = t.tokens.admin;
  tokenOf.unknown = `nr_${randomBytes(32).toString('base64url')}`;

  const revoked = await issueToken(reporterB.id, { label: 'to revoke' });
  expect(await signsIn(revoked.token)).toBe(true);
  expect((await t.request('admin', { method: 'DELETE', url: `/api/v1/tokens/${revoked.id}` })).statusCode).toBe(204);
  tokenOf.revoked = revoked.token;

  expiresAt = Date.now() + EXPIRES_IN_MS;
  const expiring = await issueToken(reporterB.id, { label: 'to expire', expiresAt: new Date(expiresAt).toISOString() });
  expect(await signsIn(expiring.token)).toBe(true);
  tokenOf.expired = expiring.token;

  // Deactivating a user signs them out for good: their token stays refused.
  const created = await t.request('admin', { method: 'POST', url: '/api/v1/users', payload: { login: 'leaver', name: '离职 编辑', role: 'editor' } });
  expect(created.statusCode, created.body).toBe(201);
  const leaver = created.json<{ id: number; version: number }>();
  const inactive = await issueToken(leaver.id);
  expect(await signsIn(inactive.token)).toBe(true);
  const deactivated = await t.request('admin', { method: 'PATCH', url: `/api/v1/users/${leaver.id}`, headers: ifMatch(leaver.version), payload: { active: false } });
  expect(deactivated.statusCode, deactivated.body).toBe(200);
  tokenOf.inactive = inactive.token;
}

// ---------------------------------------------------------------------------------------------
// What is there: items in every state, unpublished ones marked so a leak can be seen anywhere

const HIDDEN_STATES = ['draft', 'submitted', 'edited', 'scheduled', 'withdrawn'] as const;

/** Editions: U being planned, F released for an hour from now, P released and public. */
const U = '2030-05-01';
const F = '2030-06-01';
const P = '2025-03-03';

const HIDDEN_SLUG = 'unpublished-only';

interface Marked {
  id: number;
  marker: string;
  label: string;
}

interface Seed {
  /** A section holding unpublished articles only, and the one holding the published article. */
  hiddenSlug: string;
  shownSlug: string;
  shownSectionMarker: string;
  hiddenArticles: Marked[];
  hiddenNotices: Marked[];
  published: { article: Marked; notice: Marked; photo: Marked };
  /** The lead photos of the unpublished articles, each marked in its caption. */
  hiddenPhotos: Marked[];
  /** Drafts of reporter A's that the matrix's writes name; they send no If-Match, so change nothing. */
  draftArticle: number;
  draftNotice: number;
  /** A published article the matrix appends corrections to. */
  correctable: number;
  sectionId: number;
  personId: number;
  spareUser: number;
  /** A token of reporter A's, not the one the matrix signs in with, for the matrix to revoke. */
  spareToken: number;
  /** A photo file the matrix uploads as each role (the same bytes: 201 once, then 200). */
  probePhoto: Buffer;
}

let seed: Seed;

async function makeSeed(): Promise<Seed> {
  const api = editionsClient(t);
  const noticeApi = noticesClient(t);

  async function section(name: string, slug: string): Promise<number> {
    const res = await t.request('editor', { method: 'POST', url: '/api/v1/sections', payload: { name, slug } });
    expect(res.statusCode, res.body).toBe(201);
    return res.json<{ id: number }>().id;
  }
  const hiddenSection = await section('未刊栏目', HIDDEN_SLUG);
  const shownSectionMarker = marker('section');
  const shownSection = await section(`栏目${shownSectionMarker}`, 'published-here');

  const photos = new Map<number, Marked>();
  /** A lead photo for an article, its caption marked like the article, described so that it may be published. */
  async function photo(m: string, label: string): Promise<Marked> {
    const uploaded = await t.request('editor', { method: 'POST', url: '/api/v1/photos', headers: { 'content-type': 'image/jpeg' }, payload: await plainJpeg(64 + photos.size, 48) });
    expect(uploaded.statusCode, uploaded.body).toBe(201);
    const { id, version } = uploaded.json<{ id: number; version: number }>();
    const described = await t.request('editor', { method: 'PATCH', url: `/api/v1/photos/${id}`, headers: { 'if-match': `"${version}"` }, payload: { caption: `图说${m}`, alt: `图片${m}` } });
    expect(described.statusCode, described.body).toBe(200);
    return { id, marker: `图说${m}`, label: `photo of ${label}` };
  }

  async function article(state: Status, label: string, sectionId: number, publishAt?: string): Promise<Marked> {
    const m = marker(label);
    const lead = await photo(m, label);
    const fields = { kicker: `引题${m}`, headline: `稿件${m}`, summary: `摘要${m}`, body: `正文${m}。`, sectionId, credits: [{ role: 'reporter', name: `作者${m}` }], leadPhoto: { photoId: lead.id } };
    let made: ArticleRef;
    if (publishAt) {
      made = await api.moveArticle(await api.articleIn('edited', fields), 'scheduled', publishAt);
    } else {
      made = await api.articleIn(state, fields);
    }
    expect(made.status).toBe(state);
    photos.set(made.id, lead);
    return { id: made.id, marker: m, label };
  }

  async function notice(state: Status, label: string, publishAt?: string): Promise<Marked> {
    const m = marker(label);
    let made = await noticeApi.create({
      kind: 'payout_claim',
      title: `公示${m}`,
      preamble: `前言${m}`,
      issuer: `发布单位${m}`,
      issuedOn: '2024-04-10',
      columns: [{ key: 'name', label: '姓名', type: 'text' }],
      rows: [[`行${m}`]],
    });
    if (publishAt) {
      made = await noticeApi.moveOk(await noticeApi.bringTo(made, 'edited'), 'scheduled', publishAt);
    } else {
      made = await noticeApi.bringTo(made, state);
    }
    expect(made.status).toBe(state);
    return { id: made.id, marker: m, label };
  }

  const hiddenArticles: Marked[] = [];
  const hiddenNotices: Marked[] = [];
  for (const state of HIDDEN_STATES) {
    hiddenArticles.push(await article(state, `article${state}`, hiddenSection));
    hiddenNotices.push(await notice(state, `notice${state}`));
  }
  const publishedArticle = await article('published', 'articlepublished', shownSection);
  const published = { article: publishedArticle, notice: await notice('published', 'noticepublished'), photo: photos.get(publishedArticle.id)! };

  const pageOf = (articles: Marked[], notices: Marked[]) => ({
    name: '要闻',
    grid: 'broadsheet-8',
    items: [...articles.map(({ id }) => ({ kind: 'article', id })), ...notices.map(({ id }) => ({ kind: 'notice', id }))],
  });

  // U: being planned, holding every unpublished item.
  await api.createEdition(U, 7001);
  await api.putPageOk(U, 'A01', pageOf(hiddenArticles, hiddenNotices));

  // P: released and public; its page also holds the items a forced release skipped.
  const skippable = (items: Marked[]) => items.filter((item) => /draft|submitted|withdrawn/.test(item.label));
  await api.createEdition(P, 7002);
  await api.putPageOk(P, 'A01', pageOf([published.article, ...skippable(hiddenArticles)], [published.notice, ...skippable(hiddenNotices)]));
  const releasedP = await api.release(P, { force: true });
  expect(releasedP.statusCode, releasedP.body).toBe(200);
  expect(releasedP.json<ReleaseJson>().skipped).toHaveLength(6);
  // The publisher makes the edition public; nothing else is due.
  expect(await api.publishDue()).toBe(1);

  // F: released for an hour from now, which schedules what it holds for then.
  const forF = [await article('edited', 'articlefuture', hiddenSection)];
  const forFNotices = [await notice('edited', 'noticefuture')];
  await api.createEdition(F, 7003);
  await api.putPageOk(F, 'A01', pageOf(forF, forFNotices));
  const releasedF = await api.release(F, { at: new Date(Date.now() + 3_600_000).toISOString() });
  expect(releasedF.statusCode, releasedF.body).toBe(200);
  expect(releasedF.json<ReleaseJson>().scheduled).toHaveLength(2);
  expect(releasedF.json<ReleaseJson>().edition.public).toBe(false);
  hiddenArticles.push(...forF);
  hiddenNotices.push(...forFNotices);

  // Due by the time they are requested, but no publisher runs after this: the embargo still holds.
  dueAt = Date.now() + 1_500;
  hiddenArticles.push(await article('scheduled', 'articledue', hiddenSection, new Date(dueAt).toISOString()));
  hiddenNotices.push(await notice('scheduled', 'noticedue', new Date(dueAt).toISOString()));

  const draftArticle = (await api.fileArticle({ headline: '矩阵的稿件' }, reporterA.token)).id;
  const draftNotice = (await noticeApi.create({ kind: 'payout_claim', title: '矩阵的公示', issuer: '矩阵单位', issuedOn: '2024-04-10' }, reporterA.token)).id;
  const correctable = (await api.articleIn('published', { headline: '待更正的稿件' })).id;
  const person = await t.request('editor', { method: 'POST', url: '/api/v1/people', payload: { name: '矩阵 人物' } });
  expect(person.statusCode, person.body).toBe(201);
  const spareUser = await t.user('reporter');
  const spareToken = await issueToken(reporterA.id, { label: 'spare' });

  return {
    hiddenSlug: HIDDEN_SLUG,
    shownSlug: 'published-here',
    shownSectionMarker,
    hiddenArticles,
    hiddenNotices,
    hiddenPhotos: hiddenArticles.map((a) => photos.get(a.id)!),
    published,
    draftArticle,
    draftNotice,
    correctable,
    sectionId: hiddenSection,
    personId: person.json<{ id: number }>().id,
    spareUser: spareUser.id,
    spareToken: spareToken.id,
    probePhoto: await plainJpeg(40, 30, '#5a7d9a'),
  };
}

beforeAll(async () => {
  // The matrix presents hundreds of refused tokens from one client.
  const recording = recordRoutes();
  t = await createTestApp({ authFailureLimit: 1_000_000 });
  // The desk (/desk) signs in with a session cookie, not a bearer token: test/desk/access.test.ts
  // holds every desk route to its rule.
  routes = recording.routes(t.app).filter((route) => route.url !== '/desk' && !route.url.startsWith('/desk/'));
  await makeCredentials();
  seed = await makeSeed();
  const wait = Math.max(expiresAt, dueAt) + 250 - Date.now();
  if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
  expect(await signsIn(tokenOf.expired)).toBe(false);
});

afterAll(async () => {
  await t?.close();
});

// ---------------------------------------------------------------------------------------------

describe('the route table', () => {
  test('every registered route has a rule, and every rule names a registered route', () => {
    const keys = new Set(routes.map(keyOf));
    expect(routes.length).toBeGreaterThan(100);
    expect.soft(routes.filter((r) => ruleOf(r) === undefined).map(keyOf), 'routes without a rule: add each to RULES').toEqual([]);
    expect.soft(Object.keys(RULES).filter((key) => !keys.has(key)), 'rules for routes that do not exist').toEqual([]);
    expect.soft(routes.filter((r) => r.method === 'HEAD' && !keys.has(keyOf({ ...r, method: 'GET' }))).map(keyOf), 'HEAD routes without a GET').toEqual([]);
  });
});

// ---------------------------------------------------------------------------------------------
// The matrix: every route, as every kind of caller

/**
 * One request per signed-in route that the handler can act on, on the seeded items. Writes
 * that take `If-Match` are sent without it, so they get as far as the version check (428)
 * and change nothing. The rest change what no other test here reads: creations create, a
 * spare token is revoked, a correction is appended to an article kept for it.
 */
function newsroomProbe(key: string, s: Seed): InjectOptions | undefined {
  const json = (url: string, payload: unknown): InjectOptions => ({ url, payload: payload as InjectOptions['payload'] });
  const probes: Record<string, InjectOptions> = {
    'POST /api/v1/users': json('/api/v1/users', { login: 'matrix', name: '矩阵 用户', role: 'reporter' }),
    'GET /api/v1/users/:id': { url: `/api/v1/users/${s.spareUser}` },
    'PATCH /api/v1/users/:id': json(`/api/v1/users/${s.spareUser}`, { name: '改名' }),
    'POST /api/v1/users/:id/tokens': json(`/api/v1/users/${s.spareUser}/tokens`, { label: 'matrix' }),
    'GET /api/v1/users/:id/tokens': { url: `/api/v1/users/${s.spareUser}/tokens` },
    'DELETE /api/v1/tokens/:id': { url: `/api/v1/tokens/${s.spareToken}` },
    'POST /api/v1/sections': json('/api/v1/sections', { name: '矩阵栏目', slug: 'matrix' }),
    'GET /api/v1/sections/:id': { url: `/api/v1/sections/${s.sectionId}` },
    'PATCH /api/v1/sections/:id': json(`/api/v1/sections/${s.sectionId}`, { name: '改名' }),
    'DELETE /api/v1/sections/:id': { url: `/api/v1/sections/${s.sectionId}` },
    'POST /api/v1/people': json('/api/v1/people', { name: '矩阵 新人' }),
    'GET /api/v1/people/:id': { url: `/api/v1/people/${s.personId}` },
    'PATCH /api/v1/people/:id': json(`/api/v1/people/${s.personId}`, { name: '改名' }),
    'DELETE /api/v1/people/:id': { url: `/api/v1/people/${s.personId}` },
    'POST /api/v1/articles': json('/api/v1/articles', { headline: '矩阵新稿' }),
    'GET /api/v1/articles/:id': { url: `/api/v1/articles/${s.draftArticle}` },
    'PATCH /api/v1/articles/:id': json(`/api/v1/articles/${s.draftArticle}`, { headline: '改' }),
    'POST /api/v1/articles/:id/status': json(`/api/v1/articles/${s.draftArticle}/status`, { status: 'submitted' }),
    'GET /api/v1/articles/:id/revisions': { url: `/api/v1/articles/${s.draftArticle}/revisions` },
    'GET /api/v1/articles/:id/revisions/:version': { url: `/api/v1/articles/${s.draftArticle}/revisions/1` },
    'GET /api/v1/articles/:id/corrections': { url: `/api/v1/articles/${s.correctable}/corrections` },
    'POST /api/v1/articles/:id/corrections': json(`/api/v1/articles/${s.correctable}/corrections`, { text: '本文第二段的日期应为4月10日。' }),
    'POST /api/v1/photos': { url: '/api/v1/photos', payload: s.probePhoto, headers: { 'content-type': 'image/jpeg' } },
    'GET /api/v1/photos/:id': { url: `/api/v1/photos/${s.published.photo.id}` },
    'PATCH /api/v1/photos/:id': json(`/api/v1/photos/${s.published.photo.id}`, { caption: '改' }),
    'GET /api/v1/photos/:id/revisions': { url: `/api/v1/photos/${s.published.photo.id}/revisions` },
    'GET /api/v1/photos/:id/original': { url: `/api/v1/photos/${s.hiddenPhotos[0]!.id}/original` },
    'GET /api/v1/photos/:id/renditions/:variant/:file': { url: `/api/v1/photos/${s.hiddenPhotos[0]!.id}/renditions/full/320.webp` },
    'POST /api/v1/notices': json('/api/v1/notices', { kind: 'payout_claim', title: '矩阵新公示', issuer: '矩阵单位', issuedOn: '2024-04-10' }),
    'GET /api/v1/notices/:id': { url: `/api/v1/notices/${s.draftNotice}` },
    'PATCH /api/v1/notices/:id': json(`/api/v1/notices/${s.draftNotice}`, { title: '改' }),
    'PUT /api/v1/notices/:id/table': { url: `/api/v1/notices/${s.draftNotice}/table`, payload: FIXTURE_TSV, headers: { 'content-type': MEDIA.tsv } },
    'GET /api/v1/notices/:id/rows': { url: `/api/v1/notices/${s.published.notice.id}/rows` },
    'POST /api/v1/notices/:id/status': json(`/api/v1/notices/${s.draftNotice}/status`, { status: 'submitted' }),
    'GET /api/v1/notices/:id/revisions': { url: `/api/v1/notices/${s.draftNotice}/revisions` },
    'GET /api/v1/notices/:id/revisions/:version': { url: `/api/v1/notices/${s.draftNotice}/revisions/1` },
    'POST /api/v1/notice-kinds': json('/api/v1/notice-kinds', { key: 'matrix_kind', name: '矩阵公示' }),
    'GET /api/v1/notice-kinds/:key': { url: '/api/v1/notice-kinds/payout_claim' },
    'PATCH /api/v1/notice-kinds/:key': json('/api/v1/notice-kinds/payout_claim', { name: '改名' }),
    'POST /api/v1/editions': json('/api/v1/editions', { date: '2031-01-01', issueNumber: 8001 }),
    'GET /api/v1/editions/:date': { url: `/api/v1/editions/${U}` },
    'PATCH /api/v1/editions/:date': json(`/api/v1/editions/${U}`, { issueNumber: 8002 }),
    'DELETE /api/v1/editions/:date': { url: `/api/v1/editions/${U}` },
    'GET /api/v1/editions/:date/pages': { url: `/api/v1/editions/${U}/pages` },
    'GET /api/v1/editions/:date/pages/:label': { url: `/api/v1/editions/${U}/pages/A01` },
    'PUT /api/v1/editions/:date/pages/:label': json(`/api/v1/editions/${U}/pages/A01`, { name: '要闻', grid: 'broadsheet-8', items: [] }),
    'DELETE /api/v1/editions/:date/pages/:label': { url: `/api/v1/editions/${U}/pages/A01` },
    'GET /api/v1/editions/:date/plan': { url: `/api/v1/editions/${U}/plan` },
    'POST /api/v1/editions/:date/release': json(`/api/v1/editions/${U}/release`, {}),
    'POST /api/v1/imports/page': { url: '/api/v1/imports/page', payload: '# 矩阵导入的标题\n\n导入的正文。\n', headers: { 'content-type': 'text/plain; charset=utf-8' } },
    'POST /api/v1/imports/page/preview': { url: '/api/v1/imports/page/preview', payload: '# 矩阵预览的标题\n\n预览的正文。\n', headers: { 'content-type': 'text/plain; charset=utf-8' } },
    'GET /print/editions/:date.pdf': { url: `/print/editions/${U}.pdf` },
    'GET /print/editions/:date/pages/:label.pdf': { url: `/print/editions/${U}/pages/A01.pdf` },
    'GET /print/editions/:date/pages/:label/fit': { url: `/print/editions/${U}/pages/A01/fit` },
    'GET /print/articles/:id.pdf': { url: `/print/articles/${s.draftArticle}.pdf` },
    'POST /print/articles/:id/fit': json(`/print/articles/${s.draftArticle}/fit`, { headline: '矩阵的稿件', body: '正文。' }),
    'GET /api/v1/search': { url: '/api/v1/search?q=Zq' },
  };
  const probe = probes[key];
  if (probe) return probe;
  const path = key.slice(key.indexOf(' ') + 1);
  return /[:*]/.test(path) ? undefined : { url: path };
}

/** A public route's request: path parameters filled with published items. */
function publicProbe(route: RegisteredRoute, s: Seed): InjectOptions {
  if (route.method === 'OPTIONS') {
    return { url: route.url.replace('*', '/articles'), headers: { origin: 'https://reader.example', 'access-control-request-method': 'GET' } };
  }
  const url = route.url
    .replace('/docs/static/*', '/docs/static/swagger-ui.css')
    .replace('/media/photos/:id/:variant/:file', `/media/photos/${s.published.photo.id}/full/320.webp`)
    .replace(/\/articles\/:id/, `/articles/${s.published.article.id}`)
    .replace(/\/notices\/:id/, `/notices/${s.published.notice.id}`)
    .replace(':date', P)
    .replace(':label', 'A01')
    .replace(':slug', s.shownSlug);
  if (/[:*]/.test(url)) throw new Error(`No published item to fill ${route.url} with: add its parameters to publicProbe`);
  return { url: url + (BASE_QUERIES[keyOf(route.method === 'HEAD' ? { ...route, method: 'GET' } : route)] ?? '') };
}

/** Why a response does not fit the rule, or null when it does. */
function misfit(route: RegisteredRoute, rule: Rule, credential: Credential, res: LightMyRequestResponse): string | null {
  const head = route.method === 'HEAD';
  const problem = (status: number, slug: string): string | null => {
    if (res.statusCode !== status) return `${res.statusCode}, expected ${status}`;
    if (!/^application\/problem\+json/.test(String(res.headers['content-type']))) return `${status} as ${String(res.headers['content-type'])}, not problem+json`;
    if (!head && res.json<{ type: string }>().type !== `urn:newsroom:problem:${slug}`) return `${status} of type ${res.json<{ type: string }>().type}`;
    return null;
  };
  const answered = (): string | null => {
    if (res.statusCode === 401 || res.statusCode === 403 || res.statusCode >= 500) return `${res.statusCode}: ${res.body.slice(0, 200)}`;
    const isProblem = /^application\/problem\+json/.test(String(res.headers['content-type']));
    if (res.statusCode === 404 && !head && isProblem && /^No route /.test(res.json<{ detail?: string }>().detail ?? '')) return 'the probe missed the route';
    return null;
  };
  if (rule === 'anyone' || rule === 'published') {
    if (credential === 'none' && res.statusCode >= 400) return `${res.statusCode} without a token: ${res.body.slice(0, 200)}`;
    return answered();
  }
  if (REFUSED.includes(credential)) {
    const wrong = problem(401, 'unauthorized');
    if (wrong) return wrong;
    return /^Bearer\b/.test(String(res.headers['www-authenticate'])) ? null : `401 without WWW-Authenticate: Bearer (${String(res.headers['www-authenticate'])})`;
  }
  return rule.includes(credential as UserRole) ? answered() : problem(403, 'forbidden');
}

describe('the authorization matrix', () => {
  test('every route, as no one, as a bad token of each kind and as each role, answers as its rule says', async () => {
    const misfits: string[] = [];
    let requests = 0;
    for (const route of routes) {
      const rule = ruleOf(route);
      if (rule === undefined) continue;
      const key = keyOf(route.method === 'HEAD' ? { ...route, method: 'GET' } : route);
      const probe = rule === 'anyone' || rule === 'published' ? publicProbe(route, seed) : newsroomProbe(key, seed);
      if (!probe) {
        misfits.push(`${keyOf(route)}: no probe; add one to newsroomProbe`);
        continue;
      }
      for (const credential of CREDENTIALS) {
        const res = await as(credential, { ...probe, method: route.method });
        requests++;
        const wrong = misfit(route, rule, credential, res);
        if (wrong) misfits.push(`${route.method} ${String(probe.url)} as ${credential}: ${wrong}`);
      }
    }
    expect(misfits).toEqual([]);
    expect(requests).toBe(routes.length * CREDENTIALS.length);
  });
});

// ---------------------------------------------------------------------------------------------
// Unpublished is invisible: every public content route, with the ids of unpublished items

/** `hidden`: 404 (unpublished ids); `absent`: answers, showing nothing unpublished; `shown`: also shows published items. */
/** `picture`: a published photo's file, answered 200 as an image (no text to look into). */
type Expect = 'hidden' | 'absent' | 'shown' | 'picture';

interface Case {
  url: string;
  expect: Expect;
}

/**
 * Query strings each case of a route is also requested with, expecting what the case does;
 * filters narrowed to unpublished items (`absent`) show nothing, whatever a default window hides.
 */
const QUERIES: Record<string, { query: string; expect?: Expect }[]> = {
  'GET /content/v1/articles/:id': [{ query: '?format=ninjs' }, { query: '?lang=en' }],
  'GET /content/v1/articles': [{ query: '?lang=en' }, { query: `?section=${HIDDEN_SLUG}`, expect: 'absent' }],
  'GET /content/v1/notices': [{ query: '?kind=payout_claim' }],
  'GET /content/v1/editions': [{ query: '?from=2030-01-01&to=2030-12-31', expect: 'absent' }],
  'GET /content/v1/search': [{ query: '&kind=notice' }, { query: '&kind=article' }, { query: '&to=2000-01-01', expect: 'absent' }],
};

/** What a route without path parameters is always asked: a search, for the word every seeded item holds. */
const BASE_QUERIES: Record<string, string> = {
  'GET /content/v1/search': '?q=Zq&limit=50',
  'GET /search': '?q=Zq',
};

/** The cases of one public route, its path parameters filled with unpublished and published items. */
function casesOf(route: RegisteredRoute, s: Seed): Case[] {
  const url = route.url;
  const fill = (values: Record<string, string | number>) => url.replace(/:(\w+)/g, (_, name: string) => String(values[name]));
  const params = (url.match(/:\w+/g) ?? []).join(',');
  let cases: Case[];
  if (params === '') {
    cases = [{ url: url + (BASE_QUERIES[keyOf(route)] ?? ''), expect: 'shown' }];
  } else if (params === ':id' && url.includes('/articles/')) {
    cases = [...s.hiddenArticles.map((a) => ({ url: fill({ id: a.id }), expect: 'hidden' as const })), { url: fill({ id: s.published.article.id }), expect: 'shown' }];
  } else if (params === ':id' && url.includes('/notices/')) {
    cases = [...s.hiddenNotices.map((n) => ({ url: fill({ id: n.id }), expect: 'hidden' as const })), { url: fill({ id: s.published.notice.id }), expect: 'shown' }];
  } else if (params === ':date' || params === ':date,:label') {
    cases = [...[U, F].map((date) => ({ url: fill({ date, label: 'A01' }), expect: 'hidden' as const })), { url: fill({ date: P, label: 'A01' }), expect: 'shown' }];
  } else if (params === ':id,:variant,:file' && url.startsWith('/media/photos/')) {
    const files = [{ variant: 'full', file: '320.webp' }, { variant: '3x2', file: '640.jpg' }];
    cases = files.flatMap(({ variant, file }) => [
      ...s.hiddenPhotos.map((p) => ({ url: fill({ id: p.id, variant, file }), expect: 'hidden' as const })),
      { url: fill({ id: s.published.photo.id, variant, file }), expect: 'picture' as const },
    ]);
  } else if (params === ':slug') {
    cases = [
      { url: fill({ slug: s.hiddenSlug }), expect: 'absent' },
      { url: fill({ slug: s.shownSlug }), expect: 'shown' },
    ];
  } else {
    throw new Error(`No unpublished items to fill ${url} with: add its parameters to casesOf`);
  }
  const queries = [{ query: '' }, ...(QUERIES[keyOf(route)] ?? [])];
  return cases.flatMap((c) => queries.map((q) => ({ url: c.url + q.query, expect: q.expect ?? c.expect })));
}

/** A response as text: a PDF's text without spacing or line breaks, anything else as sent. */
async function textOf(res: LightMyRequestResponse): Promise<string> {
  if (!String(res.headers['content-type']).startsWith('application/pdf')) return res.body;
  const pages = await pdfLines(new Uint8Array(res.rawPayload));
  return pages.flatMap((page) => page.lines.map((line) => line.text)).join('').replace(/[\s\u00ad-]/g, '');
}

/** Unpublished items a text shows: by their markers, and (where `withLinks`) by links to them. */
function leaksIn(text: string, s: Seed, withLinks: boolean): string[] {
  const hidden = [...s.hiddenArticles, ...s.hiddenNotices, ...s.hiddenPhotos];
  const leaks = hidden.filter((item) => text.includes(item.marker)).map((item) => item.label);
  if (withLinks) {
    const links = [
      ...s.hiddenArticles.map((a) => ({ label: `link to ${a.label}`, pattern: new RegExp(`/articles/${a.id}(?!\\d)`) })),
      ...s.hiddenNotices.map((n) => ({ label: `link to ${n.label}`, pattern: new RegExp(`/notices/${n.id}(?!\\d)`) })),
      ...s.hiddenPhotos.map((p) => ({ label: `link to ${p.label}`, pattern: new RegExp(`/media/photos/${p.id}/`) })),
      ...[U, F].map((date) => ({ label: `link to edition ${date}`, pattern: new RegExp(`/editions/${date}`) })),
    ];
    leaks.push(...links.filter((link) => link.pattern.test(text)).map((link) => link.label));
  }
  return leaks;
}

/** Whether a text shows a published item, the public edition or the section holding them. */
function showsPublished(text: string, s: Seed): boolean {
  const signs = [
    s.published.article.marker,
    s.published.notice.marker,
    s.shownSectionMarker,
    `/articles/${s.published.article.id}"`,
    `/articles/${s.published.article.id}<`,
    `/notices/${s.published.notice.id}"`,
    `/editions/${P}`,
  ];
  return signs.some((sign) => text.includes(sign));
}

/** Every public content route, with every case: how each answer misfits what the seed says it should show. */
async function sweep(s: Seed): Promise<{ misfits: string[]; requests: number }> {
  const misfits: string[] = [];
  let requests = 0;
  for (const route of routes.filter((r) => r.method === 'GET' && ruleOf(r) === 'published')) {
    for (const { url, expect: expected } of casesOf(route, s)) {
      const res = await t.request(null, { url });
      requests++;
      // The content API and the media files answer problem+json; web pages, HTML.
      const api = url.startsWith('/content/') || url.startsWith('/media/');
      if (expected === 'hidden') {
        const type = String(res.headers['content-type']);
        if (res.statusCode !== 404) misfits.push(`${url}: ${res.statusCode}, expected 404`);
        else if (api && !/^application\/problem\+json/.test(type)) misfits.push(`${url}: 404 as ${type}`);
        else if (api && res.json<{ type: string }>().type !== 'urn:newsroom:problem:not-found') misfits.push(`${url}: 404 of type ${res.json<{ type: string }>().type}`);
        else if (!api && !/^text\/html/.test(type)) misfits.push(`${url}: 404 as ${type}`);
        const leaks = leaksIn(res.body, s, false);
        if (leaks.length) misfits.push(`${url}: the answer shows ${leaks.join(', ')}`);
        continue;
      }
      if (res.statusCode !== 200) {
        misfits.push(`${url}: ${res.statusCode}, expected 200`);
        continue;
      }
      if (expected === 'picture') {
        if (!/^image\//.test(String(res.headers['content-type']))) misfits.push(`${url}: 200 as ${String(res.headers['content-type'])}, not an image`);
        continue;
      }
      const text = await textOf(res);
      const leaks = leaksIn(text, s, true);
      if (leaks.length) misfits.push(`${url} shows ${leaks.join(', ')}`);
      if (expected === 'shown' && !showsPublished(text, s)) misfits.push(`${url} shows no published item`);
    }
  }
  return { misfits, requests };
}

describe('unpublished content', () => {
  test('is 404 on every public route, shows on no list, feed, sitemap or page, while published content does', async () => {
    expect(routes.filter((r) => r.method === 'GET' && ruleOf(r) === 'published').length).toBeGreaterThanOrEqual(19);
    const { misfits, requests } = await sweep(seed);
    expect(misfits).toEqual([]);
    expect(requests).toBeGreaterThanOrEqual(80);
  });

  test('leaves every public route once withdrawn, though it was shown and cached there', async () => {
    const api = editionsClient(t);
    const notices = noticesClient(t);
    const marks = { article: marker('withdrawnarticle'), notice: marker('withdrawnnotice') };
    const article = await api.articleIn('published', { headline: `稿件${marks.article}`, sectionId: seed.sectionId });
    const notice = await notices.bringTo(
      await notices.create({ kind: 'payout_claim', title: `公示${marks.notice}`, issuer: '发布单位', issuedOn: '2024-04-10', columns: [{ key: 'name', label: '姓名', type: 'text' }], rows: [['张三']] }),
      'published',
    );
    // Shown first, so that every cache holds it, and a reader holds its ETag.
    const etags = new Map<string, string>();
    for (const [url, mark] of [
      ['/', marks.article],
      ['/feed.xml', marks.article],
      ['/news-sitemap.xml', `/articles/${article.id}<`],
      ['/sitemap.xml', `/notices/${notice.id}<`],
      ['/content/v1/articles', marks.article],
      [`/content/v1/articles/${article.id}`, marks.article],
      [`/articles/${article.id}`, marks.article],
      [`/sections/${seed.hiddenSlug}`, marks.article],
      ['/content/v1/notices', marks.notice],
      [`/content/v1/notices/${notice.id}`, marks.notice],
      [`/content/v1/notices/${notice.id}/rows`, '张三'],
      [`/notices/${notice.id}`, marks.notice],
    ] as const) {
      const res = await t.request(null, { url });
      expect(res.statusCode, url).toBe(200);
      expect(res.body, url).toContain(mark);
      etags.set(url, String(res.headers.etag));
    }
    await api.moveArticle(article, 'withdrawn');
    await notices.moveOk(notice, 'withdrawn');
    const withdrawn: Seed = {
      ...seed,
      hiddenArticles: [{ id: article.id, marker: marks.article, label: 'withdrawn article' }],
      hiddenNotices: [{ id: notice.id, marker: marks.notice, label: 'withdrawn notice' }],
    };
    await vi.waitFor(async () => expect((await sweep(withdrawn)).misfits).toEqual([]), NOTIFIED);
    // Revalidating what was shown does not keep it shown: the item is gone, every list has changed.
    for (const [url, etag] of etags) {
      const res = await t.request(null, { url, headers: { 'if-none-match': etag } });
      expect(res.statusCode, url).toBe(/\/(articles|notices)\/\d+/.test(url) ? 404 : 200);
      expect(res.body, url).not.toContain(marks.article);
      expect(res.body, url).not.toContain(marks.notice);
    }
  });

  test('is 404 exactly as an item that does not exist is', async () => {
    const missing = 2_000_000_000;
    for (const [path, items] of [
      ['/content/v1/articles', seed.hiddenArticles],
      ['/content/v1/notices', seed.hiddenNotices],
    ] as const) {
      const absent = expectProblem(await t.request(null, { url: `${path}/${missing}` }), 404, 'not-found');
      for (const item of items) {
        const hidden = expectProblem(await t.request(null, { url: `${path}/${item.id}` }), 404, 'not-found');
        expect(hidden.detail.replace(String(item.id), '#'), item.label).toBe(absent.detail.replace(String(missing), '#'));
      }
    }
    const absentPage = await t.request(null, { url: `/articles/${missing}` });
    for (const item of seed.hiddenArticles) {
      const page = await t.request(null, { url: `/articles/${item.id}` });
      expect([page.statusCode, page.body], item.label).toEqual([404, absentPage.body]);
    }
  });
});

// ---------------------------------------------------------------------------------------------
// Whose work it is: the rules the service applies past the role table

type Kind = 'articles' | 'notices';

interface Versioned {
  id: number;
  version: number;
}

async function fileAs(kind: Kind, token: string, title: string): Promise<Versioned> {
  const payload =
    kind === 'articles'
      ? { headline: title, body: '正文。' }
      : { kind: 'payout_claim', title, issuer: '发布单位', issuedOn: '2024-04-10', columns: [{ key: 'name', label: '姓名', type: 'text' }], rows: [['张三']] };
  const res = await t.request(token, { method: 'POST', url: `/api/v1/${kind}`, payload });
  expect(res.statusCode, res.body).toBe(201);
  return res.json<Versioned>();
}

const edit = (kind: Kind, item: Versioned, token: string) =>
  t.request(token, { method: 'PATCH', url: `/api/v1/${kind}/${item.id}`, headers: ifMatch(item.version), payload: kind === 'articles' ? { headline: '改过的标题' } : { title: '改过的标题' } });

const replaceTable = (item: Versioned, token: string) =>
  t.request(token, { method: 'PUT', url: `/api/v1/notices/${item.id}/table`, headers: { ...ifMatch(item.version), 'content-type': 'application/json' }, payload: { rows: [['李四']] } });

const move = (kind: Kind, item: Versioned, status: Status, token: string) =>
  t.request(token, {
    method: 'POST',
    url: `/api/v1/${kind}/${item.id}/status`,
    headers: ifMatch(item.version),
    payload: { status, ...(status === 'scheduled' && { publishAt: new Date(Date.now() + 3_600_000).toISOString() }) },
  });

function ok(res: LightMyRequestResponse): Versioned {
  expect(res.statusCode, res.body).toBe(200);
  return res.json<Versioned>();
}

async function current(kind: Kind, item: Versioned): Promise<Versioned & { status: Status }> {
  const res = await t.request('editor', { url: `/api/v1/${kind}/${item.id}` });
  expect(res.statusCode, res.body).toBe(200);
  return res.json<Versioned & { status: Status }>();
}

describe('whose work it is', () => {
  test.for(['articles', 'notices'] as const)("a reporter reads another reporter's draft of %s but cannot edit, retable or submit it", async (kind) => {
    const theirs = await fileAs(kind, reporterB.token, '别人的草稿');
    // Reading is open to every signed-in user: reporters read, as the README has it.
    expect((await t.request(reporterA.token, { url: `/api/v1/${kind}/${theirs.id}` })).statusCode).toBe(200);
    expectProblem(await edit(kind, theirs, reporterA.token), 403, 'forbidden');
    if (kind === 'notices') expectProblem(await replaceTable(theirs, reporterA.token), 403, 'forbidden');
    expectProblem(await move(kind, theirs, 'submitted', reporterA.token), 403, 'forbidden');
    expect(await current(kind, theirs)).toMatchObject({ version: theirs.version, status: 'draft' });

    // Their owner may do each of those.
    let mine = ok(await edit(kind, theirs, reporterB.token));
    if (kind === 'notices') mine = ok(await replaceTable(mine, reporterB.token));
    mine = ok(await move(kind, mine, 'submitted', reporterB.token));
    expect(await current(kind, mine)).toMatchObject({ status: 'submitted' });
  });

  test.for(['articles', 'notices'] as const)('a reporter edits their own %s only as drafts, and makes no move but submitting and pulling back', async (kind) => {
    const A = reporterA.token;
    let item = await fileAs(kind, A, '自己的稿件');
    item = ok(await edit(kind, item, A));
    if (kind === 'notices') item = ok(await replaceTable(item, A));
    item = ok(await move(kind, item, 'submitted', A));
    expectProblem(await edit(kind, item, A), 403, 'forbidden');
    if (kind === 'notices') expectProblem(await replaceTable(item, A), 403, 'forbidden');
    item = ok(await move(kind, item, 'draft', A));
    item = ok(await move(kind, item, 'submitted', A));
    expectProblem(await move(kind, item, 'edited', A), 403, 'forbidden');

    item = ok(await move(kind, item, 'edited', 'editor'));
    for (const to of ['submitted', 'scheduled', 'published'] as const) expectProblem(await move(kind, item, to, A), 403, 'forbidden');
    expectProblem(await edit(kind, item, A), 403, 'forbidden');
    item = ok(await move(kind, item, 'scheduled', 'editor'));
    for (const to of ['edited', 'published'] as const) expectProblem(await move(kind, item, to, A), 403, 'forbidden');
    item = ok(await move(kind, item, 'published', 'editor'));
    expectProblem(await move(kind, item, 'withdrawn', A), 403, 'forbidden');
    expectProblem(await edit(kind, item, A), 403, 'forbidden');
    item = ok(await move(kind, item, 'withdrawn', 'editor'));
    expectProblem(await move(kind, item, 'edited', A), 403, 'forbidden');
    expect(await current(kind, item)).toMatchObject({ version: item.version, status: 'withdrawn' });

    // Editors edit anything, in any state.
    ok(await edit(kind, item, 'editor'));
  });

  test.for(['articles', 'notices'] as const)('a reporter cannot file or edit %s past the workflow with extra fields', async (kind) => {
    const fields = kind === 'articles' ? { headline: '想直接见报的稿件' } : { kind: 'payout_claim', title: '想直接见报的公示', issuer: '发布单位', issuedOn: '2024-04-10' };
    const past = [{ status: 'published' }, { publishAt: new Date().toISOString() }, { publishedAt: new Date().toISOString() }, { createdBy: reporterB.id }];
    for (const extra of past) {
      expectProblem(await t.request(reporterA.token, { method: 'POST', url: `/api/v1/${kind}`, payload: { ...fields, ...extra } }), 400, 'validation-failed');
    }
    const draft = await fileAs(kind, reporterA.token, '自己的草稿');
    for (const extra of past) {
      const res = await t.request(reporterA.token, { method: 'PATCH', url: `/api/v1/${kind}/${draft.id}`, headers: ifMatch(draft.version), payload: extra });
      expectProblem(res, 400, 'validation-failed');
    }
    expect(await current(kind, draft)).toMatchObject({ version: draft.version, status: 'draft' });
  });

  test("a reporter proofs their own article's galley in any state, never another's", async () => {
    const mine = await fileAs('articles', reporterA.token, '自己的稿件');
    const theirs = await fileAs('articles', reporterB.token, '别人的稿件');
    const galley = (item: Versioned, token: string) => t.request(token, { url: `/print/articles/${item.id}.pdf` });
    const proof = await galley(mine, reporterA.token);
    expect(proof.statusCode, proof.body).toBe(200);
    expect(proof.headers['content-type']).toBe('application/pdf');
    expect(Number(proof.headers['x-galley-lines'])).toBeGreaterThan(0);
    expectProblem(await galley(theirs, reporterA.token), 403, 'forbidden');
    // Still theirs once submitted; editors proof anyone's.
    const submitted = ok(await move('articles', mine, 'submitted', reporterA.token));
    expect((await galley(submitted, reporterA.token)).statusCode).toBe(200);
    expect((await galley(theirs, 'editor')).statusCode).toBe(200);
  });

  test('only editors place imported drafts on a page', async () => {
    const api = editionsClient(t);
    await api.createEdition('2030-07-01', 7004);
    await api.putPageOk('2030-07-01', 'A01', { name: '要闻', grid: 'broadsheet-8', items: [] });
    const page = (text: string, query = '') => ({
      method: 'POST' as const,
      url: `/api/v1/imports/page${query}`,
      headers: { 'content-type': 'text/plain; charset=utf-8' },
      payload: text,
    });
    const placed = '?edition=2030-07-01&page=A01';
    expectProblem(await t.request(reporterA.token, page('# 记者想上版的稿件\n\n正文。\n', placed)), 403, 'forbidden');
    // The refused import stored nothing: the same page is new when imported without a place.
    expect((await t.request(reporterA.token, page('# 记者想上版的稿件\n\n正文。\n'))).statusCode).toBe(201);
    expect((await t.request('editor', page('# 编辑上版的稿件\n\n正文。\n', placed))).statusCode).toBe(201);
    const onPage = await t.request('editor', { url: '/api/v1/editions/2030-07-01/pages/A01' });
    expect(onPage.json<{ items: unknown[] }>().items).toHaveLength(1);
  });

  test('reporters and editors cannot see the audit trail, manage users or issue tokens, not even their own', async () => {
    for (const token of [reporterA.token, t.tokens.editor]) {
      const me = (await t.request(token, { url: '/api/v1/me' })).json<{ user: { id: number; role: UserRole; version: number } }>().user;
      expectProblem(await t.request(token, { url: '/api/v1/audit' }), 403, 'forbidden');
      expectProblem(await t.request(token, { method: 'POST', url: '/api/v1/users', payload: { login: `by${me.id}`, name: '新人', role: 'admin' } }), 403, 'forbidden');
      expectProblem(await t.request(token, { method: 'PATCH', url: `/api/v1/users/${me.id}`, headers: ifMatch(me.version), payload: { role: 'admin' } }), 403, 'forbidden');
      for (const userId of [me.id, reporterB.id]) {
        expectProblem(await t.request(token, { method: 'POST', url: `/api/v1/users/${userId}/tokens`, payload: {} }), 403, 'forbidden');
        expectProblem(await t.request(token, { url: `/api/v1/users/${userId}/tokens` }), 403, 'forbidden');
      }
      const after = (await t.request(token, { url: '/api/v1/me' })).json<{ user: { role: UserRole; version: number } }>().user;
      expect(after).toMatchObject({ role: me.role, version: me.version });
    }
    expectProblem(await t.request(reporterA.token, { url: '/api/v1/users' }), 403, 'forbidden');
  });

  test("a user revokes their own tokens, not another's; an admin revokes anyone's", async () => {
    const theirs = await issueToken(reporterB.id, { label: 'B 的备用' });
    const mine = await issueToken(reporterA.id, { label: 'A 的备用' });
    // Someone else's token is not found, as if it did not exist.
    expectProblem(await t.request(reporterA.token, { method: 'DELETE', url: `/api/v1/tokens/${theirs.id}` }), 404, 'not-found');
    expectProblem(await t.request('editor', { method: 'DELETE', url: `/api/v1/tokens/${theirs.id}` }), 404, 'not-found');
    expect(await signsIn(theirs.token)).toBe(true);
    expect((await t.request(reporterA.token, { method: 'DELETE', url: `/api/v1/tokens/${mine.id}` })).statusCode).toBe(204);
    expect(await signsIn(mine.token)).toBe(false);
    expect((await t.request('admin', { method: 'DELETE', url: `/api/v1/tokens/${theirs.id}` })).statusCode).toBe(204);
    expect(await signsIn(theirs.token)).toBe(false);
  });
});
