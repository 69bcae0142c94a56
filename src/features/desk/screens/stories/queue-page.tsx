import type { ItemStatus } from '../../../../db/schema/index.js';
import type { QueueItem } from '../../../articles/service.js';
import type { Desk } from '../../context.js';
import { isEditorRole } from '../../context.js';
import { DeskLayout } from '../../layout.js';
import { SearchBox } from '../../search-box.js';
import { estimatedLines, QUEUE_GRID } from './queue-length.js';
import { narrowed, queueHref, type QueueFilters, type QueueState } from './queue-query.js';
import { STATUS_NAMES } from '../../words.js';
import { listDay, listTime } from './queue-time.js';

export interface QueueChoices {
  sections: { id: number; name: string }[];
  users: { id: number; name: string; active: boolean }[];
}

export interface QueuePageProps {
  desk: Desk;
  filters: QueueFilters;
  items: QueueItem[];
  nextCursor: string | null;
  choices: QueueChoices;
  /** The name of the person the list is filtered by, when it is. */
  personName: string | null;
  /** Today in the paper's time zone: times near it are shown as 今天, 明天, 昨天. */
  today: string;
}

const STATE_ORDER: readonly ItemStatus[] = ['draft', 'submitted', 'edited', 'scheduled', 'published', 'withdrawn'];

/** The state tabs: an editor's start with what waits for them; a reporter's with all of their own. */
function stateTabs(editor: boolean): { state: QueueState; label: string }[] {
  const states = STATE_ORDER.map((state) => ({ state, label: STATUS_NAMES[state] }));
  return editor ? [{ state: 'todo', label: '待处理' }, ...states, { state: 'all', label: '全部' }] : [{ state: 'all', label: '全部' }, ...states];
}

const number = (n: number) => n.toLocaleString('zh-CN');

function StateTabs({ filters, editor, me }: { filters: QueueFilters; editor: boolean; me: number }) {
  const mine = filters.reporter === me;
  return (
    <nav class="queue-tabs" aria-label="按状态筛选">
      <ul>
        {stateTabs(editor).map((tab) => (
          <li>
            <a href={queueHref(filters, editor, { state: tab.state })} aria-current={tab.state === filters.state ? 'page' : undefined}>
              {tab.label}
            </a>
          </li>
        ))}
        {editor && (
          <li class="queue-mine">
            <a href={queueHref(filters, editor, mine ? { reporter: undefined } : { reporter: me, state: 'all' })} aria-current={mine ? 'true' : undefined}>
              我的稿件
            </a>
          </li>
        )}
      </ul>
    </nav>
  );
}

function FilterForm({ filters, editor, choices, personName }: { filters: QueueFilters; editor: boolean; choices: QueueChoices; personName: string | null }) {
  return (
    <form method="get" action="/desk/stories" class="filters" id="queue-filters">
      <input type="hidden" name="state" value={filters.state} />
      {filters.person !== undefined && <input type="hidden" name="person" value={String(filters.person)} />}
      <div>
        <label for="queue-section">栏目</label>
        <select id="queue-section" name="section">
          <option value="">全部栏目</option>
          {choices.sections.map((s) => (
            <option value={String(s.id)} selected={s.id === filters.section}>
              {s.name}
            </option>
          ))}
        </select>
      </div>
      {editor && (
        <div>
          <label for="queue-reporter">记者</label>
          <select id="queue-reporter" name="reporter" title="本人提交或署名的稿件">
            <option value="">全部记者</option>
            {choices.users.map((u) => (
              <option value={String(u.id)} selected={u.id === filters.reporter}>
                {u.active ? u.name : `${u.name}（已停用）`}
              </option>
            ))}
          </select>
        </div>
      )}
      <div class="queue-filter-actions">
        <button type="submit">筛选</button>
        {narrowed(filters) && <a href={queueHref(filters, editor, { section: undefined, reporter: undefined, person: undefined })}>清除筛选</a>}
      </div>
      {filters.person !== undefined && (
        <p class="queue-person">
          署名：{personName ?? `#${filters.person}`}{' '}
          <a href={queueHref(filters, editor, { person: undefined })} aria-label={`取消按署名 ${personName ?? ''} 筛选`}>
            取消
          </a>
        </p>
      )}
    </form>
  );
}

function Credits({ item, filters, editor }: { item: QueueItem; filters: QueueFilters; editor: boolean }) {
  if (item.credits.length === 0) return <>—</>;
  return (
    <ul class="queue-credits">
      {item.credits.map((c) => (
        <li>
          <a href={queueHref(filters, editor, { person: c.personId })}>{c.name}</a>
        </li>
      ))}
    </ul>
  );
}

