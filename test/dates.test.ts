import { eq, inArray } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { articles, auditEvents, notices } from '../src/db/schema/index.js';
import { createTestApp, type TestApp } from './helpers/app.js';
import { editionsClient, type ArticleRef } from './helpers/editions.js';
import { ifMatch } from './helpers/notices.js';
import { expectProblem } from './helpers/problem.js';

/**
 * Dates and times read in the paper's time zone (`TIME_ZONE`): plain-date filters, schedule
 * times without an offset, and the times a web page prints. Each case runs in Asia/Shanghai
 * (the default) and, where the zone changes the answer, in America/New_York.
 */

const DAY_MS = 86_400_000;
/** 2025-03-10 00:30 in Shanghai, 2025-03-09 12:30 in New York (summer time began that morning). */
const SHANGHAI_TEN_PAST_MIDNIGHT = '2025-03-09T16:30:00.000Z';
/** 2025-03-09 23:30 in Shanghai. */
const SHANGHAI_BEFORE_MIDNIGHT = '2025-03-09T15:30:00.000Z';

let shanghai: TestApp;
let newYork: TestApp;

beforeAll(async () => {
  [shanghai, newYork] = await Promise.all([createTestApp(), createTestApp({ timeZone: 'America/New_York' })]);
});
afterAll(async () => Promise.all([shanghai?.close(), newYork?.close()]));

/** A wall-clock time `ms` from now, written without an offset: 2026-12-08T10:00:00. */
const wallClock = (ms: number) => new Date(Date.now() + ms).toISOString().slice(0, 19);
const ahead = (ms: number) => new Date(Date.now() + ms).toISOString();

async function articleUpdatedAt(t: TestApp, updatedAt: string): Promise<number> {
  const article = await editionsClient(t).fileArticle({ headline: `稿件 ${updatedAt}` });
  await t.database.db.update(articles).set({ updatedAt: new Date(updatedAt) }).where(eq(articles.id, article.id));
  return article.id;
}

async function listedIds(t: TestApp, url: string, token: string | null = 'editor'): Promise<number[]> {
  const res = await t.request(token, { url });
  expect(res.statusCode, res.body).toBe(200);
  return res.json<{ items: { id: number }[] }>().items.map((i) => i.id);
}

describe('plain-date filters', () => {
  it('take ?updatedSince=YYYY-MM-DD on articles as that day’s 00:00 in the paper’s zone', async () => {
    const after = await articleUpdatedAt(shanghai, SHANGHAI_TEN_PAST_MIDNIGHT);
    const before = await articleUpdatedAt(shanghai, SHANGHAI_BEFORE_MIDNIGHT);
    const mine = (ids: number[]) => ids.filter((id) => id === after || id === before);

    expect(mine(await listedIds(shanghai, '/api/v1/articles?updatedSince=2025-03-10&limit=200'))).toEqual([after]);
    expect(mine(await listedIds(shanghai, '/api/v1/articles?updatedSince=2025-03-09&limit=200')).sort()).toEqual([after, before].sort());
    // A date-time with offset is still the instant it names.
    expect(mine(await listedIds(shanghai, `/api/v1/articles?updatedSince=${encodeURIComponent('2025-03-09T23:45:00+08:00')}&limit=200`))).toEqual([after]);
  });

  it('read the day in the configured zone, not in Shanghai', async () => {
    const sameInstant = await articleUpdatedAt(newYork, SHANGHAI_TEN_PAST_MIDNIGHT);
    // 16:30Z is 2025-03-09 in New York: on or after the 9th, not the 10th.
    expect(await listedIds(newYork, '/api/v1/articles?updatedSince=2025-03-10&limit=200')).not.toContain(sameInstant);
    expect(await listedIds(newYork, '/api/v1/articles?updatedSince=2025-03-09&limit=200')).toContain(sameInstant);
  });

  it('refuse a day that does not exist, and words, with a 400 naming the parameter and saying a day will do', async () => {
    for (const bad of ['2025-02-30', 'yesterday', '2025-3-9']) {
      const problem = expectProblem(await shanghai.request('editor', { url: `/api/v1/articles?updatedSince=${bad}` }), 400, 'validation-failed');
      expect(problem.errors).toEqual([{ in: 'query', pointer: '/updatedSince', message: expect.stringContaining('YYYY-MM-DD') }]);
    }
  });

  it('take from/to days on the public article list, the `to` day included up to its last instant', async () => {
    const api = editionsClient(shanghai);
    const at = ['2025-03-09T15:59:59.999Z', '2025-03-09T16:00:00.000Z', '2025-03-10T15:59:59.999Z', '2025-03-10T16:00:00.000Z'];
    const ids: number[] = [];
    for (const publishedAt of at) {
      const article = await api.articleIn('published', { headline: `见报 ${publishedAt}` });
      await shanghai.database.db.update(articles).set({ publishedAt: new Date(publishedAt) }).where(eq(articles.id, article.id));
      ids.push(article.id);
    }
    // Newest first: the last instant of the 10th in Shanghai, then its first.
    expect(await listedIds(shanghai, '/content/v1/articles?from=2025-03-10&to=2025-03-10', null)).toEqual([ids[2], ids[1]]);
    expect(await listedIds(shanghai, `/content/v1/articles?from=${encodeURIComponent('2025-03-10T00:00:00+08:00')}&to=2025-03-10`, null)).toEqual([ids[2], ids[1]]);
    expect(await listedIds(shanghai, '/content/v1/articles?to=2025-03-09', null)).toEqual([ids[0]]);
  });

  it('take updatedSince on notices, and from/to on the public notice list', async () => {
    const api = editionsClient(shanghai);
    const notice = await api.seedNotice('published');
    await shanghai.database.db
      .update(notices)
      .set({ updatedAt: new Date(SHANGHAI_TEN_PAST_MIDNIGHT), publishedAt: new Date(SHANGHAI_TEN_PAST_MIDNIGHT) })
      .where(eq(notices.id, notice.id));
    expect(await listedIds(shanghai, '/api/v1/notices?updatedSince=2025-03-10&limit=200')).toContain(notice.id);
    expect(await listedIds(shanghai, '/api/v1/notices?updatedSince=2025-03-11&limit=200')).not.toContain(notice.id);
    expect(await listedIds(shanghai, '/content/v1/notices?from=2025-03-10&to=2025-03-10', null)).toEqual([notice.id]);
    expect(await listedIds(shanghai, '/content/v1/notices?to=2025-03-09', null)).toEqual([]);
  });

  it('take from/to on the audit trail', async () => {
    const article = await editionsClient(shanghai).fileArticle({ headline: '审计' });
    await shanghai.database.db
      .update(auditEvents)
      .set({ at: new Date(SHANGHAI_TEN_PAST_MIDNIGHT) })
      .where(inArray(auditEvents.entityId, [String(article.id)]));
    const events = (query: string) => listedIds(shanghai, `/api/v1/audit?entity=article&entityId=${article.id}&${query}`, 'admin');
    expect(await events('from=2025-03-10&to=2025-03-10')).toHaveLength(1);
    expect(await events('from=2025-03-11')).toHaveLength(0);
    expect(await events('to=2025-03-09')).toHaveLength(0);
  });
});

