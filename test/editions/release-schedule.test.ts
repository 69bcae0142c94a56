import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/app.js';
import { openDatabase } from '../../src/db/client.js';
import { testAppOver, type TestApp } from '../helpers/app.js';
import { createTestDatabase } from '../helpers/database.js';
import { editionsClient, SEED_DATE, SEED_STORIES, type PublicEditionJson, type ReleaseJson } from '../helpers/editions.js';

/**
 * Acceptance: a release whose `at` is five seconds ahead shows nothing public until then, and
 * everything public within a second after, with two service instances running. Instance B
 * hears of the publication only through PostgreSQL NOTIFY, so both are polled.
 */

const config = { bodyLimit: 65_536, publicBaseUrl: 'http://newsroom.test' };
/** The server's default publisher interval. */
const PUBLISHER_MS = 200;
const LEAD_MS = 5_000;
/** The acceptance bound: everything public no later than this after `at`. */
const BOUND_MS = 1_000;
const POLL_MS = 50;
/** How long after `at` to keep polling for a late item, so the figure is measured even when over the bound. */
const GIVE_UP_MS = 10_000;
/** Polling goes on this long after everything is public, to catch anything going back to hidden. */
const SETTLE_MS = 500;

const serverUrl = process.env.TEST_DATABASE_URL;
const INSTANCES = serverUrl ? 2 : 1;
if (!serverUrl) {
  console.log(
    'release-schedule.test: TEST_DATABASE_URL is not set, so the release runs on one embedded PGlite instance; ' +
      'two instances need a shared PostgreSQL database',
  );
}

const apps: FastifyInstance[] = [];
afterAll(async () => {
  // The first app owns the test database and drops it on close: the others go first.
  for (const app of [...apps].reverse()) await app.close();
});

type State = 'hidden' | 'partial' | 'public' | 'wrong';

interface Probe {
  name: string;
  url: string;
  classify(res: LightMyRequestResponse): State;
}

interface Observation {
  instance: string;
  probe: string;
  sent: number;
  received: number;
  state: State;
  status: number;
  body: string;
}

