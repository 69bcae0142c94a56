import { createHash } from 'node:crypto';
import type { Database } from '../../db/client.js';
import { GRIDS, type Grid } from '../../db/schema/index.js';
import { parseMarkdown } from '../../document/markdown.js';
import { Conflict, NotFound, ServiceUnavailable } from '../../errors.js';
import { pageHeader, printArticle, printNotice, type PrintItem, type PrintJob, type PrintPage } from '../../render/print/data.js';
import { PRINT_GRIDS } from '../../render/print/grids.js';
import { PrintFailed, type PrintPool } from '../../render/print/pool.js';
import type { Rendered } from '../../render/print/typst.js';
import { createArticlesService } from '../articles/service.js';
import { editionOr404, isPublic } from '../editions/model.js';
import * as editionsRepo from '../editions/repository.js';
import { createNoticesService } from '../notices/service.js';
import { fitReport, type PageFit, type PageFitMeta } from './fit.js';

/** Rows of one notice table that print sets; a longer table is cut there and says so. */
export const PRINT_ROW_LIMIT = 2_000;

/** Finished PDFs kept, by the versions of what is on them. */
const CACHE_BYTES = 64 * 1024 * 1024;

export type PrintService = ReturnType<typeof createPrintService>;

interface LoadedPage {
  page: PrintPage;
  grid: Grid;
  /** Everything the page shows and its version: the cache key's ingredients. */
  versions: string[];
}

/**
 * Proofs and print PDFs of editions, pages and articles, and copy-fit reports. Reads items in
 * any state (these are the editors' proofs of unreleased pages), renders in the print pool, and
 * keeps finished renders by the versions of the edition, page and items they show, so an
 * unchanged page is served again without a render and any edit makes a new one.
 */
