/**
 * Photos on the printed page: the frame a picture is set in across a span of columns, and the
 * effective resolution the original gives there. The frame is worked out here, not in the
 * template, because the JPEG handed to Typst is cropped to exactly its shape: the template
 * places the picture at the size it is made for, so it is never stretched.
 */
import type { PrintGrid } from './grids.js';

const MM = 72 / 25.4;

/** The least resolution a picture may print at before the copy-fit report warns (the press wants 300). */
export const MIN_PRINT_PPI = 200;

/** A picture's shape: the original's pixels, as displayed (its orientation applied). */
export interface PhotoShape {
  width: number;
  height: number;
}

/** A picture's frame at one span: its size on the page, in grid lines and points, and what the original gives there. */
export interface PhotoFrame {
  /** Grid lines the picture itself takes (its caption comes below them). */
  lines: number;
  /** Points. */
  width: number;
  height: number;
  widthMm: number;
  heightMm: number;
  /** The original's pixels per inch at this size, after its crop to the frame's shape. */
  ppi: number;
  /** Where the template finds the picture in its workspace; set only on a render that places it. */
  src?: string;
}

/** Width of `columns` columns of `grid`, in points. */
export function spanWidth(grid: PrintGrid, columns: number): number {
  return columns * grid.chars * grid.fontSize + (columns - 1) * grid.gutter;
}

/**
 * Height to width of the frame: the picture's own shape, but a tall picture across a story (or
 * a very tall one in a single column) is cropped to 3:2 around its focal point, as a picture
 * editor would, rather than push the story's text off the page.
 */
function frameRatio(photo: PhotoShape, columns: number): number {
  const ratio = photo.height / photo.width;
  const tallest = columns === 1 ? 1.5 : 1;
  return ratio > tallest ? 2 / 3 : ratio;
}

/**
 * The frame of `photo` across `columns` of `grid`: its height a whole number of lines (so the
 * caption and the text under it stay on the grid), at least three, at most half the type area.
 */
export function photoFrame(grid: PrintGrid, columns: number, photo: PhotoShape): PhotoFrame {
  const pitch = grid.fontSize + grid.leading;
  const width = spanWidth(grid, columns);
  const natural = width * frameRatio(photo, columns);
  const lines = Math.min(Math.floor(grid.areaLines / 2), Math.max(3, Math.round((natural + grid.leading) / pitch)));
  const height = lines * pitch - grid.leading;
  // The crop to the frame's shape keeps the original's whole width unless the frame is the taller.
  const usedWidth = Math.min(photo.width, (photo.height * width) / height);
  return {
    lines,
    width,
    height,
    widthMm: width / MM,
    heightMm: height / MM,
    ppi: Math.round((usedWidth / (width / 72)) * 10) / 10,
  };
}

/** The picture's path in the Typst workspace: made from numbers only, never from anything a user typed. */
export function photoPath(id: number, frame: Pick<PhotoFrame, 'widthMm' | 'heightMm'>): string {
  return `/photos/${id}-${Math.round(frame.widthMm * 100)}x${Math.round(frame.heightMm * 100)}.jpg`;
}

/** Frames of `photo` at every span of `grid`, by the columns spanned (the template picks the one it sets). */
export function photoFrames(grid: PrintGrid, photo: PhotoShape): Record<string, PhotoFrame> {
  const frames: Record<string, PhotoFrame> = {};
  for (let c = 1; c <= grid.columns; c++) frames[String(c)] = photoFrame(grid, c, photo);
  return frames;
}