function Placements({ item, today }: { item: QueueItem; today: string }) {
  if (item.placements.length === 0) return <>—</>;
  return (
    <ul class="queue-placements">
      {item.placements.map((p) => (
        <li>
          <a href={`/desk/editions/${p.date}`}>
            {listDay(p.date, today)} {p.label}
          </a>
        </li>
      ))}
    </ul>
  );
}

function QueueTable({ desk, items, filters, editor, today }: { desk: Desk; items: QueueItem[]; filters: QueueFilters; editor: boolean; today: string }) {
  const tz = desk.site.timeZone;
  return (
    <div class="queue-scroll">
      <table class="list queue" id="queue" aria-describedby="queue-lines-hint">
        <thead>
          <tr>
            <th scope="col">标题</th>
            <th scope="col">状态</th>
            <th scope="col">栏目</th>
            <th scope="col">署名</th>
            <th scope="col" class="num">
              长度
            </th>
            <th scope="col">排期</th>
            <th scope="col">版面</th>
            <th scope="col">更新</th>
          </tr>
        </thead>
        <tbody>
          {items.map((item) => (
            <tr id={`story-${item.id}`}>
              <td class="queue-head">
                {item.kicker && <span class="queue-kicker">{item.kicker}</span>}
                <a href={`/desk/stories/${item.id}`}>{item.headline}</a>
              </td>
              <td>
                <span class={`state state-${item.status}`}>{STATUS_NAMES[item.status]}</span>
              </td>
              <td>{item.section ? <a href={queueHref(filters, editor, { section: item.section.id })}>{item.section.name}</a> : '—'}</td>
              <td>
                <Credits item={item} filters={filters} editor={editor} />
              </td>
              <td class="num queue-length">
                <span>{number(item.figures.characters)} 字</span>
                <span class="queue-lines">约 {number(estimatedLines(item.figures))} 行</span>
              </td>
              <td class="queue-time">{item.publishAt ? listTime(item.publishAt, tz, today) : '—'}</td>
              <td>
                <Placements item={item} today={today} />
              </td>
              <td class="queue-time">{listTime(item.updatedAt, tz, today)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function Empty({ filters, editor }: { filters: QueueFilters; editor: boolean }) {
  const filtered = narrowed(filters) || filters.state !== 'all';
  return (
    <div class="card queue-empty">
      <p>{filtered ? '没有符合条件的稿件。' : '还没有稿件。'}</p>
      {filtered ? (
        <p>
          <a href={queueHref(filters, editor, { state: 'all', section: undefined, reporter: undefined, person: undefined })}>看全部稿件</a>
        </p>
      ) : (
        <p>
          <a href="/desk/stories/new">写第一篇稿件</a>
        </p>
      )}
    </div>
  );
}

/**
 * 稿件: the story queue. A reporter's own stories; for an editor, everyone's by state (what
 * waits for them first), section and reporter. Every filter lives in the URL, and every link
 * here (tabs, names, sections, the next page) carries the others along.
 */
export function QueuePage({ desk, filters, items, nextCursor, choices, personName, today }: QueuePageProps) {
  const editor = isEditorRole(desk.user.role);
  return (
    <DeskLayout
      desk={desk}
      title={editor ? '稿件' : '我的稿件'}
      styles={['queue.css']}
      wide
      actions={
        <a class="button primary" href="/desk/stories/new">
          新建稿件
        </a>
      }
    >
      <SearchBox id="queue-search" label="搜索稿件" kind="article" class="queue-search" />
      <StateTabs filters={filters} editor={editor} me={desk.user.id} />
      <FilterForm filters={filters} editor={editor} choices={choices} personName={personName} />
      {items.length === 0 ? (
        <Empty filters={filters} editor={editor} />
      ) : (
        <>
          <QueueTable desk={desk} items={items} filters={filters} editor={editor} today={today} />
          <p class="hint" id="queue-lines-hint">
            行数按对开版一栏（每行 {QUEUE_GRID.chars} 字）估算；稿件的准确行数和版面余缺见稿件编辑页的核算。
          </p>
        </>
      )}
      {(nextCursor || filters.cursor) && (
        <nav class="pager" aria-label="翻页">
          {filters.cursor && <a href={queueHref(filters, editor)}>回到第一页</a>}
          {nextCursor && (
            <a href={queueHref(filters, editor, { cursor: nextCursor })} rel="next">
              下一页
            </a>
          )}
        </nav>
      )}
    </DeskLayout>
  );
}
