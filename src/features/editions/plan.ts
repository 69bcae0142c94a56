import type { FastifyBaseLogger } from 'fastify';
import type { Database } from '../../db/client.js';
import type { PrintService } from '../print/service.js';
import type { Clock } from '../../lib/clock.js';
import type { ItemStatus } from '../../db/schema/index.js';
import { GRIDS } from '../../document/grids.js';
import { OVERDUE_MS } from '../../publishing/status.js';
import { editionHead, editionOr404 } from './stored-edition.js';
import * as repo from './repository.js';
import type { ItemRef, LeftOutRef, Plan } from './schemas.js';

/** States a release can take: it schedules edited items, keeps scheduled ones, leaves published ones be. */
export const READY: readonly ItemStatus[] = ['edited', 'scheduled', 'published'];

const NOT_READY_REASON: Partial<Record<ItemStatus, string>> = {
  draft: 'is a draft',
  submitted: 'is submitted but not edited',
  withdrawn: 'is withdrawn',
};

/**
 * Why a placed item will not go out with its edition, or null when it will. Until the edition
 * is released, a release takes edited and scheduled items along and refuses the rest. Once it
 * is released (public or not), only what is published, or scheduled by the release time, goes
 * out: an item sent back, edited into a new state, or rescheduled later since is left out.
 */
export function leftOutReason(
  edition: { status: string; releaseAt: Date | null },
  item: { status: ItemStatus; publishAt: Date | null; blocked: string | null },
): string | null {
  const released = edition.status === 'released' && edition.releaseAt !== null;
  const notReady = NOT_READY_REASON[item.status] ?? (item.status !== 'published' ? item.blocked : null) ?? undefined;
  if (notReady) return `${notReady}: ${released ? 'it will not go out with the edition' : 'a release refuses it (or skips it with force)'}`;
  if (!released || item.status === 'published') return null;
  if (item.status === 'edited') return 'was taken off its schedule after the release: release the edition again to take it along';
  if (item.status === 'scheduled' && item.publishAt && item.publishAt.getTime() > edition.releaseAt!.getTime()) {
    return `is scheduled for ${item.publishAt.toISOString()}, after the edition's release at ${edition.releaseAt!.toISOString()}`;
  }
  return null;
}

/**
 * The flatplan of an edition: every page with its items, their states and lengths, and what
 * needs attention (empty pages, items not ready, items late). Read in one snapshot, so that
 * a page saved meanwhile shows whole or not at all.
 */
export async function editionPlan(db: Database, date: string, now: number): Promise<Plan> {
  return db.transaction(
    async (tx) => {
      const row = await editionOr404(tx, date);
      const pageRows = await repo.pagesOf(tx, row.id);
      const placed = await repo.placementsOf(tx, pageRows.map((p) => p.id));
      const facts = await repo.itemFacts(tx, placed);
      const sections = await repo.sectionsByIds(tx, [...new Set(pageRows.flatMap((p) => (p.sectionId === null ? [] : [p.sectionId])))]);
      const editors = await repo.usersByIds(tx, [...new Set(pageRows.flatMap((p) => (p.editorId === null ? [] : [p.editorId])))]);
      const statuses: Record<string, number> = {};
      const notReady: ItemRef[] = [];
      const overdue: ItemRef[] = [];
      const leftOut: LeftOutRef[] = [];
      const pages = pageRows.map((p) => {
        const items = placed
          .filter((x) => x.pageId === p.id)
          .map((x) => {
            const f = facts.get(`${x.kind}:${x.id}`)!;
            const ready = READY.includes(f.status) && (f.status === 'published' || f.blocked === null);
            const late = f.status === 'scheduled' && f.publishAt !== null && now - f.publishAt.getTime() > OVERDUE_MS;
            const ref = { kind: f.kind, id: f.id, page: p.label, status: f.status, title: f.title };
            statuses[f.status] = (statuses[f.status] ?? 0) + 1;
            if (!ready) notReady.push(ref);
            if (late) overdue.push(ref);
            const reason = leftOutReason(row, f);
            if (reason) leftOut.push({ ...ref, reason });
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
              fits: null as boolean | null,
              fit: null as Plan['pages'][number]['items'][number]['fit'],
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
        ...editionHead(row),
        version: row.version,
        pages,
        summary: {
          pages: pages.length,
          items: placed.length,
          statuses,
          emptyPages: pages.filter((p) => p.items.length === 0).map((p) => p.label),
          notReady,
          overdue,
          leftOut,
        },
      };
    },
    { isolationLevel: 'repeatable read', accessMode: 'read only' },
  );
}

/**
 * The plan with each placed item's copy fit, from its page as print sets it (a render per page
 * that changed since it was last set). A page that cannot be set just now keeps its items' fit
 * null rather than failing the plan.
 */
export async function withFits(plan: Plan, print: Pick<PrintService, 'pageFit'>, log: FastifyBaseLogger): Promise<Plan> {
  for (const page of plan.pages) {
    if (page.items.length === 0) continue;
    let report;
    try {
      report = await print.pageFit(plan.date, page.label);
    } catch (error) {
      log.warn({ err: error, page: page.label }, 'could not set the page for its copy fit');
      continue;
    }
    for (const item of page.items) {
      const f = report.items.find((i) => i.kind === item.kind && i.id === item.id);
      if (!f) continue;
      item.fits = f.fits;
      item.fit = { linesNeeded: f.linesNeeded, linesAvailable: f.linesAvailable, overLines: f.overLines, overCharacters: f.overCharacters };
    }
  }
  return plan;
}

export type Planner = ReturnType<typeof createPlanner>;

/** Editions' flatplans with their copy fit, read at the clock's time. */
export function createPlanner({ db, print, clock }: { db: Database; print: Pick<PrintService, 'pageFit'>; clock: Clock }) {
  return {
    async plan(date: string, log: FastifyBaseLogger): Promise<Plan> {
      return withFits(await editionPlan(db, date, clock.now()), print, log);
    },
  };
}
