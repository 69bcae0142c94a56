import helmet from '@fastify/helmet';
import type { FastifyPluginAsync } from 'fastify';
import type { PrintService } from '../print/service.js';
import { feedRoutes } from './feed-routes.js';
import type { FeedsService } from './feeds.js';
import { SECURITY_HEADERS } from './security-headers.js';
import type { WebService } from './service.js';
import { pageRoutes } from './routes.js';

export interface WebOptions {
  /** The site's pages. */
  web: WebService;
  /** The feed and the sitemaps. */
  feeds: FeedsService;
  /** Sets a public edition's page as a PDF. */
  print: Pick<PrintService, 'publicPagePdf'>;
}

/** The published paper as a web site: server-rendered pages, the feed and the sitemaps. */
export const webSite: FastifyPluginAsync<WebOptions> = async (app, { web, feeds, print }) => {
  await app.register(helmet, SECURITY_HEADERS);
  await app.register(pageRoutes, { web, print });
  await app.register(feedRoutes, { feeds });
};
