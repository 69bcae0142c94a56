import { AppError, type FieldError } from '../../../../errors.js';
import { fieldMessages, type FieldMessages } from '../../forms.js';
import { KIND_NAMES, type ItemKind } from './words.js';

/**
 * The editions services' refusals in the desk's words. The services decide (placement, release
 * and page rules are theirs); this only says what they said in Chinese, at the field concerned.
 */

/** An error a form can show and let the user correct, or null for one to throw (5xx, unknown). */
export function correctable(error: unknown): AppError | null {
  return error instanceof AppError && error.status < 500 ? error : null;
}

type Titles = (kind: ItemKind, id: number) => string;

const named = (titles: Titles, kind: ItemKind, id: number) => `${KIND_NAMES[kind]}《${titles(kind, id)}》`;

/** A field error of a page write (`/items/2/columns`, `/editorId`…) in words. */
function pageFieldWords(e: FieldError, items: readonly { kind: ItemKind; id: number }[], titles: Titles): string {
  const match = /^\/items\/(\d+)(\/\w+)?$/.exec(e.pointer);
  if (match) {
    const item = items[Number(match[1])];
    const what = item ? named(titles, item.kind, item.id) : '一条内容';
    if (match[2] === '/columns') return `${what}的栏数超过了版面的栏数`;
    if (match[2] === '/id') return `${what}不存在`;
    return `${what}在本版已经有了`;
  }
  if (e.pointer === '/editorId') return '责任编辑须是在职的编辑或管理员';
  if (e.pointer === '/sectionId') return '没有这个栏目';
  return e.message;
}

/**
 * What a refused page write (add, reorder, span, remove, settings) says: by form field where
 * there is one, else under `''`. `items` is the list that was sent; `titles` names items.
 */
export function pageProblem(error: AppError, items: readonly { kind: ItemKind; id: number }[], titles: Titles): FieldMessages {
  if (error.status === 412) return { '': '版面刚被别人改过：下面是现在的样子，请再操作一次' };
  if (error.status === 409 && Array.isArray(error.extensions.placed)) {
    const placed = error.extensions.placed as { kind: ItemKind; id: number; page: string }[];
    return { '': `每条内容在一期里只能上一个版：${placed.map((p) => `${named(titles, p.kind, p.id)}已在 ${p.page} 版`).join('；')}` };
  }
  const errors = (error.extensions.errors as FieldError[] | undefined) ?? [];
  if (error.status === 422 && errors.length) {
    const out: FieldMessages = { '': errors.map((e) => pageFieldWords(e, items, titles)).join('；') };
    for (const e of errors) if (e.pointer === '/editorId' || e.pointer === '/sectionId') out[e.pointer.slice(1)] = pageFieldWords(e, items, titles);
    return out;
  }
  if (error.status === 409) return { '': '本期已公开，版面不能删除；可以把内容移出版面来更正' };
  if (error.status === 404) return { '': '这一版已经不在了：可能刚被别人删除' };
  const messages = fieldMessages(error);
  return messages[''] ? messages : { ...messages, '': `${error.message}：${Object.values(messages).join('；')}` };
}

/** What a refused new edition says, at its date or its issue number. */
export function editionProblem(error: AppError): FieldMessages {
  if (error.status === 409) {
    return /^Issue number/.test(error.message) ? { issueNumber: '这个期号已被另一期使用' } : { date: '这一天已经有一期了' };
  }
  return fieldMessages(error);
}

/** What a refused release says: at its time, or about the edition as a whole. */
export function releaseProblem(error: AppError): FieldMessages {
  const errors = (error.extensions.errors as FieldError[] | undefined) ?? [];
  const at = errors.find((e) => e.pointer === '/at');
  if (at) return { at: /past/.test(at.message) ? '这个时间已经过了：请选以后的时间，或留空立即发布' : /year/.test(at.message) ? '最多提前一年' : '请填写日期和时间' };
  if (error.status === 412) return { '': '预览之后版面又有改动：请看下面更新后的预览，再确认发布' };
  if (error.status === 409 && Array.isArray(error.extensions.notReady)) {
    const notReady = error.extensions.notReady as unknown[];
    return {
      '': /^Nothing/.test(error.message) ? '本期没有一条内容可以发布' : `有 ${notReady.length} 条内容还没就绪：先处理它们，或勾选“跳过”再发布`,
    };
  }
  if (error.status === 409) return { '': '本期的版面上还没有内容，先安排稿件和公告' };
  return fieldMessages(error);
}
