// The soak test's checks, made once the traffic has stopped and every schedule has come due:
// what the driver was told it stored against what the API and the database hold.
import pg from 'pg';
import { contentOf, type Item, type Kind, type Newsroom } from './newsroom.js';
import type { Traffic } from './traffic.js';

/** One invariant and the evidence against it (empty when it held). */
export interface Verdict {
  name: string;
  failures: string[];
  /** Figures worth printing whether it held or not. */
  notes: string[];
}

const EVIDENCE = 15;
const key = (kind: string, id: number | string) => `${kind} ${id}`;

/** What the item must hold now, by the last write acknowledged and what the service does on its own since. */
function expectedNow(item: Item): { version: number; status: string; content: string; publications: number } | null {
  if (!item.acks.length) return null;
  const last = item.acks.reduce((a, b) => (b.version > a.version ? b : a));
  if (item.pool === 'scheduled') return { version: last.version + 1, status: 'published', content: last.content, publications: 1 };
  if (item.pool === 'released') return { version: last.version + item.releases + 1, status: 'published', content: last.content, publications: 1 };
  return { version: last.version, status: last.status, content: last.content, publications: 0 };
}

/**
 * (a) Every acknowledged write is stored: no two writes of one item were acknowledged as the
 * same version (a lost update), no stale If-Match was accepted, every acknowledged version's
 * revision holds what the write answered, and each item holds, through the API and in the
 * database, the last acknowledged write's content at the version it must have now.
 */
async function checkWrites(room: Newsroom, db: pg.Client, read: (kind: Kind, id: number) => Promise<Record<string, unknown> | null>): Promise<Verdict> {
  const failures: string[] = [...room.staleAccepted, ...room.unapplied];
  const revisions = new Map<string, { status: string; content: string }>();
  const { rows } = await db.query<{ entity: Kind; entity_id: number; version: number; status: string; snapshot: Record<string, unknown> }>(
    `select entity, entity_id, version, status, snapshot from revisions where entity in ('article', 'notice')`,
  );
  for (const r of rows) revisions.set(`${key(r.entity, r.entity_id)} v${r.version}`, { status: r.status, content: contentOf(r.entity, r.snapshot) });
  const stored = new Map<string, { version: number; status: string; title: string }>();
  const current = await db.query<{ kind: Kind; id: number; version: number; status: string; title: string }>(
    `select 'article' as kind, id, version, status, headline as title from articles union all select 'notice', id, version, status, title from notices`,
  );
  for (const r of current.rows) stored.set(key(r.kind, r.id), r);

  let acks = 0;
  for (const item of room.items) {
    const name = key(item.kind, item.id);
    const byVersion = new Map<number, string>();
    for (const ack of item.acks) {
      acks++;
      const earlier = byVersion.get(ack.version);
      if (earlier !== undefined) failures.push(`${name}: two writes acknowledged as version ${ack.version} (${earlier}; ${ack.what}): a lost update`);
      byVersion.set(ack.version, ack.what);
      const revision = revisions.get(`${name} v${ack.version}`);
      if (!revision) failures.push(`${name}: no revision of version ${ack.version}, which "${ack.what}" acknowledged`);
      else if (revision.content !== ack.content || revision.status !== ack.status) {
        failures.push(`${name} v${ack.version}: the revision holds ${revision.status} ${revision.content.slice(0, 120)}, "${ack.what}" answered ${ack.status} ${ack.content.slice(0, 120)}`);
      }
    }
    const expected = expectedNow(item);
    if (!expected) continue;
    const api = await read(item.kind, item.id);
    const row = stored.get(name);
    if (!api || !row) {
      failures.push(`${name}: ${api ? 'not in the database' : 'the API does not find it'}`);
      continue;
    }
    const content = contentOf(item.kind, api);
    if (api.version !== expected.version || api.status !== expected.status || content !== expected.content) {
      failures.push(
        `${name} (${item.pool}): the API holds v${String(api.version)} ${String(api.status)} ${content.slice(0, 120)}; ` +
          `expected v${expected.version} ${expected.status} ${expected.content.slice(0, 120)}`,
      );
    }
    if (row.version !== api.version || row.status !== api.status || row.title !== (item.kind === 'article' ? api.headline : api.title)) {
      failures.push(`${name}: the database holds v${row.version} ${row.status} "${row.title}", the API answered v${String(api.version)} ${String(api.status)}`);
    }
  }
  return {
    name: '(a) every acknowledged write is stored, no update lost',
    failures,
    notes: [`${room.items.length} items, ${acks} acknowledged writes, ${rows.length} revisions checked against them`],
  };
}

/**
 * (b) Every scheduled item is published exactly once (by one instance or the other), not before
 * its time, and is public on every instance afterwards; every released edition goes live once.
 */
