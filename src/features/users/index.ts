import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { usersRoutes } from './routes.js';
import { createUsersService } from './service.js';

/** Users, their API tokens and `/me`, under the newsroom API. */
export const usersApi: FastifyPluginAsyncTypebox = async (app) => {
  await app.register(usersRoutes, { users: createUsersService({ db: app.db, credentials: app.credentials }) });
};
