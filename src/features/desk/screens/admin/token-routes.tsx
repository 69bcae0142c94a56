import type { FastifyPluginAsync } from 'fastify';
import { NotFound } from '../../../../errors.js';
import { parseTimestamp, wallTimeInstant } from '../../../../lib/time.js';
import { IssueTokenBody } from '../../../users/schemas.js';
import { actorOf, deskOf, redirectWith, sendPage } from '../../context.js';
import { checkForm, field, optionalField } from '../../forms.js';
import type { ScreenOptions } from '../options.js';
import { adminRoute, formProblem, refusedStatus, showUser, TokenParams, UserParams } from './screen.js';
import { TokenIssuedPage, type TokenValues } from './tokens.js';
import { refusal } from './words.js';

/**
 * The expiry field's wall-clock time (a datetime-local field has no zone) as an instant in the
 * paper's zone; text that is no time is passed on as it is, for the schema to refuse in words.
 */
function expiryInstant(text: string, timeZone: string): string {
  const parsed = parseTimestamp(text);
  if (parsed.kind === 'wall') return wallTimeInstant(parsed.wall, timeZone).toISOString();
  if (parsed.kind === 'instant') return parsed.instant.toISOString();
  return text;
}

/** A user's API tokens: issuing one (its secret shown on the answer, once) and revoking one. */
export const tokenRoutes: FastifyPluginAsync<ScreenOptions> = async (app, options) => {
  const { services, site } = options;
  const { users } = services;

  app.post('/admin/users/:id/tokens', adminRoute(UserParams), async (request, reply) => {
    const { id } = request.params as UserParams;
    const values: TokenValues = { label: field(request.body, 'label') ?? '', expiresAt: field(request.body, 'expiresAt') ?? '' };
    const label = optionalField(request.body, 'label');
    const expiresAt = optionalField(request.body, 'expiresAt');
    try {
      const body = checkForm(IssueTokenBody, { ...(label !== undefined && { label }), ...(expiresAt !== undefined && { expiresAt: expiryInstant(expiresAt, site.timeZone) }) });
      const token = await users.issueToken(actorOf(request), id, body);
      return sendPage(reply, <TokenIssuedPage desk={deskOf(request, site)} user={await users.get(id)} token={token} />, 201);
    } catch (error) {
      const problem = formProblem(error);
      return showUser(options, request, reply, id, { problem: { form: 'token', messages: refusal(problem) }, token: values }, refusedStatus(problem));
    }
  });

  app.post('/admin/users/:id/tokens/:tokenId/revoke', adminRoute(TokenParams), async (request, reply) => {
    const { id, tokenId } = request.params as TokenParams;
    const token = (await users.listTokens(id)).find((t) => t.id === tokenId);
    if (!token) throw new NotFound('这位用户没有这个令牌');
    await users.revokeToken(actorOf(request), tokenId);
    return redirectWith(reply, `/desk/admin/users/${id}`, `令牌「${token.label}」已吊销`);
  });
};
