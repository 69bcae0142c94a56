import { getDocument, OPS, Util, VerbosityLevel } from 'pdfjs-dist/legacy/build/pdf.mjs';
import type { PDFDocumentProxy, PDFPageProxy } from 'pdfjs-dist/legacy/build/pdf.mjs';

/**
 * The text of a PDF as lines in reading order, and its fonts, read with pdfjs-dist, for tests
 * of the print pages. Horizontal text only; coordinates are PDF points.
 *
 * What pdfjs makes of a Typst PDF, and what is done about it here:
 * - Typst writes no space glyphs; pdfjs infers spaces from gaps between glyphs. A justified
 *   Chinese line comes back as `务 院 今 天`, CJK–Latin auto-spacing as `2024 年`, and an
 *   ideographic space (U+3000) as a 1 em gap. So whitespace next to a CJK character (Han,
 *   kana, CJK and full-width punctuation, and — … · and curly quotes) is dropped from line text;
 *   between Latin words it is kept.
 * - pdfjs gives runs of glyphs (an item per run, not per glyph); a gap of more than about
 *   0.6 em ends the run and adds a whitespace-only item, and empty items mark ends of lines.
 *   Both are dropped; lines are built here from the runs.
 * - Typst's ToUnicode CMap maps each glyph to the text of the first cluster it set, so a figure
 *   set before a word joiner would map to `2` + U+2060 for the whole document, and pdfjs 4 drops
 *   any glyph whose text ends in a format character: every `2` would vanish. The print renderer
 *   therefore sets no joiners (it keeps such text together in boxes), and this reader does not
 *   paper over it: a joiner in a print PDF shows as lost characters in the tests.
 */

/** One line of text: glyph runs on one baseline with no gap of half an em or more between them. */
export interface PdfLine {
  text: string;
  /** Left edge, from the left of the page; like `width`, without the empty half of full-width punctuation at either end. */
  x: number;
  /** Baseline, from the top of the page. */
  y: number;
  width: number;
  /** The largest font size on the line. */
  fontSize: number;
  /** PostScript names without the subset tag, e.g. `NotoSerifSC-Regular`, in order of use. */
  fontNames: string[];
}

export interface PdfPage {
  width: number;
  height: number;
  /** In reading order; see `readingOrder`. */
  lines: PdfLine[];
}

/** Baselines closer than this many font sizes are one baseline. */
const BASELINE_TOLERANCE = 0.3;
/**
 * Runs on one baseline closer than this many font sizes (of the smaller run) are one line: the
 * gap at which pdfjs itself ends a run is 0.6 em. Wider gaps are column gutters (the broadsheet
 * gutter is 0.89 em of body type), table cell gaps, ideographic spaces (1 em) and the like.
 */
const JOIN_GAP = 0.5;
/** A gap between joined runs wider than this many font sizes is a space. */
const SPACE_GAP = 0.15;
/** Gaps narrower than this many font sizes do not separate columns. */
const MIN_GUTTER = 0.5;
/** The ideographic em box around a baseline, in font sizes: what a line occupies vertically. */
const ASCENT = 0.88;
const DESCENT = 0.12;

/**
 * Full-width punctuation whose ink takes one half of its em: Typst compresses it at the end (or
 * start) of a line, but pdfjs still counts a whole em, which would eat half a gutter.
 */
const CLOSING = /[，。、：；！？）》」』】〕〗〙〛〉”’]$/u;
const OPENING = /^[（《「『【〔〖〘〚〈“‘]/u;

const CJK = '\\p{Script=Han}\\p{Script=Hiragana}\\p{Script=Katakana}\\u3000-\\u303f\\uff00-\\uffef\\u2014\\u2026\\u00b7\\u2018-\\u201f';
const SPACE_BY_CJK = new RegExp(`(?<=[${CJK}])\\s+|\\s+(?=[${CJK}])`, 'gu');

