/**
 * 导入: the start form, the preview (nothing stored), the import (all or nothing, through the
 * imports service the API uses) and an import's page. A refused import comes back to the
 * preview with the reason, never as a bare error page.
 */
import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import { AppError, NotFound, Unprocessable, ValidationFailed } from '../../../../errors.js';
import { ImportQuery } from '../../../imports/schemas.js';
import { actorOf, deskOf, isEditorRole, redirectWith, sendPage } from '../../context.js';
import { checkForm, field, fieldMessages, numberField, type FieldMessages } from '../../forms.js';
import type { ScreenOptions } from '../options.js';
import { userName } from '../stories/editor-load.js';
import { importChoices } from './choices.js';
import { boxText, carriedPage, formatField, postedPage, type PostedPage } from './page-input.js';
import { NO_PLACE, PreviewPage, type PlaceInput } from './preview-page.js';
import { ResultPage } from './result-page.js';
import { StartPage } from './start-page.js';

const hide = { schema: { hide: true } };
const TOGETHER = '日期和版号要一起填';

/** The import id of the path; anything but a positive whole number names no import. */
function importId(request: FastifyRequest): number {
  const text = (request.params as { id?: string }).id ?? '';
  if (!/^[1-9]\d{0,9}$/.test(text) || Number(text) > 2_147_483_647) throw new NotFound('找不到这次导入');
  return Number(text);
}

function placeInput(body: unknown): PlaceInput {
  const text = (name: string) => (field(body, name) ?? '').trim();
  return { section: text('section'), placeOn: text('placeOn'), edition: text('edition'), page: text('page').toUpperCase() };
}

/** The page the drafts go on: the date and label typed, else the page chosen; refused when both are given. */
function placeOf(input: PlaceInput): { edition?: string; page?: string; from: 'select' | 'typed' } {
  if (input.edition || input.page) {
    if (input.placeOn) throw new ValidationFailed('two places', [{ pointer: '/placeOn', message: '选了版面，又填了日期和版号：只留一个' }]);
    return { ...(input.edition && { edition: input.edition }), ...(input.page && { page: input.page }), from: 'typed' };
  }
  const [edition, page] = input.placeOn.split('/');
  return input.placeOn ? { edition, page: page ?? '', from: 'select' } : { from: 'select' };
}

/** Why an import was refused, by the import form's fields, in the desk's words. */
function refusal(error: AppError, place: { edition?: string; page?: string; from: 'select' | 'typed' } | null): FieldMessages {
  const at = place?.edition && place.page ? `${place.edition} 的 ${place.page} 版` : '这一版';
  if (error.status === 403) return { '': '只有编辑可以把稿件放上版面：不选版面再导入，由编辑来排。' };
  if (error.status === 404) return { [place?.from === 'typed' ? 'edition' : 'placeOn']: `找不到${at}：先在“版面”里建好这一期和这一版。` };
  if (error.status === 409 || error.status === 412) return { '': `没能放上${at}：这一期可能已经付印，或者版面刚被别人改过。什么都没有导入，请刷新后重试。` };
  const errors = (error.extensions.errors as { pointer?: string }[] | undefined) ?? [];
  if (error instanceof Unprocessable && errors.some((e) => e.pointer === '/section')) return { section: '没有这个栏目，请重新选' };
  if (error.status === 422) return { '': '这一版有问题没有解决，什么都没有导入：看上面列出的问题。' };
  const messages = fieldMessages(error);
  if (place?.from === 'select' && (messages.edition || messages.page)) return { placeOn: '这个版面选项不对，请重新选' };
  if (messages.page && messages.page !== TOGETHER) messages.page = '版号是一个字母加两位数字，如 A01';
  return messages;
}

/** A line too long to read, in the desk's words; other refusals of the reader as they are. */
function readWords(error: AppError): string {
  const long = /^Line (\d+) is (\d+) characters long/.exec(error.message);
  return long ? `第 ${long[1]} 行太长（${long[2]} 字）：一行应是一段，请检查文字是否完整复制。` : error.message;
}

