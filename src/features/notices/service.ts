import type { FastifyBaseLogger } from 'fastify';
import type { Database } from '../../db/client.js';
import { notices } from '../../db/schema/index.js';
import { lockVersioned } from '../../db/versioned.js';
import { formatByline } from '../../document/byline.js';
import { parseMarkdown } from '../../document/markdown.js';
import { Conflict, Forbidden, NotFound, PreconditionFailed, Unprocessable } from '../../errors.js';
import type { Actor } from '../../lib/actor.js';
import { maskIdsInText } from '../../lib/id-card.js';
import { decodeCursor, encodeCursor, paginate } from '../../lib/pagination.js';
import { PHONE_EXAMPLES, readPhoneNumber } from '../../lib/phone.js';
import { blankToNull } from '../../lib/text.js';
import { DEFAULT_TIME_ZONE, lowerBound } from '../../lib/time.js';
import { announceChange } from '../../publishing/changes.js';
import { recordRevision, revisionList, revisionOf } from '../../publishing/revisions.js';
import { moveItem, publishClaimed, scheduleForRelease, keptOnSchedule, type StatusRequest } from '../../publishing/status.js';
import { mayEdit } from '../../publishing/workflow.js';
import { recordAudit } from '../audit/repository.js';
import { creditsOf, replaceCredits, resolveCredits, type CreditRow } from '../people/credits.js';
import { displayCell, type CellValue, type Column } from './cells.js';
import { HOW_TO_ADD_ROWS, unpublishable, unpublishableBecause } from './readiness.js';
import * as repo from './repository.js';
import type { CreateNoticeBody, ListNoticesQuery, Notice, NoticeWrite, RowsQuery, Table, TableBody, UpdateNoticeBody } from './schemas.js';
import { readTableFile, TableFileError } from './table-file.js';
import { checkColumns, createTableTyper, rowsFromJson, typeRows, type RowPlace, type TypedTable } from './table.js';

/** Rows a single notice carries inline; the rest are paged through the rows endpoint. */
export const INLINE_ROWS = 1000;

/** A table to write: its columns and typed rows. */
interface TableWrite {
  columns: Column[];
  typed: TypedTable;
}

/** The rows of a table, each with its values and how they print. */
export function tableRowsOut(columns: Column[], rows: { position: number; cells: CellValue[] }[]) {
  return rows.map((r) => ({ row: r.position, values: r.cells, display: columns.map((c, i) => displayCell(c.type, r.cells[i] ?? null)) }));
}

/** A table's summary, and its first rows when `rows` is given. */
export function tableOut(
  table: repo.NoticeTableRow,
  presentation: Table['presentation'],
  rows?: { position: number; cells: CellValue[] }[],
): Table {
  const totals = table.columns
    .filter((c) => c.type === 'money')
    .map((c) => ({ key: c.key, label: c.label, value: table.totals[c.key] ?? 0, display: displayCell('money', table.totals[c.key] ?? 0) }));
  const out: Table = { presentation, columns: table.columns, rowCount: table.rowCount, totals };
  if (rows) {
    out.rows = tableRowsOut(table.columns, rows);
    const last = rows.at(-1);
    out.nextCursor = last && last.position < table.rowCount ? encodeCursor([last.position]) : null;
  }
  return out;
}

/** Adds days to a calendar date, in UTC so no time zone moves it. */
export function addDays(isoDate: string, days: number): string {
  const date = new Date(`${isoDate}T00:00:00Z`);
  date.setUTCDate(date.getUTCDate() + days);
  return date.toISOString().slice(0, 10);
}