/** Every page's lines in reading order. */
export async function pdfLines(pdf: Uint8Array): Promise<PdfPage[]> {
  return withDocument(pdf, async (doc) => {
    const pages: PdfPage[] = [];
    for (let number = 1; number <= doc.numPages; number++) {
      const page = await doc.getPage(number);
      const viewport = page.getViewport({ scale: 1 });
      const fonts = await pageFonts(page);
      const runs: Run[] = [];
      for (const item of (await page.getTextContent()).items) {
        if (!('str' in item) || item.str.trim() === '') continue;
        const [, , c, d, x, y] = Util.transform(viewport.transform, item.transform) as number[];
        const fontSize = Math.hypot(c!, d!);
        const indent = OPENING.test(item.str) ? fontSize / 2 : 0;
        const width = item.width - indent - (CLOSING.test(item.str) ? fontSize / 2 : 0);
        const font = fonts.get(item.fontName)?.name ?? item.fontName;
        runs.push({ text: item.str, x: x! + indent, y: y!, width, fontSize, font });
      }
      pages.push({ width: viewport.width, height: viewport.height, lines: readingOrder(linesOf(runs)) });
    }
    return pages;
  });
}

/** Every font the pages use (text in form XObjects and annotations included), and whether its program is embedded. */
export async function pdfFonts(pdf: Uint8Array): Promise<{ name: string; embedded: boolean }[]> {
  return withDocument(pdf, async (doc) => {
    const fonts = new Map<string, boolean>();
    for (let number = 1; number <= doc.numPages; number++) {
      for (const { name, embedded } of (await pageFonts(await doc.getPage(number))).values()) {
        fonts.set(name, (fonts.get(name) ?? true) && embedded);
      }
    }
    return [...fonts].map(([name, embedded]) => ({ name, embedded }));
  });
}

/**
 * Lines grouped into rows by baseline (within `yTolerance` points of a row's first line), top
 * to bottom, each row left to right: how to read a table, whose cells may come back as
 * separate lines read column by column. Pass only the table's lines: lines of neighbouring
 * columns on the same baseline would join its rows.
 */
export function rowsOf(lines: PdfLine[], yTolerance = 2): PdfLine[][] {
  const rows: PdfLine[][] = [];
  for (const line of lines.toSorted((a, b) => a.y - b.y)) {
    const row = rows.at(-1);
    if (row && line.y - row[0]!.y <= yTolerance) row.push(line);
    else rows.push([line]);
  }
  return rows.map((row) => row.toSorted((a, b) => a.x - b.x));
}

/**
 * Lines in reading order, by a recursive XY cut:
 * 1. Lines with an empty vertical strip (a gutter of at least half a font size) between them
 *    are split into columns, read left to right.
 * 2. Otherwise the lines are cut into horizontal bands where no line's em box overlaps the
 *    next, and a band joins the block above it unless it sets larger type than the block (a
 *    new headline or title) or either crosses a gutter of the other (a block of several
 *    columns keeps all of its gutters; a block of one column crosses none of the band's). So
 *    the rows of columns under a headline that spans them form one block and the headline
 *    another, while a headline over one column joins the columns. Blocks read top to bottom.
 * 3. What cannot be cut is read by baseline, then left to right.
 * Limits: a table reads column by column (use `rowsOf`), and so does anything of body size
 * or smaller stacked under columns without crossing their gutters; larger type inside a
 * column (a pull quote) cuts the columns across; a story wrapped around another in an L shape
 * reads in the order of the cuts, not of the story.
 */
function readingOrder(lines: PdfLine[]): PdfLine[] {
  if (lines.length < 2) return lines;
  const columns = splitColumns(lines);
  if (columns.length > 1) return columns.flatMap(readingOrder);
  const blocks = splitBlocks(lines);
  if (blocks.length > 1) return blocks.flatMap(readingOrder);
  return lines.toSorted((a, b) => a.y - b.y || a.x - b.x);
}

/** A run of glyphs as pdfjs gives it, with its font's name. */
interface Run {
  text: string;
  x: number;
  y: number;
  width: number;
  fontSize: number;
  font: string;
}

/** Runs grouped by baseline, then split at gaps of `JOIN_GAP` or more. */
function linesOf(runs: Run[]): PdfLine[] {
  const baselines: Run[][] = [];
  for (const run of runs.toSorted((a, b) => a.y - b.y || a.x - b.x)) {
    const baseline = baselines.at(-1);
    const first = baseline?.[0];
    if (baseline && first && run.y - first.y <= BASELINE_TOLERANCE * Math.max(run.fontSize, first.fontSize)) baseline.push(run);
    else baselines.push([run]);
  }
  const lines: PdfLine[] = [];
  for (const baseline of baselines) {
    let line: Run[] = [];
    for (const run of baseline.toSorted((a, b) => a.x - b.x)) {
      const last = line.at(-1);
      if (last && run.x - (last.x + last.width) >= JOIN_GAP * Math.min(run.fontSize, last.fontSize)) {
        lines.push(lineOf(line));
        line = [];
      }
      line.push(run);
    }
    lines.push(lineOf(line));
  }
  return lines;
}

