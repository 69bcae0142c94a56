import type { ItemStatus } from '../../../../db/schema/index.js';
import type { AppError } from '../../../../errors.js';
import { chineseDateTime } from '../../../../lib/chinese-dates.js';
import { OutOfScheduleRange } from '../../../../publishing/status.js';
import { STATUS_NAMES } from '../../words.js';

/** The workflow states in the desk's words. */
export { STATUS_NAMES };

/** A workflow move as its button says it: what the user does, not the state's name. */
export function moveLabel(from: ItemStatus, to: ItemStatus): string {
  switch (to) {
    case 'submitted':
      return from === 'draft' ? '提交' : '退回为已提交';
    case 'draft':
      return '退回为草稿';
    case 'edited':
      return from === 'submitted' ? '编辑完成' : from === 'scheduled' ? '取消排期' : from === 'withdrawn' ? '恢复为已编辑' : '标为已编辑';
    case 'scheduled':
      return '排期';
    case 'published':
      return '立即发布';
    case 'withdrawn':
      return '撤回（从网站撤下）';
  }
}

/** The one-off message after a move: where the story now is. */
export function moveFlash(article: { status: ItemStatus; publishAt: string | null }, timeZone: string): string {
  if (article.status === 'scheduled' && article.publishAt) return `已排期，将于 ${chineseDateTime(article.publishAt, timeZone)} 发布`;
  if (article.status === 'published') return '已发布';
  if (article.status === 'submitted') return '已提交';
  return `状态已改为“${STATUS_NAMES[article.status]}”`;
}

/** Why a move was refused, in the desk's words (the service's own are for API clients). */
export function statusRefusal(error: AppError): string {
  const extensions = error.extensions as { currentVersion?: number; currentStatus?: ItemStatus };
  if (error.status === 412) return `稿件已被别人修改（现在是第 ${extensions.currentVersion ?? '?'} 版）。请看过最新内容后再操作。`;
  if (error.status === 409) return extensions.currentStatus ? `稿件现在是“${STATUS_NAMES[extensions.currentStatus]}”，不能这样操作。` : '稿件现在的状态不能这样操作。';
  if (error instanceof OutOfScheduleRange) return error.when === 'past' ? '发布时间已过。请选一个将来的时间，或直接发布。' : '最多只能排到一年之内。';
  return '无法完成这个操作，请检查后重试。';
}
