/** The table part of a notice's page: the table as it will print, and the two ways to replace it (paste, upload). */
import type { Table } from '../../../../contracts/notices.js';
import type { Column } from '../../../../tables/cells.js';
import type { Desk } from '../../context.js';
import { Csrf } from '../../layout.js';
import { ProblemList, SourceGrid, StoredGrid } from './table-grid.js';
import type { PlacedProblem, SourceTable } from './source-table.js';

/** A refused table: what it says as a whole, its problems placed in the source, and the text kept for the paste box. */
export interface TableRefusal {
  message: string;
  placed: PlacedProblem[];
  /** Problems in all, when the service listed only some. */
  total: number;
  source: SourceTable | null;
  /** The paste box's text: what was pasted, or the refused file's rows. */
  text: string;
}

export interface TableSectionProps {
  desk: Desk;
  noticeId: number;
  version: number;
  table: Table | null;
  /** The columns rows are matched to: the table's, or the kind's preset. */
  columns: Column[] | null;
  refusal?: TableRefusal;
}

const ACCEPT = '.csv,.tsv,.txt,.xlsx,text/csv,text/tab-separated-values,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** Whether the source's positions are known to be columns: it has a header, or the desk gave it the labels' order. */
const aligned = (source: SourceTable) => source.header !== null || source.offset > 0;

function Refusal({ refusal, columns }: { refusal: TableRefusal; columns: Column[] }) {
  return (
    <div class="table-refusal" id="table-problems">
      <p class="form-error" role="alert">
        {refusal.message}
      </p>
      {refusal.placed.length > 0 && <ProblemList placed={refusal.placed} source={refusal.source} total={refusal.total} />}
      {refusal.source && aligned(refusal.source) && refusal.placed.some((p) => p.line !== undefined) && <SourceGrid source={refusal.source} placed={refusal.placed} columns={columns} />}
    </div>
  );
}

export function TableSection({ desk, noticeId, version, table, columns, refusal }: TableSectionProps) {
  const action = `/desk/notices/${noticeId}/table`;
  return (
    <section class="card" id="table" aria-labelledby="table-title">
      <h2 id="table-title">表格</h2>
      {table && table.rowCount > 0 ? <StoredGrid table={table} /> : <p class="hint">{columns ? '表格还没有数据行：粘贴或上传后才能排期和发布。' : '这则公告还没有列：先在上面的表单里设定列并保存，再粘贴或上传表格。'}</p>}
      {refusal && <Refusal refusal={refusal} columns={columns ?? []} />}
      {columns && (
        <>
          <form method="post" action={action} class="paste-form">
            <Csrf desk={desk} />
            <input type="hidden" name="version" value={String(version)} />
            <label for="table-paste">从表格软件粘贴</label>
            <p class="hint" id="table-paste-hint">
              在 Excel 或 WPS 里选中各行复制，粘贴到这里（每行一条，各格以制表符分开）。第一行可以是表头，也可以直接从数据开始，那样就按这个顺序对列：
              {columns.map((c) => c.label).join('、')}。最后一行可以是“合计”行，会与各行之和核对。保存会替换整张表格；有一格不对就什么都不保存。
            </p>
            <textarea
              id="table-paste"
              name="rows"
              rows={8}
              class="paste"
              spellcheck={false}
              data-columns={JSON.stringify(columns)}
              data-preview="paste-preview"
              aria-describedby="table-paste-hint"
              aria-invalid={refusal ? 'true' : undefined}
            >
              {refusal?.text ?? ''}
            </textarea>
            <div id="paste-preview" class="paste-preview" hidden />
            <div class="actions">
              <button type="submit" class="primary">
                检查并保存表格
              </button>
            </div>
          </form>
          <form method="post" action={`${action}/file`} enctype="multipart/form-data" class="upload-form">
            <Csrf desk={desk} />
            <input type="hidden" name="version" value={String(version)} />
            <label for="table-file">或上传文件（CSV、TSV 或 XLSX）</label>
            <p class="hint" id="table-file-hint">
              文件里要有表头行，按列名对列；XLSX 读第一个工作表；CSV 可以是 UTF-8 或 GB18030（GBK）编码。
            </p>
            <input id="table-file" name="file" type="file" accept={ACCEPT} required aria-describedby="table-file-hint" />
            <div class="actions">
              <button type="submit">上传并保存</button>
            </div>
          </form>
        </>
      )}
    </section>
  );
}
