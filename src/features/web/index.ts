import helmet from '@fastify/helmet';
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
}

/**
 * The published paper as a web site: server-rendered pages, the feed and the sitemaps. Its
 * responses carry a strict Content-Security-Policy: no script at all, styles and images only
 * from the site (images also over https), no framing.
 */
export const webSite: FastifyPluginAsync<WebOptions> = async (app, options) => {
  await app.register(helmet, {
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        defaultSrc: ["'none'"],
        scriptSrc: ["'none'"],
        styleSrc: ["'self'"],
        imgSrc: ["'self'", 'data:', 'https:'],
        fontSrc: ["'self'"],
        baseUri: ["'none'"],
        formAction: ["'self'"],
        frameAncestors: ["'none'"],
      },
    },
    // Images of stories may come from a picture desk's host.
    crossOriginEmbedderPolicy: false,
  });
  const { db, contentCache: cache } = app;
  const pages = createWebPages({
    db,
    cache,
    site: { name: options.siteName, baseUrl: options.baseUrl },
    articles: createPublicArticles({ db, cache, baseUrl: options.baseUrl }),
    notices: createPublicNotices({ db, cache, baseUrl: options.baseUrl }),
    editions: createPublicEditions({ db, cache, baseUrl: options.baseUrl }),
  });
  await app.register(pageRoutes, { pages });
  await app.register(feedRoutes, options);
};
