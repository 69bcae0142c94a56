import { creditsWithByline, formatByline } from '../../document/byline-writer.js';
import type { BylineLanguage } from '../../document/credit-roles.js';
import { NotFound } from '../../errors.js';
import { decodeCursor, paginate } from '../../lib/pagination.js';
import { DEFAULT_TIME_ZONE, timeWindow } from '../../lib/time.js';
import type { PublicContentDeps, Rendered } from '../../publishing/content-cache.js';
import { renderHtml } from '../../render/web/document-html.js';
import { creditsOf } from '../people/credits.js';
import { publicPhoto } from '../photos/public.js';
import { photosByIds } from '../photos/repository.js';
import { leadPhotosOf, thumbnailRenditions } from '../photos/thumbnails.js';
import { findSectionBySlug, sectionsByIds } from '../sections/repository.js';
import { toNinjs } from './ninjs.js';
import type { PublicArticle, PublicArticleSummary, PublicListQuery, PublicTeaserPhoto } from '../../contracts/articles.js';
import type { PublicPhoto } from '../../contracts/photos.js';
import type { Block, Document } from '../../document/model.js';
import * as repo from './repository.js';

export type ArticleFormat = 'json' | 'ninjs';

export type PublicArticlesService = ReturnType<typeof createPublicArticles>;

/** Published articles as the public content API and the web pages deliver them. */
export function createPublicArticles({ db, cache, baseUrl, timeZone = DEFAULT_TIME_ZONE }: PublicContentDeps) {
  const urlOf = (id: number) => `${baseUrl}/articles/${id}`;

  async function build(row: repo.ArticleRow, lang: BylineLanguage): Promise<PublicArticle> {
    const figures = figuresOf(row.document);
    const photoIds = [...new Set([...(row.leadPhotoId === null ? [] : [row.leadPhotoId]), ...figures.map((f) => f.photoId)])];
    const [credits, corrections, sections, photoRows] = await Promise.all([
      creditsOf(db, 'article', [row.id]),
      repo.correctionsOf(db, row.id),
      sectionsByIds(db, row.sectionId === null ? [] : [row.sectionId]),
      photosByIds(db, photoIds),
    ]);
    const shown = creditsWithByline(credits, lang);
    // Each photo as itself (its own caption); a use's caption is applied where it is shown.
    const photos = new Map<number, PublicPhoto>();
    for (const [id, photo] of photoRows) photos.set(id, publicPhoto(photo, baseUrl, null, lang));
    const lead = row.leadPhotoId === null ? undefined : photoRows.get(row.leadPhotoId);
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
      leadPhoto: lead ? publicPhoto(lead, baseUrl, row.leadPhotoCaption, lang) : null,
      photos: figures.flatMap(({ photoId, caption }) => {
        const photo = photos.get(photoId);
        return photo ? [caption.trim() ? { ...photo, caption } : photo] : [];
      }),
      bodyHtml: renderHtml(row.document, photos),
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
      const leads = await leadPhotosOf(db, page.items.map((row) => row.id));
      const teaserPhoto = (articleId: number): PublicTeaserPhoto | null => {
        const lead = leads.get(articleId);
        if (!lead) return null;
        return { ...publicPhoto(lead, baseUrl, lead.leadPhotoCaption, query.lang ?? 'zh'), thumbnails: thumbnailRenditions(lead, baseUrl) };
      };
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
          leadPhoto: teaserPhoto(row.id),
          publishedAt: row.publishedAt.toISOString(),
          updatedAt: row.updatedAt.toISOString(),
        })),
        nextCursor: page.nextCursor,
      };
    },
  };
}

/** The body's figures in reading order (inside lists and quotes too), each photo once, with its first caption. */
function figuresOf(doc: Document): { photoId: number; caption: string }[] {
  const seen = new Map<number, string>();
  const visit = (blocks: readonly Block[]) => {
    for (const block of blocks) {
      if (block.type === 'figure') {
        if (!seen.has(block.photoId)) seen.set(block.photoId, block.caption);
      } else if (block.type === 'list') block.items.forEach(visit);
      else if (block.type === 'quote') visit(block.children);
    }
  };
  visit(doc.blocks);
  return [...seen].map(([photoId, caption]) => ({ photoId, caption }));
}
