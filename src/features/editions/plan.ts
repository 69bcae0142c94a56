import type { Database } from '../../db/client.js';
import { GRIDS, type ItemStatus } from '../../db/schema/index.js';
import { OVERDUE_MS } from '../../publishing/status.js';
import { editionOr404, isPublic } from './model.js';
import * as repo from './repository.js';
import type { ItemRef, Plan } from './schemas.js';

/** States a release can take: it schedules edited items, keeps scheduled ones, leaves published ones be. */
export const READY: readonly ItemStatus[] = ['edited', 'scheduled', 'published'];

/**
 * The flatplan of an edition: every page with its items, their states and lengths, and what
 * needs attention (empty pages, items not ready, items late). Read in one snapshot, so that
 * a page saved meanwhile shows whole or not at all.
 */
export async function editionPlan(db: Database, date: string): Promise<Plan> {
  return db.transaction(
    async (tx) => {
      const row = await editionOr404(tx, date);
      const pageRows = await repo.pagesOf(tx, row.id);
      const placed = await repo.placementsOf(tx, pageRows.map((p) => p.id));
      const facts = await repo.itemFacts(tx, placed);
      const sections = await repo.sectionsByIds(tx, [...new Set(pageRows.flatMap((p) => (p.sectionId === null ? [] : [p.sectionId])))]);
      const editors = await repo.usersByIds(tx, [...new Set(pageRows.flatMap((p) => (p.editorId === null ? [] : [p.editorId])))]);
      const now = Date.now();
      const statuses: Record<string, number> = {};
      const notReady: ItemRef[] = [];
      const overdue: ItemRef[] = [];
      const pages = pageRows.map((p) => {
        const items = placed
          .filter((x) => x.pageId === p.id)
          .map((x) => {
            const f = facts.get(`${x.kind}:${x.id}`)!;
            const ready = READY.includes(f.status);
            const late = f.status === 'scheduled' && f.publishAt !== null && now - f.publishAt.getTime() > OVERDUE_MS;
            const ref = { kind: f.kind, id: f.id, page: p.label, status: f.status, title: f.title };
            statuses[f.status] = (statuses[f.status] ?? 0) + 1;
            if (!ready) notReady.push(ref);
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
              ready,
              overdue: late,
              fits: null,
            };
          });
        const editor = p.editorId === null ? undefined : editors.get(p.editorId);
        return {
          label: p.label,
          name: p.name,
          section: p.sectionId === null ? null : (sections.get(p.sectionId) ?? null),
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
        pages,
        summary: {
          pages: pages.length,
          items: placed.length,
          statuses,
          emptyPages: pages.filter((p) => p.items.length === 0).map((p) => p.label),
          notReady,
          overdue,
        },
      };
    },
    { isolationLevel: 'repeatable read', accessMode: 'read only' },
  );
}
