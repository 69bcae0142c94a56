// The whole content path in one command, on a fresh embedded database:
//   npm run demo [-- --exit]
// Imports samples/liaocheng-page.txt, places its stories and notice on page A03 聊城新闻 of the
// edition of 2024-04-11, moves them through the desk, releases the edition and serves it,
// printing the URLs of the edition page, the articles, the notice and the page PDF. The
// database lives in DEMO_DIR (default ./data/demo) and is made afresh on every run. With
// --exit it fetches every URL it printed, says what each answered, and stops.
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { buildApp } from '../src/app.js';
import { ConfigError, loadConfig } from '../src/config.js';
import { openDatabase } from '../src/db/client.js';
import { migrateDatabase } from '../src/db/migrate.js';
import { fail } from '../src/db/configured.js';
import { createUsersService } from '../src/features/users/service.js';

const USAGE = 'usage: npm run demo [-- --exit]';
const EDITION = '2024-04-11';
const PAGE = 'A03';
const SAMPLE = new URL('../samples/liaocheng-page.txt', import.meta.url);

let exit = false;
try {
  exit = parseArgs({ options: { exit: { type: 'boolean', default: false } }, strict: true }).values.exit;
} catch (err) {
  fail(`${(err as Error).message}\n${USAGE}`);
}

let config;
try {
  config = loadConfig();
} catch (err) {
  fail(err instanceof ConfigError ? err.message : String(err));
}
const dataDir = path.resolve(process.env.DEMO_DIR ?? './data/demo');
fs.rmSync(dataDir, { recursive: true, force: true });
const database = await openDatabase({ driver: 'pglite', dataDir });
await migrateDatabase(database);
const app = await buildApp({ config, database, publisher: { intervalMs: 200 } });

const demoUsers = createUsersService({ db: database.db });
const { token } = (await demoUsers.createWithToken({ login: 'demo', name: '演示编辑', role: 'admin' }, 'npm run demo')).token;
/** The desk's demo sign-ins: one per role, all with this password. */
const DESK_PASSWORD = 'newsroom-demo';
const deskLogins = [
  { login: 'jizhe', name: '王记者', role: 'reporter' },
  { login: 'bianji', name: '李编辑', role: 'editor' },
  { login: 'guanli', name: '赵管理', role: 'admin' },
] as const;
for (const user of deskLogins) await demoUsers.create(null, { ...user, password: DESK_PASSWORD });
const headers = { authorization: `Bearer ${token}` };

/** A request through the app, which must answer `expected`; its JSON body. */
async function call<T>(method: 'GET' | 'POST' | 'PUT', url: string, expected: number, payload?: unknown, extra: Record<string, string> = {}): Promise<T> {
  const res = await app.inject({ method, url, headers: { ...headers, ...extra }, ...(payload !== undefined && { payload: payload as string }) });
  if (res.statusCode !== expected) fail(`${method} ${url} answered ${res.statusCode}: ${res.body}`);
  return res.json() as T;
}

interface Item {
  id: number;
  version: number;
}
interface Imported {
  articles: (Item & { headline: string })[];
  notices: (Item & { title: string })[];
  changes: { type: string }[];
  warnings: unknown[];
}

await call('POST', '/api/v1/editions', 201, { date: EDITION, issueNumber: 9876 });
await call('PUT', `/api/v1/editions/${EDITION}/pages/${PAGE}`, 201, { name: '聊城新闻', grid: 'broadsheet-8', items: [] }, { 'if-none-match': '*' });
const imported = await call<Imported>('POST', `/api/v1/imports/page?edition=${EDITION}&page=${PAGE}`, 201, fs.readFileSync(SAMPLE, 'utf8'), {
  'content-type': 'text/markdown; charset=utf-8',
});

// The desk: each draft is submitted, then edited, which makes it ready for the release.
for (const [kind, items] of [['articles', imported.articles], ['notices', imported.notices]] as const) {
  for (const item of items) {
    let version = item.version;
    for (const status of ['submitted', 'edited']) {
      version = (await call<Item>('POST', `/api/v1/${kind}/${item.id}/status`, 200, { status }, { 'if-match': `"${version}"` })).version;
    }
  }
}
const edition = await call<{ version: number }>('GET', `/api/v1/editions/${EDITION}`, 200);
await call('POST', `/api/v1/editions/${EDITION}/release`, 200, {}, { 'if-match': `"${edition.version}"` });

// The publisher makes the released edition public within moments.
for (let waited = 0; ; waited += 100) {
  const res = await app.inject({ method: 'GET', url: `/editions/${EDITION}/${PAGE}` });
  if (res.statusCode === 200) break;
  if (waited > 15_000) fail(`The released edition did not go public: ${res.statusCode}`);
  await new Promise((resolve) => setTimeout(resolve, 100));
}

await app.listen({ port: config.port, host: config.host });
const address = app.server.address();
const port = typeof address === 'object' && address ? address.port : config.port;
const base = config.publicBaseUrl.replace(`:${config.port}`, `:${port}`);
const local = `http://${config.host === '0.0.0.0' || config.host === '::' ? '127.0.0.1' : config.host}:${port}`;

const urls: [string, string][] = [
  [`the edition page ${PAGE} 聊城新闻`, `/editions/${EDITION}/${PAGE}`],
  ...imported.articles.map((a): [string, string] => [`article: ${a.headline}`, `/articles/${a.id}`]),
  ...imported.notices.map((n): [string, string] => [`notice: ${n.title}`, `/notices/${n.id}`]),
  [`the page as print-ready PDF`, `/editions/${EDITION}/${PAGE}.pdf`],
  [`the first article as JSON`, `/content/v1/articles/${imported.articles[0]!.id}`],
];
const counts = imported.changes.reduce<Record<string, number>>((acc, c) => ({ ...acc, [c.type]: (acc[c.type] ?? 0) + 1 }), {});
process.stdout.write(
  [
    `Imported ${imported.articles.length} articles and ${imported.notices.length} notice (repairs: ${Object.entries(counts).map(([t, n]) => `${n} ${t}`).join(', ')}),`,
    `placed them on ${PAGE} 聊城新闻 of the edition of ${EDITION} and released it. Database: ${dataDir}`,
    '',
    ...urls.map(([what, url]) => `  ${what.padEnd(40)} ${base}${url}`),
    '',
    `  API reference                            ${base}/docs`,
    `  the desk                                 ${base}/desk  (${deskLogins.map((u) => u.login).join(' / ')}, password ${DESK_PASSWORD})`,
    `  admin token for the newsroom API         ${token}`,
    '',
  ].join('\n'),
);

if (exit) {
  let failed = 0;
  for (const [, url] of urls) {
    const res = await fetch(`${local}${url}`);
    const bytes = (await res.arrayBuffer()).byteLength;
    if (res.status !== 200) failed += 1;
    process.stdout.write(`  ${res.status} ${res.headers.get('content-type')?.split(';')[0]} ${bytes} bytes  ${url}\n`);
  }
  await app.close(); // closes the database too
  process.exit(failed === 0 ? 0 : 1);
}
process.stdout.write('Serving; Ctrl-C stops.\n');
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    void app.close().then(() => process.exit(0));
  });
}
