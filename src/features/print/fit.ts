import type { Grid } from '../../document/grids.js';
import type { PrintPage } from '../../render/print/data.js';
import { PRINT_GRIDS } from '../../render/print/grids.js';
import { MIN_PRINT_PPI, photoFrame } from '../../render/print/photos.js';
import type { DraftFit, FitWarning, ItemFit, PageFit } from './schemas.js';

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
    /** Lines of the lead photo and its caption across the item (0 without one). */
    photoLines?: number;
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
      photoLines: m.photoLines ?? 0,
      flowColumns: m.flow,
      charactersPerLine: m.charsPerLine,
      linesNeeded: m.needs,
      linesAvailable: m.has,
      overLines: over,
      overCharacters: over * m.charsPerLine,
      fits: over <= 0,
    };
  });
  const warnings: FitWarning[] = meta.items.flatMap((m) => {
    const shown = page.items[m.position - 1];
    if (shown?.kind !== 'article' || !shown.lead || !m.photoLines) return [];
    const frame = photoFrame(PRINT_GRIDS[grid], m.columns, shown.lead);
    if (frame.ppi >= MIN_PRINT_PPI) return [];
    const widthMm = Math.round(frame.widthMm * 10) / 10;
    return [
      {
        code: 'low-resolution' as const,
        position: m.position,
        kind: 'article' as const,
        id: m.id,
        photoId: shown.lead.id,
        ppi: frame.ppi,
        widthMm,
        heightMm: Math.round(frame.heightMm * 10) / 10,
        message: `图片 ${shown.lead.id} 印在 ${m.columns} 栏宽（${Math.round(widthMm)} 毫米）仅 ${Math.round(frame.ppi)} ppi，低于 ${MIN_PRINT_PPI} ppi，印出会模糊`,
      },
    ];
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
    warnings,
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
