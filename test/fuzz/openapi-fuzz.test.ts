import { sql } from 'drizzle-orm';
import fc from 'fast-check';
import type { InjectOptions, LightMyRequestResponse } from 'fastify';
import writeExcelFile from 'write-excel-file/node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rowsOf } from '../../src/db/client.js';
import { createTestApp, type TestApp } from '../helpers/app.js';
import { editionsClient, publishSeedPaper, SEED_LONG_BODY } from '../helpers/editions.js';
import { databaseFingerprint, fingerprintDiff, type Fingerprint } from '../helpers/fingerprint.js';
import { cellFor, csvLine, CurrentVersion, operationsOf, pick, readSpec, Ref, resolveDeep, TableRows, type Operation, type PoolName, type Pools } from '../helpers/fuzz.js';
import { mutatedArb, strangerArb, validArb, type Family, type Template } from '../helpers/fuzz-requests.js';

// Every operation of openapi/openapi.json, fuzzed: requests valid by its schemas and requests
// made wrong, sent as the roles. Whatever comes in, the service answers below 500; a refusal
// is a problem+json naming its status and request id, and leaves the database exactly as it
// was. FUZZ_RUNS sets the requests per family and operation; FUZZ_SEED (printed at the end)
// replays a run.

const RUNS = Number(process.env.FUZZ_RUNS ?? 16);
/** One seed for the whole file, each property's derived from it: the database one operation meets depends on those before it. */
const SEED = process.env.FUZZ_SEED === undefined ? Math.floor(Math.random() * 2 ** 31) : Number(process.env.FUZZ_SEED);
/** Notice tables and pages to import up to 1.5 MiB, so a 1 MB one is read and a 1.7 MB one refused. */
const TABLE_LIMIT = 1_572_864;
/** A request answered later than this is a hang. */
const HANG_MS = 30_000;
/** Print renders a page in a worker process; its operations get a share of the runs. */
const costOf = (op: Operation) => (op.path.startsWith('/print/') || op.path.endsWith('.pdf') ? 0.34 : 1);

const operations = operationsOf(readSpec());
// Deletions last, so the other operations meet a full newsroom.
const ordered = [...operations.filter((op) => op.method !== 'DELETE'), ...operations.filter((op) => op.method === 'DELETE')];

let t: TestApp;
let baseline: Fingerprint;
const pools = {} as Pools;
const cursors = new Set<string>();
/** The users and tokens requests are sent as, restored after a request that changed them. */
const actors = { users: [] as number[], tokens: [] as number[], roles: {} as Record<number, string> };
const sent = { valid: 0, mutated: 0 } satisfies Record<Family, number>;
/** Per operation and family: requests sent, and those that reached the handler (neither refused by validation nor unrouted). */
const reached = new Map<string, { valid: number; mutated: number; handled: number; accepted: number }>();
const statuses = new Map<number, number>();

/** The service's error log lines since the last request, shown with a failure. */
let errors: string[] = [];
const errorLog = { write: (line: string) => void errors.push(line.slice(0, 2_000)) };

beforeAll(async () => {
  t = await createTestApp({ tableLimit: TABLE_LIMIT, logger: { level: 'error', stream: errorLog } });
  await seedNewsroom();
  const rows = rowsOf<{ id: number; user_id: number; role: string }>(await t.database.db.execute(sql`select t.id, t.user_id, u.role from api_tokens t join users u on u.id = t.user_id`));
  for (const row of rows) {
    actors.users.push(row.user_id);
    actors.tokens.push(row.id);
    actors.roles[row.user_id] = row.role;
  }
  // Users of each role made after the actors, with tokens of their own: the ones /users and /tokens may change.
  for (const role of ['reporter', 'editor', 'reporter'] as const) await t.user(role);
  await refreshPools();
  baseline = await databaseFingerprint(t.database);
});

afterAll(async () => {
  const total = sent.valid + sent.mutated;
  console.log(
    `OpenAPI fuzz (FUZZ_SEED=${SEED} FUZZ_RUNS=${RUNS}): ${operations.length} operations, ${total} requests (valid ${sent.valid}, mutated ${sent.mutated}); statuses ${[...statuses]
      .sort(([a], [b]) => a - b)
      .map(([s, n]) => `${s}×${n}`)
      .join(' ')}`,
  );
  await t?.close();
});

