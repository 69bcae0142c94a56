// Load benchmark of the desk: `npm run bench:desk [-- --db pglite|postgres|both] [--only TEXT]
// [--profile DIR]` (PRINT_WORKERS sets the print pool's size, as for the service; default 1).
// --only runs the classes whose name holds TEXT; --profile writes a CPU profile of the service
// under each class's load into DIR, to open in Chrome's DevTools.
//
// Goals (issue 19): with 10,000 stories, the story list (/desk/stories) and the story editor
// (/desk/stories/{id}) answer in ≤ 100 ms p99 at 10 concurrent users; the live preview and
// copy-fit round trip of a 5,000-character story in ≤ 150 ms p99: the one request the editor's
// script sends as typing pauses (POST /desk/stories/{id}/preview, the preview's HTML and the
// draft's copy-fit), its body changed a little each time, as typing changes it.
//
// The app is built in this process on a fresh database: embedded PGlite in a temporary data
// directory (as the service keeps it), or with --db postgres a fresh database on
// BENCH_DATABASE_URL, dropped afterwards; --db both runs one after the other. 10,000 stories go
// in by SQL (in every state, by 20 reporters in 8 sections, credited, 48 of them placed on the
// 8 pages of an edition); the measured story is filed through the service and placed on page
// A03. An editor signs in through the desk's own sign-in form, and autocannon, in a process of
// its own, loads each class for --duration seconds with --connections connections after a
// --warmup, one after the other; each connection asks again as soon as it is answered, which is
// far more than ten people reading and typing.
//
// Each row also shows the server's CPU time a request (this process: the app, and PGlite, which
// runs on its event loop; not the print workers). The connections wait on each other, so on
// PGlite a request's latency is about the connections times that; on a shared machine it is the
// steadier figure.
import { execFile } from 'node:child_process';
import fs from 'node:fs/promises';
import { Session } from 'node:inspector/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { sql } from 'drizzle-orm';
import { buildApp } from '../../src/app.js';
import { openDatabase, rowsOf, type Database } from '../../src/db/client.js';
import { migrateDatabase } from '../../src/db/migrate.js';
import { documentFigures, parseMarkdown } from '../../src/document/markdown.js';
import type { Actor } from '../../src/lib/actor.js';
import { addDays, todayIn } from '../../src/lib/time.js';
import { databaseOption, prepareTarget } from '../lib/bench-target.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const { values: args } = parseArgs({
  options: {
    db: { type: 'string', default: 'pglite' },
    stories: { type: 'string', default: '10000' },
    duration: { type: 'string', default: '10' },
    connections: { type: 'string', default: '10' },
    warmup: { type: 'string', default: '3' },
    only: { type: 'string' },
    profile: { type: 'string' },
  },
});
const STORIES = Number(args.stories);
const TIME_ZONE = 'Asia/Shanghai';
const PASSWORD = 'bench desk password 7';
const GOAL = { pageP99: 100, roundTripP99: 150 };
const REPORTERS = 20;
const SURNAMES = [...'王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗梁宋郑谢韩唐冯于董萧'];
const GIVEN = [...'晓宁克伟建国志强明华丽娟春梅海涛红霞淑芬德胜凤琴永刚金花文斌'];
/** The `i`th of a run of distinct two- and three-character names. */
const nameOf = (i: number) => `${SURNAMES[i % SURNAMES.length]}${GIVEN[(i * 7) % GIVEN.length]}${i >= SURNAMES.length ? GIVEN[(i * 3) % GIVEN.length] : ''}`;
const SECTIONS = ['要闻', '聊城新闻', '县域', '经济', '社会', '文体', '评论', '副刊'];

// ---------------------------------------------------------------------------------------------
// Copy: paragraphs of local news, put together into bodies of several lengths.

