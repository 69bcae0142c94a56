import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyReply } from 'fastify';
import { Type } from 'typebox';
import { RowsPage } from '../../contracts/notices.js';
import { UnsupportedMediaType } from '../../errors.js';
import { IdParams, problems, VersionHeaders } from '../../lib/schemas.js';
import { collectGarbageAfter, LARGE_TABLE_ROWS } from '../../lib/memory.js';
import { expectedVersion, tagVersion } from '../../lib/versions.js';
import { RevisionDetail, RevisionList, RevisionParams, StatusBody } from '../../publishing/schemas.js';
import { TABLE_MEDIA_TYPES } from '../../tables/file-decoding.js';
import type { NoticeKindsService } from './kinds.js';
import {
  CreateKindBody,
  CreateNoticeBody,
  KindParams,
  UpdateKindBody,
  ListNoticesQuery,
  Notice,
  NoticeKind,
  NoticePage,
  NoticeWrite,
  RowsQuery,
  TableBody,
  UpdateNoticeBody,
} from './schemas.js';
import type { NoticesService } from './service.js';

const tags = ['notices'];
const editors = { roles: ['editor', 'admin'] } as const;

export interface NoticesRoutesOptions {
  notices: NoticesService;
  kinds: NoticeKindsService;
  /** Largest table body (JSON rows or an uploaded file), in bytes. */
  tableLimit: number;
}

const FILE_TYPES = Object.values(TABLE_MEDIA_TYPES);

/** Tags the reply with the notice's version, and collects a large table's garbage once it is sent. */
function sendWritten(reply: FastifyReply, notice: NoticeWrite, wroteTable: boolean): NoticeWrite {
  tagVersion(reply, notice.version);
  if (wroteTable && (notice.table?.rowCount ?? 0) >= LARGE_TABLE_ROWS) collectGarbageAfter(reply);
  return notice;
}
const FILE_PATTERN = new RegExp(`^(${FILE_TYPES.map((t) => t.replace(/[.+]/g, '\\$&')).join('|')})\\s*(;|$)`, 'i');

