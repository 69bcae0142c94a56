import { STATUS_NAMES } from '../../words.js';

/**
 * The audit log in the newsroom's words: the actions and kinds of item the services record,
 * named in Chinese. An action not listed here (a later feature's) is shown as recorded.
 */
export const ACTION_NAMES: Readonly<Record<string, string>> = {
  'article.create': '新建稿件',
  'article.update': '修改稿件',
  'article.status': '稿件状态变更',
  'article.publish': '稿件发布',
  'article.correct': '稿件更正',
  'notice.create': '新建公告',
  'notice.update': '修改公告',
  'notice.table': '修改公告表格',
  'notice.status': '公告状态变更',
  'notice.publish': '公告发布',
  'notice_kind.create': '新建公告类别',
  'notice_kind.update': '修改公告类别',
  'edition.create': '新建一期',
  'edition.update': '修改一期',
  'edition.delete': '删除一期',
  'edition.release': '签发一期',
  'edition.live': '一期上线',
  'page.create': '新建版面',
  'page.update': '修改版面',
  'page.delete': '删除版面',
  'page.import': '导入版面',
  'section.create': '新建栏目',
  'section.update': '修改栏目',
  'section.delete': '删除栏目',
  'person.create': '新建人员',
  'person.update': '修改人员',
  'person.delete': '删除人员',
  'user.create': '新建用户',
  'user.update': '修改用户',
  'user.password': '修改自己的密码',
  'user.bootstrap': '创建首位管理员',
  'token.issue': '发放令牌',
  'token.revoke': '吊销令牌',
  'session.open': '登录编辑部',
  'session.close': '退出登录',
};

export const ENTITY_NAMES: Readonly<Record<string, string>> = {
  article: '稿件',
  notice: '公告',
  notice_kind: '公告类别',
  edition: '期',
  page: '版面',
  page_import: '版面导入',
  section: '栏目',
  person: '人员',
  user: '用户',
};

const STATE_NAMES: Readonly<Record<string, string>> = STATUS_NAMES;

/** An action in words, or as recorded. */
export const actionName = (action: string): string => ACTION_NAMES[action] ?? action;

/** A kind of item in words, or as recorded. */
export const entityName = (entity: string): string => ENTITY_NAMES[entity] ?? entity;

/** The longest a detail's value is shown in the compact line. */
const VALUE_CHARS = 60;
/** The longest compact line; the whole record is a click away. */
const LINE_CHARS = 240;

function clipped(text: string, max: number): string {
  const chars = [...text];
  return chars.length > max ? `${chars.slice(0, max).join('')}…` : text;
}

/** A detail's value in a few characters; `whole` says whether nothing was left out. */
function shortValue(value: unknown): { text: string; whole: boolean } {
  if (Array.isArray(value)) return { text: value.length === 0 ? '无' : `${value.length} 项`, whole: value.length === 0 };
  const text = typeof value === 'string' ? value : value && typeof value === 'object' ? JSON.stringify(value) : String(value);
  const short = clipped(text, VALUE_CHARS);
  return { text: short, whole: short === text };
}

/**
 * An event's details as one short line (`草稿 → 已提交；version: 4`), and the whole record as
 * indented JSON when the line leaves something out. Plain text: the page escapes it.
 */
export function compactDetails(details: Record<string, unknown> | null): { line: string; full: string | null } {
  if (!details || Object.keys(details).length === 0) return { line: '', full: null };
  const { from, to, ...rest } = details;
  const move = typeof from === 'string' && typeof to === 'string';
  const parts = move ? [`${STATE_NAMES[from] ?? from} → ${STATE_NAMES[to] ?? to}`] : [];
  let whole = true;
  for (const [key, value] of Object.entries(move ? rest : details)) {
    const short = shortValue(value);
    parts.push(`${key}: ${short.text}`);
    whole &&= short.whole;
  }
  const joined = parts.join('；');
  const line = clipped(joined, LINE_CHARS);
  return { line, full: whole && line === joined ? null : JSON.stringify(details, null, 2) };
}
