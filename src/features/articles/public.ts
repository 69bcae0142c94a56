import { creditsWithByline, formatByline } from '../../document/byline-writer.js';
import type { BylineLanguage } from '../../document/credit-roles.js';
import { NotFound } from '../../errors.js';
import { decodeCursor, paginate } from '../../lib/pagination.js';
import { DEFAULT_TIME_ZONE, timeWindow } from '../../lib/time.js';
import type { PublicContentDeps, Rendered } from '../../publishing/content-cache.js';
import { renderHtml } from '../../render/web/document-html.js';
import { creditsOf } from '../people/credits.js';
import { findSectionBySlug, sectionsByIds } from '../sections/repository.js';
import { toNinjs } from './ninjs.js';
import type { PublicArticle, PublicArticleSummary, PublicListQuery } from '../../contracts/articles.js';
import * as repo from './repository.js';

export type ArticleFormat = 'json' | 'ninjs';

export type PublicArticlesService = ReturnType<typeof createPublicArticles>;

/** Published articles as the public content API and the web pages deliver them. */
export function createPublicArticles({ db, cache, baseUrl, timeZone = DEFAULT_TIME_ZONE }: PublicContentDeps) {
  const urlOf = (id: number) => `${baseUrl}/articles/${id}`;

  async function build(row: repo.ArticleRow, lang: BylineLanguage): Promise<PublicArticle> {
    const [credits, corrections, sections] = await Promise.all([
      creditsOf(db, 'article', [row.id]),
      repo.correctionsOf(db, row.id),
      sectionsByIds(db, row.sectionId === null ? [] : [row.sectionId]),
    ]);
    const shown = creditsWithByline(credits, lang);
    return {
      id: row.id,
      version: row.version,
      url: urlOf(row.id),
      kicker: row.kicker,
      headline: row.headline,
      subtitle: row.subtitle,
      summary: row.summary,
      byline: shown.byline,
      credits: shown.credits,
      section: row.sectionId === null ? null : (sections.get(row.sectionId) ?? null),
      publishedAt: row.publishedAt!.toISOString(),
      updatedAt: row.updatedAt.toISOString(),
      bodyHtml: renderHtml(row.document),
      corrections: corrections.map((c) => ({ id: c.id, text: c.text, createdAt: c.createdAt.toISOString() })),
      language: 'zh-CN',
      characters: row.figures.characters,
    };
  }

  /** A published article as the content API shows it, with its version; null when it is not published. */
  async function load(id: number, lang: BylineLanguage = 'zh'): Promise<{ version: number; value: PublicArticle } | null> {
    const row = await repo.findPublished(db, id);
    return row ? { version: row.version, value: await build(row, lang) } : null;
  }

  return {
    load,

    /**
     * A published article, rendered once per version and kept until a change is announced.
     * Anything not published is 404, whether it exists or not.
     */
    async render(id: number, format: ArticleFormat, lang: BylineLanguage = 'zh'): Promise<Rendered> {
      const rendered = await cache.readItem('article', id, `${format}:${lang}`, async () => {
        const loaded = await load(id, lang);
        return loaded && { version: loaded.version, value: format === 'ninjs' ? toNinjs(loaded.value) : loaded.value };
      });
      if (!rendered) throw new NotFound(`No published article ${id}`);
      return rendered;
    },

    /** A page of published articles; rendered pages are kept until any article change is announced. */
    list(query: PublicListQuery): Promise<Rendered> {
      const key = JSON.stringify([query.section, query.from, query.to, query.limit ?? 20, query.cursor, query.lang ?? 'zh']);
      return cache.readList('article', key, () => this.page(query));
    },

    async page(query: PublicListQuery): Promise<{ items: PublicArticleSummary[]; nextCursor: string | null }> {
      const limit = query.limit ?? 20;
      const rows = await repo.listPublished(db, {
        sectionSlug: query.section,
        ...timeWindow(query, timeZone),
        before: decodeCursor(query.cursor, ['string', 'number']),
        limit: limit + 1,
      });
      if (rows.length === 0 && query.section && !(await findSectionBySlug(db, query.section))) {
        throw new NotFound(`No section ${query.section}`);
      }
      const page = paginate(rows, limit, (r) => [r.publishedAt.toISOString(), r.id]);
      return {
        items: page.items.map((row) => ({
          id: row.id,
          url: urlOf(row.id),
          kicker: row.kicker,
          headline: row.headline,
          subtitle: row.subtitle,
          summary: row.summary,
          byline: formatByline(row.credits, query.lang ?? 'zh'),
          section: row.section,
          publishedAt: row.publishedAt.toISOString(),
          updatedAt: row.updatedAt.toISOString(),
        })),
        nextCursor: page.nextCursor,
      };
    },
  };
}
