import { segments } from '../../../lib/search/highlight.js';
import type { QueryRefusal } from '../../../lib/search/query.js';
import { Layout, Time, type Site } from '../layout.js';

/** Text with the stretches that matched the query, as the search service hands it out. */
export interface MarkedText {
  text: string;
  /** [start, end) in UTF-16 code units of `text`. */
  marks: { start: number; end: number }[];
}

/** One hit as the public search shows it. */
export interface SearchPageHit {
  kind: string;
  id: number;
  title: MarkedText;
  kicker: string | null;
  snippet: MarkedText;
  publishedAt: string | null;
  url: string | null;
  /** A notice's matching rows; a cell's `marks`, where given, are the query's words in it. */
  rows?: { row: number; cells: { label: string; text: string; marks?: MarkedText['marks'] }[] }[];
  rowsMatched?: number;
}

export type SearchKindFilter = 'article' | 'notice';

/** What the page shows: the form alone, a refused query, or a page of hits. */
export type SearchOutcome =
  | { state: 'blank' }
  | { state: 'refused'; reason: QueryRefusal | 'cursor' }
  | { state: 'found'; items: SearchPageHit[]; total: number; bounded: boolean; nextCursor: string | null; later: boolean };

/** Why a query was refused, in words for readers. */
const REFUSALS: Record<QueryRefusal | 'cursor', string> = {
  empty: '请输入要搜索的词。',
  'too-long': '搜索词太长了：请在 200 字以内，挑出其中几个关键词来搜索。',
  'too-many-terms': '搜索词太多了：最多 12 个词，请用空格分隔，挑出几个关键词来搜索。',
  'full-id-number': '为保护个人信息，不能按完整身份证号搜索；可以输入身份证号的后四位。',
  'only-marks': '搜索词里只有标点或符号，无法搜索：请输入文字或数字。',
  'single-character': '请输入至少两个字；单个汉字几乎处处都有。',
  'only-excluded': '只写了要排除的词（以“-”开头）：请再加上要找的词。',
  cursor: '这个翻页链接已失效，请从第一页看起。',
};

const KIND_NAMES: Record<SearchKindFilter, string> = { article: '只看新闻', notice: '只看公告' };

/** The address of a page of results: a plain GET, so that reload, back and a shared link keep the query. */
export function searchHref(q: string, kind?: SearchKindFilter, cursor?: string): string {
  const params = new URLSearchParams({ q });
  if (kind) params.set('kind', kind);
  if (cursor) params.set('cursor', cursor);
  return `/search?${params.toString()}`;
}

/** Text with its matches in `<mark>`, each run escaped by the renderer. */
export function Marked({ text, marks }: MarkedText) {
  return <>{segments({ text, marks }).map((s) => (s.marked ? <mark>{s.text}</mark> : s.text))}</>;
}

/** A notice's matching rows: a small table with the columns' labels as its headers. */
function MatchedRows({ hit }: { hit: SearchPageHit }) {
  const rows = hit.rows ?? [];
  if (rows.length === 0) return null;
  const labels = rows[0]!.cells.map((c) => c.label);
  const caption = `hit-rows-${hit.id}`;
  const more = (hit.rowsMatched ?? rows.length) - rows.length;
  return (
    <>
      <div class="table-scroll" role="region" aria-labelledby={caption} tabIndex={0}>
        <table class="notice-table hit-rows">
          <caption id={caption}>表格中匹配的行</caption>
          <thead>
            <tr>
              {labels.map((label, i) => (
                <th key={i} scope="col">
                  {label}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {rows.map((r) => (
              <tr key={r.row}>
                {r.cells.map((c, i) => (
                  <td key={i}>
                    <Marked text={c.text} marks={c.marks ?? []} />
                  </td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {more > 0 && <p class="meta">另有 {more} 行匹配，请打开公告查看全表。</p>}
    </>
  );
}

function Hit({ site, hit }: { site: Site; hit: SearchPageHit }) {
  return (
    <li class="teaser hit">
      {hit.kicker && <p class="kicker">{hit.kicker}</p>}
      <h2>
        {hit.url ? (
          <a href={hit.url}>
            <Marked {...hit.title} />
          </a>
        ) : (
          <Marked {...hit.title} />
        )}
      </h2>
      <p class="meta">
        <span>{hit.kind === 'notice' ? '公告' : '新闻'}</span>
        {hit.publishedAt && (
          <span>
            <Time iso={hit.publishedAt} site={site} />
          </span>
        )}
      </p>
      {hit.snippet.text && (
        <p class="summary">
          <Marked {...hit.snippet} />
        </p>
      )}
      <MatchedRows hit={hit} />
    </li>
  );
}

/** The search form: the query (as typed, unless it must not be shown again) and the kind of item. */
function SearchForm({ q, kind }: { q: string; kind?: SearchKindFilter }) {
  return (
    <form class="search-form" action="/search" method="get">
      <label for="search-q">搜索新闻和公告</label>
      <div class="search-row">
        <input id="search-q" type="search" name="q" value={q} maxLength={200} autoComplete="off" aria-describedby="search-help" />
        <button type="submit">搜索</button>
      </div>
      <p id="search-help" class="search-help">
        多个词用空格分隔；用引号搜索整个短语；在词前加“-”排除它。
      </p>
      <label class="search-kind">
        范围
        <select name="kind">
          <option value="" selected={!kind}>
            全部
          </option>
          {(Object.keys(KIND_NAMES) as SearchKindFilter[]).map((k) => (
            <option key={k} value={k} selected={kind === k}>
              {KIND_NAMES[k]}
            </option>
          ))}
        </select>
      </label>
    </form>
  );
}

/**
 * The search page. `q` is the query as the reader typed it; it is shown again in the form and
 * the heading except when it was refused as a whole ID number, which is never written back.
 */
export function SearchView({ site, q, kind, outcome }: { site: Site; q: string; kind?: SearchKindFilter; outcome: SearchOutcome }) {
  const shown = outcome.state === 'refused' && outcome.reason === 'full-id-number' ? '' : q;
  const title = outcome.state === 'found' ? `“${q}”的搜索结果` : '搜索';
  return (
    <Layout site={site} meta={{ title, noindex: true }}>
      <section class="listing search">
        <h1 class="headline">{title}</h1>
        <SearchForm q={shown} kind={kind} />
        {outcome.state === 'refused' && (
          <p class="search-refused" role="alert">
            {REFUSALS[outcome.reason]}
          </p>
        )}
        {outcome.state === 'found' && <Results site={site} q={q} kind={kind} found={outcome} />}
      </section>
    </Layout>
  );
}

function Results({ site, q, kind, found }: { site: Site; q: string; kind?: SearchKindFilter; found: Extract<SearchOutcome, { state: 'found' }> }) {
  const { items, total, bounded, nextCursor, later } = found;
  return (
    <>
      <p class="search-count" role="status">
        {total === 0 ? '没有找到相关内容。' : `共 ${total}${bounded ? ' 余' : ''} 条`}
        {bounded && `；匹配的内容太多，只排列了最新的 ${total} 条，可以加词缩小范围。`}
      </p>
      {items.length > 0 && (
        <ol class="teasers hits">
          {items.map((hit) => (
            <Hit key={`${hit.kind}-${hit.id}`} site={site} hit={hit} />
          ))}
        </ol>
      )}
      {(later || nextCursor) && (
        <nav class="pager" aria-label="翻页">
          {later ? <a href={searchHref(q, kind)}>回到第一页</a> : <span />}
          {nextCursor && <a href={searchHref(q, kind, nextCursor)}>下一页</a>}
        </nav>
      )}
    </>
  );
}
