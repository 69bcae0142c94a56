import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { usersRoutes } from './routes.js';
import type { UsersService } from './service.js';

/** Users, their API tokens and `/me`, under the newsroom API. */
export const usersApi: FastifyPluginAsyncTypebox<{ users: UsersService }> = async (app, { users }) => {
  await app.register(usersRoutes, { users });
};
