/** Loading a notice for its page, and sending the page, for every route that shows it (the first time or after a refused step). */
import type { FastifyReply, FastifyRequest } from 'fastify';
import { BadRequest, NotFound } from '../../../../errors.js';
import { allowedMoves } from '../../../../publishing/workflow.js';
import type { Notice, NoticeKind } from '../../../notices/schemas.js';
import { actorOf, deskOf, sendPage } from '../../context.js';
import { field } from '../../forms.js';
import type { ScreenOptions } from '../options.js';
import { noticeValues } from './form-values.js';
import { NoticePage, type NoticePageProps } from './notice-page.js';

/** Every notice route is the desk's editors' and admins'. */
export const EDITORS = { roles: ['editor', 'admin'] as const };

/** The notice id of the path; anything but a positive whole number names no notice. */
export function noticeId(request: FastifyRequest): number {
  const id = (request.params as { id?: string }).id ?? '';
  if (!/^[1-9]\d{0,9}$/.test(id) || Number(id) > 2_147_483_647) throw new NotFound('找不到这则公告');
  return Number(id);
}

/** The version a form was filled in against (its hidden field). */
export function formVersion(body: unknown): number {
  const text = field(body, 'version') ?? '';
  if (!/^\d{1,9}$/.test(text)) throw new BadRequest('表单缺少版本号，请刷新页面后重试');
  return Number(text);
}

export async function loadNotice({ services }: ScreenOptions, id: number): Promise<{ notice: Notice; kind: NoticeKind }> {
  let notice: Notice;
  try {
    notice = await services.notices.get(id);
  } catch (error) {
    if (error instanceof NotFound) throw new NotFound('找不到这则公告，地址可能写错了，或者它已被删除');
    throw error;
  }
  return { notice, kind: await services.noticeKinds.get(notice.kind) };
}

type PageParts = Pick<NoticePageProps, 'notice' | 'kind'> & Partial<Omit<NoticePageProps, 'desk' | 'notice' | 'kind' | 'moves'>>;

/** Sends the notice's page: its form filled from the notice unless other values are given. */
export function sendNotice(request: FastifyRequest, reply: FastifyReply, options: ScreenOptions, parts: PageParts, status = 200): FastifyReply {
  const { notice } = parts;
  const page = (
    <NoticePage
      desk={deskOf(request, options.site)}
      values={noticeValues(notice)}
      messages={{}}
      version={notice.version}
      {...parts}
      moves={allowedMoves(actorOf(request), notice)}
    />
  );
  return sendPage(reply, page, status);
}
