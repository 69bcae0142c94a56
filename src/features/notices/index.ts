import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { notices } from '../../db/schema/index.js';
import { claimDue, overdueScheduled } from '../../publishing/status.js';
import { createNoticeKindsService } from './kinds.js';
import { createPublicNotices } from './public.js';
import { publicNoticesRoutes } from './public-routes.js';
import { noticesRoutes } from './routes.js';
import { createNoticesService } from './service.js';

/** Notices under the newsroom API; registers them with the scheduled-publication loop. */
export const noticesApi: FastifyPluginAsyncTypebox<{ tableLimit: number; timeZone: string }> = async (app, { tableLimit, timeZone }) => {
  const service = createNoticesService({ db: app.db, timeZone });
  app.publishableKinds.push({
    name: 'notice',
    claimDue: (tx, limit) => claimDue(tx, notices, limit),
    publish: service.publishDue,
    overdue: (db, before) => overdueScheduled(db, notices, before),
  });
  await app.register(noticesRoutes, { notices: service, kinds: createNoticeKindsService({ db: app.db }), tableLimit });
};

/** Published notices under the public content API. */
export const noticesContent: FastifyPluginAsyncTypebox<{ baseUrl: string; timeZone: string }> = async (app, { baseUrl, timeZone }) => {
  await app.register(publicNoticesRoutes, { published: createPublicNotices({ db: app.db, cache: app.contentCache, baseUrl, timeZone }) });
};
