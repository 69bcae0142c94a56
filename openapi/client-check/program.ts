// A small client of the newsroom API, written as a front-end developer would: against types that
// openapi-typescript generates from the committed openapi/openapi.json (into ./generated, never
// committed), through openapi-fetch. It files a story, moves it through the workflow to
// scheduled with If-Match on every write, reads it back and places it on a page of the day's
// edition. The document's named schemas are types by the same names (`Article`, `Page`…): this
// file uses them, so the check fails when one goes missing. `npm run client:check` generates the
// types, type-checks this file against them and runs it against a live service.
import createClient from 'openapi-fetch';
import type { Article, Edition, Notice, Page, paths, Problem } from './generated/newsroom.js';

export interface Outcome {
  id: number;
  status: string;
  version: number;
  headline: string;
  publishAt: string | null;
  /** The edition's date and the page's label, as `2026-12-08 A01`. */
  placedOn: string;
  /** How many notices the newsroom holds. */
  notices: number;
}

/** Throws with the problem the service answered, so a failure says what went wrong. */
function expectOk<T>(step: string, result: { data?: T; error?: Problem; response: Response }): T {
  if (result.data === undefined) {
    throw new Error(`${step}: ${result.response.status} ${JSON.stringify(result.error)}`);
  }
  return result.data;
}

const ifMatch = (version: number) => `"${version}"`;

/** Files, edits and schedules an article as the editor whose token is given, and reads it back. */
export async function fileScheduleAndRead(baseUrl: string, token: string, publishAt: string): Promise<Outcome> {
  const client = createClient<paths>({ baseUrl, headers: { authorization: `Bearer ${token}` } });

  const filed = expectOk(
    'file',
    await client.POST('/api/v1/articles', {
      body: { headline: '聊城市小麦一喷三防工作启动', kicker: '夏粮丰收', body: '记者从市农业农村局获悉，全市小麦“一喷三防”工作全面启动。' },
    }),
  );
  const submitted = expectOk(
    'submit',
    await client.POST('/api/v1/articles/{id}/status', {
      params: { path: { id: filed.id }, header: { 'if-match': ifMatch(filed.version) } },
      body: { status: 'submitted' },
    }),
  );
  const edited = expectOk(
    'edit',
    await client.POST('/api/v1/articles/{id}/status', {
      params: { path: { id: filed.id }, header: { 'if-match': ifMatch(submitted.version) } },
      body: { status: 'edited' },
    }),
  );
  const retitled = expectOk(
    'retitle',
    await client.PATCH('/api/v1/articles/{id}', {
      params: { path: { id: filed.id }, header: { 'if-match': ifMatch(edited.version) } },
      body: { headline: '聊城市全面启动小麦“一喷三防”' },
    }),
  );
  const scheduled = expectOk(
    'schedule',
    await client.POST('/api/v1/articles/{id}/status', {
      params: { path: { id: filed.id }, header: { 'if-match': ifMatch(retitled.version) } },
      body: { status: 'scheduled', publishAt },
    }),
  );

  // A write with a version that is no longer current is refused, not applied.
  const stale = await client.PATCH('/api/v1/articles/{id}', {
    params: { path: { id: filed.id }, header: { 'if-match': ifMatch(filed.version) } },
    body: { headline: '不应写入' },
  });
  if (stale.response.status !== 412) throw new Error(`stale write: expected 412, got ${stale.response.status}`);

  const read: Article = expectOk('read back', await client.GET('/api/v1/articles/{id}', { params: { path: { id: filed.id } } }));
  if (read.version !== scheduled.version) throw new Error(`read back version ${read.version}, scheduled ${scheduled.version}`);

  // The story leads page A01 of the edition of the day it goes live.
  const edition: Edition = expectOk('plan the edition', await client.POST('/api/v1/editions', { body: { date: publishAt.slice(0, 10), issueNumber: 1 } }));
  const page: Page = expectOk(
    'place it',
    await client.PUT('/api/v1/editions/{date}/pages/{label}', {
      params: { path: { date: edition.date, label: 'A01' } },
      body: { name: '要闻', grid: 'broadsheet-8', items: [{ kind: 'article', id: read.id }] },
    }),
  );
  const notices: Notice[] = expectOk('list notices', await client.GET('/api/v1/notices')).items;

  return {
    id: read.id,
    status: read.status,
    version: read.version,
    headline: read.headline,
    publishAt: read.publishAt ?? null,
    placedOn: `${page.date} ${page.label}`,
    notices: notices.length,
  };
}
