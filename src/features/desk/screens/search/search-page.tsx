import { ITEM_STATUSES } from '../../../../db/schema/index.js';
import { SEARCH_KINDS } from '../../../../db/schema/index.js';
import type { SearchHit, SearchPage as Results } from '../../../search/schemas.js';
import type { Desk } from '../../context.js';
import { isEditorRole } from '../../context.js';
import { DeskLayout } from '../../layout.js';
import { STATUS_NAMES } from '../../words.js';
import { listTime } from '../stories/queue-time.js';
import { Marked } from './marked.js';
import { narrowed, searchHref, type SearchFilters } from './query.js';
import { KIND_NAMES } from './words.js';

export interface SearchPageProps {
  desk: Desk;
  filters: SearchFilters;
  /** The sections the queue offers, for the section filter. */
  sections: { id: number; name: string }[];
  /** The hits; null before a query is typed or when it was refused. */
  results: Results | null;
  /** Why the query was refused, in the desk's words. */
  refusal: string | null;
  /** Today in the paper's time zone, for 今天/昨天 in dates. */
  today: string;
}

const number = (n: number) => n.toLocaleString('zh-CN');

/**
 * Where the desk edits a hit; null for a notice when the user is a reporter (notices are the
 * editors' screens: a reporter finds published ones and reads them on the site).
 */
export function editorHref(hit: Pick<SearchHit, 'kind' | 'id'>, editor: boolean): string | null {
  if (hit.kind === 'article') return `/desk/stories/${hit.id}`;
  if (hit.kind === 'photo') return `/desk/photos/${hit.id}`;
  return editor ? `/desk/notices/${hit.id}` : null;
}

function SearchForm({ filters, sections, refusal }: { filters: SearchFilters; sections: SearchPageProps['sections']; refusal: string | null }) {
  return (
    <form method="get" action="/desk/search" role="search" class="search-form" aria-label="搜索">
      <label for="search-q">要找的词</label>
      <div class="search-box">
        <input
          type="search"
          id="search-q"
          name="q"
          value={filters.q}
          maxLength={200}
          autocomplete="off"
          aria-invalid={refusal ? 'true' : undefined}
          aria-describedby={refusal ? 'search-q-error search-q-hint' : 'search-q-hint'}
        />
        <button type="submit" class="primary">
          搜索
        </button>
      </div>
      {refusal && (
        <p class="form-error" id="search-q-error" role="alert">
          {refusal}
        </p>
      )}
      <p class="hint" id="search-q-hint">
        空格分开的词都要有；“引号”内的按原样找；-词 表示不要含这个词。身份证号只能用后四位找。
      </p>
      <div class="filters search-filters">
        <FilterSelect id="search-kind" name="kind" label="类型" all="全部" options={SEARCH_KINDS.map((kind) => ({ value: kind, label: KIND_NAMES[kind] }))} selected={filters.kind} />
        <FilterSelect id="search-status" name="status" label="状态" all="全部状态" options={ITEM_STATUSES.map((status) => ({ value: status, label: STATUS_NAMES[status] }))} selected={filters.status} />
        <FilterSelect id="search-section" name="section" label="栏目" all="全部栏目" options={sections.map((s) => ({ value: String(s.id), label: s.name }))} selected={filters.section === undefined ? undefined : String(filters.section)} />
        <div>
          <label for="search-from">从</label>
          <input type="date" id="search-from" name="from" value={filters.from ?? ''} />
        </div>
        <div>
          <label for="search-to">到</label>
          <input type="date" id="search-to" name="to" value={filters.to ?? ''} />
        </div>
        {narrowed(filters) && (
          <div class="search-clear">
            <a href={searchHref(filters, { kind: undefined, status: undefined, section: undefined, from: undefined, to: undefined })}>清除筛选</a>
          </div>
        )}
      </div>
    </form>
  );
}

/** One filter of the search form: a labelled list whose first choice is "all". */
function FilterSelect(props: { id: string; name: string; label: string; all: string; options: { value: string; label: string }[]; selected: string | undefined }) {
  return (
    <div>
      <label for={props.id}>{props.label}</label>
      <select id={props.id} name={props.name}>
        <option value="">{props.all}</option>
        {props.options.map((option) => (
          <option value={option.value} selected={option.value === props.selected}>
            {option.label}
          </option>
        ))}
      </select>
    </div>
  );
}

