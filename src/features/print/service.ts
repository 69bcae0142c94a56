import { createHash } from 'node:crypto';
import { LRUCache } from 'lru-cache';
import type { Database } from '../../db/client.js';
import { GRIDS, type Grid } from '../../document/grids.js';
import { parseMarkdown } from '../../document/markdown.js';
import type { Document } from '../../document/model.js';
import { Conflict, Forbidden, NotFound, ServiceUnavailable } from '../../errors.js';
import { isEditor, type Actor } from '../../lib/actor.js';
import { pageHeader, printArticle, printNotice, type PrintArticle, type PrintItem, type PrintJob, type PrintPage } from '../../render/print/data.js';
import { PRINT_GRIDS } from '../../render/print/grids.js';
import { PrintFailed, type PrintPool } from '../../render/print/pool.js';
import type { Rendered } from '../../render/print/typst.js';
import { findArticleHead } from '../articles/repository.js';
import type { ArticlesService } from '../articles/service.js';
import { editionOr404, isPublic } from '../editions/stored-edition.js';
import * as editionsRepo from '../editions/repository.js';
import type { NoticesService } from '../notices/service.js';
import type { PhotosService } from '../photos/service.js';
import { draftForPrint } from './draft.js';
import { fitReport, galleyDraftFit, pageDraftFit, type GalleyFitMeta, type PageFit, type PageFitMeta } from './fit.js';
import { articlePhotos, withPictures } from './pictures.js';
import type { ArticleDraft, DraftFit } from './schemas.js';

/** Rows of one notice table that print sets; a longer table is cut there and says so. */
export const PRINT_ROW_LIMIT = 2_000;

/** Items kept as print sets them. */
const ITEMS_KEPT = 500;

/** Finished PDFs kept, each the latest of what it prints. */
const CACHE_BYTES = 64 * 1024 * 1024;

export type PrintService = ReturnType<typeof createPrintService>;

/** A render kept: the PDF and its fit metadata, with the pages as they were set (for the fit report's titles). */
interface Printed extends Rendered {
  shown: PrintPage[];
}

/** A render kept for what it prints (a galley, a page, an edition): the versions it shows, as a key, and the render. */
interface Kept {
  key: string;
  printed: Printed;
}

export interface PrintServiceDependencies {
  db: Database;
  pool: PrintPool;
  /** The paper's name in each page's header. */
  paper: string;
  articles: Pick<ArticlesService, 'get'>;
  notices: Pick<NoticesService, 'get' | 'rows'>;
  /** Pictures for the page: each photo made for its frame. */
  photos: Pick<PhotosService, 'printImage'>;
}

/**
 * Proofs and print PDFs of editions, pages and articles, and copy-fit reports. Reads items in
 * any state (these are the editors' proofs of unreleased pages), renders in the print pool, and
 * keeps finished renders by the versions of the edition, page and items they show, so an
 * unchanged page is served again without a render and any edit makes a new one.
 */
