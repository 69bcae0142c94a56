import { expect } from 'vitest';
import { startPublisher } from '../../src/publishing/publisher.js';
import type { TestApp } from './app.js';
import { FIXTURE_TSV, ifMatch, MEDIA, noticesClient, SEED_FIELDS, type NoticeJson, type Status } from './notices.js';

// ---------------------------------------------------------------------------------------------
// Shapes as the editions API documents them

export interface PlacementJson {
  kind: 'article' | 'notice';
  id: number;
  columns?: number | null;
}

export interface PageJson {
  date: string;
  label: string;
  name: string;
  sectionId: number | null;
  editorId: number | null;
  grid: 'broadsheet-8' | 'tabloid-5';
  items: { kind: 'article' | 'notice'; id: number; columns: number | null }[];
  version: number;
  updatedBy: number;
  createdAt: string;
  updatedAt: string;
}

export interface EditionJson {
  date: string;
  issueNumber: number;
  status: 'planning' | 'released';
  releaseAt: string | null;
  public: boolean;
  releasedBy: number | null;
  pages: { label: string; name: string; grid: string; items: number; version: number }[];
  version: number;
}

export interface ItemRefJson {
  kind: 'article' | 'notice';
  id: number;
  page: string;
  status: Status;
  title: string;
}

export interface PlanItemJson {
  kind: 'article' | 'notice';
  id: number;
  columns: number | null;
  kicker: string | null;
  title: string;
  status: Status;
  version: number;
  characters: number;
  rows: number | null;
  publishAt: string | null;
  publishedAt: string | null;
  ready: boolean;
  overdue: boolean;
  fits: boolean | null;
}

export interface PlanJson {
  date: string;
  issueNumber: number;
  status: 'planning' | 'released';
  releaseAt: string | null;
  public: boolean;
  version: number;
  pages: {
    label: string;
    name: string;
    section: { id: number; name: string; slug: string } | null;
    editor: { id: number; name: string } | null;
    grid: string;
    columns: number;
    characters: number;
    version: number;
    items: PlanItemJson[];
  }[];
  summary: {
    pages: number;
    items: number;
    statuses: Record<string, number>;
    emptyPages: string[];
    notReady: ItemRefJson[];
    overdue: ItemRefJson[];
    leftOut: (ItemRefJson & { reason: string })[];
  };
}

export interface ReleaseJson {
  edition: EditionJson;
  releaseAt: string;
  scheduled: ItemRefJson[];
  kept: ItemRefJson[];
  published: ItemRefJson[];
  skipped: ItemRefJson[];
  emptyPages: string[];
}

export interface PublicEditionJson {
  date: string;
  issueNumber: number;
  releasedAt: string;
  url: string;
  pages: {
    label: string;
    name: string;
    section: { id: number; name: string; slug: string } | null;
    editor: string | null;
    grid: string;
    url: string;
    items: { kind: 'article' | 'notice'; id: number; kicker: string | null; headline: string; subtitle: string | null; byline: string; summary: string | null; url: string }[];
  }[];
}

// ---------------------------------------------------------------------------------------------
// The seed page: two stories and a notice, as page A03 聊城新闻 of the edition of 2024-04-11

export const SEED_DATE = '2024-04-11';

export const SEED_STORIES = [
  {
    kicker: '“1+2+4”创新模式破解难题',
    headline: '聊城市被评为省级商业秘密保护创新试点',
    body:
      '聊城市紧紧围绕国家市场监管总局、省市场监管局关于商业秘密保护的工作安排，大力维护公平竞争市场环境。\n\n' +
      '### 高度重视，完善商业秘密保护工作顶层设计\n\n出台实施方案。',
    credits: [
      { role: 'reporter', name: '国晓宁' },
      { role: 'correspondent', name: '楚克伟' },
    ],
  },
  {
    headline: '在景区救起两名落水儿童 悄然离去的他被找到了',
    body: '“杨振老师，可算找到您了，您是俩孩子的恩人，也是我们全家的恩人……”3月27日，家住冠县城区的李先生手持一面锦旗来到邯济铁路冠县货场。',
    credits: [{ role: 'reporter', name: '国晓宁' }],
  },
] as const;

