import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { problems } from '../../lib/schemas.js';
import { FEED_SIZE, NEWS_LIMIT, SITEMAP_LIMIT, type FeedsService } from './feeds.js';

const tags = ['web'];
/** Like the pages, the documents ignore query parameters they do not know (`?utm_source=`). */
const querystring = Type.Object({});

const RSS = 'application/rss+xml; charset=utf-8';
const XML = 'application/xml; charset=utf-8';

/** Seconds a shared cache may serve a document; it is re-rendered only when what it shows changes. */
const MAX_AGE = 300;

/** A 200 carrying an XML document of `mediaType`, and the 304 of a matching `If-None-Match`. */
function xmlResponses(mediaType: string, description: string) {
  return {
    200: { description, content: { [mediaType.split(';')[0]!]: { schema: Type.String({ description }) } } },
    304: Type.Null({ description: 'Not modified' }),
    ...problems(400),
  };
}

/** The feed and the sitemaps of the web site. */
export const feedRoutes: FastifyPluginAsyncTypebox<{ feeds: FeedsService }> = async (app, { feeds }) => {

  app.get(
    '/feed.xml',
    {
      schema: {
        tags,
        querystring,
        summary: 'RSS 2.0 feed of the latest articles',
        description: `Public. The ${FEED_SIZE} most recently published articles, newest first. Cacheable (\`ETag\`, 304).`,
        response: xmlResponses(RSS, 'RSS 2.0 document'),
      },
    },
    async (_request, reply) => reply.sendRendered(await feeds.feed(), { maxAge: MAX_AGE, keys: ['feed', 'articles'], type: RSS }),
  );

  app.get(
    '/sitemap.xml',
    {
      schema: {
        tags,
        querystring,
        summary: 'Sitemap of the public web site',
        description:
          'Public. sitemaps.org 0.9: the front page, every section, and every published article, published notice and public ' +
          `edition with its pages; at most ${SITEMAP_LIMIT} URLs, newest first. Cacheable (\`ETag\`, 304).`,
        response: xmlResponses(XML, 'sitemaps.org urlset'),
      },
    },
    async (_request, reply) =>
      reply.sendRendered(await feeds.sitemap(), { maxAge: MAX_AGE, keys: ['sitemap', 'articles', 'notices', 'editions', 'sections'], type: XML }),
  );

  app.get(
    '/news-sitemap.xml',
    {
      schema: {
        tags,
        querystring,
        summary: 'Google News sitemap',
        description: `Public. Articles published in the last two days, newest first, at most ${NEWS_LIMIT}. Cacheable (\`ETag\`, 304).`,
        response: xmlResponses(XML, 'sitemaps.org urlset with Google News entries'),
      },
    },
    async (_request, reply) => reply.sendRendered(await feeds.newsSitemap(), { maxAge: MAX_AGE, keys: ['news-sitemap', 'articles'], type: XML }),
  );
};
