import cookie from '@fastify/cookie';
import formbody from '@fastify/formbody';
import helmet from '@fastify/helmet';
import type { FastifyPluginAsync } from 'fastify';
import { deskAssets } from './assets.js';
import type { DeskSite } from './context.js';
import { deskErrors } from './errors.js';
import { DESK_SECURITY_HEADERS } from './security-headers.js';
import type { DeskServices } from './services.js';
import { guardDesk } from './session.js';
import { adminScreens } from './screens/admin/index.js';
import { editionsScreens } from './screens/editions/index.js';
import { importsScreens } from './screens/imports/index.js';
import { noticesScreens } from './screens/notices/index.js';
import { photosScreens } from './screens/photos/index.js';
import { searchScreens } from './screens/search/index.js';
import { signInScreens } from './screens/sign-in.js';
import { storiesScreens } from './screens/stories/index.js';

export interface DeskOptions {
  services: DeskServices;
  site: DeskSite;
  /** The largest notice table file taken, in bytes. */
  tableLimit: number;
  /** Failed sign-ins one address may make for one login, and in all, in 15 minutes. */
  signInFailures: { perAccount: number; perAddress: number };
  /** The largest photo file taken, in bytes (`MEDIA_LIMIT`); 40 MB when not given. */
  mediaLimit?: number;
}

const DEFAULT_MEDIA_LIMIT = 40 * 1_048_576;

/** Form fields longer than this are refused (a story's body is far shorter). */
const FORM_LIMIT = 2 * 1024 * 1024;

/**
 * The desk: the newsroom's web application under `/desk`, server-rendered, in Chinese, on the
 * services the API uses. Each area is a plugin under `screens/` registered here; every page
 * shares the layout (`layout.tsx`), the session and form-token checks (`session.ts`), and the
 * form checks against the API's own schemas (`forms.ts`).
 */
export const deskApp: FastifyPluginAsync<DeskOptions> = async (app, options) => {
  const { services, site } = options;
  const { sessions, users } = services;
  await app.register(helmet, DESK_SECURITY_HEADERS);
  await app.register(cookie);
  await app.register(formbody, { bodyLimit: FORM_LIMIT });
  deskErrors(app, site);
  guardDesk(app, sessions);

  await app.register(deskAssets);
  app.get('/', { schema: { hide: true } }, async (_request, reply) => reply.code(303).header('location', '/desk/stories').send());
  await app.register(signInScreens, { sessions, users, site, failures: options.signInFailures });
  await app.register(storiesScreens, { services, site, tableLimit: options.tableLimit });
  await app.register(photosScreens, { services, site, tableLimit: options.tableLimit, mediaLimit: options.mediaLimit ?? DEFAULT_MEDIA_LIMIT });
  await app.register(noticesScreens, { services, site, tableLimit: options.tableLimit });
  await app.register(editionsScreens, { services, site, tableLimit: options.tableLimit });
  await app.register(importsScreens, { services, site, tableLimit: options.tableLimit });
  await app.register(adminScreens, { services, site, tableLimit: options.tableLimit });
  await app.register(searchScreens, { services, site, tableLimit: options.tableLimit });
};
