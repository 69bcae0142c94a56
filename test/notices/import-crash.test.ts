// Acceptance: "Kill the process (SIGKILL) in the middle of a 100,000-row import: after a restart
// the table is either the old one or the new one, never a mix."
//
// The real server runs as a child process. Each attempt files a notice with a 24-row table (the
// old one), uploads a 100,000-row CSV (the new one) and, once the server logs `writing a notice
// table` (said right before the write transaction), kills it with SIGKILL after a delay. After a
// restart on the same data the notice must hold exactly the old rows at the old version, or
// exactly the new rows at the next version. A last attempt kills the server just after the
// upload's 200, so an acknowledged import must survive the kill. Finally the database itself is
// checked: every table holds exactly the rows it counts.
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { sql } from 'drizzle-orm';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, rowsOf, type DatabaseTarget } from '../../src/db/client.js';
import { checkCharacter, maskId } from '../../src/lib/id-card.js';
import { createEmptyPostgresDatabase } from '../helpers/database.js';
import { untilServing } from '../../scripts/lib/server-process.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const ADMIN_TOKEN = 'import-crash-test-admin-token-0123456789';
const NEW_ROWS = 100_000;
/** Milliseconds from `writing a notice table` to the SIGKILL; 'after-response' kills once the 200 is in. */
const KILL_AFTER: (number | 'after-response')[] = [0, 150, 600, 'after-response'];
/**
 * Extra attempts (kill at once) when no kill above landed before the answer. On PGlite the log
 * line can reach stdout late: pino writes asynchronously, and the embedded database holds the
 * event loop for the whole write transaction, so a line queued behind another write waits for
 * the commit.
 */
const EXTRA_ATTEMPTS = 3;

type Cell = string | number | null;

interface Running {
  child: ChildProcess;
  baseUrl: string;
  output: () => string;
  /** Resolves when the server logs `writing a notice table` for the request with this id, to how late the line came (ms). */
  writing(requestId: string): Promise<number>;
}

const children = new Set<ChildProcess>();

/** Starts `src/server.ts` as `npm start` does and waits until it listens. */
async function start(env: Record<string, string>): Promise<Running> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/server.ts'], {
    cwd: root,
    env: { PATH: process.env.PATH ?? '', PORT: '0', LOG_LEVEL: 'info', ADMIN_TOKEN, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.add(child);
  child.once('exit', () => children.delete(child));
  let output = '';
  const waiting = new Map<string, (lateMs: number) => void>();
  child.stdout!.on('data', (chunk) => {
    output += chunk;
    for (const [requestId, resolve] of waiting) {
      const line = new RegExp(`^.*"reqId":"${requestId}".*"msg":"writing a notice table".*$`, 'm').exec(output);
      if (line) {
        waiting.delete(requestId);
        resolve(Date.now() - (JSON.parse(line[0]) as { time: number }).time);
      }
    }
  });
  child.stderr!.on('data', (chunk) => (output += chunk));
  const baseUrl = await untilServing(child, () => output, 90_000);
  return {
    child,
    baseUrl,
    output: () => output,
    writing: (requestId) => new Promise<number>((resolve) => waiting.set(requestId, resolve)),
  };
}

async function exited(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  await new Promise<void>((resolve) => child.once('exit', () => resolve()));
}

async function stop(running: Running): Promise<void> {
  running.child.kill('SIGTERM');
  await exited(running.child);
}

const admin = { authorization: `Bearer ${ADMIN_TOKEN}` };

async function call<T>(running: Running, method: string, url: string, body?: unknown, headers: Record<string, string> = {}): Promise<{ body: T; etag: string | null }> {
  const response = await fetch(`${running.baseUrl}/api/v1${url}`, {
    method,
    headers: { ...admin, ...(body !== undefined && { 'content-type': 'application/json' }), ...headers },
    ...(body !== undefined && { body: JSON.stringify(body) }),
  });
  const text = await response.text();
  if (!response.ok) throw new Error(`${method} ${url}: ${response.status} ${text.slice(0, 1000)}`);
  return { body: JSON.parse(text) as T, etag: response.headers.get('etag') };
}

// ---------------------------------------------------------------------------------------------
// The old table (24 rows given as JSON) and the new one (a 100,000-row CSV), told apart by name.

