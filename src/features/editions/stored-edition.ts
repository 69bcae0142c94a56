import type { Database } from '../../db/client.js';
import { NotFound } from '../../errors.js';
import * as repo from './repository.js';
import type { Edition } from './schemas.js';

/** Public: released, and made live by a publisher once its release time came. */
export const isPublic = (row: repo.EditionRow) => row.status === 'released' && row.liveAt !== null;

export async function editionOr404(db: Database, date: string, lock = false): Promise<repo.EditionRow> {
  const row = await repo.findEdition(db, date, lock);
  if (!row) throw new NotFound(`No edition for ${date}`);
  return row;
}

/** What every answer about an edition begins with: which issue it is and where it stands. */
export function editionHead(row: repo.EditionRow) {
  return {
    date: row.date,
    issueNumber: row.issueNumber,
    status: row.status,
    releaseAt: row.releaseAt?.toISOString() ?? null,
    public: isPublic(row),
  };
}

export async function toEdition(db: Database, row: repo.EditionRow): Promise<Edition> {
  const pageRows = await repo.pagesOf(db, row.id);
  const placed = await repo.placementsOf(db, pageRows.map((p) => p.id));
  return {
    ...editionHead(row),
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