describe('a window whose from is after its to', () => {
  it.each([
    ['/content/v1/articles?from=2026-12-08&to=2026-12-07', null],
    ['/content/v1/notices?from=2026-12-08T00:00:00%2B08:00&to=2026-12-07', null],
    ['/content/v1/editions?from=2026-12-08&to=2026-12-07', null],
    ['/api/v1/editions?from=2026-12-08&to=2026-12-07', 'editor'],
    ['/api/v1/audit?from=2026-12-08&to=2026-12-07', 'admin'],
  ])('is a 400 saying so, not an empty list: %s', async (url, token) => {
    const problem = expectProblem(await shanghai.request(token, { url }), 400, 'validation-failed');
    expect(problem.errors).toEqual([expect.objectContaining({ in: 'query', pointer: '/from', message: 'is after to' })]);
  });

  it('takes one day as from and to: that whole day', async () => {
    expect((await shanghai.request(null, { url: '/content/v1/articles?from=2026-12-07&to=2026-12-07' })).statusCode).toBe(200);
  });
});

describe('schedule times', () => {
  const schedule = (t: TestApp, article: ArticleRef, publishAt: string) =>
    t.request('editor', { method: 'POST', url: `/api/v1/articles/${article.id}/status`, headers: ifMatch(article.version), payload: { status: 'scheduled', publishAt } });

  it('refuse a publishAt without an offset, saying to add the paper’s offset (+08:00)', async () => {
    const article = await editionsClient(shanghai).articleIn('edited');
    const wall = wallClock(DAY_MS);
    const problem = expectProblem(await schedule(shanghai, article, wall), 400, 'validation-failed');
    expect(problem.errors).toEqual([{ pointer: '/publishAt', message: expect.stringContaining('+08:00') }]);
    expect(problem.detail).toContain(`${wall}+08:00`);
    expect(problem.detail).toContain('offset');
  });

  it('refuse a date alone the same way', async () => {
    const article = await editionsClient(shanghai).articleIn('edited');
    const problem = expectProblem(await schedule(shanghai, article, wallClock(DAY_MS).slice(0, 10)), 400, 'validation-failed');
    expect(problem.errors).toEqual([{ pointer: '/publishAt', message: expect.stringMatching(/date alone.*\+08:00/) }]);
  });

  it('name the configured zone’s offset, not Shanghai’s', async () => {
    const article = await editionsClient(newYork).articleIn('edited');
    const problem = expectProblem(await schedule(newYork, article, wallClock(DAY_MS)), 400, 'validation-failed');
    expect(problem.detail).toMatch(/-0[45]:00/);
    expect(problem.detail).toContain('America/New_York');
    expect(problem.detail).not.toContain('+08:00');
  });

  it('refuse a publishAt more than a year ahead (year 9999 included), and take one inside the year', async () => {
    const api = editionsClient(shanghai);
    const article = await api.articleIn('edited');
    for (const far of ['9999-12-31T00:00:00+08:00', ahead(400 * DAY_MS)]) {
      const problem = expectProblem(await schedule(shanghai, article, far), 422, 'unprocessable');
      expect(problem.errors).toEqual([{ pointer: '/publishAt', message: expect.stringContaining('more than a year ahead') }]);
    }
    const res = await schedule(shanghai, article, ahead(300 * DAY_MS));
    expect(res.statusCode, res.body).toBe(200);
  });

  it('hold for notices too', async () => {
    const api = editionsClient(shanghai);
    const notice = await api.seedNotice('edited');
    const move = (publishAt: string) => api.notices.move(notice.id, notice.version, 'scheduled', 'editor', publishAt);
    const problem = expectProblem(await move(wallClock(DAY_MS)), 400, 'validation-failed');
    expect(problem.errors).toEqual([{ pointer: '/publishAt', message: expect.stringContaining('+08:00') }]);
    expectProblem(await move('9999-01-01T00:00:00Z'), 422, 'unprocessable');
  });

  it('hold for an edition’s release time', async () => {
    const api = editionsClient(shanghai);
    const date = '2030-06-01';
    await api.createEdition(date, 20300601);
    await api.putPageOk(date, 'A01', { name: '要闻', grid: 'broadsheet-8', items: [{ kind: 'article', id: (await api.articleIn('edited')).id }] });
    const noOffset = expectProblem(await api.release(date, { at: wallClock(DAY_MS) }), 400, 'validation-failed');
    expect(noOffset.errors).toEqual([{ pointer: '/at', message: expect.stringContaining('+08:00') }]);
    const twoYears = expectProblem(await api.release(date, { at: ahead(2 * 365 * DAY_MS) }), 422, 'unprocessable');
    expect(twoYears.errors).toEqual([{ pointer: '/at', message: expect.stringContaining('more than a year ahead') }]);
    expect((await shanghai.request('editor', { url: `/api/v1/editions/${date}` })).json()).toMatchObject({ status: 'planning', releaseAt: null });
  });
});