/** A notice's table rows that hold the words, as printed (ID numbers masked by the service). */
function MatchedRows({ hit }: { hit: SearchHit }) {
  const rows = hit.rows ?? [];
  if (rows.length === 0) return null;
  const labels = rows[0]!.cells.map((c) => c.label);
  const matched = hit.rowsMatched ?? rows.length;
  return (
    <div class="search-rows">
      <table class="list">
        <caption>{matched > rows.length ? `表格中有 ${number(matched)} 行含这些词，这里列出前 ${rows.length} 行` : `表格中含这些词的行（${rows.length} 行）`}</caption>
        <thead>
          <tr>
            <th scope="col" class="num">
              行
            </th>
            {labels.map((label) => (
              <th scope="col">{label}</th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => (
            <tr>
              <td class="num">{row.row}</td>
              {row.cells.map((cell) => (
                <td>
                  <Marked value={cell} />
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function Hit({ hit, editor, timeZone, today }: { hit: SearchHit; editor: boolean; timeZone: string; today: string }) {
  const edit = editorHref(hit, editor);
  const title = hit.title.text.trim() ? <Marked value={hit.title} /> : '（无标题）';
  const when = hit.publishedAt ?? hit.updatedAt;
  return (
    <li class="search-hit" id={`hit-${hit.kind}-${hit.id}`}>
      <p class="search-meta">
        <span class="tag">{KIND_NAMES[hit.kind]}</span>
        {hit.status && <span class={`state state-${hit.status}`}>{STATUS_NAMES[hit.status]}</span>}
        {hit.section && <span>{hit.section.name}</span>}
        <time datetime={when}>
          {hit.publishedAt ? '发布于' : '更新于'} {listTime(when, timeZone, today)}
        </time>
      </p>
      {hit.kicker && <p class="search-kicker">{hit.kicker}</p>}
      <h2 class="search-title">{edit ? <a href={edit}>{title}</a> : hit.url ? <a href={hit.url}>{title}</a> : title}</h2>
      {hit.snippet.text && (
        <p class="search-snippet">
          <Marked value={hit.snippet} />
        </p>
      )}
      <MatchedRows hit={hit} />
      {hit.url && (
        <p class="search-links">
          <a href={hit.url} class="search-public">
            查看网页
          </a>
        </p>
      )}
    </li>
  );
}

function Count({ results, filters }: { results: Results; filters: SearchFilters }) {
  if (results.total === 0) {
    return (
      <div class="card search-empty" role="status">
        <p>没有找到。</p>
        <p class="hint">{narrowed(filters) ? '可以试试清除筛选，或换一个词。' : '可以换一个词，或少输入几个词。'}</p>
      </div>
    );
  }
  return (
    <p class="search-count" role="status">
      {results.bounded ? `找到超过 ${number(results.total)} 条，只列出最新的 ${number(results.total)} 条；更早的请缩小日期范围或加词。` : `找到 ${number(results.total)} 条`}
    </p>
  );
}

/**
 * 搜索: the newsroom's search over stories, notices and photos, with its filters in the URL.
 * What each user may find is the service's rule; this page shows the hits with their matches
 * marked and links each to where the desk edits it, and to its public page once published.
 */
export function SearchPage({ desk, filters, sections, results, refusal, today }: SearchPageProps) {
  const editor = isEditorRole(desk.user.role);
  return (
    <DeskLayout desk={desk} title="搜索" styles={['search.css']}>
      <SearchForm filters={filters} sections={sections} refusal={refusal} />
      {results && <Count results={results} filters={filters} />}
      {results && results.items.length > 0 && (
        <ol class="search-hits">
          {results.items.map((hit) => (
            <Hit hit={hit} editor={editor} timeZone={desk.site.timeZone} today={today} />
          ))}
        </ol>
      )}
      {results && (results.nextCursor || filters.cursor) && (
        <nav class="pager" aria-label="翻页">
          {filters.cursor && <a href={searchHref(filters)}>回到第一页</a>}
          {results.nextCursor && (
            <a href={searchHref(filters, { cursor: results.nextCursor })} rel="next">
              下一页
            </a>
          )}
        </nav>
      )}
    </DeskLayout>
  );
}