export const importRoutes: FastifyPluginAsync<ScreenOptions> = async (app, { services, site, tableLimit }) => {
  const { imports, noticeKinds, users } = services;
  // The text, and once more as a file, with room for the form's other fields.
  const bodyLimit = tableLimit * 2 + 65_536;

  const kindNames = async () => Object.fromEntries((await noticeKinds.list()).map((k) => [k.key, k.name]));

  async function sendPreview(request: FastifyRequest, reply: FastifyReply, page: PostedPage, input: PlaceInput, messages: FieldMessages, status = 200) {
    const desk = deskOf(request, site);
    const [preview, names, choices] = await Promise.all([imports.preview(page.text, page.format), kindNames(), importChoices(services, site.timeZone, isEditorRole(desk.user.role))]);
    return sendPage(reply, <PreviewPage desk={desk} preview={preview} page={page} kindNames={names} choices={choices} input={input} messages={messages} />, status);
  }

  function sendStart(request: FastifyRequest, reply: FastifyReply, message: string, status: number) {
    const source = { text: boxText(request.body), format: formatField(request.body) };
    return sendPage(reply, <StartPage desk={deskOf(request, site)} source={source} message={message} />, status);
  }

  /** Whether this user may see the import (a reporter sees only their own). */
  async function visible(request: FastifyRequest, id: number): Promise<boolean> {
    try {
      await imports.get(actorOf(request), id);
      return true;
    } catch (error) {
      if (error instanceof NotFound) return false;
      throw error;
    }
  }

  app.get('/imports', hide, async (request, reply) => sendPage(reply, <StartPage desk={deskOf(request, site)} source={{ text: '', format: 'auto' }} />));

  app.post('/imports/preview', { ...hide, bodyLimit }, async (request, reply) => {
    try {
      return await sendPreview(request, reply, postedPage(request.body), NO_PLACE, {});
    } catch (error) {
      if (!(error instanceof AppError) || error.status >= 500) throw error;
      return sendStart(request, reply, readWords(error), error.status);
    }
  });

  app.post('/imports', { ...hide, bodyLimit }, async (request, reply) => {
    let page: PostedPage;
    try {
      page = { ...carriedPage(request.body), filename: null };
    } catch (error) {
      if (!(error instanceof AppError) || error.status >= 500) throw error;
      return sendStart(request, reply, error.message, error.status);
    }
    const input = placeInput(request.body);
    let place: ReturnType<typeof placeOf> | null = null;
    try {
      place = placeOf(input);
      const query = checkForm(ImportQuery, { ...(input.section && { section: numberField(request.body, 'section') }), ...(place.edition !== undefined && { edition: place.edition }), ...(place.page !== undefined && { page: place.page }) });
      if ((query.edition === undefined) !== (query.page === undefined)) {
        throw new ValidationFailed('both', [{ pointer: query.edition === undefined ? '/edition' : '/page', message: TOGETHER }]);
      }
      const placeOn = query.edition !== undefined && query.page !== undefined ? { date: query.edition, label: query.page } : undefined;
      const { created, result } = await imports.importPage(actorOf(request), { text: page.text, format: page.format, ...(query.section !== undefined && { sectionId: query.section }), ...(placeOn && { placeOn }) });
      const made = `${result.articles.length} 篇稿件、${result.notices.length} 则公告`;
      const flash = created
        ? `已导入 ${made}，都是草稿${placeOn ? `，已放上 ${placeOn.date} 的 ${placeOn.label} 版` : ''}。`
        : `这一版以前已经导入过，这次没有新建任何内容${placeOn ? '，也没有放上版面' : ''}：下面是第一次导入的 ${made}。`;
      if (!created && !(await visible(request, result.id))) {
        return await redirectWith(reply, '/desk/imports', '这一版以前已经由别人导入过，这次没有新建任何内容。那几篇草稿请找编辑或导入的人。');
      }
      return await redirectWith(reply, `/desk/imports/${result.id}`, flash);
    } catch (error) {
      if (!(error instanceof AppError) || error.status >= 500) throw error;
      const messages = error instanceof ValidationFailed && !place ? fieldMessages(error) : refusal(error, place);
      return sendPreview(request, reply, page, input, messages, error.status);
    }
  });

  app.get('/imports/:id', hide, async (request, reply) => {
    const id = importId(request);
    let record;
    try {
      record = await imports.get(actorOf(request), id);
    } catch (error) {
      if (error instanceof NotFound) throw new NotFound('找不到这次导入：地址可能写错了，或者这是别人导入的。');
      throw error;
    }
    const [names, by] = await Promise.all([kindNames(), userName(users, record.createdBy)]);
    return sendPage(reply, <ResultPage desk={deskOf(request, site)} record={record} kindNames={names} by={by} />);
  });
};
