import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { NoticeKindsService } from './kinds.js';
import type { PublicNoticesService } from './public.js';
import { publicNoticesRoutes } from './public-routes.js';
import { noticesRoutes } from './routes.js';
import type { NoticesService } from './service.js';

/** Notices and their kinds under the newsroom API. */
export const noticesApi: FastifyPluginAsyncTypebox<{ notices: NoticesService; kinds: NoticeKindsService; tableLimit: number }> = async (app, options) => {
  await app.register(noticesRoutes, options);
};

/** Published notices under the public content API. */
export const noticesContent: FastifyPluginAsyncTypebox<{ published: PublicNoticesService }> = async (app, { published }) => {
  await app.register(publicNoticesRoutes, { published });
};
