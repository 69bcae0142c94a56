import { createHash } from 'node:crypto';
import type { Database } from '../../db/client.js';
import { Forbidden, NotFound, Unprocessable, type CellError } from '../../errors.js';
import { isEditor, type Actor } from '../../lib/actor.js';
import { DEFAULT_TIME_ZONE, todayIn } from '../../lib/time.js';
import type { ArticlesService } from '../articles/service.js';
import { recordAudit } from '../../publishing/audit.js';
import type { Article } from '../articles/schemas.js';
import type { EditionsService } from '../editions/service.js';
import { listKinds } from '../notices/repository.js';
import type { Notice } from '../notices/schemas.js';
import type { NoticesService } from '../notices/service.js';
import { typeRows } from '../../tables/typed-table.js';
import { findSection } from '../sections/repository.js';
import { checkFields, checkLines } from './limits.js';
import { MASKED, type ImportChange, type ImportWarning, type ItemRef, type ParsedNotice, type ParsedPage } from './model.js';
import { parsePage } from './page.js';
import { previewOf, problemsOf, type ImportPreview, type ImportProblem } from './preview.js';
import * as repo from './repository.js';

export interface PageImportRequest {
  text: string;
  format: 'plain' | 'markdown';
  sectionId?: number;
  /** Place the drafts, in page order, at the end of this page of this edition. */
  placeOn?: { date: string; label: string };
}

type Located<T> = Omit<T, 'item'> & { item?: { kind: 'article' | 'notice'; id: number } };

export interface PageImportResult {
  id: number;
  articles: Article[];
  notices: Notice[];
  changes: Located<ImportChange>[];
  warnings: Located<ImportWarning>[];
}

/** An earlier import as it stands: who made it and when, its drafts now, and the edition pages they are on now. */
export interface PageImportRecord extends PageImportResult {
  createdBy: number;
  createdAt: string;
  placements: { kind: 'article' | 'notice'; id: number; date: string; label: string; name: string }[];
}

/** A notice's table as its response carries it: the totals and shape, rows left to `/rows`. */
function withoutRows(notice: Notice): Notice {
  if (!notice.table) return notice;
  const { rows: _rows, nextCursor: _next, ...table } = notice.table;
  return { ...notice, table };
}

/**
 * Types every notice table of the page before anything is stored, so that a bad cell or a
 * wrong 合计 is reported against the page's own line numbers and nothing is written.
 */
function checkTables(notices: ParsedNotice[]): Map<ParsedNotice, { line: number; column: string }[]> {
  const problems: CellError[] = [];
  const masked = new Map<ParsedNotice, { line: number; column: string }[]>();
  for (const notice of notices) {
    const table = notice.table;
    if (!table) continue;
    for (const row of [...table.rows, ...(table.total ? [table.total] : [])]) {
      if (row.cells.length > table.columns.length) {
        problems.push({ line: row.line, column: '', value: '', message: `line ${row.line} has ${row.cells.length} cells; the header above it has ${table.columns.length}` });
      }
    }
    try {
      const typed = typeRows(
        table.columns,
        table.rows.map((row, i) => ({ row: i + 1, line: row.line, cells: row.cells })),
        table.total && { line: table.total.line, cells: table.total.cells },
      );
      masked.set(notice, typed.masked.map((m) => ({ line: m.line!, column: m.column })));
    } catch (err) {
      if (!(err instanceof Unprocessable)) throw err;
      problems.push(...(err.errors as CellError[]));
    }
  }
  if (problems.length > 0) {
    const first = problems[0]!;
    throw new Unprocessable(
      `The page's notice ${problems.length === 1 ? 'table has a bad cell' : `tables have ${problems.length} problems`}; first, line ${first.line}${first.column ? `, ${first.column}` : ''}: ${first.message}. Nothing was imported`,
      problems,
    );
  }
  return masked;
}

const NOTHING_FOUND = 'No story or notice was found: a page needs at least one headline or notice title (a short line of its own, or a Markdown heading)';

export type ImportsService = ReturnType<typeof createImportsService>;

/** `timeZone`: the paper's, where "today" is (default Asia/Shanghai). */
export interface ImportsServiceDependencies {
  db: Database;
  articles: Pick<ArticlesService, 'get' | 'create'>;
  notices: Pick<NoticesService, 'get' | 'create'>;
  editions: Pick<EditionsService, 'page' | 'putPage'>;
  timeZone?: string;
}

