/**
 * Replacing a notice's table from the desk: rows pasted from a spreadsheet (a plain form post)
 * or a file (a multipart upload). Both go through the service's own file reading, all or
 * nothing; a refused table comes back with every problem in place and the input kept.
 */
import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import { PreconditionFailed, Unprocessable, type CellError } from '../../../../errors.js';
import type { Column } from '../../../../tables/cells.js';
import type { NoticeWrite } from '../../../notices/schemas.js';
import { actorOf, redirectWith } from '../../context.js';
import { field } from '../../forms.js';
import type { ScreenOptions } from '../options.js';
import { tableMessage } from './messages.js';
import { EDITORS, formVersion, loadNotice, noticeId, sendNotice } from './notice-view.js';
import { fileTable, keptText, pastedTable, placeProblems, TSV_TYPE, uploadType, type SourceTable } from './source-table.js';
import type { TableRefusal } from './table-section.js';

/** A refused file's rows are put back in the paste box up to this many; a longer file is corrected and uploaded again. */
const KEPT_FILE_ROWS = 2000;

/** A file as the upload route's multipart parsing leaves it in the body. */
export interface UploadedFile {
  filename: string;
  mimetype: string;
  data: Buffer;
}

function isUpload(value: unknown): value is UploadedFile {
  return !!value && typeof value === 'object' && Buffer.isBuffer((value as UploadedFile).data);
}

function saved(reply: FastifyReply, written: NoticeWrite): FastifyReply {
  const rows = written.table?.rowCount ?? 0;
  const masked = written.masked?.length ? `其中 ${written.masked.length} 个身份证号已按公示格式遮盖。` : '';
  const scheduled = written.stillScheduled ? '它仍按原定时间发布。' : '';
  return redirectWith(reply, `/desk/notices/${written.id}#table`, `表格已保存：共 ${rows} 行。${masked}${scheduled}`);
}

export const tableRoutes: FastifyPluginAsync<ScreenOptions> = async (app, options) => {
  const { notices } = options.services;
  const config = EDITORS;
  const schema = { hide: true };

  /** Shows the notice again with its table refused; 422 unless another status is given. */
  async function refuse(request: FastifyRequest, reply: FastifyReply, id: number, refusal: TableRefusal, status = 422) {
    return sendNotice(request, reply, options, { ...(await loadNotice(options, id)), refusal }, status);
  }

  /**
   * Hands the table to the service; on a refusal, the notice's page with the problems placed in
   * `source` and the text to put back in the paste box.
   */
  async function replace(request: FastifyRequest, reply: FastifyReply, id: number, file: Buffer, contentType: string, sourceOf: () => Promise<SourceTable | null>) {
    const version = formVersion(request.body);
    try {
      return saved(reply, await notices.replaceTable(actorOf(request), id, version, { file, contentType }, request.log));
    } catch (error) {
      const source = error instanceof Unprocessable || error instanceof PreconditionFailed ? await sourceOf() : null;
      const kept = source && source.rows.length <= KEPT_FILE_ROWS ? keptText(source) : '';
      if (error instanceof PreconditionFailed) {
        return refuse(request, reply, id, { message: '保存前，别人已经改过这则公告，表格没有保存。上面已是最新内容；核对后再保存一次。', placed: [], total: 0, source: null, text: kept }, 409);
      }
      if (!(error instanceof Unprocessable)) throw error;
      const { columns } = await columnsOf(id);
      const problems = (error.extensions.errors as CellError[] | undefined) ?? [];
      const total = typeof error.extensions.errorCount === 'number' ? error.extensions.errorCount : problems.length;
      return refuse(request, reply, id, { message: tableMessage(error.message), placed: source ? placeProblems(source, problems, columns ?? []) : problems.map((problem) => ({ problem })), total, source, text: kept });
    }
  }

  async function columnsOf(id: number): Promise<{ columns: Column[] | null }> {
    const { notice, kind } = await loadNotice(options, id);
    return { columns: notice.table?.columns ?? kind.columns };
  }

  app.post('/notices/:id/table', { config, schema }, async (request, reply) => {
    const id = noticeId(request);
    const text = field(request.body, 'rows') ?? '';
    const { columns } = await columnsOf(id);
    if (!columns) return refuse(request, reply, id, { message: tableMessage('This notice has no columns yet'), placed: [], total: 0, source: null, text });
    if (text.trim() === '') return refuse(request, reply, id, { message: '请先把表格粘贴到框里。', placed: [], total: 0, source: null, text: '' });
    const { source, file } = pastedTable(text, columns);
    return replace(request, reply, id, file, TSV_TYPE, async () => source);
  });

  app.post('/notices/:id/table/file', { config, schema }, async (request, reply) => {
    const id = noticeId(request);
    const upload = (request.body as Record<string, unknown> | undefined)?.file;
    const none = (message: string, status = 422) => refuse(request, reply, id, { message, placed: [], total: 0, source: null, text: '' }, status);
    if (!isUpload(upload) || upload.data.length === 0) return none('请选择要上传的文件（CSV、TSV 或 XLSX）。');
    const contentType = uploadType(upload.filename, upload.mimetype);
    if (!contentType) return none('只收 CSV、TSV 或 XLSX 文件；别的格式请先在表格软件里另存为这几种。', 415);
    const { columns } = await columnsOf(id);
    return replace(request, reply, id, upload.data, contentType, () => fileTable(upload.data, contentType, columns ?? []));
  });
};
