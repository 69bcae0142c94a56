import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import { BadRequest } from '../../../../errors.js';
import { CreateUserBody, UpdateUserBody } from '../../../users/schemas.js';
import { actorOf, deskOf, redirectWith, sendPage } from '../../context.js';
import { checkForm, field, optionalField, type FieldMessages } from '../../forms.js';
import type { ScreenOptions } from '../options.js';
import { roleName } from './fields.js';
import { adminRoute, formProblem, refusedStatus, showUser, UserParams, versionOf } from './screen.js';
import { BLANK_USER, UsersListPage, type NewUserValues } from './users-list.js';
import { isStale, refusal, STALE } from './words.js';

/** Users on one page of the list; a newsroom has fewer, so most never see a second page. */
const PAGE_SIZE = 100;

/** 用户: the list, a new user, and a user's name, role, standing and password. */
export const userRoutes: FastifyPluginAsync<ScreenOptions> = async (app, options) => {
  const { services, site } = options;
  const { users } = services;

  async function listPage(request: FastifyRequest, reply: FastifyReply, values: NewUserValues, messages: FieldMessages, status: number) {
    const cursor = field(request.query, 'cursor');
    const page = await users.list({ limit: PAGE_SIZE, ...(cursor && { cursor }) });
    return sendPage(reply, <UsersListPage desk={deskOf(request, site)} users={page.items} next={page.nextCursor} later={!!cursor} values={values} messages={messages} />, status);
  }

  app.get('/admin', adminRoute(), async (_request, reply) => redirectWith(reply, '/desk/admin/users'));

  app.get('/admin/users', adminRoute(), async (request, reply) => listPage(request, reply, BLANK_USER, {}, 200));

  app.post('/admin/users', adminRoute(), async (request, reply) => {
    const body = request.body;
    const values: NewUserValues = { login: (field(body, 'login') ?? '').trim(), name: field(body, 'name') ?? '', role: field(body, 'role') ?? '' };
    const password = optionalField(body, 'password');
    try {
      const input = checkForm(CreateUserBody, { ...values, ...(password !== undefined && { password }) });
      const user = await users.create(actorOf(request), input);
      return redirectWith(reply, `/desk/admin/users/${user.id}`, `已新建用户「${user.name}」（${roleName(user.role)}）`);
    } catch (error) {
      const problem = formProblem(error);
      return listPage(request, reply, values, refusal(problem), refusedStatus(problem));
    }
  });

  app.get('/admin/users/:id', adminRoute(UserParams), async (request, reply) => showUser(options, request, reply, (request.params as UserParams).id));

  // Name and role: only what the form changes is sent, so the audit log records the change itself.
  app.post('/admin/users/:id', adminRoute(UserParams), async (request, reply) => {
    const { id } = request.params as UserParams;
    const version = versionOf(request.body);
    const values = { name: field(request.body, 'name') ?? '', role: field(request.body, 'role') ?? '' };
    const current = await users.get(id);
    const changes = { ...(values.name.trim() !== current.name && { name: values.name }), ...(values.role !== current.role && { role: values.role }) };
    if (Object.keys(changes).length === 0) return redirectWith(reply, `/desk/admin/users/${id}`, '没有改动');
    try {
      const updated = await users.update(actorOf(request), id, version, checkForm(UpdateUserBody, changes));
      // An admin who made themselves an editor can no longer see this page.
      if (updated.id === request.desk!.user.id && updated.role !== 'admin') return redirectWith(reply, '/desk/stories', `你的角色已改为${roleName(updated.role)}`);
      return redirectWith(reply, `/desk/admin/users/${id}`, '已保存');
    } catch (error) {
      const problem = formProblem(error);
      if (isStale(problem)) {
        const yours = `你填写的是：姓名「${values.name}」，角色「${roleName(values.role)}」。`;
        return showUser(options, request, reply, id, { problem: { form: 'profile', messages: { '': `${STALE}${yours}` } } }, 412);
      }
      return showUser(options, request, reply, id, { problem: { form: 'profile', messages: refusal(problem) }, profile: values }, refusedStatus(problem));
    }
  });

  // Deactivating revokes the user's tokens and ends their desk sessions (the service does both).
  app.post('/admin/users/:id/active', adminRoute(UserParams), async (request, reply) => {
    const { id } = request.params as UserParams;
    const version = versionOf(request.body);
    const wanted = field(request.body, 'active');
    if (wanted !== 'true' && wanted !== 'false') throw new BadRequest('表单有误，请刷新页面后重试');
    const active = wanted === 'true';
    try {
      const updated = await users.update(actorOf(request), id, version, { active });
      if (!active && updated.id === request.desk!.user.id) return redirectWith(reply, '/desk/login');
      return redirectWith(reply, `/desk/admin/users/${id}`, active ? `已重新启用「${updated.name}」` : `已停用「${updated.name}」：令牌已吊销，登录已退出`);
    } catch (error) {
      const problem = formProblem(error);
      const messages = isStale(problem) ? { '': STALE } : refusal(problem);
      return showUser(options, request, reply, id, { problem: { form: 'active', messages } }, refusedStatus(problem));
    }
  });

  // A password the admin sets ends the user's desk sessions (the service does it).
  app.post('/admin/users/:id/password', adminRoute(UserParams), async (request, reply) => {
    const { id } = request.params as UserParams;
    const version = versionOf(request.body);
    try {
      const body = checkForm(UpdateUserBody, { password: field(request.body, 'password') ?? '' });
      const updated = await users.update(actorOf(request), id, version, body);
      if (updated.id === request.desk!.user.id) return redirectWith(reply, '/desk/login');
      return redirectWith(reply, `/desk/admin/users/${id}`, `已为「${updated.name}」设置新密码，他在编辑部的登录已全部退出`);
    } catch (error) {
      const problem = formProblem(error);
      const messages = isStale(problem) ? { '': STALE } : refusal(problem);
      return showUser(options, request, reply, id, { problem: { form: 'password', messages } }, refusedStatus(problem));
    }
  });
};
