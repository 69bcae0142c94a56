import type { FastifyPluginAsync } from 'fastify';
import type { ItemStatus } from '../../../../db/schema/index.js';
import { BadRequest, NotFound } from '../../../../errors.js';
import type { Article } from '../../../articles/schemas.js';
import { deskOf, sendPage } from '../../context.js';
import type { ScreenOptions } from '../options.js';
import { sectionOptions, userName } from './editor-load.js';
import { loadStory, storyId } from './editor-model.js';
import { HistoryPage, type ComparedField } from './history-page.js';
import { STATUS_NAMES } from './status-words.js';
import { FIELD_LABELS, fieldsOfArticle, fieldText, STORY_FIELDS } from './story-fields.js';

/** A version asked for in the query: absent, or a whole number (anything else is a bad link). */
function versionParam(value: unknown): number | undefined {
  if (value === undefined || value === '') return undefined;
  if (typeof value !== 'string' || !/^\d{1,9}$/.test(value)) throw new BadRequest('版本号应是数字');
  return Number(value);
}

/** 修改记录: a story's saved versions (`articles.revisions`) and a field-by-field diff of any two. */
export const historyRoutes: FastifyPluginAsync<ScreenOptions> = async (app, { services, site }) => {
  const { articles, users } = services;

  app.get('/stories/:id/history', { schema: { hide: true } }, async (request, reply) => {
    const id = storyId(request);
    const query = request.query as Record<string, unknown>;
    const [article, revisions, sections] = await Promise.all([loadStory(articles, id), articles.revisions(id), sectionOptions(services.sections)]);
    const latest = revisions[revisions.length - 1]!;
    const to = versionParam(query.to) ?? latest.version;
    const from = versionParam(query.from) ?? revisions[Math.max(0, revisions.length - 2)]!.version;
    for (const v of [from, to]) if (!revisions.some((r) => r.version === v)) throw new NotFound(`这篇稿件没有第 ${v} 版`);

    const snapshot = async (version: number) => {
      const revision = (await articles.revision(id, version)) as Record<string, unknown>;
      return { article: revision.article as Article, status: revision.status as ItemStatus };
    };
    const [older, newer] = await Promise.all([snapshot(from), snapshot(to)]);
    const sectionName = (sid: string) => sections.find((s) => String(s.id) === sid)?.name ?? `栏目 ${sid}`;
    const [a, b] = [fieldsOfArticle(older.article), fieldsOfArticle(newer.article)];
    const fields: ComparedField[] = [
      ...STORY_FIELDS.map((name) => ({
        label: FIELD_LABELS[name],
        from: fieldText(a, name, sectionName),
        to: fieldText(b, name, sectionName),
        shown: name === 'body' || name === 'summary' ? ('long' as const) : name === 'sectionId' ? ('choice' as const) : ('text' as const),
      })),
      { label: '状态', from: STATUS_NAMES[older.status], to: STATUS_NAMES[newer.status], shown: 'choice' },
    ];

    const names = new Map<number, string | null>();
    for (const by of new Set(revisions.map((r) => r.createdBy))) if (by !== null) names.set(by, await userName(users, by));
    const versions = revisions.map((r) => ({ version: r.version, status: r.status, at: r.createdAt, by: r.createdBy === null ? '自动发布' : (names.get(r.createdBy) ?? null) }));

    return sendPage(reply, <HistoryPage model={{ desk: deskOf(request, site), id, headline: article.headline, versions, from, to, fields }} />);
  });
};