/** Whether YYYY-MM-DD names a day that exists (2024-02-30 does not). */
function isRealDate(isoDate: string): boolean {
  const date = new Date(`${isoDate}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 10) === isoDate;
}

/**
 * The claim period: days from the issue date, an explicit last day, or both when they agree;
 * the deadline is derived from the days when not given.
 */
function claimPeriod(issuedOn: string, claimDays: number | null, deadline: string | null) {
  const errors: { pointer: string; message: string }[] = [];
  if (!isRealDate(issuedOn)) errors.push({ pointer: '/issuedOn', message: 'is not a real calendar date' });
  if (deadline !== null && !isRealDate(deadline)) errors.push({ pointer: '/deadline', message: 'is not a real calendar date' });
  if (errors.length) throw new Unprocessable('A date does not exist', errors);
  const derived = claimDays === null ? null : addDays(issuedOn, claimDays);
  if (derived !== null && !/^\d{4}-\d{2}-\d{2}$/.test(derived)) {
    throw new Unprocessable('The claim period ends after the year 9999', [{ pointer: '/claimDays', message: 'ends beyond any date that can be stored' }]);
  }
  if (deadline !== null && derived !== null && deadline !== derived) {
    throw new Unprocessable(`A claim period of ${claimDays} days from ${issuedOn} ends on ${derived}, not ${deadline}`, [
      { pointer: '/deadline', message: `disagrees with claimDays (${derived})` },
    ]);
  }
  if (deadline !== null && deadline < issuedOn) {
    throw new Unprocessable('The deadline is before the issue date', [{ pointer: '/deadline', message: `is before issuedOn (${issuedOn})` }]);
  }
  return { claimDays, deadline: deadline ?? derived };
}

/** The stored contact as the API shows it. */
export function contactOut(row: repo.NoticeRow): { name: string; phone: string } | null {
  return row.contactName === null || row.contactPhone === null ? null : { name: row.contactName, phone: row.contactPhone };
}

/** A contact's phone number, read and normalised as a phone cell of a table is (lib/phone.ts). */
function contactOf(contact: { name: string; phone: string } | null | undefined) {
  if (!contact) return { contactName: null, contactPhone: null };
  const phone = readPhoneNumber(contact.phone);
  if (phone === undefined) {
    throw new Unprocessable(`The contact phone is not one phone number; write it like ${PHONE_EXAMPLES}`, [
      { pointer: '/contact/phone', message: `is not one phone number: write it like ${PHONE_EXAMPLES}` },
    ]);
  }
  return { contactName: contact.name.trim(), contactPhone: phone };
}

export type NoticesService = ReturnType<typeof createNoticesService>;

/** `timeZone`: the paper's, for plain-date filters and schedule times (default Asia/Shanghai). */
export function createNoticesService({ db, timeZone = DEFAULT_TIME_ZONE }: { db: Database; timeZone?: string }) {
  async function kindOf(tx: Database, key: string) {
    const kind = await repo.findKind(tx, key);
    if (!kind) {
      const known = (await repo.listKinds(tx)).map((k) => k.key);
      throw new Unprocessable(`No notice kind ${key}`, [{ pointer: '/kind', message: `must be one of: ${known.join(', ')}` }]);
    }
    return kind;
  }

  /** A notice as the API shows it; a list passes what it loaded for the whole page. */
  async function toNotice(
    tx: Database,
    row: repo.NoticeRow,
    withRows: boolean,
    loaded: { credits?: CreditRow[]; table?: repo.NoticeTableRow | null; kinds?: Map<string, repo.NoticeKindRow> } = {},
  ): Promise<Notice> {
    const byline = (loaded.credits ?? (await creditsOf(tx, 'notice', [row.id]))).map((c) => ({ role: c.role, personId: c.personId, name: c.name }));
    const table = loaded.table !== undefined ? loaded.table : ((await repo.findTable(tx, row.tableId)) ?? null);
    const kind = table ? (loaded.kinds?.get(row.kind) ?? (await repo.findKind(tx, row.kind))) : undefined;
    return {
      id: row.id,
      kind: row.kind,
      title: row.title,
      salutation: row.salutation,
      preamble: row.preamble,
      closing: row.closing,
      issuer: row.issuer,
      issuedOn: row.issuedOn,
      contact: contactOut(row),
      claimDays: row.claimDays,
      deadline: row.deadline,
      credits: byline,
      byline: formatByline(byline),
      table: table
        ? tableOut(table, kind?.presentation ?? 'table', withRows ? await repo.tableRows(tx, table.id, 0, INLINE_ROWS) : undefined)
        : null,
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

  /** Saves the revision of the version just written (the table by reference) and announces a public change. */
  async function saved(tx: Database, actor: Actor | null, row: repo.NoticeRow, wasPublic: boolean): Promise<Notice> {
    const notice = await toNotice(tx, row, false);
    await recordRevision(tx, {
      entity: 'notice',
      entityId: row.id,
      version: row.version,
      status: row.status,
      snapshot: { ...notice, tableId: row.tableId } as unknown as Record<string, unknown>,
      createdBy: actor?.userId ?? null,
    });
    if (wasPublic || row.status === 'published') await announceChange(tx, { entity: 'notice', id: row.id });
    return notice;
  }

  /** The response to a write: the notice with its first rows, and where ID numbers were masked. */
  async function written(tx: Database, row: repo.NoticeRow, ...maskedLists: (MaskedPlace[] | undefined)[]): Promise<NoticeWrite> {
    const notice = await toNotice(tx, row, true);
    const masked = maskedLists.flatMap((list) => list ?? []);
    return masked.length ? { ...notice, masked } : notice;
  }

  function assertEditable(actor: Actor, current: repo.NoticeRow): void {
    if (!mayEdit(actor, current)) {
      throw new Forbidden(
        current.createdBy === actor.userId
          ? `Reporters edit their own notices only while they are drafts; this one is ${current.status}`
          : 'Reporters edit only their own notices',
      );
    }
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

  function typedFromJson(columns: Column[] | null, rows: unknown[]): TableWrite {
    if (!columns) {
      throw new Unprocessable('This notice has no columns; declare them before giving rows', [{ pointer: '/columns', message: 'is required with rows' }]);
    }
    const fitted = rowsFromJson(columns, rows);
    return { columns, typed: typeRows(columns, fitted.rows, null, fitted.errors) };
  }

  /**
   * What a PATCH does to the table: nothing, drop it, new rows (under new or current columns),
   * or new labels and required flags over the same rows.
   */
  async function tableChange(
    tx: Database,
    actor: Actor,
    current: repo.NoticeRow,
    body: UpdateNoticeBody,
  ): Promise<{ tableId?: number | null; masked?: TypedTable['masked'] }> {
    if (body.columns === undefined && body.rows === undefined) return {};
    if (body.columns === null) {
      if (body.rows !== undefined) throw new Unprocessable('Rows need columns', [{ pointer: '/rows', message: 'cannot go with columns: null' }]);
      return { tableId: null };
    }
    if (body.columns) checkColumns(body.columns);
    const table = await repo.findTable(tx, current.tableId);
    if (body.rows === undefined && table && sameColumns(table.columns, body.columns!)) return {};
    if (body.rows !== undefined) {
      const columns = body.columns ?? table?.columns ?? (await kindOf(tx, body.kind ?? current.kind)).columns;
      const { typed } = typedFromJson(columns, body.rows);
      const written = await repo.insertTable(tx, { noticeId: current.id, columns: columns!, totals: typed.totals, createdBy: actor.userId }, typed.values);
      return { tableId: written.id, masked: typed.masked };
    }
    const columns = body.columns!;
    if (!table || table.rowCount === 0) {
      const written = await repo.insertTable(tx, { noticeId: current.id, columns, totals: zeroTotals(columns), createdBy: actor.userId }, []);
      return { tableId: written.id };
    }
    await assertSameShape(tx, table, columns);
    return { tableId: (await repo.copyTable(tx, table, columns, actor.userId)).id };
  }

  /** New columns over existing rows may relabel and change `required`, nothing that would retype a cell. */
  async function assertSameShape(tx: Database, table: repo.NoticeTableRow, columns: Column[]): Promise<void> {
    const same = columns.length === table.columns.length && columns.every((c, i) => c.key === table.columns[i]!.key && c.type === table.columns[i]!.type);
    if (!same) {
      throw new Unprocessable('Changing column keys, types or order needs the rows too: send rows with the columns, or upload the table', [
        { pointer: '/columns', message: 'keys and types must stay as they are without rows' },
      ]);
    }
    for (const [i, column] of columns.entries()) {
      if (!column.required || table.columns[i]!.required) continue;
      const missing = await repo.rowsMissing(tx, table.id, i, 20);
      if (missing.length) {
        throw new Unprocessable(`Column ${column.label} cannot become required: rows ${missing.join(', ')} leave it empty`, [
          { pointer: `/columns/${i}/required`, message: 'some rows leave this column empty' },
        ]);
      }
    }
  }

  return {
    async create(actor: Actor, filed: CreateNoticeBody): Promise<NoticeWrite> {
      const { body, masked: maskedText } = maskTextFields(filed);
      const period = claimPeriod(body.issuedOn, body.claimDays ?? null, body.deadline ?? null);
      const contact = contactOf(body.contact);
      if (body.columns) checkColumns(body.columns);
      return db.transaction(async (tx) => {
        const kind = await kindOf(tx, body.kind);
        const columns = body.columns ?? kind.columns;
        const table = body.rows !== undefined ? typedFromJson(columns, body.rows) : columns ? { columns, typed: emptyTable(columns) } : null;
        const preamble = body.preamble ?? '';
        let row = await repo.insertNotice(tx, {
          kind: kind.key,
          title: body.title.trim(),
          salutation: blankToNull(body.salutation),
          preamble,
          preambleDocument: parseMarkdown(preamble),
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

    async get(id: number): Promise<Notice> {
      const row = await repo.findNotice(db, id);
      if (!row) throw new NotFound(`No notice ${id}`);
      return toNotice(db, row, true);
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
        items.push(await toNotice(db, r, false, loaded));
      }
      return { items, nextCursor: page.nextCursor };
    },

    async rows(id: number, query: RowsQuery) {
      const row = await repo.findNotice(db, id);
      if (!row) throw new NotFound(`No notice ${id}`);
      return rowsPage(db, row.tableId, query);
    },

    /**
     * Edits the notice. A reporter edits only their own drafts; editing a scheduled notice takes
     * it off the schedule. Rows replace the whole table; the old one stays for its revisions.
     */
    async update(actor: Actor, id: number, expected: number, edit: UpdateNoticeBody): Promise<NoticeWrite> {
      const { body, masked: maskedText } = maskTextFields(edit);
      const contact = body.contact !== undefined ? contactOf(body.contact) : undefined;
      return db.transaction(async (tx) => {
        const current = await lockVersioned(tx, notices, 'notice', id, expected);
        assertEditable(actor, current);
        if (body.kind !== undefined && body.kind !== current.kind) await kindOf(tx, body.kind);
        const issuedOn = body.issuedOn ?? current.issuedOn;
        const claimDays = body.claimDays !== undefined ? body.claimDays : body.deadline !== undefined ? null : current.claimDays;
        // A deadline derived from the days is derived again (or cleared with them); one given stays.
        const derivedBefore = current.claimDays !== null;
        const deadline = body.deadline !== undefined ? body.deadline : claimDays !== null || derivedBefore ? null : current.deadline;
        const period = claimPeriod(issuedOn, claimDays, deadline);
        const table = await tableChange(tx, actor, current, body);
        const kept = keptOnSchedule(current, 'notice', timeZone);
        const row = await repo.updateNotice(tx, id, {
          ...(body.kind !== undefined && { kind: body.kind }),
          ...(body.title !== undefined && { title: body.title.trim() }),
          ...(body.salutation !== undefined && { salutation: blankToNull(body.salutation) }),
          ...(body.preamble !== undefined && { preamble: body.preamble, preambleDocument: parseMarkdown(body.preamble) }),
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
      assertEditable(actor, before);
      const columns = (await repo.findTable(db, before.tableId))?.columns ?? (await kindOf(db, before.kind)).columns;
      let table: TableWrite;
      if ('json' in upload) {
        if (upload.json.columns) checkColumns(upload.json.columns);
        table = typedFromJson(upload.json.columns ?? columns, upload.json.rows);
      } else {
        if (!columns) {
          throw new Unprocessable('This notice has no columns yet: declare them (PATCH columns) before uploading a table');
        }
        table = { columns, typed: await typeFile(upload.file, upload.contentType, columns) };
      }
      log?.info({ notice: id, rows: table.typed.values.length, masked: table.typed.masked.length }, 'writing a notice table');
      return db.transaction(async (tx) => {
        const current = await lockVersioned(tx, notices, 'notice', id, expected);
        assertEditable(actor, current);
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

    async changeStatus(actor: Actor, id: number, expected: number, body: StatusRequest): Promise<Notice> {
      return db.transaction(async (tx) => {
        const current = await lockVersioned(tx, notices, 'notice', id, expected);
        const row = await moveItem(tx, actor, 'notice', current, body, (values) => repo.updateNotice(tx, id, values), timeZone);
        // Checked once the move itself is allowed, so a reporter still hears that they may not publish.
        if ((row.status === 'scheduled' || row.status === 'published') && row.status !== current.status) {
          const why = await unpublishableBecause(tx, row);
          if (why) throw new Conflict(`Notice ${id} cannot be ${row.status}: it ${why}; ${HOW_TO_ADD_ROWS.replace('{id}', String(id))}`, { currentStatus: current.status });
        }
        await saved(tx, actor, row, current.status === 'published');
        return toNotice(tx, row, true);
      });
    },

    /** Publishes one claimed, due notice inside the publisher's transaction. */
    publishDue: (tx: Database, row: repo.NoticeRow) =>
      publishClaimed(tx, 'notice', row, (values) => repo.updateNotice(tx, row.id, values), (published) => saved(tx, null, published, false)),

    /** The notices among `rows` that cannot go out as they are (a required table without rows), with why; for a release. */
    unpublishable: (tx: Database, rows: Iterable<repo.NoticeRow>) => unpublishable(tx, rows),

    /** Schedules a locked notice for its edition's release, in the release's transaction; false when it kept its time. */
    async scheduleForRelease(tx: Database, actor: Actor, current: repo.NoticeRow, at: Date, previousRelease: Date | null): Promise<boolean> {
      const row = await scheduleForRelease(tx, actor, 'notice', current, at, previousRelease, (values) => repo.updateNotice(tx, current.id, values));
      if (row) await saved(tx, actor, row, false);
      return row !== null;
    },

    revisions: (id: number) => revisionList(db, 'notice', id, () => repo.findNotice(db, id)),

    revision: (id: number, version: number) => revisionOf(db, 'notice', id, version),
  };
}

/** Where a full ID number was masked: a table cell, or a text field by pointer. */
type MaskedPlace = (RowPlace & { column: string }) | { pointer: string };

const TEXT_FIELDS = ['title', 'salutation', 'preamble', 'closing', 'issuer'] as const;

/**
 * The notice's own text with every full ID number masked, as table cells are: a 遗失声明's
 * preamble names the lost card's number more often than not.
 */
function maskTextFields<T extends Partial<Record<(typeof TEXT_FIELDS)[number], string | null>> & { contact?: { name: string; phone: string } | null }>(
  body: T,
): { body: T; masked: MaskedPlace[] } {
  const out: T = { ...body };
  const masked: MaskedPlace[] = [];
  for (const field of TEXT_FIELDS) {
    const text = body[field];
    if (typeof text !== 'string') continue;
    const result = maskIdsInText(text);
    if (result.count) {
      out[field] = result.text as T[typeof field];
      masked.push({ pointer: `/${field}` });
    }
  }
  if (body.contact) {
    const result = maskIdsInText(body.contact.name);
    if (result.count) {
      out.contact = { ...body.contact, name: result.text };
      masked.push({ pointer: '/contact/name' });
    }
  }
  return { body: out, masked };
}

/** A page of a table's rows, by position. */
export async function rowsPage(db: Database, tableId: number | null, query: RowsQuery) {
  const table = await repo.findTable(db, tableId);
  if (!table) return { items: [], nextCursor: null };
  const limit = query.limit ?? INLINE_ROWS;
  const [after] = decodeCursor(query.cursor, ['number']) ?? [0];
  const rows = await repo.tableRows(db, table.id, after, limit + 1);
  const page = paginate(rows, limit, (r) => [r.position]);
  return { items: tableRowsOut(table.columns, page.items), nextCursor: page.nextCursor };
}

function sameColumns(a: Column[], b: Column[]): boolean {
  const shape = (columns: Column[]) => JSON.stringify(columns.map((c) => [c.key, c.label, c.type, c.required ?? false]));
  return shape(a) === shape(b);
}

function zeroTotals(columns: Column[]): Record<string, number> {
  return Object.fromEntries(columns.filter((c) => c.type === 'money').map((c) => [c.key, 0]));
}

function emptyTable(columns: Column[]): TypedTable {
  return { values: [], totals: zeroTotals(columns), masked: [] };
}

/**
 * Reads an uploaded file and types its cells as they are read, keeping only the typed values;
 * a file that cannot be read is a 422 naming why.
 */
async function typeFile(file: Buffer, contentType: string, columns: Column[]): Promise<TypedTable> {
  const typer = createTableTyper(columns);
  let summary;
  try {
    summary = await readTableFile(file, contentType, columns, (row) => typer.add(row));
  } catch (err) {
    if (!(err instanceof TableFileError)) throw err;
    // Problems of the file's shape found among its rows come with the rows' bad cells, in one list.
    if (err.problems.length && typer.rowCount > 0) typer.finish(null, err.problems);
    throw new Unprocessable(err.message, err.problems);
  }
  if (summary.rowCount === 0) {
    throw new Unprocessable('The file has a header but no rows, so nothing was changed; to empty the table, send `rows: []` as JSON');
  }
  return typer.finish(summary.total);
}
