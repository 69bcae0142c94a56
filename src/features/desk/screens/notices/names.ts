/** The words the notice desk shows for the workflow's states and moves and for column types. */
import type { ItemStatus } from '../../../../db/schema/index.js';
import type { ColumnType } from '../../../../tables/cells.js';
import { STATUS_NAMES } from '../../words.js';

export { STATUS_NAMES };

/** A move's button, by the state it leads to. */
export const MOVE_NAMES: Record<ItemStatus, string> = {
  draft: '退回草稿',
  submitted: '提交',
  edited: '编辑完成',
  scheduled: '排期发布',
  published: '立即发布',
  withdrawn: '撤回',
};

export const COLUMN_TYPE_NAMES: Record<ColumnType, string> = {
  text: '文字',
  integer: '整数',
  decimal: '小数',
  year: '年份',
  date: '日期',
  money: '金额（元）',
  id_cn: '身份证号',
  phone: '电话',
};
