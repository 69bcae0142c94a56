import type { DocumentFigures } from '../../../../document/model.js';
import { PRINT_GRIDS } from '../../../../render/print/grids.js';

/** The measure the queue counts lines in: one column of the broadsheet (对开 8 栏), as most stories are set. */
export const QUEUE_GRID = PRINT_GRIDS['broadsheet-8'];

/**
 * About how many body lines a story takes in one broadsheet column, from its stored figures
 * alone: the list cannot set every story in Typst, and the editor's copy-fit gives the real
 * measure. Paragraphs are set with a two-character first-line indent and end, on average,
 * half-way along their last line; sub-heads have no indent and no extra space around them.
 */
export function estimatedLines(figures: DocumentFigures, charsPerLine = QUEUE_GRID.chars): number {
  if (figures.characters === 0) return 0;
  const blocks = figures.paragraphs + figures.headings;
  return Math.ceil((figures.characters + 2 * figures.paragraphs) / charsPerLine + blocks / 2);
}
