import type { FastifyReply, FastifyRequest } from 'fastify';
import { BadRequest, type AppError } from '../../../../errors.js';
import type { Plan } from '../../../editions/schemas.js';
import { deskOf, sendPage, type DeskSite } from '../../context.js';
import type { DeskServices } from '../../services.js';
import { field } from '../../forms.js';
import { FlatplanPage, type Problem, type ProblemPlace } from './flatplan.js';
import type { PageChoices, PageInput } from './page-form.js';
import { correctable, pageProblem } from './problems.js';
import { placeable } from './queue.js';
import type { ItemKind } from './words.js';

/** How many sections and editors the page forms offer. */
const CHOICES = 200;

/** The sections and the active editors and admins a page can be given. */
async function pageChoices({ sections, users }: Pick<DeskServices, 'sections' | 'users'>): Promise<PageChoices> {
  const [all, editors, admins] = await Promise.all([
    sections.list({ limit: CHOICES }),
    users.list({ role: 'editor', active: true, limit: CHOICES }),
    users.list({ role: 'admin', active: true, limit: CHOICES }),
  ]);
  return {
    sections: all.items.map((s) => ({ id: s.id, name: s.name })),
    editors: [...editors.items, ...admins.items].map((u) => ({ id: u.id, name: u.name })),
  };
}

/** An item's title from the plan, for messages naming it; its number when the plan does not hold it. */
export function titlesFrom(plan: Plan) {
  return (kind: ItemKind, id: number) => plan.pages.flatMap((p) => p.items).find((i) => i.kind === kind && i.id === id)?.title ?? `${id} 号`;
}

/**
 * Sends the flatplan of `date`: the planner's plan (states and copy fit), the queue, and what
 * the page forms offer. After a refused form, `problem` says where and why, with `status`;
 * `plan` is given when it was read to word the problem.
 */
export async function sendFlatplan(
  request: FastifyRequest,
  reply: FastifyReply,
  { services, site }: { services: DeskServices; site: DeskSite },
  date: string,
  options: { plan?: Plan; problem?: Problem; status?: number; chosen?: string } = {},
): Promise<FastifyReply> {
  const plan = options.plan ?? (await services.planner.plan(date, request.log));
  const [queue, choices] = await Promise.all([placeable(services, plan), pageChoices(services)]);
  const page = <FlatplanPage desk={deskOf(request, site)} plan={plan} queue={queue} choices={choices} chosen={options.chosen} problem={options.problem} />;
  return sendPage(reply, page, options.status ?? 200);
}

/** The status a refused form is shown again with: a form's own slip (400) is a 422, the rest as the service said. */
export const refusedStatus = (error: AppError) => (error.status === 400 ? 422 : error.status);

/**
 * After a page write the editions service refused: the flatplan as it is now, with the refusal
 * in words where the form was. Anything else is thrown on.
 */
export async function sendRefused(
  request: FastifyRequest,
  reply: FastifyReply,
  screen: { services: DeskServices; site: DeskSite },
  date: string,
  error: unknown,
  where: ProblemPlace,
  sent: { items?: readonly { kind: ItemKind; id: number }[]; input?: PageInput; messages?: (refused: AppError) => Problem['messages'] | null } = {},
): Promise<FastifyReply> {
  const refused = correctable(error);
  if (!refused) throw error;
  const plan = await screen.services.planner.plan(date, request.log);
  const messages = sent.messages?.(refused) ?? pageProblem(refused, sent.items ?? [], titlesFrom(plan));
  return sendFlatplan(request, reply, screen, date, { plan, problem: { where, messages, input: sent.input }, status: refusedStatus(refused) });
}

/** The page version a form was drawn from: the page write is refused (412) if the page moved on since. */
export function formVersion(body: unknown): number {
  const text = field(body, 'version') ?? '';
  if (!/^[1-9]\d{0,9}$/.test(text)) throw new BadRequest('表单不完整：请刷新页面后再试');
  return Number(text);
}
