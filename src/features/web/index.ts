import type { FastifyPluginAsync } from 'fastify';
import { createPublicArticles } from '../articles/public.js';
import { createPublicEditions } from '../editions/public.js';
import { createPublicNotices } from '../notices/public.js';
import { feedRoutes } from './feed-routes.js';
import { createWebPages } from './pages.js';
import { pageRoutes } from './routes.js';

export interface WebOptions {
  baseUrl: string;
  siteName: string;
  /** The paper's time zone: the dates the pages print are read in it. */
  timeZone: string;
}

/**
 * The security headers of every web response, fixed, so they are set at no cost per request:
 * a strict Content-Security-Policy (no script at all; styles, fonts and images from the site,
 * images also over https; no framing, no base or form targets elsewhere), and the headers
 * helmet sets by default.
 */
const SECURITY_HEADERS = {
  'content-security-policy':
    "default-src 'none'; script-src 'none'; style-src 'self'; img-src 'self' data: https:; font-src 'self'; " +
    "base-uri 'none'; form-action 'self'; frame-ancestors 'none'",
  'cross-origin-opener-policy': 'same-origin',
  'cross-origin-resource-policy': 'same-origin',
  'origin-agent-cluster': '?1',
  'referrer-policy': 'strict-origin-when-cross-origin',
  'strict-transport-security': 'max-age=31536000; includeSubDomains',
  'x-content-type-options': 'nosniff',
  'x-dns-prefetch-control': 'off',
  'x-frame-options': 'DENY',
  'x-permitted-cross-domain-policies': 'none',
  'x-xss-protection': '0',
} as const;

/** The published paper as a web site: server-rendered pages, the feed and the sitemaps. */
export const webSite: FastifyPluginAsync<WebOptions> = async (app, options) => {
  app.addHook('onRequest', async (_request, reply) => {
    reply.headers(SECURITY_HEADERS);
  });
  const { db, contentCache: cache } = app;
  const pages = createWebPages({
    db,
    cache,
    site: { name: options.siteName, baseUrl: options.baseUrl, timeZone: options.timeZone },
    articles: createPublicArticles({ db, cache, baseUrl: options.baseUrl, timeZone: options.timeZone }),
    notices: createPublicNotices({ db, cache, baseUrl: options.baseUrl, timeZone: options.timeZone }),
    editions: createPublicEditions({ db, cache, baseUrl: options.baseUrl }),
  });
  await app.register(pageRoutes, { pages });
  await app.register(feedRoutes, options);
};
