import { and, eq, sql } from 'drizzle-orm';
import type { FastifyInstance } from 'fastify';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { buildApp } from '../src/app.js';
import { openDatabase, type DatabaseHandle } from '../src/db/client.js';
import { articles, auditEvents } from '../src/db/schema/index.js';
import { createArticlesService } from '../src/features/articles/service.js';
import { createUsersService } from '../src/features/users/service.js';
import type { Actor } from '../src/lib/actor.js';
import { createTestDatabase } from './helpers/database.js';

const config = { bodyLimit: 65_536, publicBaseUrl: 'http://newsroom.test' };
const cleanups: (() => Promise<void>)[] = [];
afterAll(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup();
});

async function editorOn(database: DatabaseHandle): Promise<Actor> {
  const { user } = await createUsersService({ db: database.db }).createWithToken(
    { login: `desk${Math.random().toString(36).slice(2, 8)}`, name: '值班编辑', role: 'editor' },
    'test',
  );
  return { userId: user.id, login: user.login, role: 'editor', tokenId: 0, requestId: 'test' };
}

/** Files articles and moves them to edited, ready to schedule; returns their ids and versions. */
async function editedArticles(database: DatabaseHandle, actor: Actor, count: number): Promise<{ id: number; version: number }[]> {
  const service = createArticlesService({ db: database.db });
  const out: { id: number; version: number }[] = [];
  for (let i = 0; i < count; i++) {
    const filed = await service.create(actor, { headline: `定时稿件 ${i}`, body: `第${i}篇。` });
    const submitted = await service.changeStatus(actor, filed.id, filed.version, { status: 'submitted' });
    const edited = await service.changeStatus(actor, filed.id, submitted.version, { status: 'edited' });
    out.push({ id: filed.id, version: edited.version });
  }
  return out;
}

async function schedule(database: DatabaseHandle, actor: Actor, items: { id: number; version: number }[], times: Date[]): Promise<number[]> {
  const service = createArticlesService({ db: database.db });
  for (const [i, item] of items.entries()) {
    await service.changeStatus(actor, item.id, item.version, { status: 'scheduled', publishAt: times[i]!.toISOString() });
  }
  return items.map((item) => item.id);
}

async function scheduleArticles(database: DatabaseHandle, actor: Actor, times: Date[]): Promise<number[]> {
  return schedule(database, actor, await editedArticles(database, actor, times.length), times);
}

/** Publish audit events per article, with the lateness each recorded. */
async function publications(database: DatabaseHandle) {
  const rows = await database.db
    .select({ entityId: auditEvents.entityId, details: auditEvents.details })
    .from(auditEvents)
    .where(and(eq(auditEvents.action, 'article.publish'), sql`${auditEvents.details}->>'scheduled' = 'true'`));
  return rows.map((r) => ({ id: Number(r.entityId), lateMs: Number(r.details?.lateMs) }));
}

