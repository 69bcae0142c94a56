import type { Database } from '../../db/client.js';
import { articles, type ItemStatus } from '../../db/schema/index.js';
import { inTransaction } from '../../db/transaction.js';
import { lockVersioned } from '../../db/versioned.js';
import { creditsWithByline } from '../../document/byline-writer.js';
import type { CreditRole } from '../../document/credit-roles.js';
import { parseCheckedMarkdown } from '../../document/checked.js';
import { documentFigures, plainText } from '../../document/markdown.js';
import { figurePhotoIds, type Document } from '../../document/model.js';
import { BadRequest, Conflict, NotFound, PreconditionFailed, Unprocessable } from '../../errors.js';
import { isEditor, type Actor } from '../../lib/actor.js';
import { decodeCursor, paginate } from '../../lib/pagination.js';
import { blankToNull } from '../../lib/text.js';
import { DEFAULT_TIME_ZONE, lowerBound } from '../../lib/time.js';
import { recordAudit } from '../../publishing/audit.js';
import { createItemWorkflow, workflowOut, workflowSearchSource } from '../../publishing/item-workflow.js';
import type { SearchField, SearchSource } from '../../publishing/search-index.js';
import { keptOnSchedule, OVERDUE_MS } from '../../publishing/status.js';
import { assertMayEdit } from '../../publishing/workflow.js';
import { creditsOf, replaceCredits, resolveCredits, type CreditRow } from '../people/credits.js';
import { findSection } from '../sections/repository.js';
import { lackingAlt } from '../photos/readiness.js';
import * as photosRepo from '../photos/repository.js';
import * as repo from './repository.js';
import type { Article, CreateArticleBody, LeadPhotoInput, ListArticlesQuery, UpdateArticleBody } from './schemas.js';

export function toArticle(row: repo.ArticleListRow, credits: CreditRow[]): Article {
  const shown = creditsWithByline(credits);
  return {
    id: row.id,
    kicker: row.kicker,
    headline: row.headline,
    subtitle: row.subtitle,
    summary: row.summary,
    body: row.body,
    sectionId: row.sectionId,
    credits: shown.credits,
    byline: shown.byline,
    figures: row.figures,
    leadPhoto: row.leadPhotoId === null ? null : { photoId: row.leadPhotoId, caption: row.leadPhotoCaption },
    photoSlots: row.photoSlots,
    ...workflowOut(row),
  };
}

/** Refuses a story naming a photo that does not exist (422 saying where it is named), before anything is written. */
async function assertPhotos(tx: Database, leadPhotoId: number | null, document: Document): Promise<number[]> {
  const figures = figurePhotoIds(document);
  const missing = new Set(await photosRepo.missingPhotos(tx, [...new Set([...(leadPhotoId === null ? [] : [leadPhotoId]), ...figures])]));
  if (missing.size > 0) {
    const errors = [
      ...(leadPhotoId !== null && missing.has(leadPhotoId) ? [{ pointer: '/leadPhoto/photoId', message: `no photo ${leadPhotoId}` }] : []),
      ...figures.filter((id) => missing.has(id)).map((id) => ({ pointer: '/body', message: `the figure photo:${id} names no photo` })),
    ];
    throw new Unprocessable(`No photo ${[...missing].join(', ')}: upload it first (POST /api/v1/photos)`, errors);
  }
  return figures;
}

/** The lead photo columns a body's `leadPhoto` sets. */
function leadPhotoColumns(lead: LeadPhotoInput | null) {
  return { leadPhotoId: lead?.photoId ?? null, leadPhotoCaption: blankToNull(lead?.caption ?? null) };
}