const PARAGRAPHS = [
  '聊城市紧紧围绕国家市场监管总局、省市场监管局关于商业秘密保护的工作安排，大力维护公平竞争市场环境，护航企业创新发展和高质量发展，积极开展商业秘密保护工作。',
  '出台实施方案。为全面提升聊城市商业秘密保护工作效能，强化知识产权保护和反不正当竞争工作，聊城市政府办公室印发了实施方案，将加强商业秘密保护工作作为全市全面深化改革重点事项。',
  '成立工作专班。由市政府分管负责同志任召集人，市市场监管局、市委宣传部、市工业和信息化局等14个部门为成员，对全市创新试点工作统一领导、统一组织、统一实施，确保各项工作有序推进。',
  '召开推进会议。全市商业秘密保护工作推进会上，各县（市、区）政府、市属开发区管委会分管负责同志、商业秘密保护示范企业代表等200余人参加会议，会议对全市工作进行了安排部署。',
  '“高水平”组织开展“服务月”活动。组织全市商业秘密保护培训班，70余家企业代表参加培训；召开座谈会、行政指导会62场次，走访调研企业129家，发放调查问卷383份。',
  '7月25日下午，阳谷县景阳冈景区内，两名儿童不慎落水，一名路过的游客跳入水中将两人先后救上岸，随后悄然离去。经多方寻找，记者终于联系上了这位见义勇为的市民。',
];

/** A body of about `characters` characters: paragraphs in turn, a sub-head every five. */
function bodyOf(characters: number, twist = ''): string {
  const parts: string[] = [];
  let length = 0;
  for (let i = 0; length < characters; i++) {
    if (i > 0 && i % 5 === 0) parts.push(`## 第${i / 5}部分 多方联动`);
    const paragraph = PARAGRAPHS[i % PARAGRAPHS.length]!;
    parts.push(paragraph);
    length += [...paragraph].length;
  }
  if (twist) parts[0] = `${parts[0]}${twist}`;
  return parts.join('\n\n');
}

const HEADLINES = ['聊城市被评为省级商业秘密保护创新试点', '在景区救起两名落水儿童 悄然离去的他被找到了', '东昌湖畔新添口袋公园', '全市秋粮收获进度过半', '冠县鸭梨喜获丰收', '高新区新签约项目12个', '市民文化节开幕', '茌平区加快推进老旧小区改造'];

// ---------------------------------------------------------------------------------------------
// Seeding.

interface Seeded {
  editor: { login: string };
  story: number;
  section: number;
  reporter: number;
}

