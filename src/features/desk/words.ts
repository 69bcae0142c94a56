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
