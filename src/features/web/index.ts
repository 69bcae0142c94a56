import type { FastifyPluginAsync } from 'fastify';
import { feedRoutes } from './feed-routes.js';

export interface WebOptions {
  baseUrl: string;
  siteName: string;
}

/** The published paper as a web site: server-rendered pages, the feed and the sitemaps. */
export const webSite: FastifyPluginAsync<WebOptions> = async (app, options) => {
  await app.register(feedRoutes, options);
};