async function seed(app: Awaited<ReturnType<typeof buildApp>>, db: Database): Promise<Seeded> {
  const { users, sections, people, articles, editions } = app.services;
  const editorUser = await users.create(null, { login: 'bench-editor', name: '压测编辑', role: 'editor', password: PASSWORD });
  const ed: Actor = { userId: editorUser.id, login: editorUser.login, role: 'editor', tokenId: null, requestId: 'bench' };
  const sectionIds: number[] = [];
  for (const [i, name] of SECTIONS.entries()) sectionIds.push((await sections.create(ed, { name, slug: `s${i}` })).id);
  const reporterIds: number[] = [];
  for (let i = 0; i < REPORTERS; i++) {
    const user = await users.create(null, { login: `bench-reporter-${i}`, name: nameOf(i), role: 'reporter' });
    await people.create(ed, { name: user.name, userId: user.id });
    reporterIds.push(user.id);
  }
  const correspondents: number[] = [];
  for (let i = 0; i < 30; i++) correspondents.push((await people.create(ed, { name: nameOf(REPORTERS + i), defaultRole: 'correspondent' })).id);

  const ints = (values: number[]) => sql.raw(`array[${values.join(',')}]::int[]`);
  const headlines = sql.raw(`array[${HEADLINES.map((h) => `'${h}'`).join(',')}]`);
  const lengths = [600, 1500, 2500, 4000];
  for (const [k, length] of lengths.entries()) {
    const body = bodyOf(length);
    const document = parseMarkdown(body);
    await db.execute(sql`
      insert into articles (kicker, headline, body, document, figures, section_id, status, version, publish_at, scheduled_version, published_at,
                            created_by, updated_by, created_at, updated_at)
      select case when g % 3 = 0 then '引题' || g end,
             (${headlines})[1 + g % ${HEADLINES.length}] || '（' || g || '）',
             ${body}, ${JSON.stringify(document)}::jsonb, ${JSON.stringify(documentFigures(document))}::jsonb,
             (${ints(sectionIds)})[1 + (g / 7) % ${sectionIds.length}],
             s.status::item_status, 1,
             case when s.status = 'scheduled' then date_trunc('milliseconds', now()) + (1 + g % 72) * interval '1 hour' end,
             case when s.status = 'scheduled' then 1 end,
             case when s.status in ('published', 'withdrawn') then t.at end,
             u.id, u.id, t.at, t.at
      from generate_series(1, ${STORIES}) g
      cross join lateral (select (array['draft','draft','draft','submitted','submitted','submitted','edited','edited','scheduled',
                                        'published','published','published','published','published','published','published','published',
                                        'published','published','withdrawn'])[1 + (g * 7 + g / 20) % 20] as status) s
      cross join lateral (select date_trunc('milliseconds', now()) - g * interval '53 seconds' as at) t
      cross join lateral (select (${ints(reporterIds)})[1 + g % ${REPORTERS}] as id) u
      where (g / 3) % ${lengths.length} = ${k}`);
  }
  await db.execute(sql`
    insert into article_credits (article_id, position, person_id, role)
    select a.id, 0, p.id, 'reporter' from articles a join people p on p.user_id = a.created_by`);
  await db.execute(sql`
    insert into article_credits (article_id, position, person_id, role)
    select a.id, 1, (${ints(correspondents)})[1 + a.id % ${correspondents.length}], 'correspondent' from articles a where a.id % 3 = 0`);

  // The measured story: 5,000 characters, filed and edited through the service, placed on A03.
  const filed = await articles.create(ed, {
    kicker: '“1+2+4”创新模式破解难题',
    headline: '聊城市被评为省级商业秘密保护创新试点',
    body: bodyOf(5000),
    sectionId: sectionIds[1],
    credits: [
      { role: 'reporter', name: '国晓宁' },
      { role: 'correspondent', name: '楚克伟' },
    ],
  });
  let version = filed.version;
  for (const status of ['submitted', 'edited'] as const) version = (await articles.changeStatus(ed, filed.id, version, { status })).version;

  const date = addDays(todayIn(TIME_ZONE), 1);
  await editions.create(ed, { date, issueNumber: 9001 });
  const ready = await db.execute(sql`select id from articles where status in ('edited', 'scheduled', 'published') and id <> ${filed.id} order by id limit 48`);
  const readyIds = rowsOf<{ id: number }>(ready).map((r) => Number(r.id));
  for (let p = 0; p < 8; p++) {
    const label = `A0${p + 1}`;
    const items = readyIds.slice(p * 6, p * 6 + 6).map((id) => ({ kind: 'article' as const, id, columns: 2 }));
    if (label === 'A03') items.splice(0, 2, { kind: 'article', id: filed.id, columns: 4 });
    await editions.putPage(ed, date, label, {}, { name: SECTIONS[p]!, grid: 'broadsheet-8', items });
  }
  await db.execute(sql`analyze`);
  return { editor: { login: editorUser.login }, story: filed.id, section: sectionIds[1]!, reporter: reporterIds[3]! };
}

// ---------------------------------------------------------------------------------------------
// Signing in, as a browser does: the form's cookie and token, then the session cookie.

async function signIn(base: string, login: string): Promise<{ cookie: string; csrf: string }> {
  const form = await fetch(`${base}/desk/login`);
  const loginCookie = form.headers.getSetCookie().map((c) => c.split(';')[0]!).join('; ');
  const token = /name="_csrf" value="([^"]+)"/.exec(await form.text())?.[1];
  if (!token) throw new Error('no form token on the sign-in page');
  const posted = await fetch(`${base}/desk/login`, {
    method: 'POST',
    redirect: 'manual',
    headers: { cookie: loginCookie, 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ _csrf: token, login, password: PASSWORD, next: '/desk/stories' }),
  });
  const session = posted.headers.getSetCookie().find((c) => c.startsWith('newsroom_session='));
  if (posted.status !== 303 || !session) throw new Error(`sign-in failed: ${posted.status}`);
  const cookie = session.split(';')[0]!;
  const page = await fetch(`${base}/desk/stories`, { headers: { cookie } });
  const csrf = /name="_csrf" value="([^"]+)"/.exec(await page.text())?.[1];
  if (!csrf) throw new Error('no form token on the story list');
  return { cookie, csrf };
}

// ---------------------------------------------------------------------------------------------
// Load: autocannon in a process of its own, so it does not share the server's event loop.

/**
 * The load process. `SPEC` is JSON: the base URL, the load's size, headers, and either `path`
 * (GETs) or `typing` (the editor's preview + copy-fit request, each body a little different, as
 * typing changes it; an answer without a measured fit counts as an error).
 */
