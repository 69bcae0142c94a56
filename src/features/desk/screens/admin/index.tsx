import type { FastifyPluginAsync } from 'fastify';
import type { ScreenOptions } from '../options.js';
import { auditRoutes } from './audit-routes.js';
import { tokenRoutes } from './token-routes.js';
import { userRoutes } from './user-routes.js';

/** 管理: users (names, roles, passwords, standing), their API tokens, and the audit log. Admins only. */
export const adminScreens: FastifyPluginAsync<ScreenOptions> = async (app, options) => {
  await app.register(userRoutes, options);
  await app.register(tokenRoutes, options);
  await app.register(auditRoutes, options);
};
