import type { FastifyBaseLogger } from 'fastify';
import type { Database } from '../../db/client.js';
import { notices } from '../../db/schema/index.js';
import { inTransaction } from '../../db/transaction.js';
import { lockVersioned } from '../../db/versioned.js';
import { parseCheckedMarkdown } from '../../document/checked.js';
import { plainText } from '../../document/markdown.js';
import { Conflict, NotFound, PreconditionFailed, Unprocessable } from '../../errors.js';
import type { Actor } from '../../lib/actor.js';
import { decodeCursor, paginate } from '../../lib/pagination.js';
import { blankToNull } from '../../lib/text.js';
import { DEFAULT_TIME_ZONE, lowerBound } from '../../lib/time.js';
import { recordAudit } from '../../publishing/audit.js';
import { createItemWorkflow, workflowSearchSource } from '../../publishing/item-workflow.js';
import type { SearchField, SearchSource } from '../../publishing/search-index.js';
import { keptOnSchedule } from '../../publishing/status.js';
import { assertMayEdit } from '../../publishing/workflow.js';
import { typeTableFile } from '../../tables/table-file.js';
import { checkColumns, emptyTable } from '../../tables/typed-table.js';
import { creditsOf, replaceCredits, resolveCredits } from '../people/credits.js';
import { claimPeriod, editedClaimPeriod } from './claim-period.js';
import { contactOf } from './contact.js';
import { knownKind } from './kinds.js';
import { noticeOut, rowsPage } from './output.js';
import { HOW_TO_ADD_ROWS, unpublishable, unpublishableBecause } from './readiness.js';
import * as repo from './repository.js';
import type { CreateNoticeBody, ListNoticesQuery, Notice, NoticeWrite, RowsQuery, TableBody, UpdateNoticeBody } from './schemas.js';
import { tableChange, typedFromJson, type TableWrite } from './table-changes.js';
import { maskTextFields, type MaskedPlace } from './text-masking.js';

export type NoticesService = ReturnType<typeof createNoticesService>;

/** The column types search reads in a table: names, places, remarks, and ID numbers (masked) by their digits. */
const SEARCHED_COLUMNS: ReadonlySet<string> = new Set(['text', 'id_cn']);

/**
 * What search finds a notice by: its title and issuer, its preamble, its byline, and every
 * distinct name, place and masked ID number of its table.
 */
async function searchFields(tx: Database, notice: Notice, row: repo.NoticeRow): Promise<SearchField[]> {
  const columns = (notice.table?.columns ?? []).flatMap((c, i) => (SEARCHED_COLUMNS.has(c.type) ? [i] : []));
  const cells = row.tableId === null ? [] : await repo.distinctCells(tx, row.tableId, columns);
  return [
    { text: notice.title, weight: 'A' },
    { text: notice.issuer, weight: 'B' },
    { text: plainText(row.preambleDocument), weight: 'C' },
    // Cells apart: a phrase never runs from one into the next.
    { text: cells.join('；'), weight: 'C' },
    { text: notice.byline, weight: 'D' },
  ];
}

