/**
 * A page import's dry run: what the page would become, item by item, with every change and
 * warning and the problems that would refuse it — shown to a desk before anything is stored.
 */
import { formatByline } from '../../document/byline-writer.js';
import type { CellError, FieldError, Unprocessable } from '../../errors.js';
import type { Column } from '../../tables/cells.js';
import type { ImportChange, ImportWarning, ItemRef, ParsedArticle, ParsedNotice, ParsedPage } from './model.js';

/** Something that would refuse the import, against the page's line. */
export interface ImportProblem {
  line: number;
  message: string;
}

export interface PreviewArticle extends ParsedArticle {
  /** The byline as the draft would print it. */
  byline: string;
}

export interface PreviewNotice extends Omit<ParsedNotice, 'table'> {
  /** A table's shape (its cells are typed and masked only on import); a statement's entries are `entries`. */
  table: { headerLine: number; columns: Column[]; rowCount: number; totalLine: number | null } | null;
  entries: string[] | null;
}

export interface ImportPreview {
  articles: PreviewArticle[];
  notices: PreviewNotice[];
  order: ItemRef[];
  changes: ImportChange[];
  warnings: ImportWarning[];
  problems: ImportProblem[];
}

const LINE_PREFIX = /^line (\d+)(?:, [^:]*)?: /u;

/** The problems an import's refusal lists, each against its line. */
export function problemsOf(err: Unprocessable): ImportProblem[] {
  const errors = err.errors as (FieldError | CellError)[];
  if (errors.length === 0) return [{ line: 1, message: err.message }];
  return errors.map((e) => {
    const line = 'line' in e && e.line !== undefined ? e.line : Number(LINE_PREFIX.exec(e.message)?.[1] ?? 1);
    const column = 'column' in e && e.column ? `${e.column}: ` : '';
    return { line, message: `${column}${e.message.replace(LINE_PREFIX, '')}` };
  });
}

function previewNotice(notice: ParsedNotice): PreviewNotice {
  const { table, ...rest } = notice;
  const statement = notice.kind === 'statement';
  return {
    ...rest,
    table: table && !statement ? { headerLine: table.headerLine, columns: table.columns, rowCount: table.rows.length, totalLine: table.total?.line ?? null } : null,
    entries: table && statement ? table.rows.map((row) => row.cells[0] ?? '') : null,
  };
}

export function previewOf(page: ParsedPage, problems: ImportProblem[]): ImportPreview {
  return {
    articles: page.articles.map((article) => ({ ...article, byline: formatByline(article.credits) })),
    notices: page.notices.map(previewNotice),
    order: page.order,
    changes: [...page.changes].sort((a, b) => a.line - b.line || (a.column ?? 0) - (b.column ?? 0)),
    warnings: page.warnings,
    problems: problems.sort((a, b) => a.line - b.line),
  };
}