export function createImportsService({ db, articles, notices, editions, timeZone = DEFAULT_TIME_ZONE }: ImportsServiceDependencies) {
  function located<T extends { item?: ItemRef }>(entries: T[], ids: { article: number[]; notice: number[] }): Located<T>[] {
    return entries.map(({ item, ...rest }) => ({ ...rest, ...(item && { item: { kind: item.kind, id: ids[item.kind][item.index]! } }) }));
  }

  /** An earlier import's answer: its drafts as they are now, and the repairs and warnings it reported. */
  async function replay(tx: Database, row: repo.PageImportRow): Promise<PageImportResult> {
    return {
      id: row.id,
      articles: await Promise.all(row.articleIds.map((id) => articles.get(id, tx))),
      notices: (await Promise.all(row.noticeIds.map((id) => notices.get(id, tx)))).map(withoutRows),
      changes: row.changes as PageImportResult['changes'],
      warnings: row.warnings as PageImportResult['warnings'],
    };
  }

  /** Reads the page without storing anything: what an import would make of it. */
  async function parse(text: string, format: PageImportRequest['format'], today = todayIn(timeZone)): Promise<ParsedPage> {
    checkLines(text);
    const kinds = (await listKinds(db)).map((k) => ({ key: k.key, presentation: k.presentation, columns: k.columns }));
    return parsePage(text, { format, kinds, today });
  }

  return {
    /** An import by its id: editors and admins see any; a reporter only their own (another's is not found). */
    async get(actor: Actor, id: number): Promise<PageImportRecord> {
      const row = await repo.findImportById(db, id);
      if (!row || (!isEditor(actor) && row.createdBy !== actor.userId)) {
        throw new NotFound(`No page import ${id}`);
      }
      const [result, placements] = await Promise.all([replay(db, row), repo.placementsOfItems(db, row)]);
      return { ...result, createdBy: row.createdBy, createdAt: row.createdAt.toISOString(), placements };
    },

    /**
     * What an import of the page would make, without storing anything: its items with their
     * heads, credits, bodies and photo slots, every change and warning, and the problems
     * (a bad table cell, a field over the API's limits) that would refuse the import.
     */
    async preview(text: string, format: PageImportRequest['format']): Promise<ImportPreview> {
      const page = await parse(text, format);
      const problems: ImportProblem[] = [];
      for (const check of [() => checkFields(page), () => checkTables(page.notices)]) {
        try {
          check();
        } catch (err) {
          if (!(err instanceof Unprocessable)) throw err;
          problems.push(...problemsOf(err));
        }
      }
      if (page.articles.length === 0 && page.notices.length === 0) problems.push({ line: 1, message: NOTHING_FOUND });
      return previewOf(page, problems);
    },

    /**
     * Imports a page as drafts, all or nothing. The same text imported again creates nothing
     * and answers with the first import's drafts (`created: false`).
     */
    async importPage(actor: Actor, request: PageImportRequest): Promise<{ created: boolean; result: PageImportResult }> {
      if (request.placeOn && !isEditor(actor)) throw new Forbidden('Only editors place items on pages; import without edition and page');
      const digest = createHash('sha256').update(request.text.replace(/\r\n?/gu, '\n')).digest('hex');
      const known = await repo.findImport(db, digest);
      if (known) return { created: false, result: await replay(db, known) };

      if (request.sectionId !== undefined && !(await findSection(db, request.sectionId))) {
        throw new Unprocessable(`No section ${request.sectionId}`, [{ in: 'query', pointer: '/section', message: 'no such section' }]);
      }
      const page = await parse(request.text, request.format, request.placeOn?.date);
      checkFields(page);
      if (page.articles.length === 0 && page.notices.length === 0) throw new Unprocessable(NOTHING_FOUND);
      const masked = checkTables(page.notices);

      return db.transaction(async (tx) => {
        const claim = await repo.claimDigest(tx, digest, actor.userId);
        if (!claim) {
          // The same page, imported at this moment by another request that has now committed.
          const first = (await repo.findImport(tx, digest))!;
          return { created: false, result: await replay(tx, first) };
        }
        const madeArticles: Article[] = [];
        for (const article of page.articles) {
          madeArticles.push(
            await articles.create(actor, {
              kicker: article.kicker,
              headline: article.headline,
              subtitle: article.subtitle,
              body: article.body,
              sectionId: request.sectionId ?? null,
              credits: article.credits,
              photoSlots: article.photoSlots.map(({ caption, byline }) => ({ caption, byline })),
            }, tx),
          );
        }
        const madeNotices: Notice[] = [];
        for (const notice of page.notices) {
          const { masked: _masked, ...made } = await notices.create(actor, {
            kind: notice.kind,
            title: notice.title,
            salutation: notice.salutation,
            preamble: notice.preamble,
            closing: notice.closing,
            issuer: notice.issuer,
            issuedOn: notice.issuedOn,
            contact: notice.contact,
            claimDays: notice.claimDays,
            deadline: notice.deadline,
            ...(notice.table && { columns: notice.table.columns, rows: notice.table.rows.map((row) => row.cells) }),
          }, tx);
          madeNotices.push(withoutRows(made));
        }
        const ids = { article: madeArticles.map((a) => a.id), notice: madeNotices.map((n) => n.id) };
        const maskChanges: ImportChange[] = page.notices.flatMap((notice, index) =>
          (masked.get(notice) ?? []).map((m) => ({
            type: 'id-masked' as const,
            line: m.line,
            before: `a full ID number under ${m.column}`,
            after: MASKED,
            item: { kind: 'notice' as const, index },
          })),
        );
        const changes = located([...page.changes, ...maskChanges].sort((a, b) => a.line - b.line || (a.column ?? 0) - (b.column ?? 0)), ids);
        const warnings = located(page.warnings, ids);

        if (request.placeOn) {
          const { date, label } = request.placeOn;
          const current = await editions.page(date, label, tx);
          const added = page.order.map((ref) => ({ kind: ref.kind, id: ids[ref.kind][ref.index]! }));
          await editions.putPage(actor, date, label, { ifMatch: current.version }, {
            name: current.name,
            sectionId: current.sectionId,
            editorId: current.editorId,
            grid: current.grid,
            items: [...current.items, ...added],
          }, tx);
        }
        await repo.recordImport(tx, claim.id, { articleIds: ids.article, noticeIds: ids.notice, changes, warnings });
        await recordAudit(tx, actor, {
          action: 'page.import',
          entity: 'page_import',
          entityId: claim.id,
          details: { articles: ids.article, notices: ids.notice, changes: changes.length, warnings: warnings.length, ...(request.placeOn && { placedOn: request.placeOn }) },
        });
        return { created: true, result: { id: claim.id, articles: madeArticles, notices: madeNotices, changes, warnings } };
      });
    },
  };
}
