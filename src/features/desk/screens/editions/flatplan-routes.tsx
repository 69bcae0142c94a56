import type { FastifyPluginAsync } from 'fastify';
import { BadRequest } from '../../../../errors.js';
import { EditionParams, PageParams, PutPageBody } from '../../../editions/schemas.js';
import { actorOf, redirectWith } from '../../context.js';
import { checkForm, field, fields, numberField, optionalField } from '../../forms.js';
import type { ScreenOptions } from '../options.js';
import { appended, ITEM_MOVES, moved, pageWrite, type ItemMove } from './placement.js';
import { formVersion, sendFlatplan, sendRefused } from './show.js';
import { KIND_NAMES, parseItemKey } from './words.js';

const editors = { roles: ['editor', 'admin'] } as const;

const LABEL = /^[A-Z](0[1-9]|[1-9][0-9])$/;

function formItem(text: string | undefined) {
  const item = text === undefined ? null : parseItemKey(text);
  if (!item) throw new BadRequest('表单不完整：请刷新页面后再试');
  return item;
}

const MOVE_DONE: Record<ItemMove, string> = { up: '已上移', down: '已下移', span: '已设好栏数', remove: '已移出本版' };

/** The flatplan, each page's proof, and placing items: from the queue, moved up and down, spanned, taken off. */
export const flatplanRoutes: FastifyPluginAsync<ScreenOptions> = async (app, screen) => {
  const { editions, print } = screen.services;

  app.get('/editions/:date', { config: editors, schema: { hide: true, params: EditionParams } }, async (request, reply) => {
    const { date } = request.params as EditionParams;
    const chosen = optionalField(request.query, 'page');
    return sendFlatplan(request, reply, screen, date, { chosen: chosen && LABEL.test(chosen) ? chosen : undefined });
  });

  app.get('/editions/:date/pages/:label.pdf', { config: editors, schema: { hide: true, params: PageParams } }, async (request, reply) => {
    const { date, label } = request.params as PageParams;
    const pdf = await print.pagePdf(date, label);
    return reply.header('cache-control', 'no-store').type('application/pdf').header('content-disposition', `inline; filename="${date}-${label}.pdf"`).send(pdf);
  });

  // The queue's form: the ticked items go to the end of the chosen page, as it is now.
  app.post('/editions/:date/items', { config: editors, schema: { hide: true, params: EditionParams } }, async (request, reply) => {
    const { date } = request.params as EditionParams;
    const label = field(request.body, 'page') ?? '';
    if (!LABEL.test(label)) throw new BadRequest('请选择版面');
    const added = fields(request.body, 'item').map(formItem);
    if (added.length === 0) return sendRefused(request, reply, screen, date, new BadRequest('no items'), 'queue', { messages: () => ({ '': '请先勾选要放上去的稿件或公告' }) });
    try {
      const page = await editions.page(date, label);
      const items = appended(page.items, added);
      const body = checkForm(PutPageBody, pageWrite(page, items));
      await editions.putPage(actorOf(request), date, label, { ifMatch: page.version }, body);
    } catch (error) {
      return sendRefused(request, reply, screen, date, error, 'queue', { items: added });
    }
    const kinds = [...new Set(added.map((item) => KIND_NAMES[item.kind]))].join('和');
    return redirectWith(reply, `/desk/editions/${date}#page-${label}`, `已把 ${added.length} 条${kinds}放到 ${label} 版`);
  });

  // Each placed item's form: move it up or down, set its span, or take it off the page.
  app.post('/editions/:date/pages/:label/items', { config: editors, schema: { hide: true, params: PageParams } }, async (request, reply) => {
    const { date, label } = request.params as PageParams;
    const target = formItem(field(request.body, 'item'));
    const move = field(request.body, 'move') as ItemMove;
    if (!ITEM_MOVES.includes(move)) throw new BadRequest('表单不完整：请刷新页面后再试');
    const version = formVersion(request.body);
    const columns = move === 'span' ? (numberField(request.body, 'columns') ?? null) : null;
    if (typeof columns === 'string') throw new BadRequest('栏数应是一个数字');
    let sent: { kind: 'article' | 'notice'; id: number }[] = [];
    try {
      const page = await editions.page(date, label);
      const items = moved(page.items, target, move, columns);
      if (!items) {
        return await sendRefused(request, reply, screen, date, new BadRequest('not on the page'), `items:${label}`, { messages: () => ({ '': '这条内容已经不在本版了：可能刚被别人移走' }) });
      }
      sent = items;
      // The list as this form saw it is the one changed: a page changed meanwhile is refused (412).
      const body = checkForm(PutPageBody, pageWrite(page, items));
      await editions.putPage(actorOf(request), date, label, { ifMatch: version }, body);
    } catch (error) {
      return sendRefused(request, reply, screen, date, error, `items:${label}`, { items: sent });
    }
    return redirectWith(reply, `/desk/editions/${date}#item-${label}-${target.kind}-${target.id}`, MOVE_DONE[move]);
  });
};
