import type { ItemStatus } from '../../../../db/schema/index.js';
import type { Plan } from '../../../editions/schemas.js';
import type { DeskServices } from '../../services.js';
import { itemKey, type ItemKind } from './words.js';

/** A story or notice the flatplan offers for placing. */
export interface QueueItem {
  kind: ItemKind;
  id: number;
  title: string;
  status: ItemStatus;
  /** Body characters of a story; table rows of a notice. */
  size: string;
}

/**
 * The states the queue offers, in the order a page is filled: what is edited or scheduled
 * first, then what was submitted (it can be placed while it is edited), then what is out
 * already. Drafts and withdrawn items are not offered (the API would place them; a release
 * would refuse them).
 */
const OFFERED: readonly ItemStatus[] = ['edited', 'scheduled', 'submitted', 'published'];

/** The most recently changed of each state that are offered; older ones are placed through the API. */
const PER_STATE = 50;

/** Stories and notices that can be placed and are not on any page of the edition yet, through the services' own lists. */
export async function placeable(services: Pick<DeskServices, 'articles' | 'notices'>, plan: Plan): Promise<QueueItem[]> {
  const placed = new Set(plan.pages.flatMap((p) => p.items.map(itemKey)));
  const [articles, notices] = await Promise.all([
    Promise.all(OFFERED.map((status) => services.articles.list({ status, limit: PER_STATE }))),
    Promise.all(OFFERED.map((status) => services.notices.list({ status, limit: PER_STATE }))),
  ]);
  const stories: QueueItem[] = articles.flatMap((page) =>
    page.items.map((a) => ({ kind: 'article' as const, id: a.id, title: a.headline, status: a.status, size: `${a.figures.characters} 字` })),
  );
  const notes: QueueItem[] = notices.flatMap((page) =>
    page.items.map((n) => ({ kind: 'notice' as const, id: n.id, title: n.title, status: n.status, size: n.table ? `${n.table.rowCount} 行表格` : '无表格' })),
  );
  return [...stories, ...notes].filter((item) => !placed.has(itemKey(item)));
}
