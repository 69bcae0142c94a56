/** Notices and their tables as the API shows them. */
import type { Table } from '../../contracts/notices.js';
import type { Database } from '../../db/client.js';
import { creditsWithByline } from '../../document/byline-writer.js';
import { decodeCursor, encodeCursor, paginate } from '../../lib/pagination.js';
import { workflowOut } from '../../publishing/item-workflow.js';
import { displayCell, type CellValue, type Column } from '../../tables/cells.js';
import { creditsOf, type CreditRow } from '../people/credits.js';
import { contactOut } from './contact.js';
import * as repo from './repository.js';
import type { Notice, RowsQuery } from './schemas.js';

/** Rows a single notice carries inline; the rest are paged through the rows endpoint. */
export const INLINE_ROWS = 1000;

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

/** What a list has loaded for its whole page, so that each notice of it costs no query. */
export interface LoadedForNotice {
  credits?: CreditRow[];
  table?: repo.NoticeTableRow | null;
  kinds?: Map<string, repo.NoticeKindRow>;
}

/** The notice's closing lines, issuer, contact and claim period, as staff and public answers both show them. */
export function signOff(row: repo.NoticeRow) {
  return {
    closing: row.closing,
    issuer: row.issuer,
    issuedOn: row.issuedOn,
    contact: contactOut(row),
    claimDays: row.claimDays,
    deadline: row.deadline,
  };
}

/** A notice as the API shows it, with its table's first rows when `withRows`. */
export async function noticeOut(db: Database, row: repo.NoticeRow, withRows: boolean, loaded: LoadedForNotice = {}): Promise<Notice> {
  const shown = creditsWithByline(loaded.credits ?? (await creditsOf(db, 'notice', [row.id])));
  const table = loaded.table !== undefined ? loaded.table : ((await repo.findTable(db, row.tableId)) ?? null);
  const kind = table ? (loaded.kinds?.get(row.kind) ?? (await repo.findKind(db, row.kind))) : undefined;
  return {
    id: row.id,
    kind: row.kind,
    title: row.title,
    salutation: row.salutation,
    preamble: row.preamble,
    ...signOff(row),
    credits: shown.credits,
    byline: shown.byline,
    table: table ? tableOut(table, kind?.presentation ?? 'table', withRows ? await repo.tableRows(db, table.id, 0, INLINE_ROWS) : undefined) : null,
    ...workflowOut(row),
  };
}
