import type { Grid } from '../../document/grids.js';
import type { PrintPage } from '../../render/print/data.js';
import type { DraftFit, ItemFit, PageFit } from './schemas.js';

export type { PageFit } from './schemas.js';

/** What the template reports of a page it set (the `<fit>` metadata). */
export interface PageFitMeta {
  label: string;
  areaLines: number;
  usedLines: number;
  items: {
    position: number;
    kind: 'article' | 'notice';
    id: number;
    columns: number;
    x: number;
    top: number;
    headLines: number;
    flow: number;
    needs: number;
    has: number;
    charsPerLine: number;
  }[];
}

/** What the template reports of a galley it set. */
export interface GalleyFitMeta {
  id: number;
  lines: number;
  headLines: number;
  charsPerLine: number;
}

/**
 * The copy-fit report of a page: for each item the body lines it needs and the lines its space
 * holds (both counted in lines of one column), and by how much it is over (positive) or under
 * (negative), in lines and in characters.
 */
export function fitReport(date: string, page: PrintPage, grid: Grid, columns: number, meta: PageFitMeta): PageFit {
  const items: ItemFit[] = meta.items.map((m) => {
    const shown = page.items[m.position - 1]!;
    const over = m.needs - m.has;
    return {
      position: m.position,
      kind: m.kind,
      id: m.id,
      title: shown.kind === 'article' ? shown.headline : shown.title,
      columns: m.columns,
      column: m.x,
      line: m.top,
      headLines: m.headLines,
      flowColumns: m.flow,
      charactersPerLine: m.charsPerLine,
      linesNeeded: m.needs,
      linesAvailable: m.has,
      overLines: over,
      overCharacters: over * m.charsPerLine,
      fits: over <= 0,
    };
  });
  return {
    date,
    label: page.label,
    grid,
    columns,
    areaLines: meta.areaLines,
    usedLines: meta.usedLines,
    freeLines: Math.max(0, meta.areaLines - meta.usedLines),
    fits: items.every((i) => i.fits),
    items,
  };
}

/** A draft's copy-fit on no page: its length in lines of one column of `grid`. */
export function galleyDraftFit(grid: Grid, meta: GalleyFitMeta): DraftFit {
  return { grid, charactersPerLine: meta.charsPerLine, linesNeeded: meta.lines, headLines: meta.headLines, placement: null };
}

/** A draft's copy-fit on its page: article `id`'s line of the page's report, and the space it has there. */
export function pageDraftFit(report: PageFit, pageName: string, id: number): DraftFit {
  const item = report.items.find((i) => i.kind === 'article' && i.id === id);
  if (!item) throw new Error(`Article ${id} is not in the copy-fit report of page ${report.label}`);
  return {
    grid: report.grid as Grid,
    charactersPerLine: item.charactersPerLine,
    linesNeeded: item.linesNeeded,
    headLines: item.headLines,
    placement: {
      date: report.date,
      label: report.label,
      pageName,
      columns: item.columns,
      linesAvailable: item.linesAvailable,
      overLines: item.overLines,
      overCharacters: item.overCharacters,
      fits: item.fits,
    },
  };
}
