import type { Database } from '../../db/client.js';
import { NotFound } from '../../errors.js';
import { paginate } from '../../lib/pagination.js';
import type { ContentCache, Rendered } from '../../publishing/content-cache.js';
import type { PublicEdition, PublicEditionsQuery, PublicEditionSummary } from './public-schemas.js';
import * as repo from './repository.js';
import { decodeDateCursor, editionKey } from './model.js';

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
              ? { kind: 'article' as const, id: x.articleId, kicker: x.kicker, headline: x.headline!, subtitle: x.subtitle, url: `${baseUrl}/articles/${x.articleId}` }
              : { kind: 'notice' as const, id: x.noticeId!, kicker: null, headline: x.title!, subtitle: null, url: `${baseUrl}/notices/${x.noticeId}` },
          ),
      })),
    };
  }

  return {
    /** A public edition; one not released, or whose release time has not come, is 404 like one that does not exist. */
    async render(date: string): Promise<Rendered> {
      const rendered = await cache.readItem('edition', editionKey(date), 'json', async () => {
        const row = await repo.findEdition(db, date);
        if (!row || row.status !== 'released' || row.liveAt === null) return null;
        return { version: row.version, value: await build(row) };
      });
      if (!rendered) throw new NotFound(`No released edition for ${date}`);
      return rendered;
    },

    list(query: PublicEditionsQuery): Promise<Rendered> {
      const key = JSON.stringify([query.from, query.to, query.limit ?? 20, query.cursor]);
      return cache.readList('edition', key, async () => {
        const limit = query.limit ?? 20;
        const rows = await repo.listEditions(db, { publicOnly: true, from: query.from, to: query.to, before: decodeDateCursor(query.cursor), limit: limit + 1 });
        const page = paginate(rows, limit, (r) => [r.date]);
        const items: PublicEditionSummary[] = page.items.map((r) => ({
          date: r.date,
          issueNumber: r.issueNumber,
          releasedAt: r.releaseAt!.toISOString(),
          pageCount: r.pageCount,
          url: editionUrl(r.date),
        }));
        return { items, nextCursor: page.nextCursor };
      });
    },
  };
}
