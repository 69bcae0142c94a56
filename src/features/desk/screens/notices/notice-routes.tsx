/** The notices list, a new notice, a notice's page, its save and its workflow moves. */
import type { FastifyPluginAsync } from 'fastify';
import { ITEM_STATUSES, type ItemStatus } from '../../../../db/schema/index.js';
import { AppError, BadRequest, NotFound, PreconditionFailed } from '../../../../errors.js';
import { todayIn, wallTimeInstant, zonedIso } from '../../../../lib/time.js';
import { StatusBody } from '../../../../publishing/schemas.js';
import { CreateNoticeBody, UpdateNoticeBody, type NoticeKind } from '../../../notices/schemas.js';
import { actorOf, deskOf, redirectWith, sendPage } from '../../context.js';
import { checkForm, field } from '../../forms.js';
import type { ScreenOptions } from '../options.js';
import { createBody, newNoticeValues, noticeValues, postedValues, updateBody, type NoticeFormValues } from './form-values.js';
import { ListPage, type ListFilters } from './list-page.js';
import { moveMessage, noticeFieldMessages } from './messages.js';
import { STATUS_NAMES } from './names.js';
import { NewNoticePage } from './notice-page.js';
import { EDITORS, formVersion, loadNotice, noticeId, sendNotice } from './notice-view.js';

const config = EDITORS;
const schema = { hide: true };
const PAGE_SIZE = 50;
const KIND_KEY = /^[a-z][a-z0-9_]{0,39}$/;

/** The form's fields as the conflict message names them. */
const FIELD_NAMES: [keyof NoticeFormValues | 'contact' | 'claim', string][] = [
  ['title', '标题'],
  ['salutation', '称呼'],
  ['preamble', '正文'],
  ['closing', '结束语'],
  ['issuer', '发布单位'],
  ['issuedOn', '发布日期'],
  ['contact', '联系方式'],
  ['claim', '认领期'],
  ['columns', '表格的列'],
];

/** The fields where what the editor sent differs from the notice as saved now. */
function differences(sent: NoticeFormValues, saved: NoticeFormValues): string[] {
  const shape = (v: NoticeFormValues, name: (typeof FIELD_NAMES)[number][0]) => {
    if (name === 'contact') return [v.contactName.trim(), v.contactPhone.trim()].join('|');
    if (name === 'claim') return [v.claimDays.trim(), v.deadline].join('|');
    if (name === 'columns') return JSON.stringify(v.columns.filter((c) => c.label.trim()).map((c) => [c.label.trim(), c.type, c.required]));
    return String(v[name]).trim();
  };
  return FIELD_NAMES.filter(([name]) => shape(sent, name) !== shape(saved, name)).map(([, label]) => label);
}

/** A datetime-local value, read as the paper's wall-clock time, as ISO 8601 with the zone's offset; undefined when it is no time. */
function publishTime(text: string | undefined, timeZone: string): string | undefined {
  const m = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2}))?$/.exec(text?.trim() ?? '');
  if (!m) return undefined;
  const [year, month, day, hour, minute, second = 0] = m.slice(1).map((part) => Number(part ?? 0)) as number[];
  return zonedIso(wallTimeInstant({ year: year!, month: month!, day: day!, hour: hour!, minute: minute!, second }, timeZone), timeZone);
}

/** The kind a new notice is of; one that does not exist is a 404 in the desk's words. */
async function kindOf({ services }: ScreenOptions, key: string | undefined): Promise<NoticeKind> {
  if (!key || !KIND_KEY.test(key)) throw new NotFound('没有这个公告类别');
  try {
    return await services.noticeKinds.get(key);
  } catch (error) {
    if (error instanceof NotFound) throw new NotFound('没有这个公告类别');
    throw error;
  }
}

const formFailure = (error: unknown): error is AppError => error instanceof AppError && error.status < 500;

