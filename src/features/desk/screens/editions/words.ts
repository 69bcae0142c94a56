import type { Grid } from '../../../../document/grids.js';
import { chineseDate, chineseDateTime, chineseWeekday } from '../../../../lib/chinese-dates.js';
import type { Plan } from '../../../editions/schemas.js';
import { fitState, STATUS_NAMES, type FitState } from '../../words.js';

/** How the flatplan names what the services hold: states, kinds, grids and copy-fit, in words (never colour alone). */

export type PlanPage = Plan['pages'][number];
export type PlanItem = PlanPage['items'][number];
export type ItemKind = PlanItem['kind'];

export { STATUS_NAMES };

export const KIND_NAMES: Record<ItemKind, string> = { article: '稿件', notice: '公告' };

export const GRID_NAMES: Record<Grid, string> = { 'broadsheet-8': '对开 8 栏', 'tabloid-5': '四开 5 栏' };

/** Where an item is edited on the desk. */
export const itemHref = (item: { kind: ItemKind; id: number }) => (item.kind === 'article' ? `/desk/stories/${item.id}` : `/desk/notices/${item.id}`);

/** An item as a form names it (`article:12`), and back. */
export const itemKey = (item: { kind: ItemKind; id: number }) => `${item.kind}:${item.id}`;

export function parseItemKey(text: string): { kind: ItemKind; id: number } | null {
  const match = /^(article|notice):([1-9]\d{0,9})$/.exec(text);
  if (!match || Number(match[2]) > 2147483647) return null;
  return { kind: match[1] as ItemKind, id: Number(match[2]) };
}

/** 2024年4月11日 星期四 */
export const editionDay = (date: string) => `${chineseDate(date)} ${chineseWeekday(date)}`;

/** Where an edition stands: still being planned, released and waiting for its time, or public; in a sentence (`words`), or as a short name and its time for a list. */
export function editionState(
  edition: { status: string; releaseAt: string | null; public: boolean },
  timeZone: string,
): { key: string; words: string; name: string; at: string | null } {
  if (edition.public) {
    const at = chineseDateTime(edition.releaseAt!, timeZone);
    return { key: 'public', words: `已公开（${at}）`, name: '已公开', at };
  }
  if (edition.status === 'released' && edition.releaseAt) {
    const at = chineseDateTime(edition.releaseAt, timeZone);
    return { key: 'released', words: `已排期，${at} 公开`, name: '已排期', at: `${at} 公开` };
  }
  return { key: 'planning', words: '策划中', name: '策划中', at: null };
}

/**
 * An item's copy fit as the planner measured it on its page: over (lines to cut), under
 * (lines left empty) or fitting; `none` while the page could not be set.
 */
export function fitWords(item: Pick<PlanItem, 'fit'>): { key: FitState; words: string } {
  const fit = item.fit;
  if (!fit) return { key: 'none', words: '暂无法计算' };
  const key = fitState(fit.overLines);
  if (key === 'over') return { key, words: `超出 ${fit.overLines} 行（约 ${fit.overCharacters} 字）` };
  if (key === 'under') return { key, words: `不足 ${-fit.overLines} 行（还可加约 ${-fit.overCharacters} 字）` };
  return { key, words: fit.overLines === 0 ? '正好排满' : `合适（余 ${-fit.overLines} 行）` };
}

/**
 * Why a placed item does not go out with the edition, in the desk's words. Which items those
 * are is the planner's (the plan's `leftOut`); this only says it from the item's state.
 */
export function leftOutWords(item: Pick<PlanItem, 'status' | 'publishAt' | 'ready'>, timeZone: string): string {
  if (item.status === 'draft') return '还是草稿，没有提交';
  if (item.status === 'submitted') return '已提交，还没有编辑';
  if (item.status === 'withdrawn') return '已撤回';
  if (!item.ready) return '公告的表格还没有数据行';
  if (item.status === 'edited') return '本期发布后又改回了已编辑：再发布一次本期才会带上它';
  if (item.status === 'scheduled' && item.publishAt) return `排期在 ${chineseDateTime(item.publishAt, timeZone)}，晚于本期的发布时间`;
  return '不会随本期发布';
}