/** A newsroom with something of everything: sections, people, articles and notices in several states, a released edition and one in planning. */
async function seedNewsroom(): Promise<void> {
  const api = editionsClient(t);
  const paper = await publishSeedPaper(t, { firstBody: SEED_LONG_BODY });
  const child = await t.request('editor', { method: 'POST', url: '/api/v1/sections', payload: { name: '县区', slug: 'counties', parentId: paper.sectionId } });
  expect(child.statusCode, child.body).toBe(201);
  const sports = await t.request('editor', { method: 'POST', url: '/api/v1/sections', payload: { name: '体育', slug: 'sports' } });
  expect(sports.statusCode, sports.body).toBe(201);
  const person = await t.request('editor', { method: 'POST', url: '/api/v1/people', payload: { name: '楚克伟', affiliation: '冠县融媒体中心' } });
  expect(person.statusCode, person.body).toBe(201);
  const articles = [];
  for (const state of ['draft', 'submitted', 'edited', 'scheduled', 'published', 'withdrawn'] as const) {
    articles.push(await api.articleIn(state, { headline: `${state} 稿件`, body: '正文。', sectionId: paper.sectionId, credits: [{ role: 'reporter', name: '国晓宁' }] }));
  }
  const notices = [await api.seedNotice('draft'), await api.seedNotice('published')];
  await api.createEdition('2024-04-12', 9877);
  await api.putPageOk('2024-04-12', 'A01', {
    name: '要闻',
    grid: 'broadsheet-8',
    items: [
      { kind: 'article', id: articles[2]!.id },
      { kind: 'notice', id: notices[0]!.id },
    ],
  });
  await api.putPageOk('2024-04-12', 'B02', { name: '体育', grid: 'tabloid-5', items: [] });
  const page = '# 聊城市召开全市经济工作会议\n\n记者 张三 通讯员 李四\n\n会议要求各部门抓好落实。\n';
  const imported = await t.request('reporter', { method: 'POST', url: '/api/v1/imports/page', headers: { 'content-type': 'text/plain' }, payload: page });
  expect(imported.statusCode, imported.body).toBe(201);
}

/** What the database holds now, for references to point at. */
async function refreshPools(): Promise<void> {
  const list = async (query: ReturnType<typeof sql>) => rowsOf<{ v: string | number }>(await t.database.db.execute(query)).map((r) => r.v);
  const excluded = sql.raw(actors.users.join(',') || '0');
  const excludedTokens = sql.raw(actors.tokens.join(',') || '0');
  pools.section = await list(sql`select id as v from sections order by id`);
  pools.sectionSlug = await list(sql`select slug as v from sections order by id`);
  pools.person = await list(sql`select id as v from people order by id`);
  pools.article = await list(sql`select id as v from articles order by id`);
  pools.notice = await list(sql`select id as v from notices order by id`);
  pools.item = [...pools.article, ...pools.notice];
  pools.user = await list(sql`select id as v from users order by id`);
  pools.editorUser = await list(sql`select id as v from users where role <> 'reporter' order by id`);
  pools.victimUser = await list(sql`select id as v from users where id not in (${excluded}) order by id`);
  pools.victimToken = await list(sql`select id as v from api_tokens where id not in (${excludedTokens}) order by id`);
  pools.editionDate = await list(sql`select to_char(date, 'YYYY-MM-DD') as v from editions order by date`);
  pools.pageLabel = await list(sql`select distinct label as v from pages order by label`);
  pools.page = await list(sql`select to_char(e.date, 'YYYY-MM-DD') || '/' || p.label as v from pages p join editions e on e.id = p.edition_id order by 1`);
  pools.noticeKind = await list(sql`select key as v from notice_kinds order by key`);
  pools.version = [1, 2, 3, 4];
  pools.cursor = [...cursors].slice(-50);
  pools.anyId = [...pools.article, ...pools.notice, ...pools.section, ...pools.person, ...pools.user];
}

