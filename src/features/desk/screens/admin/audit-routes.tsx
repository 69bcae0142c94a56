import type { FastifyPluginAsync } from 'fastify';
import { ValidationFailed } from '../../../../errors.js';
import { ListAuditQuery } from '../../../audit/schemas.js';
import type { User } from '../../../users/schemas.js';
import type { UsersService } from '../../../users/service.js';
import { deskOf, sendPage } from '../../context.js';
import { checkForm, field, numberField, type FieldMessages } from '../../forms.js';
import type { ScreenOptions } from '../options.js';
import { AuditPage, FILTER_NAMES, type AuditFilters } from './audit-page.js';
import { adminRoute, formProblem } from './screen.js';
import { refusal } from './words.js';

/** Events on one page of the log. */
const PAGE_SIZE = 50;

/** An action as the services record them: `kind.verb`. */
const ACTION = /^[a-z_]{1,40}\.[a-z_]{1,40}$/;

/** Every user, page by page: the filter lists them and the log names who acted. */
async function everyUser(users: UsersService): Promise<User[]> {
  const all: User[] = [];
  let cursor: string | undefined;
  do {
    const page = await users.list({ limit: 200, ...(cursor && { cursor }) });
    all.push(...page.items);
    cursor = page.nextCursor ?? undefined;
  } while (cursor);
  return all;
}

/** The query's filters as text, for the form and the links; a repeated parameter counts once. */
function filtersOf(query: unknown): AuditFilters {
  const filters = Object.fromEntries(FILTER_NAMES.map((name) => [name, (field(query, name) ?? '').trim()]));
  return filters as unknown as AuditFilters;
}

/**
 * The query the audit service is asked, checked against the API's own schema. `action` is
 * checked here and handed on beside the schema's filters.
 */
function auditQuery(filters: AuditFilters, cursor: string | undefined): ListAuditQuery & { action?: string } {
  const blankless = (name: keyof AuditFilters) => (filters[name] === '' ? {} : { [name]: filters[name] });
  const actorId = numberField(filters, 'actor');
  const query = checkForm(ListAuditQuery, {
    ...blankless('entity'),
    ...blankless('entityId'),
    ...(actorId !== undefined && { actorId }),
    ...blankless('from'),
    ...blankless('to'),
    ...(cursor && { cursor }),
    limit: PAGE_SIZE,
  });
  if (filters.action && !ACTION.test(filters.action)) throw new ValidationFailed('表单有需要改正的地方', [{ pointer: '/action', message: '格式不对' }]);
  return { ...query, ...(filters.action && { action: filters.action }) };
}

/** The form names the user filter `actor`; the API's schema calls it `actorId`. */
function formMessages(messages: FieldMessages): FieldMessages {
  const { actorId, ...rest } = messages;
  return actorId === undefined ? rest : { ...rest, actor: actorId };
}

/** 审计日志: the audit log, newest first, its filters and page in the URL. */
export const auditRoutes: FastifyPluginAsync<ScreenOptions> = async (app, { services, site }) => {
  const { audit, users } = services;

  app.get('/admin/audit', adminRoute(), async (request, reply) => {
    const filters = filtersOf(request.query);
    const cursor = field(request.query, 'cursor') || undefined;
    const people = await everyUser(users);
    const page = { desk: deskOf(request, site), filters, users: people, later: !!cursor };
    try {
      const found = await audit.list(auditQuery(filters, cursor));
      return sendPage(reply, <AuditPage {...page} events={found.items} next={found.nextCursor} messages={{}} />);
    } catch (error) {
      // Filters the log cannot be read by (a day that does not exist, from after to…): said beside them.
      const problem = formProblem(error);
      return sendPage(reply, <AuditPage {...page} events={[]} next={null} messages={formMessages(refusal(problem))} />, 400);
    }
  });
};