async function checkPublication(room: Newsroom, db: pg.Client, logged: Map<string, number[]>, names: string[]): Promise<Verdict> {
  const failures: string[] = [...room.earlyReads.map((e) => `${e.what} answered 200 at ${e.readAt}, before its time ${e.publishAt}`), ...room.flapped];
  const { rows } = await db.query<{ entity: Kind; entity_id: string; n: number; early: number; late: number[] }>(
    `select entity, entity_id, count(*)::int as n,
            count(*) filter (where at < (details->>'publishAt')::timestamptz)::int as early,
            array_agg((details->>'lateMs')::int) as late
       from audit_events
      where action in ('article.publish', 'notice.publish') and details->>'scheduled' = 'true'
      group by entity, entity_id`,
  );
  const published = new Map(rows.map((r) => [key(r.entity, r.entity_id), r]));
  const late: number[] = [];
  let due = 0;
  for (const item of room.items) {
    const name = key(item.kind, item.id);
    const expected = expectedNow(item)?.publications ?? 0;
    const row = published.get(name);
    const count = row?.n ?? 0;
    if (expected) due++;
    if (count !== expected) failures.push(`${name} (${item.pool}): published by the publisher ${count} times, expected ${expected}`);
    if (row?.early) failures.push(`${name}: published before its publishAt`);
    if (row) late.push(...row.late);
    const byInstance = logged.get(name) ?? [];
    const logCount = byInstance.reduce((a, b) => a + b, 0);
    if (logCount !== count) failures.push(`${name}: the instances logged ${logCount} publications (${byInstance.join(' + ')}), the audit trail ${count}`);
  }
  for (const [name, row] of published) {
    if (!room.items.some((i) => key(i.kind, i.id) === name)) failures.push(`${name}: published ${row.n} times, but the driver never scheduled it`);
  }
  const lives = await db.query<{ entity_id: string; n: number }>(`select entity_id, count(*)::int as n from audit_events where action = 'edition.live' group by entity_id`);
  const live = new Map(lives.rows.map((r) => [r.entity_id, r.n]));
  const released = room.editions.filter((e) => e.releaseAt !== undefined);
  for (const edition of released) {
    if (live.get(edition.date) !== 1) failures.push(`edition ${edition.date}: went live ${live.get(edition.date) ?? 0} times, expected once`);
  }
  const byInstance = names.map((name, i) => `${name} ${[...logged.values()].reduce((sum, counts) => sum + (counts[i] ?? 0), 0)}`);
  late.sort((a, b) => a - b);
  const at = (p: number) => late[Math.min(late.length - 1, Math.ceil(p * late.length) - 1)] ?? NaN;
  return {
    name: '(b) every scheduled item published exactly once, on time, public on every instance',
    failures,
    notes: [
      `${due} items due (${room.items.filter((i) => i.pool === 'scheduled').length} scheduled on their own, ${room.items.filter((i) => i.pool === 'released').length} with ${released.length} released editions); ` +
        `publications by instance: ${byInstance.join(', ')}; lateness p50 ${at(0.5)} ms, p99 ${at(0.99)} ms, max ${late.at(-1) ?? NaN} ms`,
    ],
  };
}

/** Public reads, on every instance, of everything that must be public now. */
async function checkPublic(room: Newsroom, traffic: Traffic): Promise<string[]> {
  const failures: string[] = [];
  for (const item of room.items) {
    if (!expectedNow(item)?.publications) continue;
    for (const instance of room.instances) {
      const answer = await traffic.send('check.public', instance, 'GET', `/content/v1/${item.kind}s/${item.id}`, { expect: [200] });
      if (answer?.status !== 200) failures.push(`${key(item.kind, item.id)} is not public on ${instance.name}: ${answer?.status ?? 'no answer'}`);
    }
  }
  for (const edition of room.editions.filter((e) => e.releaseAt !== undefined)) {
    for (const instance of room.instances) {
      const answer = await traffic.send('check.public', instance, 'GET', `/content/v1/editions/${edition.date}`, { expect: [200] });
      if (answer?.status !== 200) failures.push(`edition ${edition.date} is not public on ${instance.name}: ${answer?.status ?? 'no answer'}`);
    }
  }
  return failures;
}

/** (c) No 5xx and no request failed below HTTP; (d) every answer was one its request allows. */
function checkAnswers(traffic: Traffic, driverErrors: string[]): Verdict[] {
  const surprises = traffic.surprises.map((s) => `${s.what}: ${s.status} ${s.detail.replace(/\s+/g, ' ').slice(0, 300)}`);
  return [
    {
      name: '(c) no 5xx, no request failed at the socket level',
      failures: traffic.serverErrors || traffic.socketFailures ? [`${traffic.serverErrors} answers 5xx, ${traffic.socketFailures} requests failed at the socket level`, ...surprises.filter((s) => / (5\d\d|socket) /.test(s))] : [],
      notes: [],
    },
    {
      name: '(d) every answer one its request allows (a driver that knows the state expects each status)',
      failures: [...driverErrors, ...(traffic.surpriseCount ? [`${traffic.surpriseCount} unexpected answers`, ...surprises] : [])],
      notes: [],
    },
  ];
}

/** Every check, in order; `logged` counts each instance's "published a scheduled item" lines by item. */
export async function checkInvariants(
  room: Newsroom,
  databaseUrl: string,
  logged: Map<string, number[]>,
  driverErrors: string[],
): Promise<Verdict[]> {
  const db = new pg.Client({ connectionString: databaseUrl });
  await db.connect();
  try {
    const [editor] = room.editors;
    let turn = 0;
    const read = async (kind: Kind, id: number) => {
      const instance = room.instances[turn++ % room.instances.length]!;
      const answer = await room.traffic.send('check.read', instance, 'GET', `/api/v1/${kind}s/${id}`, { token: editor!.token, expect: [200] });
      return answer?.status === 200 ? answer.json<Record<string, unknown>>() : null;
    };
    const writes = await checkWrites(room, db, read);
    const publication = await checkPublication(
      room,
      db,
      logged,
      room.instances.map((i) => i.name),
    );
    publication.failures.push(...(await checkPublic(room, room.traffic)));
    return [writes, publication, ...checkAnswers(room.traffic, driverErrors)].map((v) => ({ ...v, failures: v.failures.slice(0, EVIDENCE).concat(v.failures.length > EVIDENCE ? [`… and ${v.failures.length - EVIDENCE} more`] : []) }));
  } finally {
    await db.end();
  }
}
