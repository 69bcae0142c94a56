import type { ItemStatus } from '../../db/schema/index.js';

/** The workflow's states in the desk's words, the same on every screen. */
export const STATUS_NAMES: Readonly<Record<ItemStatus, string>> = {
  draft: '草稿',
  submitted: '已提交',
  edited: '已编辑',
  scheduled: '已排期',
  published: '已发布',
  withdrawn: '已撤回',
};

/** How a story or notice fits its space on a page, as the desk colours it (`fit-ok`, `fit-over`, `fit-under`; `fit-none` unmeasured). */
export type FitState = 'ok' | 'over' | 'under' | 'none';

/**
 * Lines an item may fall short of its space and still count as fitting: a line or two is closed
 * up by the page's leading; more leaves a hole the editor must fill.
 */
export const UNDER_TOLERANCE_LINES = 2;

/** The state of an item needing `overLines` more lines than its space holds (negative: fewer), the same in the editor and on the flatplan. */
export function fitState(overLines: number): Exclude<FitState, 'none'> {
  if (overLines > 0) return 'over';
  return -overLines > UNDER_TOLERANCE_LINES ? 'under' : 'ok';
}