export function createPrintService({ db, pool, paper, articles, notices, photos }: PrintServiceDependencies) {
  // Both are kept by what they are of, not by version: a version once superseded is never
  // asked for again, so an edit replaces the render or set item it makes stale instead of
  // leaving it to fill the cache until the cache's bound pushes it out.
  /** Renders by what they print, least recently used out first once their PDFs pass the byte bound. */
  const cache = new LRUCache<string, Kept>({ maxSize: CACHE_BYTES, sizeCalculation: (kept) => Math.max(1, kept.printed.pdf.length) });
  /** Items as print sets them, by kind and id, with their version: after an edit only the edited item is read again. */
  const setItems = new LRUCache<string, { version: string; set: PrintItem }>({ max: ITEMS_KEPT });

  /** An item as print sets it, read in `tx` (the snapshot the whole page is read in). */
  async function item(
    tx: Database,
    kind: 'article' | 'notice',
    id: number,
    columns: number | null,
  ): Promise<{ item: PrintItem; version: string; published: boolean; createdBy: number }> {
    if (kind === 'article') {
      const a = await articles.get(id, tx);
      const body = parseMarkdown(a.body);
      const { lead, figures } = await articlePhotos(tx, a.leadPhoto, body);
      return { item: printArticle({ ...a, body, lead }, columns, figures), version: `a${a.id}v${a.version}`, published: a.status === 'published', createdBy: a.createdBy };
    }
    const n = await notices.get(id, tx);
    let table = null;
    if (n.table) {
      const rows: string[][] = (n.table.rows ?? []).map((r) => r.display);
      let cursor = n.table.nextCursor ?? undefined;
      while (cursor !== undefined && rows.length < PRINT_ROW_LIMIT) {
        const page = await notices.rows(id, { limit: 1_000, cursor }, tx);
        rows.push(...page.items.map((r) => r.display));
        cursor = page.nextCursor ?? undefined;
      }
      table = { presentation: n.table.presentation, columns: n.table.columns, totals: n.table.totals, rows: rows.slice(0, PRINT_ROW_LIMIT), rowCount: n.table.rowCount };
    }
    return {
      item: printNotice({ ...n, preamble: parseMarkdown(n.preamble), table }, columns),
      version: `n${n.id}v${n.version}`,
      published: n.status === 'published',
      createdBy: n.createdBy,
    };
  }

  /**
   * Placed items as print sets them, read in `tx`; an item whose version is the one set before
   * is not read again. `draft` stands in for the stored article of its id.
   */
  async function setPlaced(tx: Database, placed: editionsRepo.PlacementRow[], facts: ReadonlyMap<string, { version: number }>, draft?: PrintArticle): Promise<PrintItem[]> {
    const items: PrintItem[] = [];
    for (const x of placed) {
      const ref = `${x.kind}:${x.id}`;
      const version = String(facts.get(ref)?.version);
      const kept = setItems.get(ref);
      const set = kept?.version === version ? kept.set : (await item(tx, x.kind, x.id, null)).item;
      if (set !== kept?.set) setItems.set(ref, { version, set });
      // A draft is its text; its lead photo is the one stored.
      if (draft && x.kind === 'article' && x.id === draft.id) items.push({ ...draft, lead: set.kind === 'article' ? set.lead : null, columns: x.columns });
      else items.push({ ...set, columns: x.columns });
    }
    return items;
  }

  /** The page of the latest edition that places article `id`, with `draft` set in its place; null when none does. */
  async function draftPage(id: number, draft: PrintArticle): Promise<{ date: string; page: editionsRepo.PageRow; shown: PrintPage } | null> {
    const latest = await editionsRepo.latestPageOf(db, 'article', id);
    if (!latest) return null;
    const { edition, page, placed, versions } = latest;
    const items = await setPlaced(db, placed, versions, draft);
    // A measure sets no page header, so the page's editor is not read for it.
    return { date: edition.date, page, shown: { ...pageHeader({ label: page.label, name: page.name, editor: null }, edition), items } };
  }

  const keyOf = (parts: unknown[]) => createHash('sha256').update(JSON.stringify([paper, ...parts])).digest('base64url');

  /** Renders in the pool, with its pictures; a worker that died or overran is a 503. */
  async function run(job: PrintJob): Promise<Rendered> {
    try {
      return await pool.render(await withPictures(job, { photos, measure: (measured) => pool.render(measured) }));
    } catch (error) {
      if (error instanceof PrintFailed && error.reason === 'unavailable') throw new ServiceUnavailable(error.message, {}, { 'retry-after': '30' });
      throw error;
    }
  }

  /** Renders in the pool, keeping the result as `what`'s render at `key`. */
  async function render(what: string, key: string, job: PrintJob, pages: PrintPage[]): Promise<Printed> {
    const printed = { ...(await run(job)), shown: pages };
    cache.set(what, { key, printed });
    return printed;
  }

  /** `what`'s kept render, if it shows the versions `key` names. */
  function cached(what: string, key: string): Printed | undefined {
    const kept = cache.get(what);
    return kept?.key === key ? kept.printed : undefined;
  }

  /**
   * An edition's pages (or one of them) as printed. The versions of the edition, its pages, their
   * editors and items are read first: when a render of exactly those is kept, it is served
   * without reading the items; otherwise the items are read in the same snapshot and set.
   * `published`: the edition must be public, and only its published items are shown.
   */
  async function printPages(date: string, label: string | undefined, published: boolean): Promise<{ printed: Printed; tag: string; grid: Grid }> {
    const what = `${published ? 'public' : 'proof'} ${date} ${label ?? 'all'}`;
    const read = await db.transaction(
      async (tx) => {
        const edition = await editionOr404(tx, date);
        if (published && !isPublic(edition)) throw new NotFound(`No public edition for ${date}`);
        let pageRows = await editionsRepo.pagesOf(tx, edition.id);
        if (label !== undefined) {
          pageRows = pageRows.filter((p) => p.label === label);
          if (pageRows.length === 0) throw new NotFound(`No page ${label} in the edition of ${date}`);
        }
        if (pageRows.length === 0) throw new Conflict(`The edition of ${date} has no pages yet`);
        const grids = [...new Set(pageRows.map((p) => p.grid))];
        if (grids.length > 1) throw new Conflict(`The edition’s pages are set on different grids (${grids.join(', ')}); print them page by page`);
        const placed = await editionsRepo.placementsOf(tx, pageRows.map((p) => p.id));
        const facts = await editionsRepo.itemFacts(tx, placed);
        const shown = placed.filter((x) => !published || facts.get(`${x.kind}:${x.id}`)?.status === 'published');
        const editors = await editionsRepo.usersByIds(tx, [...new Set(pageRows.flatMap((p) => (p.editorId === null ? [] : [p.editorId])))]);
        const editorOf = (p: editionsRepo.PageRow) => (p.editorId === null ? null : (editors.get(p.editorId)?.name ?? null));
        const versions = pageRows.map((p) => [
          p.id,
          p.version,
          editorOf(p),
          ...shown.filter((x) => x.pageId === p.id).map((x) => `${x.kind}:${x.id}:${facts.get(`${x.kind}:${x.id}`)?.version}`),
        ]);
        const key = keyOf(['pages', edition.issueNumber, grids[0], versions]);
        const tag = key.slice(0, 27);
        const hit = cached(what, key);
        if (hit) return { hit, key, tag, grid: grids[0]! };
        const pages: PrintPage[] = [];
        for (const p of pageRows) {
          const items = await setPlaced(tx, shown.filter((x) => x.pageId === p.id), facts);
          pages.push({ ...pageHeader({ label: p.label, name: p.name, editor: editorOf(p) }, edition), items });
        }
        return { pages, key, tag, grid: grids[0]! };
      },
      { isolationLevel: 'repeatable read', accessMode: 'read only' },
    );
    if ('hit' in read) return { printed: read.hit!, tag: read.tag, grid: read.grid };
    const title = label === undefined ? `${paper} ${date}` : `${paper} ${date} ${label}`;
    const printed = await render(what, read.key, { kind: 'pages', title, paper, grid: PRINT_GRIDS[read.grid], pages: read.pages }, read.pages);
    return { printed, tag: read.tag, grid: read.grid };
  }

  return {
    /**
     * Drops every kept render and set item. For changes that reach items without a new version
     * of them (a credited person renamed), announced to every instance as a change of everything.
     */
    forget(): void {
      cache.clear();
      setItems.clear();
    },

    /** What is kept: renders, their bytes, and items as set. For tests and benchmarks that watch memory. */
    kept(): { renders: number; bytes: number; items: number } {
      return { renders: cache.size, bytes: cache.calculatedSize, items: setItems.size };
    },

    /** The pages of an edition, in page order: what a whole-edition render goes through. */
    async pages(date: string): Promise<{ label: string; name: string; grid: Grid }[]> {
      const edition = await editionOr404(db, date);
      return (await editionsRepo.pagesOf(db, edition.id)).map((p) => ({ label: p.label, name: p.name, grid: p.grid }));
    },

    /** One page of an edition as a print PDF. */
    async pagePdf(date: string, label: string): Promise<Buffer> {
      return (await printPages(date, label, false)).printed.pdf;
    },

    /**
     * A page of a public edition as readers may download it: its published items only (one
     * withdrawn since is left out), with a tag that changes whenever what it shows does.
     */
    async publicPagePdf(date: string, label: string): Promise<{ pdf: Buffer; tag: string }> {
      const { printed, tag } = await printPages(date, label, true);
      return { pdf: printed.pdf, tag };
    },

    /** Every page of an edition, in page order, in one PDF. Its pages must share one grid. */
    async editionPdf(date: string): Promise<Buffer> {
      return (await printPages(date, undefined, false)).printed.pdf;
    },

    /**
     * An article's galley proof at column width, with its length in lines. Editors proof any
     * article; a reporter their own, in any state, to see their copy fit before they submit.
     */
    async galley(actor: Actor, id: number, grid: Grid = 'broadsheet-8'): Promise<{ pdf: Buffer; lines: number }> {
      const { item: a, version, createdBy } = await db.transaction((tx) => item(tx, 'article', id, 1), { accessMode: 'read only' });
      if (!isEditor(actor) && createdBy !== actor.userId) throw new Forbidden('Reporters proof their own articles only');
      const key = keyOf(['galley', grid, version]);
      const what = `galley ${grid} ${id}`;
      const out = cached(what, key) ?? (await render(what, key, { kind: 'galley', title: `${paper} ${id}`, paper, grid: PRINT_GRIDS[grid], item: a as Extract<PrintItem, { kind: 'article' }> }, []));
      return { pdf: out.pdf, lines: (out.fit[0] as GalleyFitMeta).lines };
    },

    /** What each item on a page needs and has, in lines and characters. */
    async pageFit(date: string, label: string): Promise<PageFit> {
      const { printed, grid } = await printPages(date, label, false);
      return fitReport(date, printed.shown[0]!, grid, GRIDS[grid], printed.fit[0] as PageFitMeta);
    },

    /**
     * Copy-fit of an unsaved draft of an article, from the measure print uses: on the page of
     * the latest edition that places the article (the page's other items as stored), or at one
     * column of broadsheet when none does. Measured only, never kept as a render: a draft is
     * a one-off, and what makes the next keystroke fast is the measures the pool keeps of the
     * head and every paragraph. Editors any article; a reporter their own. `body` is the
     * draft's body as `parseCheckedMarkdown` reads it, when the caller has read it already.
     */
    async draftFit(actor: Actor, id: number, draft: ArticleDraft, body?: Document): Promise<DraftFit> {
      // Read without a transaction of its own: a live measure is of the page as it stands, and
      // the fewer round trips to the database the sooner it answers as the user types.
      const stored = await findArticleHead(db, id);
      if (!stored) throw new NotFound(`No article ${id}`);
      if (!isEditor(actor) && stored.createdBy !== actor.userId) throw new Forbidden('Reporters measure their own articles only');
      const set = await draftForPrint(db, stored, draft, body);
      const on = await draftPage(id, set);
      if (!on) {
        const grid = PRINT_GRIDS['broadsheet-8'];
        const out = await run({ kind: 'galley', title: `${paper} ${id}`, paper, grid, item: { ...set, columns: 1 }, measureOnly: true });
        return galleyDraftFit(grid.name, out.fit[0] as GalleyFitMeta);
      }
      const { grid, label, name } = on.page;
      const job: PrintJob = { kind: 'pages', title: `${paper} ${on.date} ${label}`, paper, grid: PRINT_GRIDS[grid], pages: [on.shown], measureOnly: true };
      const out = await run(job);
      return pageDraftFit(fitReport(on.date, on.shown, grid, GRIDS[grid], out.fit[0] as PageFitMeta), name, id);
    },
  };
}
