import type { Database } from '../../db/client.js';
import { GRIDS, type ItemStatus } from '../../db/schema/index.js';
import { NOW } from '../../db/versioned.js';
import { documentFigures } from '../../document/markdown.js';
import type { Document } from '../../document/model.js';
import { Conflict, NotFound, PreconditionFailed, PreconditionRequired, Unprocessable, type FieldError } from '../../errors.js';
import type { Actor } from '../../lib/actor.js';
import { decodeCursor, paginate } from '../../lib/pagination.js';
import { announceChange } from '../../publishing/changes.js';
import { recordAudit } from '../audit/repository.js';
import type { ArticlesService } from '../articles/service.js';
import type { NoticesService } from '../notices/service.js';
import * as repo from './repository.js';
import type {
  CreateEditionBody,
  Edition,
  EditionSummary,
  ItemRef,
  ListEditionsQuery,
  Page,
  Plan,
  PutPageBody,
  ReleaseBody,
  ReleaseResult,
  UpdateEditionBody,
} from './schemas.js';

/** A scheduled item more than this late is overdue in the plan, as in the articles list. */
const OVERDUE_MS = 60_000;
/** A release for a time this far in the past is refused, as a schedule is. */
const RELEASE_SLACK_MS = 5_000;
/** States a release can take: it schedules edited items, keeps scheduled ones, leaves published ones be. */
const READY: readonly ItemStatus[] = ['edited', 'scheduled', 'published'];

const isPublic = (row: repo.EditionRow) => row.status === 'released' && row.liveAt !== null;

function toSummary(row: repo.EditionRow & { pageCount: number }): EditionSummary {
  return {
    date: row.date,
    issueNumber: row.issueNumber,
    status: row.status,
    releaseAt: row.releaseAt?.toISOString() ?? null,
    public: isPublic(row),
    pageCount: row.pageCount,
    version: row.version,
    updatedAt: row.updatedAt.toISOString(),
  };
}

