import type { ItemStatus } from '../db/schema/index.js';
import { Conflict, Forbidden } from '../errors.js';
import { isEditor, type Actor } from '../lib/actor.js';

/**
 * The editorial workflow every item (articles, notices) follows:
 * draft → submitted → edited → scheduled → published → withdrawn, withdrawn → edited to
 * revive, edited → published to publish at once, and each step back by one.
 * `owner` moves are open to the reporter who created the item as well as to editors.
 */
const MOVES: Record<ItemStatus, Partial<Record<ItemStatus, 'owner' | 'editor'>>> = {
  draft: { submitted: 'owner' },
  submitted: { draft: 'owner', edited: 'editor' },
  edited: { submitted: 'editor', scheduled: 'editor', published: 'editor' },
  scheduled: { edited: 'editor', published: 'editor' },
  published: { withdrawn: 'editor' },
  withdrawn: { edited: 'editor' },
};

export interface WorkflowItem {
  status: ItemStatus;
  createdBy: number;
}

/** The moves `actor` may make from the item's current state. */
export function allowedMoves(actor: Actor, item: WorkflowItem): ItemStatus[] {
  return (Object.entries(MOVES[item.status]) as [ItemStatus, 'owner' | 'editor'][])
    .filter(([, who]) => isEditor(actor) || (who === 'owner' && item.createdBy === actor.userId))
    .map(([to]) => to);
}

/** Throws 409 for a move the workflow does not have, 403 for one this actor may not make. */
export function assertMove(actor: Actor, item: WorkflowItem, to: ItemStatus): void {
  const who = MOVES[item.status][to];
  const allowed = allowedMoves(actor, item);
  if (!who) {
    throw new Conflict(
      `Cannot move from ${item.status} to ${to}; allowed from ${item.status}: ${allowed.join(', ') || 'none for you'}`,
      { currentStatus: item.status, allowed },
    );
  }
  if (!allowed.includes(to)) {
    throw new Forbidden(
      who === 'owner'
        ? `Only the reporter who filed it or an editor may move it from ${item.status} to ${to}`
        : `Only editors may move an item from ${item.status} to ${to}`,
    );
  }
}

/** Whether `actor` may edit the item's content in its current state. */
export function mayEdit(actor: Actor, item: WorkflowItem): boolean {
  return isEditor(actor) || (item.createdBy === actor.userId && item.status === 'draft');
}
