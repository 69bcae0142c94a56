import { ITEM_STATUSES, type ItemStatus } from '../../../../db/schema/index.js';
import { BadRequest } from '../../../../errors.js';

/**
 * The queue's filters as the URL carries them (`/desk/stories?state=edited&section=3`), so a
 * filtered list can be bookmarked, reloaded and shared, and every link on it keeps them.
 */
export interface QueueFilters {
  /** `todo`: what needs an editor (submitted and edited); `all`: every state; or one state. */
  state: QueueState;
  section?: number;
  /** A user: the stories they filed or that credit them. */
  reporter?: number;
  /** A person credited. */
  person?: number;
  cursor?: string;
}

export type QueueState = 'todo' | 'all' | ItemStatus;

/** The states an editor's default tab (待处理) lists: stories waiting to be edited, and edited ones waiting for a schedule or a page. */
export const WAITING: readonly ItemStatus[] = ['submitted', 'edited'];

const STATES = new Set<string>(['todo', 'all', ...ITEM_STATUSES]);
const ID = /^[1-9]\d{0,9}$/;
const MAX_ID = 2147483647;

/** What a reporter sees by default (all of their own stories), and an editor (what waits for them). */
export const defaultState = (editor: boolean): QueueState => (editor ? 'todo' : 'all');

function one(query: Record<string, unknown>, name: string): string | undefined {
  const value = query[name];
  const text = Array.isArray(value) ? value[0] : value;
  return typeof text === 'string' && text !== '' ? text : undefined;
}

function id(query: Record<string, unknown>, name: string): number | undefined {
  const text = one(query, name);
  if (text === undefined) return undefined;
  if (!ID.test(text) || Number(text) > MAX_ID) throw new BadRequest(`筛选条件不对：${name} 应是编号`);
  return Number(text);
}

/** Reads the filters of a queue URL; a value that is not one the page hands out is a 400. */
export function parseQueueFilters(query: unknown, editor: boolean): QueueFilters {
  const q = (query && typeof query === 'object' ? query : {}) as Record<string, unknown>;
  const state = one(q, 'state') ?? defaultState(editor);
  if (!STATES.has(state)) throw new BadRequest('筛选条件不对：没有这个状态');
  const cursor = one(q, 'cursor');
  if (cursor !== undefined && cursor.length > 512) throw new BadRequest('翻页位置不对，请回到第一页');
  return { state: state as QueueState, section: id(q, 'section'), reporter: editor ? id(q, 'reporter') : undefined, person: id(q, 'person'), cursor };
}

/** The states a filter lists, or undefined for all of them. */
export function statesOf(state: QueueState): readonly ItemStatus[] | undefined {
  if (state === 'all') return undefined;
  return state === 'todo' ? WAITING : [state];
}

/**
 * The queue's URL with `change` applied to `filters`. A changed filter starts again from the
 * first page (its cursor belongs to the old list); the default state is left out.
 */
export function queueHref(filters: QueueFilters, editor: boolean, change: Partial<QueueFilters> = {}): string {
  const next: QueueFilters = { ...filters, cursor: undefined, ...change };
  const params = new URLSearchParams();
  if (next.state !== defaultState(editor)) params.set('state', next.state);
  if (next.section !== undefined) params.set('section', String(next.section));
  if (next.reporter !== undefined) params.set('reporter', String(next.reporter));
  if (next.person !== undefined) params.set('person', String(next.person));
  if (next.cursor !== undefined) params.set('cursor', next.cursor);
  const search = params.toString();
  return search ? `/desk/stories?${search}` : '/desk/stories';
}

/** Whether any filter but the state narrows the list. */
export const narrowed = (f: QueueFilters): boolean => f.section !== undefined || f.reporter !== undefined || f.person !== undefined;
