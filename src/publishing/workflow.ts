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

/** Where an editor may go in one request through the moves between: publishing or scheduling straight from the desk. */
const THROUGH: readonly ItemStatus[] = ['scheduled', 'published'];

/** States such a request may pass through: never public ones, so nothing is withdrawn on the way. */
const PASSABLE: readonly ItemStatus[] = ['submitted', 'edited'];

/**
 * The targets of THROUGH reachable from `from` by more than one move, each with the moves on
 * the shortest way there, through PASSABLE states only.
 */
function throughMoves(from: ItemStatus): Map<ItemStatus, [ItemStatus, ItemStatus][]> {
  const cameFrom = new Map<ItemStatus, ItemStatus>();
  const queue: ItemStatus[] = [from];
  while (queue.length) {
    const at = queue.shift()!;
    for (const next of Object.keys(MOVES[at]) as ItemStatus[]) {
      if (next === from || cameFrom.has(next)) continue;
      cameFrom.set(next, at);
      if (PASSABLE.includes(next)) queue.push(next);
    }
  }
  const out = new Map<ItemStatus, [ItemStatus, ItemStatus][]>();
  for (const to of THROUGH) {
    if (!cameFrom.has(to) || MOVES[from][to]) continue;
    const moves: [ItemStatus, ItemStatus][] = [];
    for (let step = to; step !== from; step = cameFrom.get(step)!) moves.unshift([cameFrom.get(step)!, step]);
    out.set(to, moves);
  }
  return out;
}

/** The moves `actor` may ask for from the item's current state, in one request. */
export function allowedMoves(actor: Actor, item: WorkflowItem): ItemStatus[] {
  const direct = (Object.entries(MOVES[item.status]) as [ItemStatus, 'owner' | 'editor'][])
    .filter(([, who]) => isEditor(actor) || (who === 'owner' && item.createdBy === actor.userId))
    .map(([to]) => to);
  return isEditor(actor) ? [...direct, ...throughMoves(item.status).keys()] : direct;
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

/**
 * The moves a status change stands for, each `[from, to]`: the one move from the current state,
 * or, for an editor publishing or scheduling an item that has not got that far, the shortest
 * way there through the workflow's own moves (draft → submitted → edited → published). Throws
 * as `assertMove` does when the move is not open to the actor.
 */
export function movesTo(actor: Actor, item: WorkflowItem, to: ItemStatus): [ItemStatus, ItemStatus][] {
  const through = isEditor(actor) ? throughMoves(item.status).get(to) : undefined;
  if (through) return through;
  assertMove(actor, item, to);
  return [[item.status, to]];
}

/** Whether `actor` may edit the item's content in its current state. */
export function mayEdit(actor: Actor, item: WorkflowItem): boolean {
  return isEditor(actor) || (item.createdBy === actor.userId && item.status === 'draft');
}

/** Throws 403 unless `actor` may edit the item's content now; `items` names its kind (`articles`). */
export function assertMayEdit(actor: Actor, item: WorkflowItem, items: string): void {
  if (mayEdit(actor, item)) return;
  throw new Forbidden(
    item.createdBy === actor.userId
      ? `Reporters edit their own ${items} only while they are drafts; this one is ${item.status}`
      : `Reporters edit only their own ${items}`,
  );
}