const RUNNER = `
import autocannon from 'autocannon';
const spec = JSON.parse(process.env.SPEC);
const run = (options) => new Promise((resolve, reject) => autocannon(options, (err, result) => (err ? reject(err) : resolve(result))));
let serial = 0;
let unmeasured = 0;
function options(duration) {
  const base = { url: spec.base, connections: spec.connections, duration, headers: spec.headers };
  if (spec.path) return { ...base, url: spec.base + spec.path };
  const { draft, path } = spec.typing;
  const headers = { ...spec.headers, 'content-type': 'application/json', accept: 'application/json' };
  return {
    ...base,
    requests: [
      {
        method: 'POST', path, headers,
        setupRequest(request) {
          const n = ++serial;
          const paragraphs = draft.body.split('\\n\\n');
          const at = n % paragraphs.length;
          paragraphs[at] = paragraphs[at] + '（改' + n + '）';
          return { ...request, body: JSON.stringify({ ...draft, body: paragraphs.join('\\n\\n') }) };
        },
        onResponse(status, body) { if (status === 200 && !JSON.parse(body).fit?.linesNeeded) unmeasured++; },
      },
    ],
  };
}
const warm = await run(options(spec.warmup));
unmeasured = 0;
const result = await run(options(spec.duration));
console.log(JSON.stringify({
  warm: warm.requests.total, requests: result.requests.total, rps: result.requests.average, p50: result.latency.p50, p99: result.latency.p99,
  errors: result.errors + result.timeouts + unmeasured, non2xx: result.non2xx,
}));
`;

interface Measured {
  /** Requests of the warm-up, then of the measured run. */
  warm: number;
  requests: number;
  rps: number;
  p50: number;
  p99: number;
  errors: number;
  non2xx: number;
}

function load(spec: Record<string, unknown>): Promise<Measured> {
  return new Promise((resolve, reject) => {
    execFile(
      process.execPath,
      ['--input-type=module', '--eval', RUNNER],
      { cwd: root, env: { PATH: process.env.PATH ?? '', SPEC: JSON.stringify(spec) }, maxBuffer: 16 * 1024 * 1024 },
      (err, stdout, stderr) => (err ? reject(new Error(`${err.message}\n${stderr}`)) : resolve(JSON.parse(stdout.trim().split('\n').at(-1)!) as Measured)),
    );
  });
}

/** A CPU profile of this process (the service) from now until `stop`, written to a file for Chrome's DevTools. */
async function startProfile(): Promise<{ stop(file: string): Promise<void> }> {
  const session = new Session();
  session.connect();
  await session.post('Profiler.enable');
  await session.post('Profiler.start');
  return {
    async stop(file) {
      const { profile } = await session.post('Profiler.stop');
      session.disconnect();
      await fs.mkdir(path.dirname(file), { recursive: true });
      await fs.writeFile(file, JSON.stringify(profile));
    },
  };
}

const ms = (value: number) => (Number.isFinite(value) ? value.toFixed(value < 10 ? 1 : 0) : '—');

// ---------------------------------------------------------------------------------------------