export function createPrintService({ db, pool, paper }: { db: Database; pool: PrintPool; paper: string }) {
  const cache = new Map<string, Rendered>();
  let cachedBytes = 0;

  /** An item as print sets it, read in `tx` (the snapshot the whole page is read in). */
  async function item(tx: Database, kind: 'article' | 'notice', id: number, columns: number | null): Promise<{ item: PrintItem; version: string; published: boolean }> {
    if (kind === 'article') {
      const a = await createArticlesService({ db: tx }).get(id);
      return { item: printArticle({ ...a, body: parseMarkdown(a.body) }, columns), version: `a${a.id}v${a.version}`, published: a.status === 'published' };
    }
    const notices = createNoticesService({ db: tx });
    const n = await notices.get(id);
    let table = null;
    if (n.table) {
      const rows: string[][] = [];
      let cursor: string | undefined;
      do {
        const page = await notices.rows(id, { limit: 1_000, cursor });
        rows.push(...page.items.map((r) => r.display));
        cursor = page.nextCursor ?? undefined;
      } while (cursor !== undefined && rows.length < PRINT_ROW_LIMIT);
      table = { presentation: n.table.presentation, columns: n.table.columns, totals: n.table.totals, rows: rows.slice(0, PRINT_ROW_LIMIT), rowCount: n.table.rowCount };
    }
    return { item: printNotice({ ...n, preamble: parseMarkdown(n.preamble), table }, columns), version: `n${n.id}v${n.version}`, published: n.status === 'published' };
  }

  /** The pages of an edition (or one of them) as print sets them; `published`: only its published items, and only once the edition is public. */
  async function loadPages(date: string, label?: string, published = false): Promise<{ edition: editionsRepo.EditionRow; pages: LoadedPage[] }> {
    return db.transaction(
      async (tx) => {
        const edition = await editionOr404(tx, date);
        if (published && !isPublic(edition)) throw new NotFound(`No public edition for ${date}`);
        let pageRows = await editionsRepo.pagesOf(tx, edition.id);
        if (label !== undefined) {
          pageRows = pageRows.filter((p) => p.label === label);
          if (pageRows.length === 0) throw new NotFound(`No page ${label} in the edition of ${date}`);
        }
        const placed = await editionsRepo.placementsOf(tx, pageRows.map((p) => p.id));
        const editors = await editionsRepo.usersByIds(tx, [...new Set(pageRows.flatMap((p) => (p.editorId === null ? [] : [p.editorId])))]);
        const pages: LoadedPage[] = [];
        for (const p of pageRows) {
          const items = [];
          const versions = [`e${edition.issueNumber}`, `p${p.id}v${p.version}`];
          for (const x of placed.filter((x) => x.pageId === p.id)) {
            const loaded = await item(tx, x.kind, x.id, x.columns);
            if (published && !loaded.published) continue;
            items.push(loaded.item);
            versions.push(loaded.version);
          }
          const editor = p.editorId === null ? null : (editors.get(p.editorId)?.name ?? null);
          versions.push(`u${editor ?? ''}`);
          pages.push({ page: { ...pageHeader({ label: p.label, name: p.name, editor }, edition), items }, grid: p.grid, versions });
        }
        return { edition, pages };
      },
      { isolationLevel: 'repeatable read', accessMode: 'read only' },
    );
  }

  async function render(job: PrintJob, versions: string[]): Promise<Rendered> {
    const key = createHash('sha256').update(JSON.stringify([job.kind, job.grid.name, paper, versions])).digest('base64url');
    const hit = cache.get(key);
    if (hit) {
      cache.delete(key);
      cache.set(key, hit);
      return hit;
    }
    let out: Rendered;
    try {
      out = await pool.render(job);
    } catch (error) {
      if (error instanceof PrintFailed && error.reason === 'unavailable') throw new ServiceUnavailable(error.message, {}, { 'retry-after': '30' });
      throw error;
    }
    cache.set(key, out);
    cachedBytes += out.pdf.length;
    for (const [k, v] of cache) {
      if (cachedBytes <= CACHE_BYTES) break;
      cache.delete(k);
      cachedBytes -= v.pdf.length;
    }
    return out;
  }

  const pagesJob = (title: string, grid: Grid, pages: PrintPage[]): PrintJob => ({ kind: 'pages', title, paper, grid: PRINT_GRIDS[grid], pages });

  async function renderPage(date: string, label: string, published = false) {
    const { pages } = await loadPages(date, label, published);
    const [p] = pages as [LoadedPage];
    const out = await render(pagesJob(`${paper} ${date} ${label}`, p.grid, [p.page]), p.versions);
    return { out, page: p, tag: createHash('sha256').update(JSON.stringify([paper, p.versions])).digest('base64url').slice(0, 27) };
  }

  return {
    /** The pages of an edition, in page order: what a whole-edition render goes through. */
    async pages(date: string): Promise<{ label: string; name: string; grid: Grid }[]> {
      const edition = await editionOr404(db, date);
      return (await editionsRepo.pagesOf(db, edition.id)).map((p) => ({ label: p.label, name: p.name, grid: p.grid }));
    },

    /** One page of an edition as a print PDF. */
    async pagePdf(date: string, label: string): Promise<Buffer> {
      return (await renderPage(date, label)).out.pdf;
    },

    /**
     * A page of a public edition as readers may download it: its published items only (one
     * withdrawn since is left out), with a tag that changes whenever what it shows does.
     */
    async publicPagePdf(date: string, label: string): Promise<{ pdf: Buffer; tag: string }> {
      const { out, tag } = await renderPage(date, label, true);
      return { pdf: out.pdf, tag };
    },

    /** Every page of an edition, in page order, in one PDF. Its pages must share one grid. */
    async editionPdf(date: string): Promise<Buffer> {
      const { pages } = await loadPages(date);
      if (pages.length === 0) throw new Conflict(`The edition of ${date} has no pages yet`);
      const grids = [...new Set(pages.map((p) => p.grid))];
      if (grids.length > 1) {
        throw new Conflict(`The edition’s pages are set on different grids (${grids.join(', ')}); print them page by page`);
      }
      const out = await render(pagesJob(`${paper} ${date}`, grids[0]!, pages.map((p) => p.page)), pages.flatMap((p) => p.versions));
      return out.pdf;
    },

    /** An article's galley proof at column width, with its length in lines. */
    async galley(id: number, grid: Grid = 'broadsheet-8'): Promise<{ pdf: Buffer; lines: number }> {
      const { item: a, version } = await db.transaction((tx) => item(tx, 'article', id, 1), { accessMode: 'read only' });
      const out = await render({ kind: 'galley', title: `${paper} ${id}`, paper, grid: PRINT_GRIDS[grid], item: a as Extract<PrintItem, { kind: 'article' }> }, [version]);
      const meta = out.fit[0] as { lines: number };
      return { pdf: out.pdf, lines: meta.lines };
    },

    /** What each item on a page needs and has, in lines and characters. */
    async pageFit(date: string, label: string): Promise<PageFit> {
      const { out, page } = await renderPage(date, label);
      return fitReport(date, page.page, page.grid, GRIDS[page.grid], out.fit[0] as PageFitMeta);
    },
  };
}