const OLD_NAMES = [
  '宋西顺', '李桂英', '王秀兰', '张建国', '刘玉珍', '陈志强', '杨春梅', '赵海涛', '黄红霞', '周淑芬', '吴德胜', '徐凤琴',
  '孙永刚', '胡金花', '朱文斌', '高立新', '林晓东', '何宝山', '郭俊杰', '马秀云', '罗翠萍', '梁庆丰', '宋长林', '郑广才',
];
const NEW_SURNAMES = [...'欧钱冯褚卫蒋沈韩秦尤许施严华金魏陶姜戚谢邹喻柏窦章云苏潘葛奚范彭鲁'];
const GIVEN = [...'一二三四五六七八九十丙丁戊己庚辛壬癸'];
const PLACES = [
  { county: '东昌府', township: '张炉集', region: '371502' },
  { county: '茌平', township: '博平', region: '371503' },
  { county: '阳谷', township: '阿城', region: '371521' },
  { county: '临清', township: '烟店', region: '371581' },
];

const oldRows: Cell[][] = OLD_NAMES.map((name, i) => {
  const place = PLACES[i % PLACES.length]!;
  return [i + 1, name, `${place.region}1966****${String(4816 + i)}`, place.county, place.township, '邓院村', 2021, `${141 + i}.55`];
});

/** Row `i` (1-based) of the new table: its CSV line and the values the service stores for it. */
function newRow(i: number): { line: string; values: Cell[] } {
  const place = PLACES[i % PLACES.length]!;
  const name = NEW_SURNAMES[i % NEW_SURNAMES.length]! + GIVEN[Math.floor(i / NEW_SURNAMES.length) % GIVEN.length]! + GIVEN[i % 7]!;
  const sequence = String(i % 1000).padStart(3, '0');
  let id: string;
  if (i % 10 === 0) {
    const first17 = `${place.region}1970${String((i % 12) + 1).padStart(2, '0')}${String((i % 28) + 1).padStart(2, '0')}${sequence}`;
    id = first17 + checkCharacter(first17);
  } else {
    id = `${place.region}${1940 + (i % 60)}****${sequence}${i % 11 === 0 ? 'X' : i % 10}`;
  }
  const fen = 1_000 + ((i * 7919) % 900_000);
  const amount = fen % 100 === 0 ? String(fen / 100) : (fen / 100).toFixed(2);
  const village = `${NEW_SURNAMES[(i * 3) % NEW_SURNAMES.length]}庄村`;
  const year = 2018 + (i % 6);
  return {
    line: `${i},${name},${id},${place.county},${place.township},${village},${year},${amount}`,
    values: [i, name, i % 10 === 0 ? maskId(id) : id, place.county, place.township, village, year, fen],
  };
}

const newCsv = Buffer.from(['序号,姓名,身份证号,区县,乡镇,村庄,赔款年度,金额(元)', ...Array.from({ length: NEW_ROWS }, (_, i) => newRow(i + 1).line)].join('\n') + '\n');

interface NoticeOut {
  id: number;
  version: number;
  table: { rowCount: number; totals: { key: string; value: number }[] } | null;
}

/** Every row of the notice's table, walked page by page as a client would. */
async function allRows(running: Running, id: number): Promise<{ row: number; values: Cell[] }[]> {
  const rows: { row: number; values: Cell[] }[] = [];
  let cursor: string | null = null;
  do {
    const page: { body: { items: { row: number; values: Cell[] }[]; nextCursor: string | null } } = await call(
      running,
      'GET',
      `/notices/${id}/rows?limit=1000${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`,
    );
    rows.push(...page.body.items);
    cursor = page.body.nextCursor;
  } while (cursor);
  return rows;
}

/** Whether the rows are exactly the expected values at positions 1, 2, …; the first difference when not. */
function sameRows(rows: { row: number; values: Cell[] }[], expected: (i: number) => Cell[], count: number): string | null {
  if (rows.length !== count) return `${rows.length} rows, expected ${count}`;
  for (let i = 1; i <= count; i++) {
    const got = rows[i - 1]!;
    const want = expected(i);
    if (got.row !== i || JSON.stringify(got.values) !== JSON.stringify(want)) {
      return `row ${i}: got ${got.row} ${JSON.stringify(got.values)}, expected ${JSON.stringify(want)}`;
    }
  }
  return null;
}