/** `timeZone`: the paper's, for plain-date filters and schedule times (default Asia/Shanghai). */
export function createNoticesService({ db, timeZone = DEFAULT_TIME_ZONE }: { db: Database; timeZone?: string }) {
  const workflow = createItemWorkflow(db, timeZone, {
    entity: 'notice',
    table: notices,
    find: repo.findNotice,
    write: repo.updateNotice,
    show: (tx, row) => noticeOut(tx, row, false),
    // A revision keeps the table by reference.
    snapshot: (notice, row) => ({ ...notice, tableId: row.tableId }),
    // Checked once the move itself is allowed, so a reporter still hears that they may not publish.
    async checkMove(tx, current, row) {
      if ((row.status === 'scheduled' || row.status === 'published') && row.status !== current.status) {
        const why = await unpublishableBecause(tx, row);
        if (why) throw new Conflict(`Notice ${row.id} cannot be ${row.status}: it ${why}; ${HOW_TO_ADD_ROWS.replace('{id}', String(row.id))}`, { currentStatus: current.status });
      }
    },
    showMoved: (tx, row) => noticeOut(tx, row, true),
    searchable: async (tx, notice, row) => ({ fields: await searchFields(tx, notice, row), sectionId: null }),
  });
  const { saved } = workflow;

  /** The search documents of these notices, as their last saves wrote them: for rebuilding the index. */
  async function searchSources(tx: Database, ids: readonly number[]): Promise<SearchSource[]> {
    const sources: SearchSource[] = [];
    for (const row of await repo.noticesByIdsForShare(tx, ids)) {
      sources.push(workflowSearchSource('notice', row, await searchFields(tx, await noticeOut(tx, row, false), row), null));
    }
    return sources;
  }

  /** The response to a write: the notice with its first rows, and where ID numbers were masked. */
  async function written(tx: Database, row: repo.NoticeRow, ...maskedLists: (MaskedPlace[] | undefined)[]): Promise<NoticeWrite> {
    const notice = await noticeOut(tx, row, true);
    const masked = maskedLists.flatMap((list) => list ?? []);
    return masked.length ? { ...notice, masked } : notice;
  }

  /** A scheduled or published notice keeps a table with rows: an edit that would leave it without is refused. */
  async function assertStillPublishable(tx: Database, row: repo.NoticeRow): Promise<void> {
    if (row.status !== 'scheduled' && row.status !== 'published') return;
    const why = await unpublishableBecause(tx, row);
    if (why) {
      throw new Unprocessable(`Notice ${row.id} is ${row.status}, and after this change it ${why}; nothing was changed`, [
        { pointer: '/rows', message: `a ${row.status} notice needs rows: send them, or withdraw it first` },
      ]);
    }
  }

  return {
    searchSources,

    /** Files a new draft; `tx`: the caller's transaction, when this is part of a larger change. */
    async create(actor: Actor, filed: CreateNoticeBody, tx?: Database): Promise<NoticeWrite> {
      const { body, masked: maskedText } = maskTextFields(filed);
      const period = claimPeriod(body.issuedOn, body.claimDays ?? null, body.deadline ?? null);
      const contact = contactOf(body.contact);
      if (body.columns) checkColumns(body.columns);
      return inTransaction(db, tx, async (tx) => {
        const kind = await knownKind(tx, body.kind);
        const columns = body.columns ?? kind.columns;
        const table = body.rows !== undefined ? typedFromJson(columns, body.rows) : columns ? { columns, typed: emptyTable(columns) } : null;
        const preamble = body.preamble ?? '';
        let row = await repo.insertNotice(tx, {
          kind: kind.key,
          title: body.title.trim(),
          salutation: blankToNull(body.salutation),
          preamble,
          preambleDocument: parseCheckedMarkdown(preamble, '/preamble'),
          closing: body.closing === undefined ? kind.closing : blankToNull(body.closing),
          issuer: body.issuer.trim(),
          issuedOn: body.issuedOn,
          ...contact,
          ...period,
          createdBy: actor.userId,
          updatedBy: actor.userId,
        });
        if (table) {
          const written = await repo.insertTable(tx, { noticeId: row.id, columns: table.columns, totals: table.typed.totals, createdBy: actor.userId }, table.typed.values);
          row = await repo.attachFirstTable(tx, row.id, written.id);
        }
        await replaceCredits(tx, 'notice', row.id, await resolveCredits(tx, body.credits ?? []));
        await recordAudit(tx, actor, {
          action: 'notice.create',
          entity: 'notice',
          entityId: row.id,
          details: { kind: kind.key, rows: table?.typed.values.length ?? 0, masked: table?.typed.masked.length ?? 0 },
        });
        await saved(tx, actor, row, false);
        return written(tx, row, maskedText, table?.typed.masked);
      });
    },

    /** `tx`: the caller's transaction, to read what it has written. */
    async get(id: number, tx: Database = db): Promise<Notice> {
      const row = await repo.findNotice(tx, id);
      if (!row) throw new NotFound(`No notice ${id}`);
      return noticeOut(tx, row, true);
    },

    async list(query: ListNoticesQuery) {
      const limit = query.limit ?? 50;
      const rows = await repo.listNotices(db, {
        status: query.status,
        kind: query.kind,
        updatedSince: query.updatedSince ? (lowerBound(query.updatedSince, timeZone) ?? undefined) : undefined,
        before: decodeCursor(query.cursor, ['string', 'number']),
        limit: limit + 1,
      });
      const page = paginate(rows, limit, (r) => [r.updatedAt.toISOString(), r.id]);
      const [credits, tables, kinds] = await Promise.all([
        creditsOf(db, 'notice', page.items.map((r) => r.id)),
        repo.tablesByIds(db, page.items.flatMap((r) => (r.tableId === null ? [] : [r.tableId]))),
        repo.listKinds(db),
      ]);
      const tableById = new Map(tables.map((t) => [t.id, t]));
      const kindByKey = new Map(kinds.map((k) => [k.key, k]));
      const items: Notice[] = [];
      for (const r of page.items) {
        const loaded = { credits: credits.filter((c) => c.ownerId === r.id), table: r.tableId === null ? null : (tableById.get(r.tableId) ?? null), kinds: kindByKey };
        items.push(await noticeOut(db, r, false, loaded));
      }
      return { items, nextCursor: page.nextCursor };
    },

    /** A page of the notice's table rows; `tx`: the caller's transaction, to read what it has written. */
    async rows(id: number, query: RowsQuery, tx: Database = db) {
      const row = await repo.findNotice(tx, id);
      if (!row) throw new NotFound(`No notice ${id}`);
      return rowsPage(tx, row.tableId, query);
    },

    /**
     * Edits the notice. A reporter edits only their own drafts; editing a scheduled notice keeps
     * it on its schedule with this version. Rows replace the whole table; the old one stays for
     * its revisions.
     */
    async update(actor: Actor, id: number, expected: number, edit: UpdateNoticeBody): Promise<NoticeWrite> {
      const { body, masked: maskedText } = maskTextFields(edit);
      const contact = body.contact !== undefined ? contactOf(body.contact) : undefined;
      return db.transaction(async (tx) => {
        const current = await lockVersioned(tx, notices, 'notice', id, expected);
        assertMayEdit(actor, current, 'notices');
        if (body.kind !== undefined && body.kind !== current.kind) await knownKind(tx, body.kind);
        const period = editedClaimPeriod(current, body);
        const table = await tableChange(tx, actor, current, body);
        const kept = keptOnSchedule(current, 'notice', timeZone);
        const row = await repo.updateNotice(tx, id, {
          ...(body.kind !== undefined && { kind: body.kind }),
          ...(body.title !== undefined && { title: body.title.trim() }),
          ...(body.salutation !== undefined && { salutation: blankToNull(body.salutation) }),
          ...(body.preamble !== undefined && { preamble: body.preamble, preambleDocument: parseCheckedMarkdown(body.preamble, '/preamble') }),
          ...(body.closing !== undefined && { closing: blankToNull(body.closing) }),
          ...(body.issuer !== undefined && { issuer: body.issuer.trim() }),
          ...(body.issuedOn !== undefined && { issuedOn: body.issuedOn }),
          ...contact,
          ...period,
          ...(table.tableId !== undefined && { tableId: table.tableId }),
          ...kept?.values,
          updatedBy: actor.userId,
        });
        if (body.credits !== undefined) await replaceCredits(tx, 'notice', id, await resolveCredits(tx, body.credits));
        await recordAudit(tx, actor, {
          action: 'notice.update',
          entity: 'notice',
          entityId: id,
          details: { fields: Object.keys(body), version: row.version, ...(table.masked && { masked: table.masked.length }), ...(kept && { stillScheduled: kept.notice.publishAt }) },
        });
        await assertStillPublishable(tx, row);
        await saved(tx, actor, row, current.status === 'published');
        const out = await written(tx, row, maskedText, table.masked);
        return kept ? { ...out, stillScheduled: kept.notice } : out;
      });
    },

    /**
     * Replaces the table from an uploaded file (CSV, TSV, XLSX) or JSON, all or nothing. The file
     * is read and every cell typed before the notice is locked, so a bad file costs no lock and
     * a good one holds it only while the rows are written.
     */
    async replaceTable(
      actor: Actor,
      id: number,
      expected: number,
      upload: { json: TableBody } | { file: Buffer; contentType: string },
      log?: FastifyBaseLogger,
    ): Promise<NoticeWrite> {
      const before = await repo.findNotice(db, id);
      if (!before) throw new NotFound(`No notice ${id}`);
      // A stale version fails before the file is read; it is checked again under the lock.
      if (before.version !== expected) throw new PreconditionFailed(before.version, expected);
      assertMayEdit(actor, before, 'notices');
      const columns = (await repo.findTable(db, before.tableId))?.columns ?? (await knownKind(db, before.kind)).columns;
      let table: TableWrite;
      if ('json' in upload) {
        if (upload.json.columns) checkColumns(upload.json.columns);
        table = typedFromJson(upload.json.columns ?? columns, upload.json.rows);
      } else {
        if (!columns) {
          throw new Unprocessable('This notice has no columns yet: declare them (PATCH columns) before uploading a table');
        }
        table = { columns, typed: await typeTableFile(upload.file, upload.contentType, columns) };
      }
      log?.info({ notice: id, rows: table.typed.values.length, masked: table.typed.masked.length }, 'writing a notice table');
      return db.transaction(async (tx) => {
        const current = await lockVersioned(tx, notices, 'notice', id, expected);
        assertMayEdit(actor, current, 'notices');
        const writtenTable = await repo.insertTable(tx, { noticeId: id, columns: table.columns, totals: table.typed.totals, createdBy: actor.userId }, table.typed.values);
        const kept = keptOnSchedule(current, 'notice', timeZone);
        const row = await repo.updateNotice(tx, id, { tableId: writtenTable.id, ...kept?.values, updatedBy: actor.userId });
        await recordAudit(tx, actor, {
          action: 'notice.table',
          entity: 'notice',
          entityId: id,
          details: { version: row.version, rows: writtenTable.rowCount, masked: table.typed.masked.length, source: 'json' in upload ? 'json' : upload.contentType.split(';')[0] },
        });
        await assertStillPublishable(tx, row);
        await saved(tx, actor, row, current.status === 'published');
        const out = await written(tx, row, table.typed.masked);
        return kept ? { ...out, stillScheduled: kept.notice } : out;
      });
    },

    changeStatus: workflow.changeStatus,
    publishDue: workflow.publishDue,
    scheduleForRelease: workflow.scheduleForRelease,
    revisions: workflow.revisions,
    revision: workflow.revision,

    /** The notices among `rows` that cannot go out as they are (a required table without rows), with why; for a release. */
    unpublishable: (tx: Database, rows: Iterable<repo.NoticeRow>) => unpublishable(tx, rows),
  };
}