export interface ArticleRef {
  id: number;
  version: number;
  status: Status;
  headline: string;
}

/** Requests against the editions API of one test app, with helpers to file and move items. */
export function editionsClient(t: TestApp) {
  const notices = noticesClient(t);

  async function createEdition(date: string, issueNumber: number, token = 'editor'): Promise<EditionJson> {
    const res = await t.request(token, { method: 'POST', url: '/api/v1/editions', payload: { date, issueNumber } });
    expect(res.statusCode, res.body).toBe(201);
    return res.json<EditionJson>();
  }

  const putPage = (date: string, label: string, body: Record<string, unknown>, version?: number, token = 'editor') =>
    t.request(token, { method: 'PUT', url: `/api/v1/editions/${date}/pages/${label}`, payload: body, headers: version === undefined ? {} : ifMatch(version) });

  async function putPageOk(date: string, label: string, body: Record<string, unknown>, version?: number): Promise<PageJson> {
    const res = await putPage(date, label, body, version);
    expect([200, 201], res.body).toContain(res.statusCode);
    return res.json<PageJson>();
  }

  async function plan(date: string, token = 'reporter'): Promise<PlanJson> {
    const res = await t.request(token, { url: `/api/v1/editions/${date}/plan` });
    expect(res.statusCode, res.body).toBe(200);
    return res.json<PlanJson>();
  }

  /** POST …/release; without an `if-match` header, with the edition's current version. */
  async function release(date: string, body: Record<string, unknown> = {}, token = 'editor', headers: Record<string, string> = {}) {
    if (!('if-match' in headers)) {
      const current = await t.request('editor', { url: `/api/v1/editions/${date}` });
      if (current.statusCode === 200) headers = { ...headers, ...ifMatch(current.json<EditionJson>().version) };
    }
    return t.request(token, { method: 'POST', url: `/api/v1/editions/${date}/release`, payload: body, headers });
  }

  async function fileArticle(fields: Record<string, unknown>, token = 'reporter'): Promise<ArticleRef> {
    const res = await t.request(token, { method: 'POST', url: '/api/v1/articles', payload: fields });
    expect(res.statusCode, res.body).toBe(201);
    return res.json<ArticleRef>();
  }

  async function moveArticle(article: ArticleRef, status: Status, publishAt?: string): Promise<ArticleRef> {
    const res = await t.request('editor', {
      method: 'POST',
      url: `/api/v1/articles/${article.id}/status`,
      headers: ifMatch(article.version),
      payload: { status, ...(publishAt && { publishAt }) },
    });
    expect(res.statusCode, res.body).toBe(200);
    return res.json<ArticleRef>();
  }

  /** Files an article and moves it along the workflow into `state` (drafts stay drafts). */
  async function articleIn(state: Status, fields: Record<string, unknown> = { headline: `稿件 ${Math.random().toString(36).slice(2, 8)}` }): Promise<ArticleRef> {
    let article = await fileArticle(fields);
    const path: Record<Status, Status[]> = {
      draft: [],
      submitted: ['submitted'],
      edited: ['submitted', 'edited'],
      scheduled: ['submitted', 'edited', 'scheduled'],
      published: ['submitted', 'edited', 'published'],
      withdrawn: ['submitted', 'edited', 'published', 'withdrawn'],
    };
    for (const step of path[state]) {
      article = await moveArticle(article, step, step === 'scheduled' ? new Date(Date.now() + 3_600_000).toISOString() : undefined);
    }
    return article;
  }

  /** The seed notice with its 24-row table, moved into `state`. */
  async function seedNotice(state: Status = 'edited'): Promise<NoticeJson> {
    const created = await notices.create({ ...SEED_FIELDS });
    const tabled = await notices.putTableOk(created, FIXTURE_TSV, MEDIA.tsv);
    return notices.bringTo(tabled, state);
  }

  /** Runs the scheduled-publication loop once, as a running instance would. */
  async function publishDue(): Promise<number> {
    const publisher = startPublisher({ db: t.database.db, log: t.app.log, kinds: t.app.services.publishable, intervalMs: 3_600_000 });
    await publisher.stop();
    return publisher.runOnce();
  }

  return { notices, publishDue, createEdition, putPage, putPageOk, plan, release, fileArticle, moveArticle, articleIn, seedNotice };
}

