import type { Database } from '../../db/client.js';
import { articles } from '../../db/schema/index.js';
import { lockVersioned } from '../../db/versioned.js';
import { formatByline } from '../../document/byline.js';
import { documentFigures, parseMarkdown } from '../../document/markdown.js';
import { Conflict, Forbidden, NotFound, PreconditionFailed, Unprocessable } from '../../errors.js';
import type { Actor } from '../../lib/actor.js';
import { decodeCursor, paginate } from '../../lib/pagination.js';
import { blankToNull } from '../../lib/text.js';
import { DEFAULT_TIME_ZONE, lowerBound } from '../../lib/time.js';
import { announceChange } from '../../publishing/changes.js';
import { recordRevision, revisionList, revisionOf } from '../../publishing/revisions.js';
import { moveItem, OVERDUE_MS, publishClaimed, scheduleForRelease, keptOnSchedule, type StatusRequest } from '../../publishing/status.js';
import { mayEdit } from '../../publishing/workflow.js';
import { recordAudit } from '../audit/repository.js';
import { creditsOf, replaceCredits, resolveCredits, type CreditRow } from '../people/credits.js';
import { findSection } from '../sections/repository.js';
import * as repo from './repository.js';
import type { Article, CreateArticleBody, ListArticlesQuery, UpdateArticleBody } from './schemas.js';

