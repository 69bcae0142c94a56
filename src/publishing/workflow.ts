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

/** Where an editor may go in one request through the moves between: publishing or scheduling straight from the desk. */
const THROUGH: readonly ItemStatus[] = ['scheduled', 'published'];

/** States such a request may pass through: never public ones, so nothing is withdrawn on the way. */
const PASSABLE: readonly ItemStatus[] = ['submitted', 'edited'];

/**
 * The moves a status change stands for, each `[from, to]`: the one move from the current state,
 * or, for an editor publishing or scheduling an item that has not got that far, the shortest
 * way there through the workflow's own moves (draft → submitted → edited → published). Throws
 * as `assertMove` does when the move is not open to the actor.
 */
export function movesTo(actor: Actor, item: WorkflowItem, to: ItemStatus): [ItemStatus, ItemStatus][] {
  if (MOVES[item.status][to] || !isEditor(actor) || !THROUGH.includes(to)) {
    assertMove(actor, item, to);
    return [[item.status, to]];
  }
  const cameFrom = new Map<ItemStatus, ItemStatus>();
  const queue: ItemStatus[] = [item.status];
  while (queue.length && !cameFrom.has(to)) {
    const at = queue.shift()!;
    for (const next of Object.keys(MOVES[at]) as ItemStatus[]) {
      if (next === item.status || cameFrom.has(next)) continue;
      cameFrom.set(next, at);
      if (PASSABLE.includes(next)) queue.push(next);
    }
  }
  if (!cameFrom.has(to)) assertMove(actor, item, to);
  const moves: [ItemStatus, ItemStatus][] = [];
  for (let step = to; step !== item.status; step = cameFrom.get(step)!) moves.unshift([cameFrom.get(step)!, step]);
  return moves;
}

/** Whether `actor` may edit the item's content in its current state. */
export function mayEdit(actor: Actor, item: WorkflowItem): boolean {
  return isEditor(actor) || (item.createdBy === actor.userId && item.status === 'draft');
}
