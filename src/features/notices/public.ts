import { creditsWithByline } from '../../document/byline-writer.js';
import { NotFound } from '../../errors.js';
import { decodeCursor, paginate } from '../../lib/pagination.js';
import { DEFAULT_TIME_ZONE, timeWindow } from '../../lib/time.js';
import { etagOf } from '../../lib/etag.js';
import type { PublicContentDeps, Rendered } from '../../publishing/content-cache.js';
import { renderHtml } from '../../render/web/document-html.js';
import { creditsOf } from '../people/credits.js';
import type { PublicNotice, PublicNoticeListQuery, PublicNoticeSummary } from '../../contracts/notices.js';
import * as repo from './repository.js';
import type { RowsQuery } from './schemas.js';
import { INLINE_ROWS, rowsPage, signOff, tableOut } from './output.js';

export type PublicNoticesService = ReturnType<typeof createPublicNotices>;

/** Published notices as the public content API (and the web pages) deliver them. */
export function createPublicNotices({ db, cache, baseUrl, timeZone = DEFAULT_TIME_ZONE }: PublicContentDeps) {
  const urlOf = (id: number) => `${baseUrl}/notices/${id}`;

  async function build(row: repo.NoticeRow): Promise<PublicNotice> {
    const [credits, kind, table] = await Promise.all([creditsOf(db, 'notice', [row.id]), repo.findKind(db, row.kind), repo.findTable(db, row.tableId)]);
    const shown = creditsWithByline(credits);
    return {
      id: row.id,
      version: row.version,
      url: urlOf(row.id),
      kind: row.kind,
      kindName: kind?.name ?? row.kind,
      title: row.title,
      salutation: row.salutation,
      preambleHtml: renderHtml(row.preambleDocument),
      ...signOff(row),
      byline: shown.byline,
      credits: shown.credits,
      table: table ? tableOut(table, kind?.presentation ?? 'table', await repo.tableRows(db, table.id, 0, INLINE_ROWS)) : null,
      publishedAt: row.publishedAt!.toISOString(),
      updatedAt: row.updatedAt.toISOString(),
      language: 'zh-CN',
    };
  }


  /** A published notice as the content API shows it, with its version; null when it is not published. */
  async function load(id: number): Promise<{ version: number; value: PublicNotice } | null> {
    const row = await repo.findPublished(db, id);
    return row ? { version: row.version, value: await build(row) } : null;
  }

  /** A published notice with the page of its table's rows that `cursor` starts, read afresh; null when it is not published. */
  async function loadRows(id: number, cursor: string): Promise<PublicNotice | null> {
    const row = await repo.findPublished(db, id);
    if (!row) return null;
    const notice = await build(row);
    if (!notice.table) return notice;
    const page = await rowsPage(db, row.tableId, { cursor });
    return { ...notice, table: { ...notice.table, rows: page.items, nextCursor: page.nextCursor } };
  }

  return {
    load,
    loadRows,

    /** A published notice; anything not published is 404, whether it exists or not. */
    async render(id: number): Promise<Rendered> {
      const rendered = await cache.readItem('notice', id, 'json', () => load(id));
      if (!rendered) throw new NotFound(`No published notice ${id}`);
      return rendered;
    },

    /**
     * A page of a published notice's rows, read afresh each time: a client picks any cursor, so
     * caching pages would let anyone fill the cache; a page is one indexed range read.
     */
    async rows(id: number, query: RowsQuery): Promise<Rendered> {
      const row = await repo.findPublished(db, id);
      if (!row) throw new NotFound(`No published notice ${id}`);
      const body = JSON.stringify(await rowsPage(db, row.tableId, query));
      return { body, etag: etagOf(body) };
    },

    /** A page of published notices; rendered pages are kept until any notice change is announced. */
    list(query: PublicNoticeListQuery): Promise<Rendered> {
      return cache.readList('notice', JSON.stringify([query.kind, query.from, query.to, query.limit ?? 20, query.cursor]), () => this.page(query));
    },

    async page(query: PublicNoticeListQuery): Promise<{ items: PublicNoticeSummary[]; nextCursor: string | null }> {
      const limit = query.limit ?? 20;
      const rows = await repo.listPublished(db, {
        kind: query.kind,
        ...timeWindow(query, timeZone),
        before: decodeCursor(query.cursor, ['string', 'number']),
        limit: limit + 1,
      });
      const page = paginate(rows, limit, (r) => [r.publishedAt!.toISOString(), r.id]);
      return {
        items: page.items.map((r) => ({
          id: r.id,
          url: urlOf(r.id),
          kind: r.kind,
          kindName: r.kindName,
          title: r.title,
          issuer: r.issuer,
          issuedOn: r.issuedOn,
          deadline: r.deadline,
          rowCount: r.rowCount ?? 0,
          publishedAt: r.publishedAt!.toISOString(),
          updatedAt: r.updatedAt.toISOString(),
        })),
        nextCursor: page.nextCursor,
      };
    },
  };
}
