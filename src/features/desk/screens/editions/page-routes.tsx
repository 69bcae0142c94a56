import type { FastifyPluginAsync } from 'fastify';
import { EditionParams, PageParams, PutPageBody } from '../../../editions/schemas.js';
import { actorOf, redirectWith } from '../../context.js';
import { checkForm, field, fieldMessages, numberField } from '../../forms.js';
import type { ScreenOptions } from '../options.js';
import type { PageInput } from './page-form.js';
import { pageWrite } from './placement.js';
import { pageProblem } from './problems.js';
import { formVersion, sendRefused } from './show.js';

const editors = { roles: ['editor', 'admin'] } as const;

/** The page fields of a form, as typed. */
function pageInput(body: unknown, label: string): PageInput {
  const text = (name: string) => (field(body, name) ?? '').trim();
  return { label, name: text('name'), grid: text('grid'), sectionId: text('sectionId'), editorId: text('editorId') };
}

/** The page fields as the page write takes them: a blank section or editor is none. */
function pageFields(body: unknown) {
  return {
    name: field(body, 'name') ?? '',
    grid: field(body, 'grid') ?? '',
    sectionId: numberField(body, 'sectionId') ?? null,
    editorId: numberField(body, 'editorId') ?? null,
  };
}

/** Adding a page, changing a page's name, grid, section and editor, and deleting a page. */
export const pageRoutes: FastifyPluginAsync<ScreenOptions> = async (app, screen) => {
  const { editions } = screen.services;

  app.post('/editions/:date/pages', { config: editors, schema: { hide: true, params: EditionParams } }, async (request, reply) => {
    const { date } = request.params as EditionParams;
    const label = (field(request.body, 'label') ?? '').trim().toUpperCase();
    const input = pageInput(request.body, label);
    try {
      checkForm(PageParams, { date, label });
      const body = checkForm(PutPageBody, { ...pageFields(request.body), items: [] });
      await editions.putPage(actorOf(request), date, label, { ifNoneMatch: true }, body);
    } catch (error) {
      return sendRefused(request, reply, screen, date, error, 'new-page', {
        input,
        messages: (refused) => {
          if (refused.status === 412) return { label: `${label} 版已经有了` };
          if (refused.status !== 400) return pageProblem(refused, [], () => '');
          const messages = fieldMessages(refused);
          return messages.label ? { ...messages, label: '版号是一个大写字母加两位数字，如 A01' } : messages;
        },
      });
    }
    return redirectWith(reply, `/desk/editions/${date}#page-${label}`, `已添加 ${label} 版`);
  });

  app.post('/editions/:date/pages/:label', { config: editors, schema: { hide: true, params: PageParams } }, async (request, reply) => {
    const { date, label } = request.params as PageParams;
    const version = formVersion(request.body);
    try {
      const page = await editions.page(date, label);
      const body = checkForm(PutPageBody, { ...pageFields(request.body), items: pageWrite(page, page.items).items });
      await editions.putPage(actorOf(request), date, label, { ifMatch: version }, body);
    } catch (error) {
      return sendRefused(request, reply, screen, date, error, `settings:${label}`, { input: pageInput(request.body, label) });
    }
    return redirectWith(reply, `/desk/editions/${date}#page-${label}`, `已保存 ${label} 版的设置`);
  });

  app.post('/editions/:date/pages/:label/delete', { config: editors, schema: { hide: true, params: PageParams } }, async (request, reply) => {
    const { date, label } = request.params as PageParams;
    const version = formVersion(request.body);
    try {
      await editions.removePage(actorOf(request), date, label, version);
    } catch (error) {
      return sendRefused(request, reply, screen, date, error, `items:${label}`);
    }
    return redirectWith(reply, `/desk/editions/${date}`, `已删除 ${label} 版`);
  });
};
