/**
 * Measures kept across renders. Typst does not keep `measure` results from one compile to the
 * next, and measuring is most of the time a page or a galley takes. A story's head lines depend
 * only on its head and its columns, a body block's lines only on the block (set at one column's
 * width, on a page and in a galley alike), a notice's measure only on the notice and its
 * columns; so the renderer hands the template what it measured before (`known`) and keeps what
 * the template reports. A story's body is measured block by block, so an edit measures again
 * only the head or the paragraphs it changed.
 */
import { createHash } from 'node:crypto';
import type { PrintBlock, PrintItem, PrintJob } from './data.js';

/** What the template measured of an item at a column count: head lines, body lines, flow columns, slack, characters a line. */
type Measured = { head: number; body: number; blocks?: number[] } & Record<string, unknown>;
/** A page's `<fit>` lists its items; a galley's is one article at one column, with its measure at the top. */
type FitMeta = { items?: { position: number; columns: number; measured?: Measured }[]; measured?: Measured };
/** The keys one item's measures are kept under. */
type Keys = { head: string; blocks: string[]; notice: string };

const MEASURES_KEPT = 20_000;

export interface MeasureMemo {
  /** The job with what is known of each of its items, and the keys (page by page, item by item) to keep their new measures under. */
  attach(job: PrintJob): { job: PrintJob; keys: Keys[][] };
  /** Keeps what the template measured; returns the `<fit>` metadata without the measures. */
  remember(keys: Keys[][], fit: unknown[]): unknown[];
}

export function createMeasureMemo(): MeasureMemo {
  const kept = new Map<string, unknown>();
  const hash = (...parts: unknown[]) => createHash('sha1').update(JSON.stringify(parts)).digest('base64');
  // A block's key, by grid, kept with the block: the items a page's other stories are set as
  // are kept from one measure to the next, so their blocks are hashed once, not at every keystroke.
  const blockKeys = new WeakMap<object, Map<string, string>>();
  const blockKey = (grid: string, block: object): string => {
    let byGrid = blockKeys.get(block);
    if (!byGrid) blockKeys.set(block, (byGrid = new Map()));
    let key = byGrid.get(grid);
    if (key === undefined) byGrid.set(grid, (key = hash(grid, 'block', block)));
    return key;
  };
  const get = (key: string) => kept.get(key);
  // Put last, so that the oldest measures go first once the bound is passed.
  const put = (key: string, value: unknown) => {
    kept.delete(key);
    kept.set(key, value);
  };

  function withKnown<T extends PrintItem>(grid: string, item: T, measureOnly: boolean): { item: T; keys: Keys } {
    if (item.kind === 'article') {
      const keys: Keys = { head: hash(grid, 'head', item.kicker, item.headline, item.subtitle, item.byline), blocks: item.blocks.map((b) => blockKey(grid, b)), notice: '' };
      const blocks = keys.blocks.map((k) => (get(k) as number | undefined) ?? null);
      // A measure sets nothing, so a block whose lines are known goes as its kind alone (the
      // template counts the breaks a story's headings, lists and tables make): the job a keystroke
      // sends the worker carries the paragraphs that changed, not the whole page's text.
      const sent = measureOnly ? item.blocks.map((b, i) => (blocks[i] === null ? b : ({ t: b.t } as PrintBlock))) : item.blocks;
      return { item: { ...item, blocks: sent, known: { head: get(keys.head) ?? {}, blocks } }, keys };
    }
    const { columns: _columns, ...content } = item;
    const keys: Keys = { head: '', blocks: [], notice: hash(grid, 'notice', content) };
    return { item: { ...item, known: { notice: get(keys.notice) ?? {} } }, keys };
  }

  function keep(k: Keys, columns: number, m: Measured): void {
    const c = String(columns);
    if (k.notice) {
      put(k.notice, { ...(get(k.notice) as object), [c]: m });
      return;
    }
    put(k.head, { ...(get(k.head) as object), [c]: m.head });
    k.blocks.forEach((key, i) => {
      if (m.blocks?.[i] !== undefined) put(key, m.blocks[i]);
    });
  }

  return {
    attach(job) {
      const grid = job.grid.name;
      if (job.kind === 'galley') {
        const { item, keys } = withKnown(grid, job.item, job.measureOnly === true);
        return { job: { ...job, item }, keys: [[keys]] };
      }
      const keys: Keys[][] = [];
      const pages = job.pages.map((page) => {
        const known = page.items.map((i) => withKnown(grid, i, job.measureOnly === true));
        keys.push(known.map((k) => k.keys));
        return { ...page, items: known.map((k) => k.item) };
      });
      return { job: { ...job, pages }, keys };
    },

    remember(keys, fit) {
      fit.forEach((meta, page) => {
        const m = meta as FitMeta;
        const items = m.items ?? (m.measured ? [{ position: 1, columns: 1, measured: m.measured }] : []);
        for (const item of items) {
          const k = keys[page]?.[item.position - 1];
          if (k && item.measured) keep(k, item.columns, item.measured);
        }
      });
      for (const key of kept.keys()) {
        if (kept.size <= MEASURES_KEPT) break;
        kept.delete(key);
      }
      return fit.map(withoutMeasures);
    },
  };
}

function withoutMeasures(meta: unknown): unknown {
  const { measured: _measured, ...m } = meta as FitMeta;
  if (!m.items) return m;
  return { ...m, items: m.items.map(({ measured: _m, ...rest }) => rest) };
}