export function toArticle(row: repo.ArticleListRow, credits: CreditRow[]): Article {
  const byline = credits.map((c) => ({ role: c.role, personId: c.personId, name: c.name }));
  return {
    id: row.id,
    kicker: row.kicker,
    headline: row.headline,
    subtitle: row.subtitle,
    summary: row.summary,
    body: row.body,
    sectionId: row.sectionId,
    credits: byline,
    byline: formatByline(byline),
    figures: row.figures,
    status: row.status,
    version: row.version,
    publishAt: row.publishAt?.toISOString() ?? null,
    publishedAt: row.publishedAt?.toISOString() ?? null,
    createdBy: row.createdBy,
    updatedBy: row.updatedBy,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}

export type ArticlesService = ReturnType<typeof createArticlesService>;

/** `timeZone`: the paper's, for plain-date filters and schedule times (default Asia/Shanghai). */
export function createArticlesService({ db, timeZone = DEFAULT_TIME_ZONE }: { db: Database; timeZone?: string }) {
  async function assertSection(tx: Database, sectionId: number | null | undefined) {
    if (sectionId != null && !(await findSection(tx, sectionId))) {
      throw new Unprocessable(`No section ${sectionId}`, [{ pointer: '/sectionId', message: 'no such section' }]);
    }
  }

  async function load(tx: Database, row: repo.ArticleRow): Promise<Article> {
    return toArticle(row, await creditsOf(tx, 'article', [row.id]));
  }

  /** Saves the revision of the version just written and tells every instance if the public item changed. */
  async function saved(tx: Database, actor: Actor | null, row: repo.ArticleRow, wasPublic: boolean): Promise<Article> {
    const article = await load(tx, row);
    await recordRevision(tx, {
      entity: 'article',
      entityId: row.id,
      version: row.version,
      status: row.status,
      snapshot: article as unknown as Record<string, unknown>,
      createdBy: actor?.userId ?? null,
    });
    if (wasPublic || row.status === 'published') await announceChange(tx, { entity: 'article', id: row.id });
    return article;
  }

  return {
    async create(actor: Actor, body: CreateArticleBody): Promise<Article> {
      return db.transaction(async (tx) => {
        await assertSection(tx, body.sectionId);
        const source = body.body ?? '';
        const document = parseMarkdown(source);
        const row = await repo.insertArticle(tx, {
          kicker: blankToNull(body.kicker),
          headline: body.headline.trim(),
          subtitle: blankToNull(body.subtitle),
          summary: blankToNull(body.summary),
          body: source,
          document,
          figures: documentFigures(document),
          sectionId: body.sectionId ?? null,
          createdBy: actor.userId,
          updatedBy: actor.userId,
        });
        await replaceCredits(tx, 'article', row.id, await resolveCredits(tx, body.credits ?? []));
        await recordAudit(tx, actor, { action: 'article.create', entity: 'article', entityId: row.id });
        return saved(tx, actor, row, false);
      });
    },

    async get(id: number): Promise<Article> {
      const row = await repo.findArticle(db, id);
      if (!row) throw new NotFound(`No article ${id}`);
      return load(db, row);
    },

    async list(query: ListArticlesQuery) {
      const limit = query.limit ?? 50;
      const before = decodeCursor(query.cursor, ['string', 'number']);
      const rows = await repo.listArticles(db, {
        status: query.status,
        sectionId: query.section,
        personId: query.person,
        updatedSince: query.updatedSince ? (lowerBound(query.updatedSince, timeZone) ?? undefined) : undefined,
        overdueBefore: query.overdue ? new Date(Date.now() - OVERDUE_MS) : undefined,
        withBody: query.include === 'body',
        before,
        limit: limit + 1,
      });
      const page = paginate(rows, limit, (r) => [r.updatedAt.toISOString(), r.id]);
      const credits = await creditsOf(db, 'article', page.items.map((r) => r.id));
      return {
        items: page.items.map((r) => {
          const { body, ...summary } = toArticle(r, credits.filter((c) => c.ownerId === r.id));
          return query.include === 'body' ? { ...summary, body } : summary;
        }),
        nextCursor: page.nextCursor,
      };
    },

    /**
     * Edits content. A reporter edits only their own drafts. A scheduled article stays scheduled,
     * with this version (see `keptOnSchedule`).
     */
    async update(actor: Actor, id: number, expected: number, body: UpdateArticleBody): Promise<Article & { stillScheduled?: { publishAt: string; version: number; message: string } }> {
      return db.transaction(async (tx) => {
        const current = await lockVersioned(tx, articles, 'article', id, expected);
        if (!mayEdit(actor, current)) {
          throw new Forbidden(
            current.createdBy === actor.userId
              ? `Reporters edit their own articles only while they are drafts; this one is ${current.status}`
              : 'Reporters edit only their own articles',
          );
        }
        if (body.sectionId !== undefined) await assertSection(tx, body.sectionId);
        const document = body.body !== undefined ? parseMarkdown(body.body) : undefined;
        const kept = keptOnSchedule(current, 'article', timeZone);
        const row = await repo.updateArticle(tx, id, {
          ...(body.kicker !== undefined && { kicker: blankToNull(body.kicker) }),
          ...(body.headline !== undefined && { headline: body.headline.trim() }),
          ...(body.subtitle !== undefined && { subtitle: blankToNull(body.subtitle) }),
          ...(body.summary !== undefined && { summary: blankToNull(body.summary) }),
          ...(body.sectionId !== undefined && { sectionId: body.sectionId }),
          ...(document && { body: body.body, document, figures: documentFigures(document) }),
          ...kept?.values,
          updatedBy: actor.userId,
        });
        if (body.credits !== undefined) await replaceCredits(tx, 'article', id, await resolveCredits(tx, body.credits));
        await recordAudit(tx, actor, {
          action: 'article.update',
          entity: 'article',
          entityId: id,
          details: { fields: Object.keys(body), version: row.version, ...(kept && { stillScheduled: kept.notice.publishAt }) },
        });
        const article = await saved(tx, actor, row, current.status === 'published');
        return kept ? { ...article, stillScheduled: kept.notice } : article;
      });
    },

    async changeStatus(actor: Actor, id: number, expected: number, body: StatusRequest): Promise<Article> {
      return db.transaction(async (tx) => {
        const current = await lockVersioned(tx, articles, 'article', id, expected);
        const row = await moveItem(tx, actor, 'article', current, body, (values) => repo.updateArticle(tx, id, values), timeZone);
        return saved(tx, actor, row, current.status === 'published');
      });
    },

    /** Publishes one claimed, due article inside the publisher's transaction. */
    publishDue: (tx: Database, row: repo.ArticleRow) =>
      publishClaimed(tx, 'article', row, (values) => repo.updateArticle(tx, row.id, values), (published) => saved(tx, null, published, false)),

    /** Schedules a locked article for its edition's release, in the release's transaction; false when it kept its time. */
    async scheduleForRelease(tx: Database, actor: Actor, current: repo.ArticleRow, at: Date, previousRelease: Date | null): Promise<boolean> {
      const row = await scheduleForRelease(tx, actor, 'article', current, at, previousRelease, (values) => repo.updateArticle(tx, current.id, values));
      if (row) await saved(tx, actor, row, false);
      return row !== null;
    },

    revisions: (id: number) => revisionList(db, 'article', id, () => repo.findArticle(db, id)),

    revision: (id: number, version: number) => revisionOf(db, 'article', id, version),
    /** Appends a dated correction to a published article; a new version, announced to every instance. */
    async correct(actor: Actor, id: number, expected: number | undefined, text: string) {
      return db.transaction(async (tx) => {
        const current = await repo.findArticle(tx, id, true);
        if (!current) throw new NotFound(`No article ${id}`);
        if (expected !== undefined && current.version !== expected) throw new PreconditionFailed(current.version, expected);
        if (current.status !== 'published') {
          throw new Conflict(`Corrections are appended to published articles; this one is ${current.status}. Edit it instead`);
        }
        const correction = await repo.insertCorrection(tx, { articleId: id, text: text.trim(), createdBy: actor.userId });
        const row = await repo.updateArticle(tx, id, { updatedBy: actor.userId });
        await recordAudit(tx, actor, { action: 'article.correct', entity: 'article', entityId: id, details: { correctionId: correction.id, version: row.version } });
        await saved(tx, actor, row, true);
        return {
          correction: { id: correction.id, text: correction.text, createdBy: correction.createdBy, createdAt: correction.createdAt.toISOString() },
          version: row.version,
        };
      });
    },

    async corrections(id: number) {
      if (!(await repo.findArticle(db, id))) throw new NotFound(`No article ${id}`);
      return (await repo.correctionsOf(db, id)).map((c) => ({ id: c.id, text: c.text, createdBy: c.createdBy, createdAt: c.createdAt.toISOString() }));
    },
  };
}
