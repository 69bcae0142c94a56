/** What a write does to a notice's table: rows typed from JSON, and a PATCH's new columns or rows. */
import type { Database } from '../../db/client.js';
import { Unprocessable } from '../../errors.js';
import type { Actor } from '../../lib/actor.js';
import type { Column } from '../../tables/cells.js';
import { checkColumns, rowsFromJson, sameColumns, typeRows, zeroTotals, type TypedTable } from '../../tables/typed-table.js';
import { knownKind } from './kinds.js';
import * as repo from './repository.js';
import type { UpdateNoticeBody } from './schemas.js';

/** A table to write: its columns and typed rows. */
export interface TableWrite {
  columns: Column[];
  typed: TypedTable;
}

/** Rows sent as JSON, typed under `columns`; a notice without columns takes no rows. */
export function typedFromJson(columns: Column[] | null, rows: unknown[]): TableWrite {
  if (!columns) {
    throw new Unprocessable('This notice has no columns; declare them before giving rows', [{ pointer: '/columns', message: 'is required with rows' }]);
  }
  const fitted = rowsFromJson(columns, rows);
  return { columns, typed: typeRows(columns, fitted.rows, null, fitted.errors) };
}

/**
 * What a PATCH does to the table: nothing, drop it, new rows (under new or current columns),
 * or new labels and required flags over the same rows. A new table is written; the old one
 * stays for its revisions.
 */
export async function tableChange(
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
    const columns = body.columns ?? table?.columns ?? (await knownKind(tx, body.kind ?? current.kind)).columns;
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
