import { ITEM_STATUSES, SEARCH_KINDS, type ItemStatus, type SearchKind } from '../../../../db/schema/index.js';
import { BadRequest } from '../../../../errors.js';
import { isDay } from '../../../../lib/time.js';

/**
 * The search screen's query and filters as its URL carries them
 * (`/desk/search?q=…&kind=article&status=draft&section=3&from=2026-12-01&to=2026-12-07`), so a
 * search can be reloaded and shared, and the next page keeps every filter.
 */
export interface SearchFilters {
  /** As typed; empty before anything is asked. */
  q: string;
  kind?: SearchKind;
  status?: ItemStatus;
  section?: number;
  /** Plain days (`<input type=date>`), in the paper's time zone. */
  from?: string;
  to?: string;
  cursor?: string;
}

const KINDS = new Set<string>(SEARCH_KINDS);
const STATUSES = new Set<string>(ITEM_STATUSES);
const ID = /^[1-9]\d{0,9}$/;
const MAX_ID = 2147483647;
/** Longer than the search reads (200): the service says why; longer still is not typed into a box. */
const MAX_Q = 2000;

function one(query: Record<string, unknown>, name: string): string | undefined {
  const value = query[name];
  const text = Array.isArray(value) ? value[0] : value;
  return typeof text === 'string' && text !== '' ? text : undefined;
}

function day(query: Record<string, unknown>, name: 'from' | 'to'): string | undefined {
  const text = one(query, name);
  if (text !== undefined && !isDay(text)) throw new BadRequest('日期不对：请用日期选择框选择日期');
  return text;
}

/** Reads the filters of a search URL; a value the form does not hand out is a 400. */
export function parseSearchFilters(query: unknown): SearchFilters {
  const q = (query && typeof query === 'object' ? query : {}) as Record<string, unknown>;
  const text = one(q, 'q') ?? '';
  if (text.length > MAX_Q) throw new BadRequest('要找的内容太长了，最多 200 个字');
  const kind = one(q, 'kind');
  if (kind !== undefined && !KINDS.has(kind)) throw new BadRequest('筛选条件不对：没有这个类型');
  const status = one(q, 'status');
  if (status !== undefined && !STATUSES.has(status)) throw new BadRequest('筛选条件不对：没有这个状态');
  const section = one(q, 'section');
  if (section !== undefined && (!ID.test(section) || Number(section) > MAX_ID)) throw new BadRequest('筛选条件不对：section 应是编号');
  const cursor = one(q, 'cursor');
  if (cursor !== undefined && cursor.length > 512) throw new BadRequest('翻页位置不对，请回到第一页');
  return {
    q: text,
    kind: kind as SearchKind | undefined,
    status: status as ItemStatus | undefined,
    section: section === undefined ? undefined : Number(section),
    from: day(q, 'from'),
    to: day(q, 'to'),
    cursor,
  };
}

/** The search's URL with `change` applied; a changed filter starts from the first page. */
export function searchHref(filters: SearchFilters, change: Partial<SearchFilters> = {}): string {
  const next: SearchFilters = { ...filters, cursor: undefined, ...change };
  const params = new URLSearchParams({ q: next.q });
  if (next.kind) params.set('kind', next.kind);
  if (next.status) params.set('status', next.status);
  if (next.section !== undefined) params.set('section', String(next.section));
  if (next.from) params.set('from', next.from);
  if (next.to) params.set('to', next.to);
  if (next.cursor) params.set('cursor', next.cursor);
  return `/desk/search?${params.toString()}`;
}

/** Whether any filter narrows the search. */
export const narrowed = (f: SearchFilters): boolean => !!(f.kind || f.status || f.section !== undefined || f.from || f.to);