/**
 * A realistic body for the first seed story: several paragraphs, `##` sub-heads, a list, a
 * quote, a link and a table, as the web pages' validity and layout tests show it.
 */
export const SEED_LONG_BODY = [
  '本报讯 聊城市紧紧围绕国家市场监管总局、省市场监管局关于商业秘密保护的工作安排，大力维护公平竞争市场环境，近日被山东省市场监督管理局评为省级商业秘密保护创新试点。',
  '## 高度重视，完善商业秘密保护工作顶层设计',
  '出台实施方案。市市场监管局牵头制定《聊城市商业秘密保护创新试点工作实施方案》，明确“1+2+4”工作思路，把商业秘密保护纳入优化营商环境重点任务，2023年共召开专题推进会6次。',
  '健全工作机制。成立由分管副市长任组长的工作专班，公安、法院、检察院等12个部门各司其职，形成“行政执法+刑事司法”的保护合力。',
  '## 创新模式，“1+2+4”破解保护难题',
  '试点工作围绕以下几方面展开：',
  '- 建设1个市级商业秘密保护指导中心，面向企业提供咨询、培训和维权指引；\n- 组建2支队伍：行政执法队伍和企业内部保护联络员队伍；\n- 推行4项机制：风险排查、分级保护、快速处置和信用惩戒。',
  '> 商业秘密是企业的核心竞争力。保护商业秘密，就是保护企业创新的积极性。\n>\n> ——市市场监管局有关负责人',
  '## 成效初显，护航企业创新发展',
  '截至今年3月底，全市已建成商业秘密保护示范站点45个，覆盖高新技术企业、专精特新企业等重点群体。具体情况见下表：',
  '| 指标 | 2022年 | 2023年 |\n| --- | ---: | ---: |\n| 指导企业（家） | 120 | 356 |\n| 培训人次 | 1,800 | 4,260 |\n| 查办案件（件） | 3 | 7 |',
  '下一步，聊城市将持续深化试点工作，更多信息可访问[山东省市场监督管理局网站](https://amr.shandong.gov.cn/)查询。',
].join('\n\n');

export interface SeedPaper {
  /** The section 聊城新闻 (slug `liaocheng`) both stories are in. */
  sectionId: number;
  first: ArticleRef;
  second: ArticleRef;
  notice: NoticeJson;
}

/**
 * The seed paper, published: section 聊城新闻, the two seed stories (the first with a summary
 * and `firstBody`), the seed notice, and page A03 of the edition of 2024-04-11 holding them,
 * released and its items published.
 */
export async function publishSeedPaper(t: TestApp, options: { firstBody?: string } = {}): Promise<SeedPaper> {
  const api = editionsClient(t);
  const section = await t.request('editor', { method: 'POST', url: '/api/v1/sections', payload: { name: '聊城新闻', slug: 'liaocheng' } });
  expect(section.statusCode, section.body).toBe(201);
  const sectionId = section.json<{ id: number }>().id;
  const first = await api.articleIn('edited', {
    ...SEED_STORIES[0],
    ...(options.firstBody !== undefined && { body: options.firstBody }),
    sectionId,
    summary: '聊城市被评为省级商业秘密保护创新试点。',
  });
  const second = await api.articleIn('edited', { ...SEED_STORIES[1], sectionId });
  const notice = await api.seedNotice('edited');
  await api.createEdition(SEED_DATE, 9876);
  await api.putPageOk(SEED_DATE, 'A03', {
    name: '聊城新闻',
    grid: 'broadsheet-8',
    items: [
      { kind: 'article', id: first.id },
      { kind: 'article', id: second.id },
      { kind: 'notice', id: notice.id },
    ],
  });
  const released = await api.release(SEED_DATE, {});
  expect(released.statusCode, released.body).toBe(200);
  expect(await api.publishDue()).toBe(4);
  return { sectionId, first, second, notice };
}
