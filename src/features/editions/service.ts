import type { Database } from '../../db/client.js';
import { inTransaction } from '../../db/transaction.js';
import { GRIDS } from '../../document/grids.js';
import { Conflict, NotFound, PreconditionFailed, PreconditionRequired, Unprocessable, type FieldError } from '../../errors.js';
import type { Actor } from '../../lib/actor.js';
import { paginate } from '../../lib/pagination.js';
import { refuseBackwards } from '../../lib/time.js';
import { announceChange } from '../../publishing/changes.js';
import { recordAudit } from '../../publishing/audit.js';
import { decodeDateCursor, editionKey } from './dates.js';
import { describe } from './item-names.js';
import { editionHead, editionOr404, isPublic, toEdition } from './stored-edition.js';
import * as repo from './repository.js';
import type { CreateEditionBody, Edition, EditionSummary, ListEditionsQuery, Page, PutPageBody, UpdateEditionBody } from './schemas.js';

function toSummary(row: repo.EditionRow & { pageCount: number }): EditionSummary {
  return {
    ...editionHead(row),
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

export type EditionsService = ReturnType<typeof createEditionsService>;

/** Editions and their pages: planning them, page by page. */
export function createEditionsService({ db }: { db: Database }) {
  /** A change to a page counts as a change to its edition: its version moves, and a public edition is re-rendered everywhere. */
  async function touched(tx: Database, actor: Actor, row: repo.EditionRow): Promise<repo.EditionRow> {
    const written = await repo.updateEdition(tx, row.id, { updatedBy: actor.userId });
    if (isPublic(row)) await announceChange(tx, { entity: 'edition', id: editionKey(row.date) });
    return written;
  }

  /** Every reason the page's fields and items cannot be saved, as one 422; the section, editor and items must exist. */
  async function checkPage(tx: Database, body: PutPageBody, existing: repo.PageRow | undefined): Promise<void> {
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
    const facts = await repo.itemFacts(tx, body.items);
    body.items.forEach((item, i) => {
      if (!facts.has(`${item.kind}:${item.id}`)) errors.push({ pointer: `/items/${i}/id`, message: `no ${describe(item)}` });
    });
    if (body.sectionId != null && !(await repo.sectionsByIds(tx, [body.sectionId])).has(body.sectionId)) {
      errors.push({ pointer: '/sectionId', message: `no section ${body.sectionId}` });
    }
    // A page keeps the editor it has even once they are deactivated or change role; a new one is checked.
    if (body.editorId != null && body.editorId !== existing?.editorId) {
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
      return toEdition(db, await editionOr404(db, date));
    },

    async list(query: ListEditionsQuery) {
      const limit = query.limit ?? 50;
      if (query.from && query.to && query.from > query.to) refuseBackwards();
      const rows = await repo.listEditions(db, { status: query.status, from: query.from, to: query.to, before: decodeDateCursor(query.cursor), limit: limit + 1 });
      const page = paginate(rows, limit, (r) => [r.date]);
      return { items: page.items.map(toSummary), nextCursor: page.nextCursor };
    },

    async update(actor: Actor, date: string, expected: number, body: UpdateEditionBody): Promise<Edition> {
      return db.transaction(async (tx) => {
        const current = await editionOr404(tx, date, true);
        if (current.version !== expected) throw new PreconditionFailed(current.version, expected);
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
        const current = await editionOr404(tx, date, true);
        if (current.version !== expected) throw new PreconditionFailed(current.version, expected);
        if (current.status !== 'planning') throw new Conflict(`The edition of ${date} is released; a released edition cannot be deleted`);
        await repo.deleteEdition(tx, current.id);
        await recordAudit(tx, actor, { action: 'edition.delete', entity: 'edition', entityId: date, details: { issueNumber: current.issueNumber } });
      });
    },

    async pages(date: string): Promise<Page[]> {
      const row = await editionOr404(db, date);
      const pageRows = await repo.pagesOf(db, row.id);
      const placed = await repo.placementsOf(db, pageRows.map((p) => p.id));
      return pageRows.map((p) => toPage(date, p, placed.filter((x) => x.pageId === p.id)));
    },

    async page(date: string, label: string, tx: Database = db): Promise<Page> {
      const row = await editionOr404(tx, date);
      const page = await repo.findPage(tx, row.id, label);
      if (!page) throw new NotFound(`No page ${label} in the edition of ${date}`);
      return pageOut(tx, date, page);
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
      tx?: Database,
    ): Promise<{ page: Page; created: boolean }> {
      return inTransaction(db, tx, async (tx) => {
        const current = await editionOr404(tx, date, true);
        const existing = await repo.findPage(tx, current.id, label);
        if (existing) {
          if (precondition.ifNoneMatch) throw new PreconditionFailed(existing.version);
          if (precondition.ifMatch === undefined) {
            throw new PreconditionRequired(`Page ${label} exists: send If-Match with the ETag you read (e.g. If-Match: "${existing.version}") to replace it`);
          }
          if (precondition.ifMatch !== existing.version) throw new PreconditionFailed(existing.version, precondition.ifMatch);
        } else if (precondition.ifMatch !== undefined) {
          throw new NotFound(`No page ${label} in the edition of ${date}; send the page without If-Match to create it`);
        }
        await checkPage(tx, body, existing);
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
        const current = await editionOr404(tx, date, true);
        const page = await repo.findPage(tx, current.id, label);
        if (!page) throw new NotFound(`No page ${label} in the edition of ${date}`);
        if (page.version !== expected) throw new PreconditionFailed(page.version, expected);
        // A public edition is the paper as it went out: its pages stay, as the edition itself does.
        if (isPublic(current)) {
          throw new Conflict(`The edition of ${date} is public; its page ${label} cannot be deleted. Take an item off the page (PUT) to correct it`);
        }
        await repo.deletePage(tx, page.id);
        await touched(tx, actor, current);
        await recordAudit(tx, actor, { action: 'page.delete', entity: 'page', entityId: `${date}/${label}` });
      });
    },

  };
}