let scratch: string;
const cleanups: (() => Promise<void>)[] = [];
beforeAll(async () => {
  scratch = await fs.mkdtemp(path.join(os.tmpdir(), 'newsroom-import-crash-'));
  expect(NEW_SURNAMES.some((s) => OLD_NAMES.some((n) => n.startsWith(s)))).toBe(false);
});
afterAll(async () => {
  for (const child of children) child.kill('SIGKILL');
  await Promise.all([...children].map(exited));
  for (const cleanup of cleanups) await cleanup();
  await fs.rm(scratch, { recursive: true, force: true });
});

describe('a SIGKILL in the middle of a 100,000-row table import', () => {
  interface Target {
    env: Record<string, string>;
    database: DatabaseTarget;
    /** PostgreSQL only: what the server's connections are doing (is a write transaction open?). */
    inFlight?: () => Promise<string>;
  }
  const targets: [string, () => Promise<Target>][] = [
    [
      'embedded PGlite',
      async () => {
        const dataDir = path.join(scratch, 'pglite-data');
        return { env: { DATA_DIR: dataDir }, database: { driver: 'pglite', dataDir: path.join(dataDir, 'pglite') } };
      },
    ],
  ];
  const serverUrl = process.env.TEST_DATABASE_URL;
  if (serverUrl) {
    targets.push([
      'PostgreSQL',
      async () => {
        const database = await createEmptyPostgresDatabase(serverUrl);
        cleanups.push(database.drop);
        const observer = new pg.Client({ connectionString: database.url });
        await observer.connect();
        cleanups.unshift(() => observer.end());
        return {
          env: { DATABASE_URL: database.url, DATA_DIR: path.join(scratch, 'pg-unused') },
          database: { driver: 'postgres', url: database.url, poolSize: 2 },
          inFlight: async () => {
            const { rows } = await observer.query<{ state: string; query: string }>(
              `select state, left(regexp_replace(query, '\\s+', ' ', 'g'), 60) as query from pg_stat_activity
               where datname = current_database() and pid <> pg_backend_pid() and xact_start is not null`,
            );
            return rows.map((r) => `${r.state}: ${r.query.trim()}`).join('; ');
          },
        };
      },
    ]);
  } else {
    console.log('import-crash.test: TEST_DATABASE_URL is not set, so the PostgreSQL case is not run here');
  }

  for (const [name, prepare] of targets) {
    it(`on ${name}: after a restart the table is the old one or the new one, never a mix`, { timeout: 240_000 }, async () => {
      const { env, database, inFlight } = await prepare();
      let running = await start(env);
      const outcomes: { killAfter: number | 'after-response'; responded: boolean; result: 'old' | 'new'; transaction?: string }[] = [];

      const plan = [...KILL_AFTER];
      for (let attempt = 0; attempt < plan.length; attempt++) {
        const killAfter = plan[attempt]!;
        const created = await call<NoticeOut>(running, 'POST', '/notices', {
          kind: 'payout_claim',
          title: `赔款认领公示（第${attempt + 1}次）`,
          issuer: '中华联合财产保险股份有限公司聊城中心支公司',
          issuedOn: '2024-04-10',
          claimDays: 30,
          rows: oldRows,
        });
        const id = created.body.id;
        const oldVersion = created.body.version;
        expect(created.body.table?.rowCount).toBe(oldRows.length);
        const oldStored = (await allRows(running, id)).map((r) => r.values);
        expect(oldStored.map((values) => values[1])).toEqual(OLD_NAMES);

        const requestId = `import-crash-${attempt}`;
        const logged = running.writing(requestId);
        const upload = fetch(`${running.baseUrl}/api/v1/notices/${id}/table`, {
          method: 'PUT',
          headers: { ...admin, 'content-type': 'text/csv', 'if-match': `"${oldVersion}"`, 'x-request-id': requestId },
          body: newCsv,
        }).then(
          async (response) => ({ status: response.status, text: await response.text() }),
          () => null,
        );
        const victim = running.child;
        let transaction: string | undefined;
        let lateMs: number | undefined;
        if (killAfter === 'after-response') {
          const response = await upload;
          expect(response?.status, response?.text.slice(0, 500)).toBe(200);
          victim.kill('SIGKILL');
        } else {
          // The upload failing before the log line (a 4xx) would leave the test waiting: race it.
          const first = await Promise.race([logged.then((late) => ((lateMs = late), 'logged' as const)), upload.then(() => 'answered' as const)]);
          if (first === 'answered') {
            const response = await upload;
            throw new Error(`the upload was answered before the write began: ${response?.status} ${response?.text.slice(0, 500)}\n${running.output()}`);
          }
          await new Promise((resolve) => setTimeout(resolve, killAfter));
          transaction = await inFlight?.();
          victim.kill('SIGKILL');
        }
        const response = await upload;
        await exited(victim);
        expect(victim.signalCode).toBe('SIGKILL');

        running = await start(env);
        const after = await call<NoticeOut>(running, 'GET', `/notices/${id}`);
        const rowCount = after.body.table?.rowCount;
        expect([oldRows.length, NEW_ROWS]).toContain(rowCount);
        const rows = await allRows(running, id);
        const result = rowCount === oldRows.length ? 'old' : 'new';
        if (result === 'old') {
          expect(sameRows(rows, (i) => oldStored[i - 1]!, oldRows.length)).toBeNull();
          expect(after.body.version).toBe(oldVersion);
          expect(after.body.table?.totals).toEqual(created.body.table?.totals);
        } else {
          expect(sameRows(rows, (i) => newRow(i).values, NEW_ROWS)).toBeNull();
          expect(after.body.version).toBe(oldVersion + 1);
          const total = Array.from({ length: NEW_ROWS }, (_, i) => newRow(i + 1).values[7] as number).reduce((a, b) => a + b, 0);
          expect(after.body.table?.totals).toEqual([expect.objectContaining({ key: 'amount', value: total })]);
        }
        // fetch asks for gzip/br: a compressed answer tags the version with its coding (plugins/compression.ts).
        expect(after.etag).toMatch(new RegExp(`^"${after.body.version}(?:-br|-gzip)?"$`));
        const revisions = await call<{ items: { version: number }[] }>(running, 'GET', `/notices/${id}/revisions`);
        expect(revisions.body.items.map((r) => r.version)).toEqual(Array.from({ length: after.body.version }, (_, i) => i + 1));
        // An acknowledged import is committed: the kill after its 200 must not lose it.
        if (response?.status === 200) expect(result).toBe('new');
        if (attempt === plan.length - 1 && !outcomes.some((o) => !o.responded) && response !== null && plan.length < KILL_AFTER.length + EXTRA_ATTEMPTS) {
          plan.push(0);
        }
        outcomes.push({ killAfter, responded: response !== null, result, ...(transaction !== undefined && { transaction }) });
        console.log(
          `import-crash.test on ${name}: SIGKILL ${typeof killAfter === 'number' ? `${killAfter} ms after "writing a notice table" (the line came ${lateMs} ms after it was logged)` : 'after the 200'}, ` +
            `${response ? `response ${response.status} arrived` : 'no response'}; after the restart the ${result} table (${rowCount} rows, version ${after.body.version})` +
            (transaction === undefined ? '' : `; open transactions at the kill: ${transaction || 'none'}`),
        );
      }

      // At least one kill must have landed before the import was answered, or the test proves nothing.
      expect(outcomes.some((o) => !o.responded)).toBe(true);
      // On PostgreSQL it can be seen: at least one kill found the import's transaction open.
      if (inFlight) expect(outcomes.some((o) => !o.responded && o.transaction?.includes('notice_rows'))).toBe(true);
      await stop(running);

      // The database itself: every table holds exactly the rows it counts, and no rows belong to no table.
      const handle = await openDatabase(database);
      try {
        const tables = rowsOf<{ id: number; row_count: number; stored: number }>(
          await handle.db.execute(sql`
            select t.id, t.row_count, (select count(*)::int from notice_rows r where r.table_id = t.id) as stored
            from notice_tables t order by t.id`),
        );
        expect(tables.length).toBeGreaterThanOrEqual(KILL_AFTER.length);
        for (const table of tables) expect(table.stored, `table ${table.id}`).toBe(table.row_count);
        const [orphans] = rowsOf<{ count: number }>(
          await handle.db.execute(sql`select count(*)::int as count from notice_rows r where not exists (select 1 from notice_tables t where t.id = r.table_id)`),
        );
        expect(orphans?.count).toBe(0);
      } finally {
        await handle.close();
      }
    });
  }
});
