/** The notices list: every notice, most recently changed first, filtered by state and kind in the URL. */
import { ITEM_STATUSES, type ItemStatus } from '../../../../db/schema/index.js';
import { chineseDateTime } from '../../../../lib/chinese-dates.js';
import type { Notice, NoticeKind } from '../../../notices/schemas.js';
import type { Desk } from '../../context.js';
import { DeskLayout } from '../../layout.js';
import { STATUS_NAMES } from './names.js';

export interface ListFilters {
  status?: ItemStatus;
  kind?: string;
  cursor?: string;
}

/** The list's URL with these filters (the cursor only when given). */
export function listUrl(filters: ListFilters): string {
  const query = new URLSearchParams();
  if (filters.status) query.set('status', filters.status);
  if (filters.kind) query.set('kind', filters.kind);
  if (filters.cursor) query.set('cursor', filters.cursor);
  const text = query.toString();
  return text ? `/desk/notices?${text}` : '/desk/notices';
}

function NewNoticeLinks({ kinds }: { kinds: NoticeKind[] }) {
  return (
    <nav aria-label="新建公告" class="new-notice">
      <span>新建公告：</span>
      {kinds.map((kind) => (
        <a class="button" href={`/desk/notices/new?kind=${encodeURIComponent(kind.key)}`}>
          {kind.name}
        </a>
      ))}
    </nav>
  );
}

export interface ListPageProps {
  desk: Desk;
  kinds: NoticeKind[];
  filters: ListFilters;
  items: Notice[];
  nextCursor: string | null;
}

export function ListPage({ desk, kinds, filters, items, nextCursor }: ListPageProps) {
  const kindName = new Map(kinds.map((k) => [k.key, k.name]));
  const tz = desk.site.timeZone;
  return (
    <DeskLayout desk={desk} title="公告" styles={['notices.css']} actions={<NewNoticeLinks kinds={kinds} />}>
      <form method="get" action="/desk/notices" class="filters" role="search" aria-label="筛选公告">
        <div>
          <label for="filter-status">状态</label>
          <select id="filter-status" name="status">
            <option value="">全部</option>
            {ITEM_STATUSES.map((status) => (
              <option value={status} selected={filters.status === status}>
                {STATUS_NAMES[status]}
              </option>
            ))}
          </select>
        </div>
        <div>
          <label for="filter-kind">类别</label>
          <select id="filter-kind" name="kind">
            <option value="">全部</option>
            {kinds.map((kind) => (
              <option value={kind.key} selected={filters.kind === kind.key}>
                {kind.name}
              </option>
            ))}
          </select>
        </div>
        <button type="submit">筛选</button>
        {(filters.status || filters.kind) && <a href="/desk/notices">清除筛选</a>}
      </form>
      {items.length === 0 ? (
        <p class="card">{filters.status || filters.kind || filters.cursor ? '没有符合条件的公告。' : '还没有公告。'}</p>
      ) : (
        <table class="list notices">
          <caption class="sr-only">公告列表，最近修改的在前</caption>
          <thead>
            <tr>
              <th scope="col">状态</th>
              <th scope="col">类别</th>
              <th scope="col">标题</th>
              <th scope="col" class="num">
                行数
              </th>
              <th scope="col">更新时间</th>
            </tr>
          </thead>
          <tbody>
            {items.map((notice) => (
              <tr>
                <td>
                  <span class={`state state-${notice.status}`}>{STATUS_NAMES[notice.status]}</span>
                </td>
                <td>{kindName.get(notice.kind) ?? notice.kind}</td>
                <td>
                  <a href={`/desk/notices/${notice.id}`}>{notice.title}</a>
                </td>
                <td class="num">{notice.table ? notice.table.rowCount : '—'}</td>
                <td>{chineseDateTime(notice.updatedAt, tz)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <nav class="pager" aria-label="翻页">
        {filters.cursor && <a href={listUrl({ ...filters, cursor: undefined })}>回到第一页</a>}
        {nextCursor && <a href={listUrl({ ...filters, cursor: nextCursor })}>下一页</a>}
      </nav>
    </DeskLayout>
  );
}