function toPage(date: string, row: repo.PageRow, items: repo.PlacementRow[]): Page {
  return {
    date,
    label: row.label,
    name: row.name,
    sectionId: row.sectionId,
    editorId: row.editorId,
    grid: row.grid,
    items: items.map((p) => ({ kind: p.kind, id: p.id, columns: p.columns })),
    version: row.version,
    updatedBy: row.updatedBy,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}

/** What a notice takes on the page in text, besides its table. */
function noticeCharacters(n: { title: string; salutation: string | null; preambleDocument: Document; closing: string | null; issuer: string }): number {
  const plain = [n.title, n.salutation, n.closing, n.issuer].reduce((sum, s) => sum + (s ? [...s.replace(/\s/gu, '')].length : 0), 0);
  return plain + documentFigures(n.preambleDocument).characters;
}

/** An edition's key in content-change announcements and the content cache: its date as yyyymmdd. */
export const editionKey = (date: string) => Number(date.replaceAll('-', ''));

const describe = (i: { kind: string; id: number }) => `${i.kind} ${i.id}`;

export type EditionsService = ReturnType<typeof createEditionsService>;

export function createEditionsService({ db, articles, notices }: { db: Database; articles: ArticlesService; notices: NoticesService }) {
  async function edition(tx: Database, date: string, lock = false): Promise<repo.EditionRow> {
    const row = await repo.findEdition(tx, date, lock);
    if (!row) throw new NotFound(`No edition for ${date}`);
    return row;
  }

  async function toEdition(tx: Database, row: repo.EditionRow): Promise<Edition> {
    const pageRows = await repo.pagesOf(tx, row.id);
    const placed = await repo.placementsOf(tx, pageRows.map((p) => p.id));
    return {
      date: row.date,
      issueNumber: row.issueNumber,
      status: row.status,
      releaseAt: row.releaseAt?.toISOString() ?? null,
      public: isPublic(row),
      releasedBy: row.releasedBy,
      pages: pageRows.map((p) => ({
        label: p.label,
        name: p.name,
        grid: p.grid,
        items: placed.filter((x) => x.pageId === p.id).length,
        version: p.version,
      })),
      version: row.version,
      createdBy: row.createdBy,
      updatedBy: row.updatedBy,
      createdAt: row.createdAt.toISOString(),
      updatedAt: row.updatedAt.toISOString(),
    };
  }

  /** A change to a page counts as a change to its edition: its version moves, and a public edition is re-rendered everywhere. */
  async function touched(tx: Database, actor: Actor, row: repo.EditionRow): Promise<repo.EditionRow> {
    const written = await repo.updateEdition(tx, row.id, { updatedBy: actor.userId });
    if (isPublic(row)) await announceChange(tx, { entity: 'edition', id: editionKey(row.date) });
    return written;
  }

  /** Every reason the page's fields and items cannot be saved, as one 422; the section, editor and items must exist. */
  async function checkPage(tx: Database, body: PutPageBody): Promise<void> {
    const errors: FieldError[] = [];
    const width = GRIDS[body.grid];
    const seen = new Map<string, number>();
    body.items.forEach((item, i) => {
      const key = `${item.kind}:${item.id}`;
      const first = seen.get(key);
      if (first !== undefined) errors.push({ pointer: `/items/${i}`, message: `${describe(item)} is on this page already, at /items/${first}` });
      else seen.set(key, i);
      if (item.columns != null && item.columns > width) {
        errors.push({ pointer: `/items/${i}/columns`, message: `spans ${item.columns} columns; the ${body.grid} grid has ${width}` });
      }
    });
    const facts = await repo.itemFacts(tx, body.items, noticeCharacters);
    body.items.forEach((item, i) => {
      if (!facts.has(`${item.kind}:${item.id}`)) errors.push({ pointer: `/items/${i}/id`, message: `no ${describe(item)}` });
    });
    if (body.sectionId != null && !(await repo.sectionsByIds(tx, [body.sectionId])).has(body.sectionId)) {
      errors.push({ pointer: '/sectionId', message: `no section ${body.sectionId}` });
    }
    if (body.editorId != null) {
      const editor = (await repo.usersByIds(tx, [body.editorId])).get(body.editorId);
      if (!editor) errors.push({ pointer: '/editorId', message: `no user ${body.editorId}` });
      else if (editor.role === 'reporter') errors.push({ pointer: '/editorId', message: `user ${body.editorId} is a reporter; a page editor is an editor or an admin` });
      else if (!editor.active) errors.push({ pointer: '/editorId', message: `user ${body.editorId} is inactive` });
    }
    if (errors.length) throw new Unprocessable(`The page cannot be saved: ${errors.map((e) => `${e.pointer} ${e.message}`).join('; ')}`, errors);
  }

  async function pageOut(tx: Database, date: string, row: repo.PageRow): Promise<Page> {
    return toPage(date, row, await repo.placementsOf(tx, [row.id]));
  }

  return {
    async create(actor: Actor, body: CreateEditionBody): Promise<Edition> {
      return db.transaction(async (tx) => {
        if (await repo.findEdition(tx, body.date)) throw new Conflict(`There is an edition for ${body.date} already`);
        const numbered = await repo.findEditionByIssue(tx, body.issueNumber);
        if (numbered) throw new Conflict(`Issue number ${body.issueNumber} is the edition of ${numbered.date}`);
        const row = await repo.insertEdition(tx, { date: body.date, issueNumber: body.issueNumber, createdBy: actor.userId, updatedBy: actor.userId });
        await recordAudit(tx, actor, { action: 'edition.create', entity: 'edition', entityId: body.date, details: { issueNumber: body.issueNumber } });
        return toEdition(tx, row);
      });
    },

    async get(date: string): Promise<Edition> {
      return toEdition(db, await edition(db, date));
    },

    async list(query: ListEditionsQuery) {
      const limit = query.limit ?? 50;
      const before = decodeCursor(query.cursor, ['string']);
      const rows = await repo.listEditions(db, { status: query.status, from: query.from, to: query.to, before: before?.[0], limit: limit + 1 });
      const page = paginate(rows, limit, (r) => [r.date]);
      return { items: page.items.map(toSummary), nextCursor: page.nextCursor };
    },

    async update(actor: Actor, date: string, expected: number, body: UpdateEditionBody): Promise<Edition> {
      return db.transaction(async (tx) => {
        const current = await edition(tx, date, true);
        if (current.version !== expected) throw new PreconditionFailed(current.version);
        const numbered = await repo.findEditionByIssue(tx, body.issueNumber);
        if (numbered && numbered.id !== current.id) throw new Conflict(`Issue number ${body.issueNumber} is the edition of ${numbered.date}`);
        const row = await repo.updateEdition(tx, current.id, { issueNumber: body.issueNumber, updatedBy: actor.userId });
        await recordAudit(tx, actor, { action: 'edition.update', entity: 'edition', entityId: date, details: { ...body, version: row.version } });
        if (isPublic(current)) await announceChange(tx, { entity: 'edition', id: editionKey(current.date) });
        return toEdition(tx, row);
      });
    },

    /** Only an edition still being planned can be deleted; its pages go with it, the items stay. */
    async remove(actor: Actor, date: string, expected: number): Promise<void> {
      await db.transaction(async (tx) => {
        const current = await edition(tx, date, true);
        if (current.version !== expected) throw new PreconditionFailed(current.version);
        if (current.status !== 'planning') throw new Conflict(`The edition of ${date} is released; a released edition cannot be deleted`);
        await repo.deleteEdition(tx, current.id);
        await recordAudit(tx, actor, { action: 'edition.delete', entity: 'edition', entityId: date, details: { issueNumber: current.issueNumber } });
      });
    },

    async pages(date: string): Promise<Page[]> {
      const row = await edition(db, date);
      const pageRows = await repo.pagesOf(db, row.id);
      const placed = await repo.placementsOf(db, pageRows.map((p) => p.id));
      return pageRows.map((p) => toPage(date, p, placed.filter((x) => x.pageId === p.id)));
    },

    async page(date: string, label: string): Promise<Page> {
      const row = await edition(db, date);
      const page = await repo.findPage(db, row.id, label);
      if (!page) throw new NotFound(`No page ${label} in the edition of ${date}`);
      return pageOut(db, date, page);
    },

    /**
     * Creates or replaces a page and its placements in one transaction. Replacing needs
     * `If-Match` with the page's version; `If-None-Match: *` makes sure nothing is replaced.
     * Every page write locks its edition first, so writes to one edition are serialised and
     * an item can be checked to be on no other page.
     */
    async putPage(
      actor: Actor,
      date: string,
      label: string,
      precondition: { ifMatch?: number; ifNoneMatch?: boolean },
      body: PutPageBody,
    ): Promise<{ page: Page; created: boolean }> {
      return db.transaction(async (tx) => {
        const current = await edition(tx, date, true);
        const existing = await repo.findPage(tx, current.id, label);
        if (existing) {
          if (precondition.ifNoneMatch) throw new PreconditionFailed(existing.version);
          if (precondition.ifMatch === undefined) {
            throw new PreconditionRequired(`Page ${label} exists: send If-Match with the ETag you read (e.g. If-Match: "${existing.version}") to replace it`);
          }
          if (precondition.ifMatch !== existing.version) throw new PreconditionFailed(existing.version);
        } else if (precondition.ifMatch !== undefined) {
          throw new NotFound(`No page ${label} in the edition of ${date}; send the page without If-Match to create it`);
        }
        await checkPage(tx, body);
        const elsewhere = await repo.placedElsewhere(tx, current.id, existing?.id ?? null, body.items);
        if (elsewhere.length) {
          throw new Conflict(
            `Each item is placed once per edition: ${elsewhere.map((e) => `${describe(e)} is on page ${e.label} (${e.name})`).join('; ')}`,
            { placed: elsewhere.map((e) => ({ kind: e.kind, id: e.id, page: e.label })) },
          );
        }
        const fields = {
          name: body.name.trim(),
          sectionId: body.sectionId ?? null,
          editorId: body.editorId ?? null,
          grid: body.grid,
          updatedBy: actor.userId,
        };
        const row = existing ? await repo.updatePage(tx, existing.id, fields) : await repo.insertPage(tx, { ...fields, editionId: current.id, label });
        await repo.replacePlacements(tx, row, body.items);
        await touched(tx, actor, current);
        await recordAudit(tx, actor, {
          action: existing ? 'page.update' : 'page.create',
          entity: 'page',
          entityId: `${date}/${label}`,
          details: { version: row.version, items: body.items.map(describe) },
        });
        return { page: await pageOut(tx, date, row), created: !existing };
      });
    },

    async removePage(actor: Actor, date: string, label: string, expected: number): Promise<void> {
      await db.transaction(async (tx) => {
        const current = await edition(tx, date, true);
        const page = await repo.findPage(tx, current.id, label);
        if (!page) throw new NotFound(`No page ${label} in the edition of ${date}`);
        if (page.version !== expected) throw new PreconditionFailed(page.version);
        await repo.deletePage(tx, page.id);
        await touched(tx, actor, current);
        await recordAudit(tx, actor, { action: 'page.delete', entity: 'page', entityId: `${date}/${label}` });
      });
    },

    /** The flatplan: every page with its items, their states and lengths, and what needs attention. */
    async plan(date: string): Promise<Plan> {
      return db.transaction(async (tx) => {
        const row = await edition(tx, date);
        const pageRows = await repo.pagesOf(tx, row.id);
        const placed = await repo.placementsOf(tx, pageRows.map((p) => p.id));
        const facts = await repo.itemFacts(tx, placed, noticeCharacters);
        const sectionRefs = await repo.sectionsByIds(tx, [...new Set(pageRows.flatMap((p) => (p.sectionId === null ? [] : [p.sectionId])))]);
        const editors = await repo.usersByIds(tx, [...new Set(pageRows.flatMap((p) => (p.editorId === null ? [] : [p.editorId])))]);
        const now = Date.now();
        const statuses: Record<string, number> = {};
        const notReady: ItemRef[] = [];
        const overdue: ItemRef[] = [];
        const pagesOut = pageRows.map((p) => {
          const items = placed
            .filter((x) => x.pageId === p.id)
            .map((x) => {
              const f = facts.get(`${x.kind}:${x.id}`)!;
              const late = f.status === 'scheduled' && f.publishAt !== null && now - f.publishAt.getTime() > OVERDUE_MS;
              const ref = { kind: f.kind, id: f.id, page: p.label, status: f.status, title: f.title };
              statuses[f.status] = (statuses[f.status] ?? 0) + 1;
              if (!READY.includes(f.status)) notReady.push(ref);
              if (late) overdue.push(ref);
              return {
                kind: f.kind,
                id: f.id,
                columns: x.columns,
                kicker: f.kicker,
                title: f.title,
                status: f.status,
                version: f.version,
                characters: f.characters,
                rows: f.rows,
                publishAt: f.publishAt?.toISOString() ?? null,
                publishedAt: f.publishedAt?.toISOString() ?? null,
                ready: READY.includes(f.status),
                overdue: late,
                fits: null,
              };
            });
          const editor = p.editorId === null ? undefined : editors.get(p.editorId);
          return {
            label: p.label,
            name: p.name,
            section: p.sectionId === null ? null : (sectionRefs.get(p.sectionId) ?? null),
            editor: editor ? { id: editor.id, name: editor.name } : null,
            grid: p.grid,
            columns: GRIDS[p.grid],
            characters: items.reduce((sum, i) => sum + i.characters, 0),
            version: p.version,
            items,
          };
        });
        return {
          date: row.date,
          issueNumber: row.issueNumber,
          status: row.status,
          releaseAt: row.releaseAt?.toISOString() ?? null,
          public: isPublic(row),
          version: row.version,
          pages: pagesOut,
          summary: {
            pages: pagesOut.length,
            items: placed.length,
            statuses,
            emptyPages: pagesOut.filter((p) => p.items.length === 0).map((p) => p.label),
            notReady,
            overdue,
          },
        };
      });
    },

    /**
     * Releases the edition: in one transaction, every placed item not yet published is
     * scheduled for `at` through the scheduled-publication mechanism, and the edition goes
     * public when the publisher finds its time come. Items that are not ready (drafts,
     * submitted or withdrawn) block the release with a 409 listing them; `force` skips them.
     * Releasing again (after placing more) schedules what is new.
     */
    async release(actor: Actor, date: string, expected: number | undefined, body: ReleaseBody): Promise<ReleaseResult> {
      const at = body.at ? new Date(body.at) : new Date();
      if (at.getTime() < Date.now() - RELEASE_SLACK_MS) {
        throw new Unprocessable('The release time is in the past; leave `at` out to release now', [{ pointer: '/at', message: 'is in the past' }]);
      }
      return db.transaction(async (tx) => {
        const current = await edition(tx, date, true);
        if (expected !== undefined && current.version !== expected) throw new PreconditionFailed(current.version);
        const pageRows = await repo.pagesOf(tx, current.id);
        const labels = new Map(pageRows.map((p) => [p.id, p.label]));
        const placed = await repo.placementsOf(tx, pageRows.map((p) => p.id));
        if (placed.length === 0) throw new Conflict(`The edition of ${date} has nothing placed on it; place its stories and notices first`);
        const locked = await repo.lockItems(tx, placed);
        const refs = placed.map((x) => {
          const row = x.kind === 'article' ? locked.articles.get(x.id)! : locked.notices.get(x.id)!;
          const title = 'headline' in row ? row.headline : row.title;
          return { ref: { kind: x.kind, id: x.id, page: labels.get(x.pageId)!, status: row.status, title }, x };
        });
        const notReady = refs.filter((r) => !READY.includes(r.ref.status)).map((r) => r.ref);
        if (notReady.length && !body.force) {
          throw new Conflict(
            `Not ready for release: ${notReady.map((r) => `${describe(r)} on ${r.page} is ${r.status}`).join('; ')}. Edit them, take them off the pages, or release with force to skip them`,
            { notReady },
          );
        }
        const result: Omit<ReleaseResult, 'edition'> = { releaseAt: at.toISOString(), scheduled: [], kept: [], published: [], skipped: notReady };
        for (const { ref } of refs) {
          if (ref.status === 'published') result.published.push(ref);
          else if (ref.status === 'edited' || ref.status === 'scheduled') {
            const changed =
              ref.kind === 'article'
                ? await articles.scheduleForRelease(tx, actor, locked.articles.get(ref.id)!, at)
                : await notices.scheduleForRelease(tx, actor, locked.notices.get(ref.id)!, at);
            (changed ? result.scheduled : result.kept).push({ ...ref, status: 'scheduled' });
          }
        }
        const row = await repo.updateEdition(tx, current.id, { status: 'released', releaseAt: at, releasedBy: actor.userId, updatedBy: actor.userId });
        await recordAudit(tx, actor, {
          action: 'edition.release',
          entity: 'edition',
          entityId: date,
          details: {
            at: at.toISOString(),
            version: row.version,
            scheduled: result.scheduled.map(describe),
            kept: result.kept.map(describe),
            skipped: result.skipped.map(describe),
            ...(body.force && { force: true }),
          },
        });
        if (isPublic(current)) await announceChange(tx, { entity: 'edition', id: editionKey(current.date) });
        return { edition: await toEdition(tx, row), ...result };
      });
    },

    /** Makes one claimed, released edition public inside the publisher's transaction. */
    async goLive(tx: Database, row: repo.DueEdition): Promise<{ lateMs: number }> {
      const live = await repo.updateEdition(tx, row.id, { liveAt: NOW });
      const lateMs = Math.max(0, live.updatedAt.getTime() - row.releaseAt!.getTime());
      await recordAudit(tx, null, { action: 'edition.live', entity: 'edition', entityId: row.date, details: { releaseAt: row.releaseAt!.toISOString(), lateMs } });
      await announceChange(tx, { entity: 'edition', id: editionKey(row.date) });
      return { lateMs };
    },
  };
}
