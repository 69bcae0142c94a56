import type { Page, PutPageBody } from '../../../editions/schemas.js';
import type { ItemKind } from './words.js';

/**
 * The flatplan's moves on one page's list of placements, as the page write (`putPage`) takes
 * it whole: the desk changes the list, the editions service decides whether it may stand.
 */

export type Placed = Page['items'][number];
export type ItemMove = 'up' | 'down' | 'span' | 'remove';

export const ITEM_MOVES: readonly ItemMove[] = ['up', 'down', 'span', 'remove'];

const same = (a: { kind: ItemKind; id: number }, b: { kind: ItemKind; id: number }) => a.kind === b.kind && a.id === b.id;

/** The page's list after one move of `target`, or null when the target is not on the page. */
export function moved(items: readonly Placed[], target: { kind: ItemKind; id: number }, move: ItemMove, columns: number | null): Placed[] | null {
  const at = items.findIndex((item) => same(item, target));
  if (at < 0) return null;
  const out = [...items];
  if (move === 'remove') out.splice(at, 1);
  else if (move === 'span') out[at] = { ...out[at]!, columns };
  else {
    const to = move === 'up' ? at - 1 : at + 1;
    if (to < 0 || to >= out.length) return out;
    [out[at], out[to]] = [out[to]!, out[at]!];
  }
  return out;
}

/** The list with `added` at its end, leaving out what is on the page already. */
export function appended(items: readonly Placed[], added: readonly { kind: ItemKind; id: number }[]): Placed[] {
  const out = [...items];
  for (const item of added) if (!out.some((x) => same(x, item))) out.push({ kind: item.kind, id: item.id, columns: null });
  return out;
}

/** A page write keeping the page's fields, with `items` (columns left out where the layout decides). */
export function pageWrite(page: Pick<Page, 'name' | 'sectionId' | 'editorId' | 'grid'>, items: readonly Placed[]): PutPageBody {
  return {
    name: page.name,
    sectionId: page.sectionId,
    editorId: page.editorId,
    grid: page.grid,
    items: items.map((item) => (item.columns === null ? { kind: item.kind, id: item.id } : { kind: item.kind, id: item.id, columns: item.columns })),
  };
}
