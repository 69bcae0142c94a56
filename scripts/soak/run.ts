// The soak test: two instances of the service on one fresh PostgreSQL database, a newsroom's
// mixed traffic spread over both for a while, then the invariants. `npm run soak` runs it from
// the command line (scripts/soak.ts); test/soak.test.ts runs a short one.
import { randomBytes } from 'node:crypto';
import os from 'node:os';
import readline from 'node:readline';
import pg from 'pg';
import { prepareTarget, serverUrl as benchServerUrl } from '../lib/bench-target.js';
import { buildService, startServer, stopServer, type Server } from '../lib/server-process.js';
import { checkInvariants, type Verdict } from './invariants.js';
import { Newsroom, type Person } from './newsroom.js';
import { rssMiB } from '../lib/proc.js';
import { Traffic, type Instance } from './traffic.js';


export interface SoakOptions {
  /** How long the traffic runs. */
  seconds: number;
  /** The PostgreSQL server the fresh database is made on (dropped afterwards). */
  serverUrl?: string;
  /** Run `src/server.ts` through tsx instead of building `dist/` first (the tests do). */
  fromSource?: boolean;
  /** Where the report goes, a line at a time. */
  print?: (line: string) => void;
}

export interface SoakResult {
  passed: boolean;
  verdicts: Verdict[];
  requests: number;
  serverErrors: number;
  socketFailures: number;
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
/** After the traffic stops, how long the publishers get to publish everything due. */
const SETTLE_TIMEOUT_MS = 30_000;

/** Counts each instance's "published a scheduled item" log lines by item, as `kind id` → [count on instance 0, on 1 …]. */
function countPublications(servers: Server[]): Map<string, number[]> {
  const counts = new Map<string, number[]>();
  servers.forEach((server, index) => {
    readline.createInterface({ input: server.child.stdout! }).on('line', (line) => {
      if (!line.includes('published a scheduled item')) return;
      const entry = JSON.parse(line) as { kind: string; id: number };
      if (entry.kind !== 'article' && entry.kind !== 'notice') return;
      const name = `${entry.kind} ${entry.id}`;
      const row = counts.get(name) ?? servers.map(() => 0);
      row[index]!++;
      counts.set(name, row);
    });
  });
  return counts;
}

async function json<T>(answer: Promise<{ status: number; json<U>(): U } | null>, what: string): Promise<T> {
  const got = await answer;
  if (!got || got.status >= 300) throw new Error(`${what}: ${got?.status ?? 'no answer'}`);
  return got.json<T>();
}

/** Users, tokens and sections, made through the API with the admin token. */
async function staff(traffic: Traffic, instance: Instance, adminToken: string) {
  const people: Person[] = [];
  const roster = [
    ['guo', '国晓宁', 'reporter'],
    ['chu', '楚克伟', 'reporter'],
    ['liu', '刘明', 'reporter'],
    ['wang', '王强', 'editor'],
    ['zhang', '张丽', 'editor'],
    ['li', '李华', 'editor'],
  ] as const;
  for (const [login, name, role] of roster) {
    const user = await json<{ id: number }>(traffic.send('setup', instance, 'POST', '/api/v1/users', { token: adminToken, body: { login, name, role }, expect: [201] }), 'create a user');
    const { token } = await json<{ token: string }>(
      traffic.send('setup', instance, 'POST', `/api/v1/users/${user.id}/tokens`, { token: adminToken, body: { label: 'soak' }, expect: [201] }),
      'issue a token',
    );
    people.push({ login, name, role, token });
  }
  const sections = [];
  for (const [name, slug] of [
    ['要闻', 'news'],
    ['聊城新闻', 'liaocheng'],
  ]) {
    const section = await json<{ id: number }>(traffic.send('setup', instance, 'POST', '/api/v1/sections', { token: adminToken, body: { name, slug }, expect: [201] }), 'create a section');
    sections.push({ id: section.id, slug: slug! });
  }
  return { reporters: people.filter((p) => p.role === 'reporter'), editors: people.filter((p) => p.role === 'editor'), sections };
}

/** Waits until every schedule has come due and the publishers have left nothing due unpublished. */
async function settle(room: Newsroom, databaseUrl: string): Promise<string> {
  const lastDue = Math.max(0, ...room.items.map((i) => i.publishAt ?? 0), ...room.editions.map((e) => e.releaseAt ?? 0));
  if (lastDue > Date.now()) await sleep(lastDue - Date.now());
  const db = new pg.Client({ connectionString: databaseUrl });
  await db.connect();
  try {
    const started = Date.now();
    for (;;) {
      const { rows } = await db.query<{ n: number }>(
        `select ((select count(*) from articles where status = 'scheduled' and publish_at <= now())
               + (select count(*) from notices where status = 'scheduled' and publish_at <= now())
               + (select count(*) from editions where status = 'released' and live_at is null and release_at <= now()))::int as n`,
      );
      if (rows[0]!.n === 0) {
        // The publishers' log lines are written after their transactions commit.
        await sleep(1000);
        return `everything due published ${((Date.now() - Math.max(lastDue, started)) / 1000).toFixed(1)} s after the last schedule came due`;
      }
      if (Date.now() - started > SETTLE_TIMEOUT_MS) return `${rows[0]!.n} items still due and unpublished after ${SETTLE_TIMEOUT_MS / 1000} s`;
      await sleep(200);
    }
  } finally {
    await db.end();
  }
}

export async function runSoak(options: SoakOptions): Promise<SoakResult> {
  const print = options.print ?? ((line: string) => console.log(line));
  if (!options.fromSource) {
    buildService();
  }
  const target = await prepareTarget('postgres', 'soak', options.serverUrl ?? benchServerUrl);
  const adminToken = `soak-admin-${randomBytes(12).toString('hex')}`;
  const nodeArgs = options.fromSource ? ['--expose-gc', '--import', 'tsx', 'src/server.ts'] : ['--expose-gc', 'dist/server.js'];
  const servers: Server[] = [];
  try {
    // Both start at once, as a deployment starts them: the migrations run under an advisory lock.
    const env = { ...target.env, PORT: '0', LOG_LEVEL: 'info' };
    const started = await Promise.allSettled([startServer(nodeArgs, { ...env, ADMIN_TOKEN: adminToken }), startServer(nodeArgs, env)]);
    for (const s of started) if (s.status === 'fulfilled') servers.push(s.value);
    for (const s of started) if (s.status === 'rejected') throw s.reason;
    const logged = countPublications(servers);
    const instances: Instance[] = servers.map((s, i) => ({ name: `ab`[i]!, baseUrl: s.baseUrl, pid: s.pid }));
    const { reporters, editors, sections } = await staff(new Traffic(), instances[0]!, adminToken);
    const traffic = new Traffic();
    const room = new Newsroom(traffic, instances, reporters, editors, sections);

    const cpus = os.cpus();
    print(`Newsroom soak test, ${new Date().toISOString()}`);
    print(`machine: ${cpus.length} × ${cpus[0]?.model.trim()}, ${Math.round(os.totalmem() / 2 ** 30)} GiB, ${os.platform()} ${os.release()}, node ${process.version}`);
    print(`database: ${target.describe}`);
    print(`instances: ${instances.map((i) => `${i.name} ${i.baseUrl} (pid ${i.pid})`).join(', ')}; each runs the scheduled-publication loop, as \`npm start\` does`);
    const rssStart = instances.map((i) => rssMiB(i.pid));

    const [desk1, desk2, layout] = editors as [Person, Person, Person];
    const actors: [string, () => Promise<void>][] = [
      ...reporters.map((r): [string, () => Promise<void>] => [`reporter ${r.login}`, () => room.reporter(r)]),
      [`editor ${desk1.login}`, () => room.editor(desk1)],
      [`editor ${desk2.login}`, () => room.editor(desk2)],
      [`layout ${layout.login}`, () => room.layout(layout)],
      ['print desk', () => room.printProof(desk1)],
      ['desk reader', () => room.deskReader(reporters[0]!)],
      ['reader 1', () => room.reader()],
      ['reader 2', () => room.reader()],
      ['reader 3', () => room.reader()],
      ['pdf reader', () => room.pdfReader()],
    ];
    print(`traffic: ${actors.length} loops at once for ${options.seconds} s, each request to the next instance in turn: ${actors.map(([name]) => name).join(', ')}`);
    const driverErrors: string[] = [];
    const began = performance.now();
    const deadline = Date.now() + options.seconds * 1000;
    await Promise.all(
      actors.map(async ([name, act]) => {
        while (Date.now() < deadline) {
          try {
            await act();
          } catch (err) {
            driverErrors.push(`${name}: ${(err as Error).stack ?? String(err)}`);
            await sleep(100);
          }
        }
      }),
    );
    const seconds = (performance.now() - began) / 1000;
    const requests = traffic.total();
    print(`${requests} requests in ${seconds.toFixed(1)} s (class, count, throughput, latency, non-2xx answers by status):`);
    for (const line of traffic.report(seconds)) print(line);

    print(await settle(room, target.env.DATABASE_URL!));
    const rssEnd = instances.map((i) => rssMiB(i.pid));
    instances.forEach((instance, i) => print(`instance ${instance.name} RSS: ${rssStart[i]!.toFixed(1)} MiB at start, ${rssEnd[i]!.toFixed(1)} MiB at the end`));

    const verdicts = await checkInvariants(room, target.env.DATABASE_URL!, logged, driverErrors);
    let passed = true;
    for (const verdict of verdicts) {
      const held = verdict.failures.length === 0;
      passed &&= held;
      print(`${held ? 'HELD' : 'FAILED'} ${verdict.name}`);
      for (const note of verdict.notes) print(`  ${note}`);
      for (const failure of verdict.failures) print(`  ✗ ${failure}`);
    }
    print(passed ? 'soak: every invariant held' : 'soak: FAILED');
    return { passed, verdicts, requests, serverErrors: traffic.serverErrors, socketFailures: traffic.socketFailures };
  } finally {
    await Promise.all(servers.map((s) => stopServer(s)));
    await target.cleanup();
  }
}
