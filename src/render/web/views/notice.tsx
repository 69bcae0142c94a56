import type { PublicNotice } from '../../../contracts/notices.js';
import { forSite } from '../document-html.js';
import type { Table } from '../../../contracts/notices.js';
import { chineseDate } from '../../../lib/chinese-dates.js';
import { Dateline, Layout, type Site } from '../layout.js';

const NUMERIC = new Set(['money', 'integer', 'decimal', 'year']);

/** The rows of a long table shown on one page; the rest follow page by page. */
export interface RowsPager {
  /** The first row number shown, from 1. */
  first: number;
  /** Where the next page of rows starts, if there are more. */
  next: string | null;
}

/** The notice's table as an accessible HTML table: a caption, header cells with scope, a totals row, numbers right-aligned. */
function NoticeTable({ title, table }: { title: string; table: Table }) {
  const rows = table.rows ?? [];
  const totals = new Map(table.totals.map((t) => [t.key, t.display]));
  if (table.presentation === 'list') {
    return (
      <ol class="statement-list">
        {rows.map((r) => (
          <li key={r.row}>{r.display.join(' ')}</li>
        ))}
      </ol>
    );
  }
  // The totals row's label goes in the first column that holds no total.
  const labelColumn = table.columns.findIndex((c) => !totals.has(c.key));
  return (
    <div class="table-scroll" role="region" aria-labelledby="notice-table-caption" tabIndex={0}>
      <table class="notice-table">
        <caption id="notice-table-caption">
          {title}（共{table.rowCount}条）
        </caption>
        <thead>
          <tr>
            {table.columns.map((c) => (
              <th key={c.key} scope="col" class={NUMERIC.has(c.type) ? 'num' : undefined}>
                {c.label}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr key={r.row}>
              {table.columns.map((c, i) => (
                <td key={c.key} class={NUMERIC.has(c.type) ? 'num' : undefined}>
                  {r.display[i]}
                </td>
              ))}
            </tr>
          ))}
        </tbody>
        {table.totals.length > 0 && (
          <tfoot>
            <tr>
              {table.columns.map((c, i) =>
                i === labelColumn ? (
                  <th key={c.key} scope="row">
                    合计
                  </th>
                ) : (
                  <td key={c.key} class={totals.has(c.key) ? 'num' : undefined}>
                    {totals.get(c.key) ?? ''}
                  </td>
                ),
              )}
            </tr>
          </tfoot>
        )}
      </table>
    </div>
  );
}

/** A public notice: its text around its table, as printed. */
export function NoticeView({ site, notice, pager }: { site: Site; notice: PublicNotice; pager: RowsPager | null }) {
  const table = notice.table;
  return (
    <Layout site={site} meta={{ title: notice.title, description: `${notice.issuer} ${notice.kindName}`, canonical: notice.url }}>
      <article class="notice">
        <header>
          {notice.kindName !== notice.title && <p class="kicker">{notice.kindName}</p>}
          <h1 class="headline">{notice.title}</h1>
          {notice.byline && <p class="byline">{notice.byline}</p>}
        </header>
        {notice.salutation && <p class="salutation">{notice.salutation}</p>}
        <div class="prose" dangerouslySetInnerHTML={{ __html: forSite(notice.preambleHtml) }} />
        {table && table.rowCount > 0 && <NoticeTable title={notice.title} table={table} />}
        {pager && (
          <nav class="pager" aria-label="表格分页">
            <span>
              第{pager.first}–{pager.first + (table?.rows?.length ?? 0) - 1}条，共{table?.rowCount ?? 0}条
            </span>
            {pager.next && <a href={`/notices/${notice.id}?rows=${encodeURIComponent(pager.next)}`}>后续各条</a>}
          </nav>
        )}
        {notice.closing && <p class="closing">{notice.closing}</p>}
        <p class="signature">
          {notice.issuer}
          <br />
          <Dateline>{chineseDate(notice.issuedOn)}</Dateline>
        </p>
        <dl>
          {notice.contact && (
            <>
              <dt>联系人</dt>
              <dd>{notice.contact.name}</dd>
              <dt>联系电话</dt>
              <dd>
                <a href={`tel:${notice.contact.phone.replace(/[^\d+]/g, '')}`}>{notice.contact.phone}</a>
              </dd>
            </>
          )}
          {notice.deadline && (
            <>
              <dt>截止日期</dt>
              <dd>
                <Dateline>{chineseDate(notice.deadline)}</Dateline>
              </dd>
            </>
          )}
        </dl>
      </article>
    </Layout>
  );
}
