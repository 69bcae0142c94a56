/** The print grids a page is laid out on, with their column counts. */
export const GRIDS = { 'broadsheet-8': 8, 'tabloid-5': 5 } as const;
export type Grid = keyof typeof GRIDS;
