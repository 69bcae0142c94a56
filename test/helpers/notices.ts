import { readFileSync } from 'node:fs';
import type { LightMyRequestResponse } from 'fastify';
import { expect } from 'vitest';
import type { TestApp } from './app.js';
import type { ProblemJson } from './problem.js';

// ---------------------------------------------------------------------------------------------
// Shapes as the notices API documents them

export type Status = 'draft' | 'submitted' | 'edited' | 'scheduled' | 'published' | 'withdrawn';
export type Cell = string | number | null;

export interface ColumnJson {
  key: string;
  label: string;
  type: string;
  required?: boolean;
}

export interface RowJson {
  row: number;
  values: Cell[];
  display: string[];
}

export interface TotalJson {
  key: string;
  label: string;
  value: number;
  display: string;
}

export interface TableJson {
  presentation: 'table' | 'list';
  columns: ColumnJson[];
  rowCount: number;
  totals: TotalJson[];
  rows?: RowJson[];
  nextCursor?: string | null;
}

export interface NoticeJson {
  id: number;
  kind: string;
  title: string;
  salutation: string | null;
  preamble: string;
  closing: string | null;
  issuer: string;
  issuedOn: string;
  contact: { name: string; phone: string } | null;
  claimDays: number | null;
  deadline: string | null;
  credits: { role: string; personId: number; name: string }[];
  byline: string;
  table: TableJson | null;
  status: Status;
  version: number;
  publishAt: string | null;
  publishedAt: string | null;
  createdBy: number;
  updatedBy: number;
  createdAt: string;
  updatedAt: string;
  masked?: { row: number; fileRow?: number; column: string }[];
  stillScheduled?: { publishAt: string; version: number; message: string };
}

export interface PublicNoticeJson {
  id: number;
  version: number;
  url: string;
  kind: string;
  kindName: string;
  title: string;
  salutation: string | null;
  preambleHtml: string;
  closing: string | null;
  issuer: string;
  issuedOn: string;
  contact: { name: string; phone: string } | null;
  claimDays: number | null;
  deadline: string | null;
  table: TableJson | null;
  publishedAt: string;
  updatedAt: string;
}

export interface CellErrorJson {
  /** The data row, as `table.rows[].row` numbers it; absent for a header or total row. */
  row?: number;
  /** For an uploaded file: the row as the file numbers it, the header counted. */
  fileRow?: number;
  column: string;
  value: string;
  message: string;
  pointer?: string;
}

/** A 422 listing bad cells (and, for other 422s, field errors with a pointer). */
export type TableProblemJson = Omit<ProblemJson, 'errors'> & { errors?: (CellErrorJson & { pointer?: string })[]; errorCount?: number };

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

// ---------------------------------------------------------------------------------------------
// The seed notice: 赔款认领公示 of the PICC Liaocheng branch, and its 24-row table

export const PAYOUT_LABELS = ['序号', '姓名', '身份证号', '区县', '乡镇', '村庄', '赔款年度', '金额(元)'];
export const PAYOUT_KEYS = ['no', 'name', 'id_number', 'county', 'township', 'village', 'year', 'amount'];

export const FIXTURE_TSV: Buffer = readFileSync(new URL('../fixtures/notices/liaocheng-payout.tsv', import.meta.url));

/** The fixture's lines split into cells: the header first, then the 24 data rows. */
export const FIXTURE_LINES: string[][] = FIXTURE_TSV.toString('utf8')
  .split(/\r?\n/)
  .filter((line) => line.trim() !== '')
  .map((line) => line.split('\t'));

export const FIXTURE_ROWS: string[][] = FIXTURE_LINES.slice(1);

/**
 * The values the seed table must be stored as, written out from the printed notice rather
 * than computed by the code under test: integers for 序号 and 赔款年度, money in fen.
 */
export const SEED_VALUES: Cell[][] = FIXTURE_ROWS.map((cells) => [
  Number(cells[0]),
  cells[1]!,
  cells[2]!,
  cells[3]!,
  cells[4]!,
  cells[5]!,
  Number(cells[6]),
  yuanToFen(cells[7]!),
]);

/** Yuan as printed (`76.8`) to fen, by string arithmetic so no float rounding is involved. */
export function yuanToFen(yuan: string): number {
  const [whole, fraction = ''] = yuan.split('.');
  return Number(whole) * 100 + Number(fraction.padEnd(2, '0'));
}

export const SEED_TOTAL_FEN = 239426;

export const SEED_PREAMBLE =
  '以下客户在我公司的赔款因账户信息有误等原因未能支付成功，请于5日内携带本人身份证、银行卡到我公司认领。\n\n' +
  '联系人:温经理, 联系电话:0635-8242056';

/** The seed notice's text fields, without its rows. */
export const SEED_FIELDS = {
  kind: 'payout_claim',
  title: '赔款认领公示',
  salutation: '尊敬的客户:',
  preamble: SEED_PREAMBLE,
  issuer: '中国人民财产保险股份有限公司聊城市分公司理赔中心/客户服务中心',
  issuedOn: '2024-04-10',
  contact: { name: '温经理', phone: '0635-8242056' },
  claimDays: 5,
} as const;