export const noticeRoutes: FastifyPluginAsync<ScreenOptions> = async (app, options) => {
  const { services, site } = options;
  const { notices, noticeKinds } = services;

  app.get('/notices', { config, schema }, async (request, reply) => {
    const query = request.query as Record<string, string | undefined>;
    const kinds = await noticeKinds.list();
    const filters: ListFilters = {
      status: ITEM_STATUSES.includes(query.status as ItemStatus) ? (query.status as ItemStatus) : undefined,
      kind: kinds.some((k) => k.key === query.kind) ? query.kind : undefined,
      cursor: typeof query.cursor === 'string' && query.cursor !== '' ? query.cursor : undefined,
    };
    let page;
    try {
      page = await notices.list({ status: filters.status, kind: filters.kind, cursor: filters.cursor, limit: PAGE_SIZE });
    } catch (error) {
      if (error instanceof BadRequest) throw new BadRequest('这个翻页地址已经失效，请回到第一页');
      throw error;
    }
    return sendPage(reply, <ListPage desk={deskOf(request, site)} kinds={kinds} filters={filters} items={page.items} nextCursor={page.nextCursor} />);
  });

  app.get('/notices/new', { config, schema }, async (request, reply) => {
    const key = (request.query as { kind?: string }).kind;
    if (!key) return redirectWith(reply, '/desk/notices');
    const kind = await kindOf(options, key);
    return sendPage(reply, <NewNoticePage desk={deskOf(request, site)} kind={kind} values={newNoticeValues(kind, todayIn(site.timeZone))} messages={{}} />);
  });

  app.post('/notices', { config, schema }, async (request, reply) => {
    const kind = await kindOf(options, field(request.body, 'kind'));
    const values = postedValues(request.body);
    try {
      const body = checkForm(CreateNoticeBody, createBody(kind, values));
      const notice = await notices.create(actorOf(request), body);
      const next = notice.table ? '粘贴或上传表格后才能发布。' : kind.columns === null ? '设定列后才能粘贴或上传表格。' : '';
      return redirectWith(reply, `/desk/notices/${notice.id}`, `公告已保存为草稿。${next}`);
    } catch (error) {
      if (!formFailure(error)) throw error;
      return sendPage(reply, <NewNoticePage desk={deskOf(request, site)} kind={kind} values={values} messages={noticeFieldMessages(error)} />, 422);
    }
  });

  app.get('/notices/:id', { config, schema }, async (request, reply) => {
    return sendNotice(request, reply, options, await loadNotice(options, noticeId(request)));
  });

  app.post('/notices/:id', { config, schema }, async (request, reply) => {
    const id = noticeId(request);
    const version = formVersion(request.body);
    const { notice, kind } = await loadNotice(options, id);
    const values = postedValues(request.body);
    try {
      const body = checkForm(UpdateNoticeBody, updateBody(kind, values));
      const saved = await notices.update(actorOf(request), id, version, body);
      const masked = saved.masked?.length ? `文中 ${saved.masked.length} 处完整身份证号已遮盖。` : '';
      const scheduled = saved.stillScheduled ? '它仍按原定时间发布，发布的是这一版。' : '';
      return redirectWith(reply, `/desk/notices/${id}`, `已保存。${masked}${scheduled}`);
    } catch (error) {
      if (error instanceof PreconditionFailed) {
        // The editor's text is kept and the form now carries the newest version: a second save is their decision.
        const conflict = { version: notice.version, fields: differences(values, noticeValues(notice)) };
        return sendNotice(request, reply, options, { notice, kind, values, conflict }, 409);
      }
      if (!formFailure(error)) throw error;
      return sendNotice(request, reply, options, { notice, kind, values, version, messages: noticeFieldMessages(error) }, 422);
    }
  });

  app.post('/notices/:id/status', { config, schema }, async (request, reply) => {
    const id = noticeId(request);
    const version = formVersion(request.body);
    const status = field(request.body, 'status');
    // A refused move is said beside the workflow's buttons, on the notice as it now is.
    const refuse = async (message: string, code: number) => sendNotice(request, reply, options, { ...(await loadNotice(options, id)), moveMessage: message }, code);
    const publishAt = status === 'scheduled' ? publishTime(field(request.body, 'publishAt'), site.timeZone) : undefined;
    if (status === 'scheduled' && !publishAt) return refuse('请填写发布时间（年月日和时分）。', 422);
    try {
      const body = checkForm(StatusBody, { status, ...(publishAt && { publishAt }) });
      const moved = await notices.changeStatus(actorOf(request), id, version, body);
      return redirectWith(reply, `/desk/notices/${id}`, `状态已改为“${STATUS_NAMES[moved.status]}”。`);
    } catch (error) {
      if (!formFailure(error)) throw error;
      return refuse(moveMessage(error), error.status);
    }
  });
};