describe(`an edition released for five seconds ahead, with ${INSTANCES} instance(s) running the publisher`, () => {
  const instances: { name: string; app: FastifyInstance }[] = [];
  let a: TestApp;

  beforeAll(async () => {
    const database = await createTestDatabase();
    const first = await buildApp({ config, database, publisher: { intervalMs: PUBLISHER_MS } });
    apps.push(first);
    await first.ready();
    instances.push({ name: 'A', app: first });
    if (serverUrl) {
      const handle = await openDatabase({ driver: 'postgres', url: database.url!, poolSize: 5 });
      const second = await buildApp({ config, database: handle, publisher: { intervalMs: PUBLISHER_MS } }).catch(async (err: unknown) => {
        await handle.close();
        throw err;
      });
      apps.push(second);
      await second.ready();
      instances.push({ name: 'B', app: second });
    }
    // The apps are closed in afterAll, in the order the shared database needs.
    a = await testAppOver(first, database, async () => {});
  }, 60_000);

  it('shows nothing public before `at`, and the edition, its list, both stories and the notice on every instance within a second after', async () => {
    const api = editionsClient(a);
    await api.createEdition(SEED_DATE, 9876);
    const first = await api.articleIn('edited', { ...SEED_STORIES[0] });
    const second = await api.articleIn('edited', { ...SEED_STORIES[1] });
    const notice = await api.seedNotice('edited');
    const items = [
      { kind: 'article', id: first.id },
      { kind: 'article', id: second.id },
      { kind: 'notice', id: notice.id },
    ];
    await api.putPageOk(SEED_DATE, 'A03', { name: '聊城新闻', grid: 'broadsheet-8', items });

    const found = (res: LightMyRequestResponse, id: number): State =>
      res.statusCode === 404 ? 'hidden' : res.statusCode === 200 && res.json<{ id: number }>().id === id ? 'public' : 'wrong';
    const probes: Probe[] = [
      {
        name: 'edition',
        url: `/content/v1/editions/${SEED_DATE}`,
        classify(res) {
          if (res.statusCode === 404) return 'hidden';
          if (res.statusCode !== 200) return 'wrong';
          const shown = res.json<PublicEditionJson>().pages.flatMap((p) => p.items.map((i) => ({ kind: i.kind, id: i.id })));
          // Public, but listing fewer than its three items: the items' publication has not reached this instance yet.
          return JSON.stringify(shown) === JSON.stringify(items) ? 'public' : 'partial';
        },
      },
      {
        name: 'list',
        url: '/content/v1/editions',
        classify(res) {
          if (res.statusCode !== 200) return 'wrong';
          const listed = res.json<{ items: { date: string; pageCount: number }[] }>().items;
          if (listed.length === 0) return 'hidden';
          return listed.length === 1 && listed[0]!.date === SEED_DATE && listed[0]!.pageCount === 1 ? 'public' : 'wrong';
        },
      },
      { name: `article ${first.id}`, url: `/content/v1/articles/${first.id}`, classify: (res) => found(res, first.id) },
      { name: `article ${second.id}`, url: `/content/v1/articles/${second.id}`, classify: (res) => found(res, second.id) },
      { name: `notice ${notice.id}`, url: `/content/v1/notices/${notice.id}`, classify: (res) => found(res, notice.id) },
    ];

    const observations: Observation[] = [];
    const key = (instance: string, probe: string) => `${instance} ${probe}`;
    const publicAfter = new Map<string, number>();
    let at: number | undefined;

    async function round(): Promise<void> {
      await Promise.all(
        instances.flatMap(({ name, app }) =>
          probes.map(async (probe) => {
            const sent = Date.now();
            const res = await app.inject({ url: probe.url });
            const received = Date.now();
            const state = probe.classify(res);
            observations.push({ instance: name, probe: probe.name, sent, received, state, status: res.statusCode, body: res.body.slice(0, 300) });
            if (at !== undefined && received >= at && state === 'public' && !publicAfter.has(key(name, probe.name))) {
              publicAfter.set(key(name, probe.name), received);
            }
          }),
        ),
      );
    }

    // Every instance has answered each route once before the release: the empty public list is in their caches.
    await round();
    expect(observations.map((o) => `${key(o.instance, o.probe)}: ${o.state}`).sort()).toEqual(
      instances.flatMap(({ name }) => probes.map((p) => `${key(name, p.name)}: hidden`)).sort(),
    );

    const total = instances.length * probes.length;
    let settledAt: number | undefined;
    const polling = (async () => {
      for (;;) {
        const started = Date.now();
        await round();
        const now = Date.now();
        if (at !== undefined) {
          if (publicAfter.size === total) settledAt ??= now;
          if ((settledAt !== undefined && now - settledAt >= SETTLE_MS) || now > at + GIVE_UP_MS) return;
        }
        await new Promise((resolve) => setTimeout(resolve, Math.max(0, started + POLL_MS - Date.now())));
      }
    })();

    let released: LightMyRequestResponse;
    try {
      const releaseAt = Date.now() + LEAD_MS;
      at = releaseAt;
      released = await api.release(SEED_DATE, { at: new Date(releaseAt).toISOString() });
    } catch (err) {
      at = Date.now() - GIVE_UP_MS;
      await polling;
      throw err;
    }
    const answeredBefore = at - Date.now();
    await polling;

    expect(released.statusCode, released.body).toBe(200);
    const result = released.json<ReleaseJson>();
    expect(result.releaseAt).toBe(new Date(at).toISOString());
    expect(result.scheduled.map((r) => [r.kind, r.id, r.page, r.status])).toEqual(items.map((i) => [i.kind, i.id, 'A03', 'scheduled']));
    expect(result).toMatchObject({ kept: [], published: [], skipped: [], edition: { status: 'released', public: false } });

    // Nothing public until `at`: no answer received before it showed anything.
    const early = observations.filter((o) => o.received < at! && o.state !== 'hidden');
    // Nothing answered wrongly at any time (an error, another item), and nothing went hidden again once public.
    const wrong = observations.filter((o) => o.state === 'wrong');
    const relapsed = observations.filter((o) => {
      const since = publicAfter.get(key(o.instance, o.probe));
      return since !== undefined && o.received > since && o.state !== 'public';
    });

    const lateness = new Map<string, number | undefined>();
    for (const { name } of instances) {
      for (const probe of probes) {
        const seen = publicAfter.get(key(name, probe.name));
        lateness.set(key(name, probe.name), seen === undefined ? undefined : seen - at);
      }
    }
    const latest = (instance: string) => {
      const figures = probes.map((p) => lateness.get(key(instance, p.name)));
      return figures.includes(undefined) ? `not all public by at+${GIVE_UP_MS} ms` : `at+${Math.max(...(figures as number[]))} ms`;
    };
    const answers = observations.filter((o) => o.received >= at!).length;
    // The edition waits for its items (claimDueEditions): it is never public listing fewer than its three.
    const incomplete = instances.map(({ name }) => {
      const seen = observations.filter((o) => o.instance === name && o.probe === 'edition' && o.state === 'partial').map((o) => o.received - at!);
      return seen.length ? `${name} at+${Math.min(...seen)}..${Math.max(...seen)} ms` : `${name} never`;
    });
    console.log(
      `release-schedule.test: ${instances.length} instance(s) on ${serverUrl ? 'PostgreSQL' : 'PGlite'}, publisher every ${PUBLISHER_MS} ms; ` +
        `release answered ${answeredBefore} ms before at; everything public ${instances.map((i) => `${latest(i.name)} on ${i.name}`).join(', ')} ` +
        `(${answers} answers after at; per route: ${[...lateness].map(([k, v]) => `${k} ${v ?? '-'}`).join(', ')}; ` +
        `edition shown with fewer than its ${items.length} items: ${incomplete.join(', ')})`,
    );

    expect(early, 'shown before the release time').toEqual([]);
    expect(wrong, 'wrong answers').toEqual([]);
    expect(relapsed, 'hidden again after being public').toEqual([]);
    expect(
      observations.filter((o) => o.state === 'partial'),
      'the edition public with items missing',
    ).toEqual([]);
    for (const [route, late] of lateness) {
      expect(late, `${route}: public this long after at`).toBeDefined();
      expect(late!, `${route}: public this long after at`).toBeLessThanOrEqual(BOUND_MS);
    }
  }, 60_000);
});