describe('printed times', () => {
  async function pageOfPublished(t: TestApp): Promise<string> {
    const article = await editionsClient(t).articleIn('published', { headline: '时间' });
    const at = new Date(SHANGHAI_TEN_PAST_MIDNIGHT);
    await t.database.db.update(articles).set({ publishedAt: at, updatedAt: at }).where(eq(articles.id, article.id));
    const res = await t.request(null, { url: `/articles/${article.id}` });
    expect(res.statusCode, res.body).toBe(200);
    return res.body;
  }

  it('show an article’s time in the paper’s zone', async () => {
    expect(await pageOfPublished(shanghai)).toContain('2025年3月10日 00:30');
    const american = await pageOfPublished(newYork);
    expect(american).toContain('2025年3月9日 12:30');
    expect(american).not.toContain('2025年3月10日 00:30');
  });
});

describe('today', () => {
  /** Today in `timeZone`, read by Intl directly (en-CA writes YYYY-MM-DD). */
  const todayThere = (timeZone: string) => new Intl.DateTimeFormat('en-CA', { timeZone }).format(new Date());

  it('dates an undated imported notice today in the paper’s zone', async () => {
    // Kiritimati (+14) and Pago Pago (−11) are 25 hours apart: never on the same day, so a zone
    // read anywhere but in the configuration gets one of them wrong.
    const apps = await Promise.all(['Pacific/Kiritimati', 'Pacific/Pago_Pago'].map((timeZone) => createTestApp({ timeZone })));
    try {
      const days = [];
      for (const [i, t] of apps.entries()) {
        const res = await t.request('editor', {
          method: 'POST',
          url: '/api/v1/imports/page',
          headers: { 'content-type': 'text/markdown; charset=utf-8' },
          payload: ['## 领取通知', '', '请于10日内领取。联系电话：0635-1234567。'].join('\n'),
        });
        expect(res.statusCode, res.body).toBe(201);
        const zone = i === 0 ? 'Pacific/Kiritimati' : 'Pacific/Pago_Pago';
        const issuedOn = res.json<{ notices: { issuedOn: string }[] }>().notices[0]!.issuedOn;
        expect(issuedOn).toBe(todayThere(zone));
        days.push(issuedOn);
      }
      expect(days[0]).not.toBe(days[1]);
    } finally {
      await Promise.all(apps.map((t) => t.close()));
    }
  });
});