/** What a reference stands for when its pool is empty: a value of the right form that names nothing. */
const NOTHING: Partial<Record<PoolName, string | number>> = { editionDate: '2999-12-31', pageLabel: 'Z99', noticeKind: 'no_such_kind', sectionSlug: 'no-such-section', cursor: 'none' };

function resolveRef(ref: Ref): string | number {
  return pick(pools, ref) ?? NOTHING[ref.pool] ?? 2_147_483_647;
}

/** The item a request is about, where If-Match names its version: the path without its action. */
function itemUrl(path: string): string {
  return path.replace(/\/(status|corrections|table|release|tokens)$/, '');
}

async function currentVersion(path: string): Promise<string | undefined> {
  const res = await t.request('admin', { url: itemUrl(path) });
  const version = res.statusCode === 200 ? (res.json<{ version?: unknown }>().version as number | undefined) : undefined;
  return version === undefined ? undefined : `"${version}"`;
}

/** The columns a notice's table has (its kind's when it has none yet), or those of the kind a new notice names. */
async function columnsFor(path: string, body: unknown): Promise<{ label: string; type: string }[]> {
  let kind = (body as { kind?: unknown } | null)?.kind;
  if (path !== '/api/v1/notices') {
    const notice = await t.request('admin', { url: itemUrl(path) });
    if (notice.statusCode !== 200) return [{ label: '姓名', type: 'text' }];
    const found = notice.json<{ table: { columns: { label: string; type: string }[] } | null; kind: string }>();
    if (found.table) return found.table.columns;
    kind = found.kind;
  }
  const res = typeof kind === 'string' ? await t.request('admin', { url: `/api/v1/notice-kinds/${encodeURIComponent(kind)}` }) : undefined;
  return res?.statusCode === 200 ? (res.json<{ columns: { label: string; type: string }[] | null }>().columns ?? [{ label: '内容', type: 'text' }]) : [{ label: '内容', type: 'text' }];
}

function hasTableRows(value: unknown): boolean {
  if (value instanceof TableRows) return true;
  return value !== null && typeof value === 'object' && Object.values(value).some(hasTableRows);
}

function typedRows(rows: TableRows, columns: { label: string; type: string }[]): { header: string[]; cells: string[][] } {
  let header = columns.map((c) => c.label);
  if (rows.header === 'shuffled') header = [...header.slice(1), ...header.slice(0, 1)];
  if (rows.header === 'short') header = header.slice(0, -1);
  if (rows.header === 'extra') header = [...header, '备注'];
  const cells = rows.picks.map((picks) => columns.map((c, i) => cellFor(c.type, picks[i] ?? 0)));
  return { header, cells };
}

/** A template made into the request it stands for, references resolved against the database as it is now. */
async function build(op: Operation, template: Template): Promise<InjectOptions> {
  const { date, label } = template.path;
  // A date and a label that both name what exists name one page, so page routes find it.
  const page = date instanceof Ref && label instanceof Ref ? String(pick(pools, new Ref('page', date.index)) ?? '').split('/') : [];
  let path = op.path.replace(/\{(\w+)\}/g, (_, name: string) => {
    if (name in template.raw) return template.raw[name]!;
    const paired = page.length === 2 && (name === 'date' || name === 'label') ? page[name === 'date' ? 0 : 1] : undefined;
    const value = paired ?? resolveDeep(template.path[name], (m) => (m instanceof Ref ? resolveRef(m) : undefined));
    return encodeURIComponent(String(value));
  });
  path += template.suffix;
  const query = template.query
    .map(([name, value, raw]) => {
      if (raw) return value === '' ? name : `${name}=${String(value)}`;
      const v = resolveDeep(value, (m) => (m instanceof Ref ? resolveRef(m) : undefined));
      return `${encodeURIComponent(name)}=${encodeURIComponent(String(v))}`;
    })
    .join('&');
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(template.headers)) {
    const v = value instanceof CurrentVersion ? await currentVersion(path) : (value as string | undefined);
    if (v !== undefined) headers[name] = v;
  }
  if (template.actor === 'stranger') headers.authorization = template.authorization ?? 'Bearer nope';
  else if (template.actor !== 'anonymous') headers.authorization = `Bearer ${t.tokens[template.actor]}`;

  let payload: string | Buffer | undefined;
  const body = template.body;
  if (body) {
    if (body.type !== null) headers['content-type'] = body.type;
    if (body.kind === 'raw') payload = body.bytes;
    else if (body.kind === 'text') payload = body.text;
    else if (body.kind === 'json') {
      const value = resolveDeep(body.value, (m) => (m instanceof Ref ? resolveRef(m) : m));
      const columns = hasTableRows(value) ? await columnsFor(path, value) : [];
      payload = JSON.stringify(resolveDeep(value, (m) => (m instanceof TableRows ? typedRows(m, columns).cells : undefined))) ?? 'null';
    } else {
      const { header, cells } = typedRows(body.rows, await columnsFor(path, undefined));
      if (body.format === 'xlsx') payload = await writeExcelFile([header, ...cells]).toBuffer();
      else payload = [header, ...cells].map((line) => csvLine(line, body.format === 'csv' ? ',' : '\t')).join('\n') + '\n';
      if (body.cut !== undefined) payload = Buffer.from(payload).subarray(0, body.cut % Buffer.byteLength(payload));
    }
  }
  return {
    method: template.method as InjectOptions['method'],
    url: query ? `${path}?${query}` : path,
    headers,
    ...(payload !== undefined && { payload }),
    ...(template.actor === 'stranger' && { remoteAddress: '203.0.113.7' }),
  };
}

