import type { FastifyReply, FastifyRequest } from 'fastify';
import { Type, type Static, type TSchema } from 'typebox';
import { AppError, BadRequest } from '../../../../errors.js';
import type { UserRole } from '../../../../lib/actor.js';
import { Id } from '../../../../lib/schemas.js';
import { deskOf, sendPage } from '../../context.js';
import { numberField } from '../../forms.js';
import type { ScreenOptions } from '../options.js';
import { UserPage, type UserPageProps } from './user-page.js';

const ADMINS: readonly UserRole[] = ['admin'];

/**
 * Every admin screen's route options: admins only (others get 403, whatever the URL), kept out
 * of the API's documentation, its path parameters checked (a malformed id is a 400).
 */
export function adminRoute(params?: TSchema) {
  return { config: { roles: ADMINS }, schema: { hide: true, ...(params && { params }) } };
}

export const UserParams = Type.Object({ id: Id }, { additionalProperties: false });
export type UserParams = Static<typeof UserParams>;
export const TokenParams = Type.Object({ id: Id, tokenId: Id }, { additionalProperties: false });
export type TokenParams = Static<typeof TokenParams>;

/**
 * A refusal the form shows in place (bad input, a rule, a stale version); anything else (no such
 * user, a server fault) goes on to the error page.
 */
export function formProblem(error: unknown): AppError {
  if (error instanceof AppError && [400, 409, 412, 422].includes(error.status)) return error;
  throw error;
}

/** The status a re-shown form answers with: the conflict's own, or 422 for input the save refused. */
export const refusedStatus = (error: AppError): number => (error.status === 409 || error.status === 412 ? error.status : 422);

/** The version the form was loaded at (a hidden field); a form without one is malformed. */
export function versionOf(body: unknown): number {
  const version = numberField(body, 'version');
  if (typeof version !== 'number' || !Number.isSafeInteger(version) || version < 0) throw new BadRequest('表单缺少版本号，请刷新页面后重试');
  return version;
}

/** Shows a user's page as it is now, with a refusal on one of its forms when given. */
export async function showUser(
  { services, site }: ScreenOptions,
  request: FastifyRequest,
  reply: FastifyReply,
  id: number,
  extras: Omit<UserPageProps, 'desk' | 'user' | 'tokens'> = {},
  status = 200,
): Promise<FastifyReply> {
  const [user, tokens] = await Promise.all([services.users.get(id), services.users.listTokens(id)]);
  return sendPage(reply, <UserPage desk={deskOf(request, site)} user={user} tokens={tokens} {...extras} />, status);
}
