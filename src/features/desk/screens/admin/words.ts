import { PreconditionFailed, type AppError } from '../../../../errors.js';
import { fieldMessages, type FieldMessages } from '../../forms.js';

/**
 * The users and audit services word their refusals for API clients, in English. The desk shows
 * the same refusal (the rule stays the service's) in the newsroom's words; a message it does not
 * know is shown as the service wrote it rather than hidden.
 */
const SERVICE_WORDS: readonly [RegExp, string][] = [
  [/last active admin/, '这是最后一位在用的管理员，不能改为其他角色或停用；请先把另一位用户设为管理员'],
  [/^The login .* is taken$/, '这个登录名已被使用，请换一个'],
  [/is inactive; activate them first/, '这位用户已停用，请先启用再发放令牌'],
  [/^is in the past$/, '到期时间必须晚于现在'],
  [/^is after to$/, '开始日期不能晚于结束日期'],
  [/^The cursor is not one this list handed out$/, '翻页地址无效，请回到第一页'],
];

function inDeskWords(message: string): string {
  return SERVICE_WORDS.find(([pattern]) => pattern.test(message))?.[1] ?? message;
}

/** A refused save's messages by form field, in the desk's words. */
export function refusal(error: AppError): FieldMessages {
  const messages = fieldMessages(error);
  return Object.fromEntries(Object.entries(messages).map(([name, message]) => [name, inDeskWords(message)]));
}

/** What a save that came too late says: someone changed the user since the page was loaded. */
export const STALE = '这位用户在你打开页面后已被别人修改，你的修改没有保存。下面是现在的内容，请核对后重新操作。';

/** Whether a refusal is the version check's (the form was loaded before someone else's change). */
export const isStale = (error: AppError): boolean => error instanceof PreconditionFailed;
