import type { Database } from '../../db/client.js';
import { formatByline } from '../../document/byline-writer.js';
import { NotFound } from '../../errors.js';
import { paginate } from '../../lib/pagination.js';
import { refuseBackwards } from '../../lib/time.js';
import type { ContentCache, Rendered } from '../../publishing/content-cache.js';
import { creditsOf } from '../people/credits.js';
import type { PublicEdition, PublicEditionsQuery, PublicEditionSummary } from '../../contracts/editions.js';
import * as repo from './repository.js';
import { decodeDateCursor, editionKey } from './dates.js';

export type PublicEditionsService = ReturnType<typeof createPublicEditions>;

/**
 * Released editions as the public content API delivers them: an edition is public once the
 * publisher has found its release time come, and shows only its published items. Renderings
 * are dropped on any article or notice change (see the cache dependency in index.ts).
 */
export function createPublicEditions({ db, cache, baseUrl }: { db: Database; cache: ContentCache; baseUrl: string }) {
  const editionUrl = (date: string) => `${baseUrl}/editions/${date}`;

  async function build(row: repo.EditionRow): Promise<PublicEdition> {
    const pageRows = await repo.pagesOf(db, row.id);
    const placed = await repo.publishedPlacements(db, row.id);
    const sections = await repo.sectionsByIds(db, [...new Set(pageRows.flatMap((p) => (p.sectionId === null ? [] : [p.sectionId])))]);
    const editors = await repo.usersByIds(db, [...new Set(pageRows.flatMap((p) => (p.editorId === null ? [] : [p.editorId])))]);
    const credits = await creditsOf(db, 'article', placed.flatMap((x) => (x.articleId === null ? [] : [x.articleId])));
    const bylineOf = (id: number) => formatByline(credits.filter((c) => c.ownerId === id));
    return {
      date: row.date,
      issueNumber: row.issueNumber,
      releasedAt: row.releaseAt!.toISOString(),
      url: editionUrl(row.date),
      pages: pageRows.map((p) => ({
        label: p.label,
        name: p.name,
        section: p.sectionId === null ? null : (sections.get(p.sectionId) ?? null),
        editor: p.editorId === null ? null : (editors.get(p.editorId)?.name ?? null),
        grid: p.grid,
        url: `${editionUrl(row.date)}/${p.label}`,
        items: placed
          .filter((x) => x.pageId === p.id)
          .map((x) =>
            x.articleId !== null
              ? {
                  kind: 'article' as const,
                  id: x.articleId,
                  kicker: x.kicker,
                  headline: x.headline!,
                  subtitle: x.subtitle,
                  byline: bylineOf(x.articleId),
                  summary: x.summary,
                  url: `${baseUrl}/articles/${x.articleId}`,
                }
              : { kind: 'notice' as const, id: x.noticeId!, kicker: null, headline: x.title!, subtitle: null, byline: '', summary: null, url: `${baseUrl}/notices/${x.noticeId}` },
          ),
      })),
    };
  }

  /** A public edition as the content API shows it, with its version; null when it is not public. */
  async function load(date: string): Promise<{ version: number; value: PublicEdition } | null> {
    const row = await repo.findEdition(db, date);
    if (!row || row.status !== 'released' || row.liveAt === null) return null;
    return { version: row.version, value: await build(row) };
  }

  return {
    load,

    /** A public edition; one not released, or whose release time has not come, is 404 like one that does not exist. */
    async render(date: string): Promise<Rendered> {
      const rendered = await cache.readItem('edition', editionKey(date), 'json', () => load(date));
      if (!rendered) throw new NotFound(`No released edition for ${date}`);
      return rendered;
    },

    /** A page of public editions; rendered pages are kept until any edition change is announced. */
    list(query: PublicEditionsQuery): Promise<Rendered> {
      return cache.readList('edition', JSON.stringify([query.from, query.to, query.limit ?? 20, query.cursor]), () => this.page(query));
    },

    async page(query: PublicEditionsQuery): Promise<{ items: PublicEditionSummary[]; nextCursor: string | null }> {
      const limit = query.limit ?? 20;
      if (query.from && query.to && query.from > query.to) refuseBackwards();
      const rows = await repo.listEditions(db, { publicOnly: true, from: query.from, to: query.to, before: decodeDateCursor(query.cursor), limit: limit + 1 });
      const page = paginate(rows, limit, (r) => [r.date]);
      return {
        items: page.items.map((r) => ({
          date: r.date,
          issueNumber: r.issueNumber,
          releasedAt: r.releaseAt!.toISOString(),
          pageCount: r.pageCount,
          url: editionUrl(r.date),
        })),
        nextCursor: page.nextCursor,
      };
    },
  };
}
