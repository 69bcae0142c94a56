import type { SearchKind } from '../../../../db/schema/index.js';
import type { QueryRefusal } from '../../../../lib/search/query.js';

/** The kinds of item search finds, as the desk names them. */
export const KIND_NAMES: Readonly<Record<SearchKind, string>> = { article: '稿件', notice: '公告', photo: '图片' };

/** Why a query cannot be searched, in words a reporter can act on. */
export const REFUSALS: Readonly<Record<QueryRefusal, string>> = {
  empty: '请输入要找的词。',
  'too-long': '要找的内容太长了：最多 200 个字。请只输入最关键的几个词。',
  'too-many-terms': '词太多了：最多 12 个词（用空格分开）。请去掉一些。',
  'full-id-number': '不能用完整的身份证号搜索（为保护个人信息，也不会记录）。请只输入身份证号的后四位。',
  'only-marks': '只有标点符号，没有可找的字。请输入文字或数字。',
  'single-character': '每个词至少要两个字：单个汉字或字母找到的太多。请多输入一个字。',
  'only-excluded': '只有要排除的词（以“-”开头）。请至少输入一个要找的词。',
};

/** A query refused for a reason not listed above (a newer one). */
export const REFUSED = '这个搜索无法进行，请换个说法再试。';