describe('scheduled publication', () => {
  it('publishes a scheduled article at its time, and not before: the public API shows nothing early', async () => {
    const database = await createTestDatabase();
    const app = await buildApp({ config, database, publisher: { intervalMs: 100 } });
    await app.ready();
    cleanups.push(() => app.close());
    const actor = await editorOn(database);
    const at = new Date(Date.now() + 1500);
    const [id] = await scheduleArticles(database, actor, [at]);

    expect((await app.inject({ url: `/content/v1/articles/${id}` })).statusCode).toBe(404);
    const list = await app.inject({ url: '/content/v1/articles' });
    expect(list.json().items).toEqual([]);

    await vi.waitFor(async () => expect((await app.inject({ url: `/content/v1/articles/${id}` })).statusCode).toBe(200), { timeout: 20_000, interval: 100 });
    expect(Date.now()).toBeGreaterThanOrEqual(at.getTime());
    const [row] = await database.db.select().from(articles).where(eq(articles.id, id!));
    expect(row!.status).toBe('published');
    // The publisher's own clock: published within a second of the time set.
    expect(row!.publishedAt!.getTime()).toBeGreaterThanOrEqual(at.getTime());
    expect(row!.publishedAt!.getTime() - at.getTime()).toBeLessThan(1000);
    expect(await publications(database)).toEqual([{ id, lateMs: expect.any(Number) }]);
  });

  it('publishes the edited text of a scheduled article at its time, once; a schedule an editor takes back is not published', async () => {
    const database = await createTestDatabase();
    const app = await buildApp({ config, database, publisher: { intervalMs: 100 } });
    await app.ready();
    cleanups.push(() => app.close());
    const actor = await editorOn(database);
    const at = new Date(Date.now() + 3000);
    const [editedId, takenBackId] = await scheduleArticles(database, actor, [at, at]);
    const service = createArticlesService({ db: database.db });

    const current = await service.get(editedId!);
    const edited = await service.update(actor, editedId!, current.version, { headline: '改过的标题' });
    expect(edited).toMatchObject({ status: 'scheduled', publishAt: current.publishAt, stillScheduled: { publishAt: current.publishAt, version: current.version + 1 } });

    const other = await service.get(takenBackId!);
    await service.changeStatus(actor, takenBackId!, other.version, { status: 'edited' });

    expect(Date.now()).toBeLessThan(at.getTime());
    await vi.waitFor(async () => expect((await app.inject({ url: `/content/v1/articles/${editedId}` })).statusCode).toBe(200), { timeout: 20_000, interval: 100 });
    expect(Date.now()).toBeGreaterThanOrEqual(at.getTime());
    expect((await app.inject({ url: `/content/v1/articles/${editedId}` })).json()).toMatchObject({ headline: '改过的标题' });
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect((await service.get(takenBackId!)).status).toBe('edited');
    expect((await app.inject({ url: `/content/v1/articles/${takenBackId}` })).statusCode).toBe(404);
    expect((await publications(database)).map((p) => p.id)).toEqual([editedId]);
  });

  const serverUrl = process.env.TEST_DATABASE_URL;
  const instances = serverUrl ? 2 : 1;
  if (!serverUrl) console.log('publisher.test: TEST_DATABASE_URL is not set, so the 200 articles run on one embedded instance instead of two PostgreSQL instances');

  it(`publishes 200 articles due within a few seconds exactly once each, none more than 2 s late, with ${instances} instance(s)`, async () => {
    const database = await createTestDatabase();
    const handles: DatabaseHandle[] = [database];
    if (serverUrl) {
      const second = await openDatabase({ driver: 'postgres', url: database.url!, poolSize: 5 });
      handles.push(second);
    }
    const actor = await editorOn(database);
    const preparing = Date.now();
    const ready = await editedArticles(database, actor, 200);
    // Due within three seconds, starting after scheduling them all and starting the instances has
    // surely finished: scheduling is a third of the moves just made, however busy the machine.
    const start = Date.now() + Math.max(10_000, 2 * (Date.now() - preparing));
    const times = Array.from({ length: 200 }, (_, i) => new Date(start + i * 15));
    const ids = await schedule(database, actor, ready, times);
    expect(Date.now()).toBeLessThan(start);

    const apps: FastifyInstance[] = [];
    for (const handle of handles) {
      const app = await buildApp({ config, database: handle, publisher: { intervalMs: 200 } });
      await app.ready();
      apps.push(app);
    }
    cleanups.push(async () => {
      // The first app owns the test database and drops it on close: the other one goes first.
      for (const app of [...apps].reverse()) await app.close();
    });

    await vi.waitFor(async () => expect((await publications(database)).length).toBeGreaterThanOrEqual(ids.length), { timeout: 60_000, interval: 100 });
    // Give a double publication, if there were one, the time to happen.
    await new Promise((resolve) => setTimeout(resolve, 500));
    const published = await publications(database);
    expect(published.map((p) => p.id).sort((a, b) => a - b)).toEqual([...ids].sort((a, b) => a - b));
    const worst = Math.max(...published.map((p) => p.lateMs));
    console.log(`publisher.test: ${published.length} published by ${instances} instance(s); latest ${worst} ms after its time`);
    expect(worst).toBeLessThanOrEqual(2000);
    const statuses = await database.db.select({ status: articles.status, n: sql<number>`count(*)::int` }).from(articles).groupBy(articles.status);
    expect(statuses).toEqual([{ status: 'published', n: 200 }]);
  });
});