// ---------------------------------------------------------------------------------------------
// Requests

export const ifMatch = (version: number) => ({ 'if-match': `"${version}"` });

export const MEDIA = {
  csv: 'text/csv',
  tsv: 'text/tab-separated-values',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
} as const;

export const csvOf = (lines: string[][], eol = '\n') => Buffer.from(lines.map((cells) => cells.join(',')).join(eol) + eol);

/** Requests against the notices API of one test app. */
export function noticesClient(t: TestApp) {
  async function create(body: Record<string, unknown>, token: string = 'editor'): Promise<NoticeJson> {
    const res = await t.request(token, { method: 'POST', url: '/api/v1/notices', payload: body });
    expect(res.statusCode, res.body).toBe(201);
    return res.json<NoticeJson>();
  }

  async function get(id: number, token: string = 'reporter'): Promise<NoticeJson> {
    const res = await t.request(token, { url: `/api/v1/notices/${id}` });
    expect(res.statusCode, res.body).toBe(200);
    return res.json<NoticeJson>();
  }

  const patch = (id: number, body: Record<string, unknown>, version?: number, token: string = 'editor') =>
    t.request(token, { method: 'PATCH', url: `/api/v1/notices/${id}`, payload: body, headers: version === undefined ? {} : ifMatch(version) });

  async function patchOk(notice: NoticeJson, body: Record<string, unknown>, token: string = 'editor'): Promise<NoticeJson> {
    const res = await patch(notice.id, body, notice.version, token);
    expect(res.statusCode, res.body).toBe(200);
    return res.json<NoticeJson>();
  }

  /** PUT /table with a file (`type` its media type) or JSON. */
  const putTable = (id: number, version: number | undefined, body: Buffer | Record<string, unknown>, type?: string, token: string = 'editor') =>
    t.request(token, {
      method: 'PUT',
      url: `/api/v1/notices/${id}/table`,
      payload: body,
      headers: { ...(version === undefined ? {} : ifMatch(version)), ...(type && { 'content-type': type }) },
    });

  async function putTableOk(notice: NoticeJson, body: Buffer | Record<string, unknown>, type?: string): Promise<NoticeJson> {
    const res = await putTable(notice.id, notice.version, body, type);
    expect(res.statusCode, res.body).toBe(200);
    return res.json<NoticeJson>();
  }

  const move = (id: number, version: number | undefined, status: Status, token: string = 'editor', publishAt?: string) =>
    t.request(token, {
      method: 'POST',
      url: `/api/v1/notices/${id}/status`,
      headers: version === undefined ? {} : ifMatch(version),
      payload: { status, ...(publishAt !== undefined && { publishAt }) },
    });

  async function moveOk(notice: NoticeJson, status: Status, publishAt?: string): Promise<NoticeJson> {
    const res = await move(notice.id, notice.version, status, 'editor', publishAt);
    expect(res.statusCode, res.body).toBe(200);
    return res.json<NoticeJson>();
  }

  const PATH_TO: Record<Status, Status[]> = {
    draft: [],
    submitted: ['submitted'],
    edited: ['submitted', 'edited'],
    scheduled: ['submitted', 'edited', 'scheduled'],
    published: ['submitted', 'edited', 'published'],
    withdrawn: ['submitted', 'edited', 'published', 'withdrawn'],
  };

  /** Moves a notice, as an editor, into `state` (a schedule an hour ahead). */
  async function bringTo(notice: NoticeJson, state: Status): Promise<NoticeJson> {
    let current = notice;
    for (const step of PATH_TO[state]) {
      current = await moveOk(current, step, step === 'scheduled' ? new Date(Date.now() + 3_600_000).toISOString() : undefined);
    }
    expect(current.status).toBe(state);
    return current;
  }

  /** Every row of a table, following `nextCursor` from the start (newsroom or public path). */
  async function allRows(path: string, limit?: number, token: string | null = 'reporter'): Promise<{ rows: RowJson[]; pages: number }> {
    const rows: RowJson[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const query = [limit && `limit=${limit}`, cursor && `cursor=${encodeURIComponent(cursor)}`].filter(Boolean).join('&');
      const res: LightMyRequestResponse = await t.request(token, { url: `${path}${query ? `?${query}` : ''}` });
      expect(res.statusCode, res.body).toBe(200);
      const page = res.json<Page<RowJson>>();
      rows.push(...page.items);
      cursor = page.nextCursor;
      pages++;
      expect(pages).toBeLessThan(1000);
    } while (cursor);
    return { rows, pages };
  }

  /** The stored values of every row of a notice's table, through the rows endpoint. */
  async function storedValues(id: number): Promise<Cell[][]> {
    return (await allRows(`/api/v1/notices/${id}/rows`)).rows.map((r) => r.values);
  }

  return { create, get, patch, patchOk, putTable, putTableOk, move, moveOk, bringTo, allRows, storedValues };
}
