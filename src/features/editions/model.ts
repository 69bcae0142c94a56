import type { Database } from '../../db/client.js';
import { BadRequest, NotFound } from '../../errors.js';
import { decodeCursor } from '../../lib/pagination.js';
import * as repo from './repository.js';
import type { Edition } from './schemas.js';

/** Public: released, and made live by a publisher once its release time came. */
export const isPublic = (row: repo.EditionRow) => row.status === 'released' && row.liveAt !== null;

/** An edition's key in content-change announcements and the content cache: its date as yyyymmdd. */
export const editionKey = (date: string) => Number(date.replaceAll('-', ''));

/** `article 12`, `notice 3`: an item as messages name it. */
export const describe = (item: { kind: string; id: number }) => `${item.kind} ${item.id}`;

export async function editionOr404(db: Database, date: string, lock = false): Promise<repo.EditionRow> {
  const row = await repo.findEdition(db, date, lock);
  if (!row) throw new NotFound(`No edition for ${date}`);
  return row;
}

export async function toEdition(db: Database, row: repo.EditionRow): Promise<Edition> {
  const pageRows = await repo.pagesOf(db, row.id);
  const placed = await repo.placementsOf(db, pageRows.map((p) => p.id));
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

/** The date an edition list's cursor holds: the last date of the previous page. */
export function decodeDateCursor(cursor: string | undefined): string | undefined {
  const key = decodeCursor(cursor, ['string']);
  if (key && !isDay(key[0])) throw new BadRequest('The cursor is not one this list handed out');
  return key?.[0];
}

/** A real calendar day written YYYY-MM-DD, years 1800–2999 as editions have. */
export function isDay(text: string): boolean {
  if (!/^(1[89]|2\d)\d{2}-\d{2}-\d{2}$/.test(text)) return false;
  const day = new Date(`${text}T00:00:00Z`);
  return !Number.isNaN(day.getTime()) && day.toISOString().startsWith(text);
}
