import type { Database } from '../../db/client.js';
import { NOW } from '../../db/versioned.js';
import { Conflict, PreconditionFailed } from '../../errors.js';
import type { Actor } from '../../lib/actor.js';
import { announceChange } from '../../publishing/changes.js';
import { scheduleTime } from '../../publishing/status.js';
import { recordAudit } from '../../publishing/audit.js';
import type { ArticlesService } from '../articles/service.js';
import type { NoticesService } from '../notices/service.js';
import { editionKey } from './dates.js';
import { describe } from './item-names.js';
import { editionOr404, isPublic, toEdition } from './stored-edition.js';
import { READY } from './plan.js';
import * as repo from './repository.js';
import type { ItemRef, ReleaseBody, ReleaseResult } from './schemas.js';

export type Releases = ReturnType<typeof createReleases>;

/** Releasing editions, and making released editions public when their time comes. */
export function createReleases({
  db,
  articles,
  notices,
  timeZone,
}: {
  db: Database;
  articles: ArticlesService;
  notices: NoticesService;
  /** The paper's, for the message refusing a release time without an offset. */
  timeZone: string;
}) {
  return {
    /**
     * Releases the edition: in one transaction, every placed item not yet published is
     * scheduled for `at` through the scheduled-publication mechanism, and the edition goes
     * public when a publisher finds its time come and its items published. Items that are not
     * ready (drafts, submitted or withdrawn) block the release with a 409 listing them;
     * `force` skips them. Releasing again before the edition is public moves it, items and
     * all, to the new time; releasing a public edition again schedules what was placed since.
     */
    async release(actor: Actor, date: string, expected: number, body: ReleaseBody): Promise<ReleaseResult> {
      const given = body.at === undefined ? undefined : scheduleTime(body.at, { pointer: '/at', timeZone, ifPast: 'leave `at` out to release now' });
      return db.transaction(async (tx) => {
        const current = await editionOr404(tx, date, true);
        if (current.version !== expected) throw new PreconditionFailed(current.version, expected);
        // Taken once the locks are held, so a release that waited is not refused as late.
        const at = given ?? new Date();
        const live = isPublic(current);
        const pageRows = await repo.pagesOf(tx, current.id);
        const labels = new Map(pageRows.map((p) => [p.id, p.label]));
        const placed = await repo.placementsOf(tx, pageRows.map((p) => p.id));
        if (placed.length === 0) throw new Conflict(`The edition of ${date} has nothing placed on it; place its stories and notices first`);
        const locked = await repo.lockItems(tx, placed);
        const refs: ItemRef[] = placed.map((x) => {
          const row = x.kind === 'article' ? locked.articles.get(x.id)! : locked.notices.get(x.id)!;
          return { kind: x.kind, id: x.id, page: labels.get(x.pageId)!, status: row.status, title: 'headline' in row ? row.headline : row.title };
        });
        // A notice whose required table has no rows, or a story showing a photo without alt text, is not ready however far it went.
        const blocked = new Map([
          ...[...(await notices.unpublishable(tx, [...locked.notices.values()].filter((n) => n.status !== 'published')))].map(([id, why]) => [`notice:${id}`, why] as const),
          ...[...(await articles.unpublishable(tx, [...locked.articles.values()].filter((a) => a.status !== 'published')))].map(([id, why]) => [`article:${id}`, why] as const),
        ]);
        const why = (r: ItemRef) => blocked.get(`${r.kind}:${r.id}`);
        const notReady = refs.filter((r) => !READY.includes(r.status) || why(r) !== undefined);
        if (notReady.length && !body.force) {
          throw new Conflict(
            `Not ready for release: ${notReady.map((r) => `${describe(r)} on ${r.page} ${why(r) ?? `is ${r.status}`}`).join('; ')}. ` +
              'Edit them, take them off the pages, or release with force to skip them',
            { notReady },
          );
        }
        if (notReady.length === refs.length) throw new Conflict(`Nothing on the edition of ${date} is ready for release`, { notReady });

        // Before the edition is public, a new release replaces the earlier one, items and all.
        const previousRelease = live ? null : current.releaseAt;
        const emptyPages = pageRows.filter((p) => !placed.some((x) => x.pageId === p.id)).map((p) => p.label);
        const result: Omit<ReleaseResult, 'edition'> = { releaseAt: at.toISOString(), scheduled: [], kept: [], published: [], skipped: notReady, emptyPages };
        for (const ref of refs) {
          if (notReady.includes(ref)) continue;
          if (ref.status === 'published') result.published.push(ref);
          else if (ref.status === 'edited' || ref.status === 'scheduled') {
            const moved =
              ref.kind === 'article'
                ? await articles.scheduleForRelease(tx, actor, locked.articles.get(ref.id)!, at, previousRelease)
                : await notices.scheduleForRelease(tx, actor, locked.notices.get(ref.id)!, at, previousRelease);
            (moved ? result.scheduled : result.kept).push({ ...ref, status: 'scheduled' });
          }
        }
        // A public edition keeps the time it went public at; what is placed since follows at `at`.
        const row = await repo.updateEdition(tx, current.id, {
          status: 'released',
          releaseAt: live ? current.releaseAt : at,
          releasedBy: actor.userId,
          updatedBy: actor.userId,
        });
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
            ...(emptyPages.length && { emptyPages }),
            ...(body.force && { force: true }),
          },
        });
        if (live) await announceChange(tx, { entity: 'edition', id: editionKey(date) });
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
