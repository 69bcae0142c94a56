import type { FastifyPluginAsync } from 'fastify';
import type { ScreenOptions } from '../options.js';
import { flatplanRoutes } from './flatplan-routes.js';
import { editionListRoutes } from './list.js';
import { pageRoutes } from './page-routes.js';
import { releaseRoutes } from './release-routes.js';

/**
 * 版面: editions and their flatplans, for editors and admins. Every move goes through the
 * editions, planner, releases and print services the API uses; the screens only say it in words.
 */
export const editionsScreens: FastifyPluginAsync<ScreenOptions> = async (app, options) => {
  await app.register(editionListRoutes, options);
  await app.register(flatplanRoutes, options);
  await app.register(pageRoutes, options);
  await app.register(releaseRoutes, options);
};