/** What search finds a story by: its heads (A), subtitle and summary (B), text and caption (C), byline (D). */
function searchFields(article: Article, row: repo.ArticleRow): SearchField[] {
  return [
    { text: article.kicker, weight: 'A' },
    { text: article.headline, weight: 'A' },
    { text: article.subtitle, weight: 'B' },
    { text: article.summary, weight: 'B' },
    { text: plainText(row.document), weight: 'C' },
    { text: row.leadPhotoCaption, weight: 'C' },
    { text: article.byline, weight: 'D' },
  ];
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

  const workflowKind = {
    entity: 'article' as const,
    table: articles,
    find: repo.findArticle,
    write: repo.updateArticle,
    show: load,
    searchable: async (_tx: Database, article: Article, row: repo.ArticleRow) => ({ fields: searchFields(article, row), sectionId: row.sectionId }),
    // A story goes public only with alt text on every photo it shows (a screen reader's only picture).
    async checkMove(tx: Database, _from: repo.ArticleRow, to: repo.ArticleRow) {
      if (to.status !== 'scheduled' && to.status !== 'published') return;
      const missing = await photosRepo.photosWithoutAlt(tx, to.id);
      if (missing.length > 0) {
        throw new Conflict(
          `Photo ${missing.join(', ')} of this story has no alt text; describe what ${missing.length > 1 ? 'they show' : 'it shows'} (PATCH /api/v1/photos/${missing[0]}) before it is ${to.status}`,
        );
      }
    },
  };
  const workflow = createItemWorkflow(db, timeZone, workflowKind);
  const { saved } = workflow;

  return {
    /** Files a new draft; `tx`: the caller's transaction, when this is part of a larger change. */
    async create(actor: Actor, body: CreateArticleBody, tx?: Database): Promise<Article> {
      return inTransaction(db, tx, async (tx) => {
        await assertSection(tx, body.sectionId);
        const source = body.body ?? '';
        const document = parseCheckedMarkdown(source);
        const figures = await assertPhotos(tx, body.leadPhoto?.photoId ?? null, document);
        const row = await repo.insertArticle(tx, {
          kicker: blankToNull(body.kicker),
          headline: body.headline.trim(),
          subtitle: blankToNull(body.subtitle),
          summary: blankToNull(body.summary),
          body: source,
          document,
          figures: documentFigures(document),
          sectionId: body.sectionId ?? null,
          ...leadPhotoColumns(body.leadPhoto ?? null),
          photoSlots: body.photoSlots ?? [],
          createdBy: actor.userId,
          updatedBy: actor.userId,
        });
        // Which photos the story uses, so that a photo is public exactly while published content shows it.
        await photosRepo.replaceArticlePhotos(tx, row.id, row.leadPhotoId, figures, true);
        await replaceCredits(tx, 'article', row.id, await resolveCredits(tx, body.credits ?? []));
        await recordAudit(tx, actor, { action: 'article.create', entity: 'article', entityId: row.id });
        return saved(tx, actor, row, false);
      });
    },

    /** `tx`: the caller's transaction, to read what it has written. */
    async get(id: number, tx: Database = db): Promise<Article> {
      const row = await repo.findArticle(tx, id);
      if (!row) throw new NotFound(`No article ${id}`);
      return load(tx, row);
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
        assertMayEdit(actor, current, 'articles');
        if (body.sectionId !== undefined) await assertSection(tx, body.sectionId);
        const document = body.body !== undefined ? parseCheckedMarkdown(body.body) : undefined;
        const kept = keptOnSchedule(current, 'article', timeZone);
        const photosChange = document !== undefined || body.leadPhoto !== undefined;
        const figures = photosChange ? await assertPhotos(tx, body.leadPhoto === undefined ? current.leadPhotoId : (body.leadPhoto?.photoId ?? null), document ?? current.document) : [];
        const row = await repo.updateArticle(tx, id, {
          ...(body.kicker !== undefined && { kicker: blankToNull(body.kicker) }),
          ...(body.headline !== undefined && { headline: body.headline.trim() }),
          ...(body.subtitle !== undefined && { subtitle: blankToNull(body.subtitle) }),
          ...(body.summary !== undefined && { summary: blankToNull(body.summary) }),
          ...(body.sectionId !== undefined && { sectionId: body.sectionId }),
          ...(document && { body: body.body, document, figures: documentFigures(document) }),
          ...(body.leadPhoto !== undefined && leadPhotoColumns(body.leadPhoto)),
          ...(body.photoSlots !== undefined && { photoSlots: body.photoSlots }),
          ...kept?.values,
          updatedBy: actor.userId,
        });
        if (photosChange) {
          await photosRepo.replaceArticlePhotos(tx, id, row.leadPhotoId, figures);
          // A scheduled or published story takes no photo without alt text.
          await workflowKind.checkMove(tx, current, row);
        }
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

    /**
     * Why each of these stories may not go public however far it went, by id: a photo it shows
     * has no alt text. An edition's release skips (or refuses) them, as a status move would.
     */
    unpublishable: (tx: Database, rows: Iterable<repo.ArticleRow>): Promise<Map<number, string>> => lackingAlt(tx, [...rows].map((row) => row.id)),

    changeStatus: workflow.changeStatus,
    publishDue: workflow.publishDue,
    scheduleForRelease: workflow.scheduleForRelease,
    revisions: workflow.revisions,
    revision: workflow.revision,

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

    /**
     * The desk's story queue. A reporter sees their own stories only (filed by them or crediting
     * them), whatever the query asks; an editor sees everyone's, filtered as asked.
     */
    async queue(actor: Actor, query: QueueQuery): Promise<{ items: QueueItem[]; nextCursor: string | null }> {
      const limit = query.limit ?? 50;
      const rows = await repo.listQueue(db, {
        statuses: query.statuses,
        sectionId: query.section,
        userId: isEditor(actor) ? query.reporter : actor.userId,
        personId: query.person,
        before: queueCursor(query.cursor),
        limit: limit + 1,
      });
      // The cursor keeps the time as stored, to the microsecond, so no story between two pages is skipped.
      const page = paginate(rows, limit, (r) => [r.updatedAt, r.id]);
      return { items: page.items.map(toQueueItem), nextCursor: page.nextCursor };
    },

    /** The search documents of these stories, as their last saves wrote them: for rebuilding the index. */
    async searchSources(tx: Database, ids: readonly number[]): Promise<SearchSource[]> {
      const rows = await repo.articlesByIdsForShare(tx, ids);
      const credits = await creditsOf(tx, 'article', rows.map((r) => r.id));
      return rows.map((row) => workflowSearchSource('article', row, searchFields(toArticle(row, credits.filter((c) => c.ownerId === row.id)), row), row.sectionId));
    },

    /** The sections and the people the queue can be filtered by. */
    queueChoices: () => repo.queueChoices(db),
  };
}

/** What the desk's story queue is asked for; every filter is optional. */
export interface QueueQuery {
  statuses?: readonly ItemStatus[];
  section?: number;
  /** A user: the stories they filed or that credit them. Ignored for a reporter, who sees only their own. */
  reporter?: number;
  /** A person credited. */
  person?: number;
  limit?: number;
  cursor?: string;
}

/** A story in the desk's queue: its head, state, section, byline, figures, schedule and placements. */
export interface QueueItem {
  id: number;
  kicker: string | null;
  headline: string;
  status: ItemStatus;
  section: { id: number; name: string } | null;
  credits: { role: CreditRole; personId: number; name: string }[];
  figures: Article['figures'];
  publishAt: string | null;
  updatedAt: string;
  createdBy: number;
  placements: { date: string; label: string }[];
}

function toQueueItem(row: repo.QueueRow): QueueItem {
  const iso = (time: string) => new Date(time).toISOString();
  return { ...row, publishAt: row.publishAt === null ? null : iso(row.publishAt), updatedAt: iso(row.updatedAt) };
}

/** A time as PostgreSQL writes one in JSON: 2026-12-07T05:41:03.625123+00:00. */
const STORED_TIME = /^(\d{4}-\d{2}-\d{2})T([01]\d|2[0-3]):[0-5]\d:[0-5]\d(\.\d{1,6})?(Z|[+-](0\d|1[0-5]):?[0-5]\d)$/;

/**
 * The queue's cursor: the (time, id) of the last story of a page. Its time goes back to the
 * database as it came, so one that is not a real time is refused here (400), not there (500).
 */
function queueCursor(cursor: string | undefined): [string, number] | undefined {
  const key = decodeCursor(cursor, ['string', 'number']);
  if (!key) return undefined;
  const day = STORED_TIME.exec(key[0])?.[1];
  const midnight = day ? new Date(`${day}T00:00:00Z`) : null;
  // 2026-02-31 is no day: JavaScript reads it as 3 March, PostgreSQL refuses it.
  if (!midnight || Number.isNaN(midnight.getTime()) || midnight.toISOString().slice(0, 10) !== day) {
    throw new BadRequest('The cursor is not one this list handed out');
  }
  return [key[0], key[1]];
}