function describeRequest(template: Template, options: InjectOptions): string {
  const url = String(options.url);
  const payload = options.payload === undefined ? '' : ` body ${Buffer.byteLength(options.payload as string | Buffer)} bytes: ${String(options.payload as string).slice(0, 200)}`;
  return `${template.family} [${template.mutations.join(' + ')}] as ${template.actor}: ${String(options.method)} ${url.slice(0, 300)} ${JSON.stringify({ ...options.headers, authorization: undefined })}${payload}`;
}

const SAFE = new Set(['GET', 'HEAD', 'OPTIONS']);

/** Web pages answer a reader's bad link with the site's HTML 404 page, by design, not a problem. */
const isWebPage = (op: Operation) => op.tags.includes('web') && !op.path.endsWith('.xml');

async function withTimeout<T>(promise: Promise<T>, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const hang = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer in ${HANG_MS} ms: ${what}`)), HANG_MS);
  });
  try {
    return await Promise.race([promise, hang]);
  } finally {
    clearTimeout(timer);
  }
}

/** Puts the users and tokens the fuzzer acts as back as they were, should a request have changed them. */
async function restoreActors(): Promise<void> {
  const db = t.database.db;
  for (const id of actors.users) {
    await db.execute(sql`update users set active = true, role = ${actors.roles[id]!} where id = ${id} and (not active or role <> ${actors.roles[id]!})`);
  }
  await db.execute(sql`update api_tokens set revoked_at = null, expires_at = null where id in (${sql.raw(actors.tokens.join(','))}) and (revoked_at is not null or expires_at is not null)`);
}

async function send(op: Operation, template: Template): Promise<void> {
  const options = await build(op, template);
  const what = describeRequest(template, options);
  errors = [];
  const res: LightMyRequestResponse = await withTimeout(t.app.inject(options), what);
  sent[template.family] += 1;
  statuses.set(res.statusCode, (statuses.get(res.statusCode) ?? 0) + 1);
  const where = `${what}\n→ ${res.statusCode} ${res.body.slice(0, 400)}${errors.length ? `\nlogged: ${errors.join('\n')}` : ''}`;

  expect(res.statusCode, where).toBeLessThan(500);
  const requestId = res.headers['x-request-id'];
  expect(requestId, where).toBeTruthy();
  const contentType = String(res.headers['content-type'] ?? '');
  let problem: { status?: unknown; requestId?: unknown; type?: unknown; detail?: unknown } | undefined;
  if (res.statusCode >= 400) {
    // A web page's 404 is a page; so is the search page's 400, which shows the form and why the query was refused.
    if (isWebPage(op) && (res.statusCode === 404 || (res.statusCode === 400 && op.path === '/search')) && contentType.startsWith('text/html')) {
      if (options.method !== 'HEAD') expect(res.body, where).toContain('<html');
    } else {
      expect(contentType, where).toMatch(/^application\/problem\+json/);
      if (options.method !== 'HEAD') {
        problem = JSON.parse(res.body) as typeof problem;
        expect(problem!.status, where).toBe(res.statusCode);
        expect(problem!.requestId, where).toBe(requestId);
      }
    }
  }

  const after = await databaseFingerprint(t.database);
  if (res.statusCode >= 400 || SAFE.has(String(options.method))) {
    expect(fingerprintDiff(baseline, after), `${where}\nchanged the database`).toEqual({});
  } else {
    await restoreActors();
    baseline = await databaseFingerprint(t.database);
    await refreshPools();
  }

  const counts = reached.get(op.name) ?? { valid: 0, mutated: 0, handled: 0, accepted: 0 };
  counts[template.family] += 1;
  const unrouted = res.statusCode === 404 && typeof problem?.detail === 'string' && problem.detail.startsWith('No route');
  if (template.family === 'valid' && !unrouted && problem?.type !== 'urn:newsroom:problem:validation-failed') counts.handled += 1;
  if (res.statusCode < 400) counts.accepted += 1;
  reached.set(op.name, counts);
  if (contentType.startsWith('application/json') && res.statusCode === 200 && res.body !== '') {
    const next = (res.json<{ nextCursor?: unknown }>() ?? {}).nextCursor;
    if (typeof next === 'string' && !cursors.has(next)) {
      cursors.add(next);
      pools.cursor.push(next);
    }
  }
}

const runs = (op: Operation, share = 1) => Math.max(1, Math.round(RUNS * costOf(op) * share));
const params = (numRuns: number, stream: number) => ({ numRuns, seed: (SEED + stream) | 0, endOnFailure: true });

describe('the database fingerprint', () => {
  it('sees one changed column of one row, and the same rows again as the same', async () => {
    const before = await databaseFingerprint(t.database);
    const [first] = rowsOf<{ id: number; name: string }>(await t.database.db.execute(sql`select id, name from sections order by id limit 1`));
    await t.database.db.execute(sql`update sections set name = ${`${first!.name}。`} where id = ${first!.id}`);
    expect(Object.keys(fingerprintDiff(before, await databaseFingerprint(t.database)))).toEqual(['sections']);
    await t.database.db.execute(sql`update sections set name = ${first!.name} where id = ${first!.id}`);
    expect(await databaseFingerprint(t.database)).toEqual(before);
  });
});

describe('every operation of the OpenAPI document, fuzzed', () => {
  it.each(ordered.map((op, i) => [op.name, op, i] as const))('%s', async (_name, op, i) => {
    await refreshPools();
    await fc.assert(fc.asyncProperty(validArb(op), (template) => send(op, template)), params(runs(op), 3 * i));
    await fc.assert(fc.asyncProperty(mutatedArb(op), (template) => send(op, template)), params(runs(op), 3 * i + 1));
    if (op.signedIn) await fc.assert(fc.asyncProperty(strangerArb(op), (template) => send(op, template)), params(1, 3 * i + 2));
  });

  it('sent both families to every operation, and valid requests reached every handler', () => {
    const missing = operations.filter((op) => !reached.get(op.name)?.valid || !reached.get(op.name)?.mutated).map((op) => op.name);
    expect(missing, 'operations no request reached').toEqual([]);
    const neverHandled = operations.filter((op) => !reached.get(op.name)?.handled).map((op) => op.name);
    expect(neverHandled, 'operations whose handler no valid request reached').toEqual([]);
    // Both ways through the fingerprint were taken: writes accepted (and the fingerprint taken
    // anew), and refusals compared against it, over every table.
    expect([...statuses.keys()].filter((s) => s === 201 || s === 204)).not.toEqual([]);
    expect([...statuses.keys()].filter((s) => s >= 400)).not.toEqual([]);
    expect(Object.keys(baseline)).toEqual(expect.arrayContaining(['api_tokens', 'articles', 'audit_events', 'notice_rows', 'pages', 'placements', 'revisions']));
  });
});