export const noticesRoutes: FastifyPluginAsyncTypebox<NoticesRoutesOptions> = async (app, { notices, kinds, tableLimit }) => {
  app.post(
    '/notices',
    {
      bodyLimit: tableLimit,
      schema: {
        tags,
        summary: 'File a notice',
        description:
          'Any signed-in user; the notice starts as a draft. The kind presets its columns and closing formula. Rows are ' +
          'typed and validated all or nothing; full ID numbers are masked before they are stored, and `masked` says where.',
        body: CreateNoticeBody,
        response: { 201: NoticeWrite, ...problems(400, 401, 413, 422) },
      },
    },
    async (request, reply) => {
      const notice = await notices.create(request.actor, request.body);
      reply.header('location', `${app.prefix}/notices/${notice.id}`);
      return reply.code(201).send(sendWritten(reply, notice, request.body.rows !== undefined));
    },
  );

  app.get(
    '/notices',
    {
      schema: { tags, summary: 'List notices', querystring: ListNoticesQuery, response: { 200: NoticePage, ...problems(400, 401) } },
    },
    async (request) => notices.list(request.query),
  );

  app.get(
    '/notices/:id',
    {
      schema: {
        tags,
        summary: 'Get a notice',
        description: 'With its table’s first 1,000 rows; page on through `/notices/{id}/rows`.',
        params: IdParams,
        response: { 200: Notice, ...problems(400, 401, 404) },
      },
    },
    async (request, reply) => {
      const notice = await notices.get(request.params.id);
      tagVersion(reply, notice.version);
      return notice;
    },
  );

  app.get(
    '/notices/:id/rows',
    {
      schema: { tags, summary: 'Rows of a notice’s table', params: IdParams, querystring: RowsQuery, response: { 200: RowsPage, ...problems(400, 401, 404) } },
    },
    async (request) => notices.rows(request.params.id, request.query),
  );

  app.patch(
    '/notices/:id',
    {
      bodyLimit: tableLimit,
      schema: {
        tags,
        summary: 'Edit a notice',
        description:
          'Editors edit any notice; reporters their own drafts. `If-Match` required. `rows` replace the whole table. ' +
          'Editing a scheduled notice keeps it scheduled with the new text, and `stillScheduled` says so. An edit that would leave ' +
          'a scheduled or published notice’s required table without rows is a 422.',
        params: IdParams,
        headers: VersionHeaders,
        body: UpdateNoticeBody,
        response: { 200: NoticeWrite, ...problems(400, 401, 403, 404, 412, 413, 422, 428) },
      },
    },
    async (request, reply) => {
      const notice = await notices.update(request.actor, request.params.id, expectedVersion(request.headers['if-match']), request.body);
      return sendWritten(reply, notice, request.body.rows !== undefined);
    },
  );

  // The table upload has its own parsers for CSV, TSV and XLSX, kept to this route.
  await app.register(async (upload) => {
    upload.addContentTypeParser(FILE_PATTERN, { parseAs: 'buffer', bodyLimit: tableLimit }, (_request, body, done) => done(null, body));
    upload.put(
      '/notices/:id/table',
      {
        bodyLimit: tableLimit,
        schema: {
          tags,
          summary: 'Replace a notice’s table',
          description:
            'Upload CSV (`text/csv`), TSV (`text/tab-separated-values`) or an XLSX workbook (first sheet), or send JSON rows. ' +
            'Header cells are matched to the columns by label; a final 合计/总计 row is checked against the computed totals and ' +
            'not stored. All or nothing: any bad cell is a 422 listing every bad cell as `{ row, fileRow, column, value, message }`, ' +
            'and the table is unchanged. `row` is the data row from 1, as `table.rows[].row` numbers it (absent for the header and ' +
            'the total row); `fileRow` is the row as the file numbers it, the header counted. `masked` numbers rows the same two ways. ' +
            'UTF-8 (a BOM is fine) or GB18030 text. ' +
            '`If-Match` required.',
          params: IdParams,
          headers: VersionHeaders,
          body: {
            content: {
              'application/json': { schema: TableBody },
              ...Object.fromEntries(FILE_TYPES.map((type) => [type, { schema: { description: 'The file' } }])),
            },
          },
          response: { 200: NoticeWrite, ...problems(400, 401, 403, 404, 412, 413, 415, 422, 428) },
        },
      },
      async (request, reply) => {
        const expected = expectedVersion(request.headers['if-match']);
        const contentType = request.headers['content-type'] ?? '';
        // Fastify validates a body against the schema of its exact media type only, so any
        // other JSON type (application/merge-patch+json …) would arrive unchecked.
        if (!Buffer.isBuffer(request.body) && !/^application\/json\s*(;|$)/i.test(contentType)) {
          throw new UnsupportedMediaType(
            request.body === undefined
              ? 'Send the table: a CSV, TSV or XLSX file, or JSON rows as application/json'
              : `Send JSON rows as application/json, or a file as ${FILE_TYPES.join(', ')}; not ${contentType}`,
          );
        }
        const upload = Buffer.isBuffer(request.body) ? { file: request.body, contentType } : { json: request.body as TableBody };
        // A body schema per media type leaves the type provider without the params' type.
        const { id } = request.params as IdParams;
        return sendWritten(reply, await notices.replaceTable(request.actor, id, expected, upload, request.log), true);
      },
    );
  });

  app.post(
    '/notices/:id/status',
    {
      schema: {
        tags,
        summary: 'Move a notice through the workflow',
        description:
          'The same workflow as articles. An illegal move is 409 with the moves `allowed`. A notice whose table is required (its kind ' +
          'presets columns, or it declares a table) is neither scheduled nor published while the table has no rows: 409 saying so. ' +
          '`If-Match` required.',
        params: IdParams,
        headers: VersionHeaders,
        body: StatusBody,
        response: { 200: Notice, ...problems(400, 401, 403, 404, 409, 412, 422, 428) },
      },
    },
    async (request, reply) => {
      const notice = await notices.changeStatus(request.actor, request.params.id, expectedVersion(request.headers['if-match']), request.body);
      tagVersion(reply, notice.version);
      return notice;
    },
  );

  app.get(
    '/notices/:id/revisions',
    { schema: { tags, summary: 'Every saved version of a notice', params: IdParams, response: { 200: RevisionList, ...problems(400, 401, 404) } } },
    async (request) => ({ items: await notices.revisions(request.params.id) }),
  );

  app.get(
    '/notices/:id/revisions/:version',
    {
      schema: {
        tags,
        summary: 'One saved version of a notice',
        description: 'The notice as saved; its table by `tableId` and summary (rows are not copied into revisions).',
        params: RevisionParams,
        response: { 200: RevisionDetail('notice'), ...problems(400, 401, 404) },
      },
    },
    async (request) => notices.revision(request.params.id, request.params.version),
  );

  app.get(
    '/notice-kinds',
    { schema: { tags, summary: 'Kinds of notice', response: { 200: Type.Object({ items: Type.Array(NoticeKind) }), ...problems(401) } } },
    async () => ({ items: await kinds.list() }),
  );

  app.get(
    '/notice-kinds/:key',
    { schema: { tags, summary: 'A kind of notice', params: KindParams, response: { 200: NoticeKind, ...problems(400, 401, 404) } } },
    async (request, reply) => {
      const kind = await kinds.get(request.params.key);
      tagVersion(reply, kind.version);
      return kind;
    },
  );

  app.post(
    '/notice-kinds',
    {
      config: editors,
      schema: {
        tags,
        summary: 'Add a kind of notice',
        description: 'Editors and admins. A kind presets columns (or leaves them to each notice), presentation and closing formula.',
        body: CreateKindBody,
        response: { 201: NoticeKind, ...problems(400, 401, 403, 409, 422) },
      },
    },
    async (request, reply) => {
      const kind = await kinds.create(request.actor, request.body);
      tagVersion(reply, kind.version);
      return reply.code(201).header('location', `${app.prefix}/notice-kinds/${kind.key}`).send(kind);
    },
  );

  app.patch(
    '/notice-kinds/:key',
    {
      config: editors,
      schema: {
        tags,
        summary: 'Change a kind of notice',
        description:
          'Editors and admins. `If-Match` required. Notices already filed keep their tables’ columns; the new preset applies to notices filed afterwards.',
        params: KindParams,
        headers: VersionHeaders,
        body: UpdateKindBody,
        response: { 200: NoticeKind, ...problems(400, 401, 403, 404, 412, 422, 428) },
      },
    },
    async (request, reply) => {
      const kind = await kinds.update(request.actor, request.params.key, expectedVersion(request.headers['if-match']), request.body);
      tagVersion(reply, kind.version);
      return kind;
    },
  );
};
