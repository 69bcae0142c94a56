import type { FastifyInstance, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import type { UserRole } from '../db/schema/index.js';
import { Forbidden, Unauthorized } from '../errors.js';
import { createUsersService } from '../features/users/service.js';
import type { Actor } from '../lib/actor.js';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** Roles that may call the route; absent: any signed-in user. */
    roles?: readonly UserRole[];
  }
  interface FastifyRequest {
    /** The signed-in user; set on every route of the newsroom API. */
    actor: Actor;
  }
  interface FastifyInstance {
    /** onRequest hook: 401 without a valid bearer token, 403 when the route's `roles` exclude the user. */
    authenticate: (request: FastifyRequest) => Promise<void>;
  }
}

const BEARER = /^Bearer\s+([\x21-\x7e]{1,200})\s*$/i;

async function authPlugin(app: FastifyInstance): Promise<void> {
  const users = createUsersService({ db: app.db });
  app.decorateRequest('actor', null as unknown as Actor);
  app.decorate('authenticate', async (request: FastifyRequest) => {
    const header = request.headers.authorization;
    if (!header) throw new Unauthorized('Send Authorization: Bearer <token>');
    const match = BEARER.exec(header);
    if (!match?.[1]) throw new Unauthorized('The Authorization header must be "Bearer <token>"');
    request.actor = await users.authenticate(match[1], String(request.id));
    request.log = request.log.child({ userId: request.actor.userId });
    const roles = request.routeOptions.config.roles;
    if (roles && !roles.includes(request.actor.role)) {
      throw new Forbidden(`This needs the role ${roles.join(' or ')}; you are ${request.actor.role}`);
    }
  });
}

export default fp(authPlugin, { name: 'auth', fastify: '5.x', dependencies: ['database'] });