function lineOf(runs: Run[]): PdfLine {
  const first = runs[0]!;
  let text = first.text;
  for (let i = 1; i < runs.length; i++) {
    const run = runs[i]!;
    const previous = runs[i - 1]!;
    const gap = run.x - (previous.x + previous.width);
    text += (gap > SPACE_GAP * Math.max(run.fontSize, previous.fontSize) ? ' ' : '') + run.text;
  }
  const right = Math.max(...runs.map((run) => run.x + run.width));
  return {
    text: text.replace(SPACE_BY_CJK, '').replace(/\s+/gu, ' ').trim(),
    x: first.x,
    y: first.y,
    width: right - first.x,
    fontSize: Math.max(...runs.map((run) => run.fontSize)),
    fontNames: [...new Set(runs.map((run) => run.font))],
  };
}

/** Lines split at empty vertical strips, left to right. */
function splitColumns(lines: PdfLine[]): PdfLine[][] {
  const gutter = MIN_GUTTER * Math.min(...lines.map((line) => line.fontSize));
  const columns: PdfLine[][] = [];
  let right = -Infinity;
  for (const line of lines.toSorted((a, b) => a.x - b.x)) {
    if (line.x - right >= gutter) columns.push([]);
    columns.at(-1)!.push(line);
    right = Math.max(right, line.x + line.width);
  }
  return columns;
}

/** Lines split into horizontal bands, merged into blocks as `readingOrder` describes. */
function splitBlocks(lines: PdfLine[]): PdfLine[][] {
  const bands: PdfLine[][] = [];
  let bottom = -Infinity;
  for (const line of lines.toSorted((a, b) => top(a) - top(b))) {
    if (top(line) >= bottom) bands.push([]);
    bands.at(-1)!.push(line);
    bottom = Math.max(bottom, line.y + DESCENT * line.fontSize);
  }
  const blocks: PdfLine[][] = [];
  for (const band of bands) {
    const block = blocks.at(-1);
    if (block && belongTogether(block, band)) block.push(...band);
    else blocks.push([...band]);
  }
  return blocks;
}

function top(line: PdfLine): number {
  return line.y - ASCENT * line.fontSize;
}

function belongTogether(block: PdfLine[], band: PdfLine[]): boolean {
  const largest = (lines: PdfLine[]) => Math.max(...lines.map((line) => line.fontSize));
  if (largest(band) > largest(block) * 1.01) return false;
  const columns = splitColumns(block).length;
  return splitColumns([...block, ...band]).length === (columns > 1 ? columns : splitColumns(band).length);
}

/** The fonts a page sets text in, by pdfjs's id for them. */
async function pageFonts(page: PDFPageProxy): Promise<Map<string, { name: string; embedded: boolean }>> {
  const { fnArray, argsArray } = await page.getOperatorList();
  const fonts = new Map<string, { name: string; embedded: boolean }>();
  fnArray.forEach((fn, i) => {
    const id = (argsArray[i] as unknown[] | undefined)?.[0];
    if (fn !== OPS.setFont || typeof id !== 'string' || fonts.has(id) || !page.commonObjs.has(id)) return;
    const font = page.commonObjs.get(id) as { name?: unknown; missingFile?: unknown };
    const name = typeof font.name === 'string' ? font.name.replace(/^[A-Z]{6}\+/, '') : id;
    fonts.set(id, { name, embedded: font.missingFile !== true });
  });
  return fonts;
}

/**
 * Opens the PDF with pdfjs in this thread (the legacy build runs its worker in-process in
 * Node). Font faces and eval stay off; system fonts are "used" only so that pdfjs does not
 * substitute its own copy of a standard 14 font, which would count as an embedded program.
 */
async function withDocument<T>(pdf: Uint8Array, read: (doc: PDFDocumentProxy) => Promise<T>): Promise<T> {
  const task = getDocument({
    data: new Uint8Array(pdf),
    disableFontFace: true,
    isEvalSupported: false,
    useSystemFonts: true,
    verbosity: VerbosityLevel.ERRORS,
  });
  try {
    return await read(await task.promise);
  } finally {
    await task.destroy();
  }
}
