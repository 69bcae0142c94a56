import type { Grid } from '../../document/grids.js';

/**
 * A print grid: columns a whole number of body characters wide, lines on one pitch. The type
 * area is exactly the grid: `columns × chars` characters plus gutters across, `areaLines`
 * lines down, the page header strip included.
 */
export interface PrintGrid {
  name: Grid;
  columns: number;
  /** Body characters per column line. */
  chars: number;
  /** Body size in pt (小五 = 9 pt). */
  fontSize: number;
  /** Space between lines in pt; the pitch is fontSize + leading. */
  leading: number;
  gutter: number;
  pageWidth: number;
  pageHeight: number;
  areaLines: number;
  headerLines: number;
}

const MM = 72 / 25.4;

function grid(name: Grid, columns: number, chars: number, area: { width: number; height: number }, page: { width: number; height: number }): PrintGrid {
  const fontSize = 9;
  const leading = 5;
  return {
    name,
    columns,
    chars,
    fontSize,
    leading,
    // The gutters take what the columns leave of the type area's width.
    gutter: (area.width * MM - columns * chars * fontSize) / (columns - 1),
    pageWidth: page.width,
    pageHeight: page.height,
    areaLines: Math.floor((area.height * MM + leading) / (fontSize + leading)),
    headerLines: 4,
  };
}

/** 对开 broadsheet: 390 × 540 mm, type area 350 × 490 mm, 8 columns of 13 characters of 小五. */
const BROADSHEET = grid('broadsheet-8', 8, 13, { width: 350, height: 490 }, { width: 390, height: 540 });
/** 四开 tabloid: 270 × 390 mm, type area 236 × 350 mm, 5 columns of 14 characters. */
const TABLOID = grid('tabloid-5', 5, 14, { width: 236, height: 350 }, { width: 270, height: 390 });

export const PRINT_GRIDS: Readonly<Record<Grid, PrintGrid>> = Object.freeze({ 'broadsheet-8': BROADSHEET, 'tabloid-5': TABLOID });