/** Seeds a fresh database of `db`, serves the app on it and loads each class; true when every goal is met. */
async function benchmark(db: 'pglite' | 'postgres'): Promise<boolean> {
  const target = await prepareTarget(db, 'desk');
  const database = target.env.DATABASE_URL
    ? await openDatabase({ driver: 'postgres', url: target.env.DATABASE_URL, poolSize: 20 })
    : await openDatabase({ driver: 'pglite', dataDir: target.env.DATA_DIR });
  let app: Awaited<ReturnType<typeof buildApp>> | undefined;
  try {
    await migrateDatabase(database);
    app = await buildApp({ config: { bodyLimit: 1_048_576, publicBaseUrl: 'http://127.0.0.1', timeZone: TIME_ZONE, printWorkers: Number(process.env.PRINT_WORKERS ?? 1) }, database });
    const started = performance.now();
    const seeded = await seed(app, database.db);
    const seedSeconds = (performance.now() - started) / 1000;
    const base = await app.listen({ host: '127.0.0.1', port: 0 });
    const { cookie, csrf } = await signIn(base, seeded.editor.login);
    const headers = { cookie, 'x-csrf-token': csrf };
    const story = await app.services.articles.get(seeded.story);
    // What the editor's script sends: the form's fields, credits by name.
    const draft = {
      kicker: story.kicker,
      headline: story.headline,
      subtitle: story.subtitle,
      body: story.body,
      credits: story.credits.map((c) => ({ role: c.role, name: c.name })),
      sectionId: story.sectionId,
    };

    const cpus = os.cpus();
    console.log(`Newsroom desk benchmark, ${new Date().toISOString()}`);
    console.log(`machine: ${cpus.length} × ${cpus[0]?.model.trim()}, ${Math.round(os.totalmem() / 2 ** 30)} GiB, node ${process.version}; load average ${os.loadavg()[0]!.toFixed(2)}`);
    console.log(`database: ${target.describe}; ${STORIES.toLocaleString('en')} stories seeded in ${seedSeconds.toFixed(1)} s`);
    console.log(`measured story ${story.id}: ${story.figures.characters} characters, placed on A03; load: autocannon, ${args.connections} connections, ${args.warmup} s warm-up then ${args.duration} s each`);

    const classes: { name: string; goal: number; spec: Record<string, unknown>; check: string }[] = [
      { name: 'list, default (待处理)', goal: GOAL.pageP99, spec: { path: '/desk/stories' }, check: 'id="queue"' },
      { name: 'list, state + section', goal: GOAL.pageP99, spec: { path: `/desk/stories?state=published&section=${seeded.section}` }, check: 'id="queue"' },
      { name: 'list, reporter, all states', goal: GOAL.pageP99, spec: { path: `/desk/stories?state=all&reporter=${seeded.reporter}` }, check: 'id="queue"' },
      { name: 'story editor page', goal: GOAL.pageP99, spec: { path: `/desk/stories/${story.id}` }, check: story.headline },
      { name: 'preview + copy-fit', goal: GOAL.roundTripP99, spec: { typing: { draft, path: `/desk/stories/${story.id}/preview` } }, check: '' },
    ];
    let pass = true;
    for (const c of classes.filter((k) => args.only === undefined || k.name.includes(args.only))) {
      const path = c.spec.path as string | undefined;
      if (path) {
        const page = await fetch(`${base}${path}`, { headers: { cookie } });
        const html = await page.text();
        if (page.status !== 200 || !html.includes(c.check)) console.log(`note: GET ${path} answers ${page.status} without what it should show`);
      }
      const profiler = args.profile === undefined ? undefined : await startProfile();
      const cpuBefore = process.cpuUsage();
      const m = await load({ base, connections: Number(args.connections), duration: Number(args.duration), warmup: Number(args.warmup), headers, ...c.spec });
      const cpu = process.cpuUsage(cpuBefore);
      if (profiler) await profiler.stop(`${args.profile}/${target.name}-${c.name.replace(/[^a-z0-9]+/gi, '-')}.cpuprofile`);
      const cpuMs = (cpu.user + cpu.system) / 1000 / (m.warm + m.requests);
      const errors = m.errors + m.non2xx;
      const ok = m.p99 <= c.goal && errors === 0 && m.requests > 0;
      pass &&= ok;
      console.log(
        `${c.name.padEnd(28)} ${m.rps.toFixed(0).padStart(5)} req/s   p50 ${ms(m.p50).padStart(4)} ms   p99 ${ms(m.p99).padStart(4)} ms (goal ≤ ${c.goal})   errors ${errors}   ` +
          `CPU ${ms(cpuMs)} ms a request   ${ok ? 'PASS' : 'FAIL'}`,
      );
    }
    const busy = os.loadavg()[0]!;
    if (busy > cpus.length / 2) console.log(`note: the machine was busy (load average ${busy.toFixed(2)} on ${cpus.length} CPUs): latencies vary from run to run, CPU a request much less`);
    console.log(`${target.name}: ${pass ? 'PASS' : 'FAIL'}`);
    return pass;
  } finally {
    // The app closes the database with it.
    if (app) await app.close();
    else await database.close();
    await target.cleanup();
  }
}

const targets = args.db === 'both' ? (['pglite', 'postgres'] as const) : [databaseOption(args.db)];
let passed = true;
for (const db of targets) passed = (await benchmark(db)) && passed;
if (!passed) process.exitCode = 1;
