/**
 * A notice's table on the desk: the stored one as it will print (money in yuan to the fen, ID
 * numbers masked, the totals row), and a refused one as the editor gave it, every bad cell
 * marked in place with what is wrong with it.
 */
import type { Table } from '../../../../contracts/notices.js';
import { maskIdsInText } from '../../../../lib/id-card.js';
import type { Column } from '../../../../tables/cells.js';
import { headerText } from '../../../../tables/header-matching.js';
import { cellMessage } from './messages.js';
import type { PlacedProblem, SourceTable } from './source-table.js';

const NUMERIC = new Set(['integer', 'decimal', 'money', 'year']);
const numClass = (column: Column | undefined) => (column && NUMERIC.has(column.type) ? 'num' : undefined);

/** Above this many data rows, a refused table shows only its rows with problems. */
const SHOWN_SOURCE_ROWS = 300;

/** The stored table, as the paper prints it. */
export function StoredGrid({ table }: { table: Table }) {
  const rows = table.rows ?? [];
  const totals = new Map(table.totals.map((t) => [t.key, t.display]));
  return (
    <>
      <div class="grid-wrap" role="region" aria-labelledby="stored-caption" tabIndex={0}>
        <table class="grid" id="stored-table">
          <caption id="stored-caption">
            {table.presentation === 'list' ? '声明事项' : '表格'}：共 {table.rowCount} 行，按印刷样式显示（金额以元计到分，身份证号已遮盖）
          </caption>
          <thead>
            <tr>
              <th scope="col" class="row-no">
                行
              </th>
              {table.columns.map((column) => (
                <th scope="col" class={numClass(column)}>
                  {column.label}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {rows.map((row) => (
              <tr>
                <th scope="row" class="row-no">
                  {row.row}
                </th>
                {row.display.map((text, i) => (
                  <td class={numClass(table.columns[i])}>{text}</td>
                ))}
              </tr>
            ))}
          </tbody>
          {totals.size > 0 && (
            <tfoot>
              <tr class="totals">
                <th scope="row">合计</th>
                {table.columns.map((column) => (
                  <td class={numClass(column)}>{totals.get(column.key) ?? ''}</td>
                ))}
              </tr>
            </tfoot>
          )}
        </table>
      </div>
      {table.rowCount > rows.length && (
        <p class="hint">
          这里显示前 {rows.length} 行，共 {table.rowCount} 行；合计按全部 {table.rowCount} 行计算。
        </p>
      )}
    </>
  );
}

/** How the service will count each line of the source: the header, a title above it, a data row (its number) or the closing total. */
function rowLabels(source: SourceTable): Map<number, string> {
  const labels = new Map<number, string>();
  const headerLine = source.header?.line ?? 0;
  const filled = source.rows.filter((row) => row.cells.some((cell) => cell.trim() !== ''));
  const last = filled.at(-1);
  const first = last?.cells.find((cell) => cell.trim() !== '') ?? '';
  const totalLine = last && last.line > headerLine && ['合计', '总计'].includes(headerText(first).replace(/:$/, '')) ? last.line : 0;
  let data = 0;
  for (const row of filled) {
    if (row.line < headerLine) labels.set(row.line, '标题');
    else if (row.line === headerLine) labels.set(row.line, '表头');
    else if (row.line === totalLine) labels.set(row.line, '合计');
    else labels.set(row.line, String(++data));
  }
  return labels;
}

/** Where a problem is, in the words the grid's row labels use. */
function placeName(placed: PlacedProblem, labels: Map<number, string>): string {
  const { problem, line } = placed;
  const label = problem.row !== undefined ? String(problem.row) : line !== undefined ? labels.get(line) : undefined;
  const row = label === undefined ? '' : /^\d+$/.test(label) ? `第 ${label} 行` : label === '合计' ? '合计行' : label;
  return problem.column ? `${row} ${problem.column}`.trim() : row;
}

const cellId = (line: number, position: number) => `cell-${line}-${position}`;

/** The problems of a refused table as a list, each linked to its cell in the grid below. */
export function ProblemList({ placed, source, total }: { placed: PlacedProblem[]; source: SourceTable | null; total: number }) {
  const labels = source ? rowLabels(source) : new Map<number, string>();
  return (
    <>
      {total > placed.length && <p class="hint">共 {total} 处，下面列出前 {placed.length} 处。</p>}
      <ol class="problems">
        {placed.map((p) => {
          const text = `${placeName(p, labels)}：${cellMessage(p.problem.message)}`;
          return <li>{source && p.line !== undefined && p.position !== undefined ? <a href={`#${cellId(p.line, p.position)}`}>{text}</a> : text}</li>;
        })}
      </ol>
    </>
  );
}

/** The editor's refused table, cell for cell, each bad cell marked and its message under its value. */
export function SourceGrid({ source, placed, columns }: { source: SourceTable; placed: PlacedProblem[]; columns: readonly Column[] }) {
  const labels = rowLabels(source);
  const at = new Map<string, PlacedProblem[]>();
  for (const p of placed) {
    if (p.line === undefined || p.position === undefined) continue;
    const key = cellId(p.line, p.position);
    at.set(key, [...(at.get(key) ?? []), p]);
  }
  const badLines = new Set(placed.map((p) => p.line));
  const filled = source.rows.filter((row) => labels.has(row.line) && row.line !== source.header?.line);
  const many = filled.length > SHOWN_SOURCE_ROWS;
  const shown = many ? filled.filter((row) => badLines.has(row.line)) : filled;
  const headerCells = source.header ? (source.rows.find((r) => r.line === source.header!.line)?.cells ?? []) : columns.map((c) => c.label);
  const width = Math.max(headerCells.length, ...shown.map((row) => row.cells.length));
  const slotColumn = (position: number) => columns[source.header ? (source.header.slots[position] ?? -1) : position];

  const cell = (line: number, position: number, text: string, header: boolean) => {
    const problems = at.get(cellId(line, position));
    const Tag = header ? 'th' : 'td';
    if (!problems) {
      return header ? (
        <th scope="col">{text}</th>
      ) : (
        <td class={numClass(slotColumn(position))}>{maskIdsInText(text).text}</td>
      );
    }
    return (
      <Tag id={cellId(line, position)} class="bad" scope={header ? 'col' : undefined}>
        <span class="bad-value">{problems[0]!.problem.value || '（空）'}</span>
        {problems.map((p) => (
          <span class="cell-message">
            <span class="bad-mark">有误：</span>
            {cellMessage(p.problem.message)}
          </span>
        ))}
      </Tag>
    );
  };

  return (
    <>
      {many && <p class="hint">共 {filled.length} 行，这里只列出有问题的行。</p>}
      <div class="grid-wrap" role="region" aria-labelledby="source-caption" tabIndex={0}>
        <table class="grid source" id="source-table">
          <caption id="source-caption">你给的表格（没有保存）：标出“有误”的格子需要改正</caption>
          <thead>
            <tr>
              <th scope="col" class="row-no">
                行
              </th>
              {Array.from({ length: width }, (_, i) => (source.header ? cell(source.header.line, i, headerCells[i] ?? '', true) : <th scope="col">{headerCells[i] ?? ''}</th>))}
            </tr>
          </thead>
          <tbody>
            {shown.map((row) => (
              <tr>
                <th scope="row" class="row-no">
                  {labels.get(row.line)}
                </th>
                {Array.from({ length: width }, (_, i) => cell(row.line, i, row.cells[i] ?? '', false))}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </>
  );
}
