import type { FastifyPluginAsync, FastifyReply } from 'fastify';
import type { Rendered } from '../../publishing/content-cache.js';
import { STYLESHEET, STYLESHEET_PATH } from '../../render/web/stylesheet.js';
import { NotFound } from '../../errors.js';
import { isDay } from '../editions/model.js';
import type { WebPages } from './pages.js';

const HTML = 'text/html; charset=utf-8';
const LABEL = /^[A-Z](0[1-9]|[1-9]\d)$/;
const ID = /^[1-9]\d{0,9}$/;
const SLUG = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
const CURSOR = /^[\w-]{1,512}$/;

const Path = (pattern?: string) => ({ type: 'string', maxLength: 200, ...(pattern && { pattern }) }) as const;
/**
 * Pages take query parameters they do not know (`?utm_source=` on a shared link) and ignore
 * them: a reader's link must not break, as an API call with a stray parameter should.
 */
const AnyQuery = { type: 'object' } as const;
const Cursor = { type: 'object', properties: { cursor: { type: 'string', maxLength: 512 } } } as const;

/** Query strings a page does not know, and malformed values in its path, are the 404 page: a reader's typo, not an API error. */
function isId(text: string): boolean {
  return ID.test(text) && Number(text) <= 2147483647;
}

export const pageRoutes: FastifyPluginAsync<{ pages: WebPages }> = async (app, { pages }) => {
  function send(reply: FastifyReply, rendered: Rendered | null, keys: string[], maxAge = 60): FastifyReply {
    if (!rendered) return reply.code(404).header('cache-control', 'public, max-age=30').type(HTML).send(pages.notFound.body);
    return reply.sendRendered(rendered, { type: HTML, maxAge, keys });
  }
  const schema = { tags: ['web'], produces: ['text/html'], querystring: AnyQuery };
  const cursorOf = (query: unknown) => {
    const cursor = (query as { cursor?: string }).cursor;
    return cursor !== undefined && CURSOR.test(cursor) ? cursor : undefined;
  };

  app.get(STYLESHEET_PATH, { schema: { hide: true } }, async (_request, reply) =>
    reply.header('cache-control', 'public, max-age=31536000, immutable').type('text/css; charset=utf-8').send(STYLESHEET),
  );

  app.get('/', { schema: { ...schema, summary: 'The front page: the latest edition and the latest articles' } }, async (_request, reply) =>
    send(reply, await pages.home(), ['editions', 'articles']),
  );

  app.get('/editions', { schema: { ...schema, summary: 'Every released edition', querystring: Cursor } }, async (request, reply) =>
    send(reply, await pages.editionList(cursorOf(request.query)), ['editions']),
  );

  app.get<{ Params: { date: string } }>(
    '/editions/:date',
    { schema: { ...schema, summary: 'The e-paper index of an edition', params: { type: 'object', properties: { date: Path() } } } },
    async (request, reply) => {
      const { date } = request.params;
      return send(reply, isDay(date) ? await pages.edition(date) : null, ['editions', 'articles', 'notices']);
    },
  );

  app.get<{ Params: { date: string; label: string } }>(
    '/editions/:date/:label',
    { schema: { ...schema, summary: 'One page of an edition', params: { type: 'object', properties: { date: Path(), label: Path() } } } },
    async (request, reply) => {
      const { date, label } = request.params;
      return send(reply, isDay(date) && LABEL.test(label) ? await pages.editionPage(date, label) : null, ['editions', 'articles', 'notices']);
    },
  );

  app.get<{ Params: { date: string; label: string } }>(
    '/editions/:date/:label.pdf',
    {
      schema: {
        ...schema,
        produces: ['application/pdf'],
        summary: 'One page of a public edition as a print PDF: its published stories and notices as the paper printed them',
        params: { type: 'object', properties: { date: Path(), label: Path() } },
      },
    },
    async (request, reply) => {
      const { date, label } = request.params;
      if (!isDay(date) || !LABEL.test(label)) return send(reply, null, []);
      let page;
      try {
        page = await app.print.publicPagePdf(date, label);
      } catch (error) {
        if (error instanceof NotFound) return send(reply, null, []);
        throw error;
      }
      const etag = `"${page.tag}"`;
      reply.header('etag', etag).header('cache-control', 'public, max-age=300, stale-while-revalidate=3600');
      if (request.headers['if-none-match'] === etag) return reply.code(304).send();
      return reply.type('application/pdf').header('content-disposition', `inline; filename="${date}-${label}.pdf"`).send(page.pdf);
    },
  );

  app.get<{ Params: { id: string } }>(
    '/articles/:id',
    { schema: { ...schema, summary: 'An article', params: { type: 'object', properties: { id: Path() } } } },
    async (request, reply) => {
      const { id } = request.params;
      return send(reply, isId(id) ? await pages.article(Number(id)) : null, [`article-${id}`]);
    },
  );

  app.get<{ Params: { id: string }; Querystring: { rows?: string } }>(
    '/notices/:id',
    {
      schema: {
        ...schema,
        summary: 'A notice with its table',
        params: { type: 'object', properties: { id: Path() } },
        querystring: { type: 'object', properties: { rows: { type: 'string', maxLength: 512 } } },
      },
    },
    async (request, reply) => {
      const { id } = request.params;
      const rows = request.query.rows;
      if (!isId(id) || (rows !== undefined && !CURSOR.test(rows))) return send(reply, null, []);
      return send(reply, await pages.notice(Number(id), rows), [`notice-${id}`]);
    },
  );

  app.get<{ Params: { slug: string } }>(
    '/sections/:slug',
    { schema: { ...schema, summary: 'A section front', params: { type: 'object', properties: { slug: Path() } }, querystring: Cursor } },
    async (request, reply) => {
      const { slug } = request.params;
      return send(reply, SLUG.test(slug) && slug.length <= 60 ? await pages.section(slug, cursorOf(request.query)) : null, ['articles', 'sections']);
    },
  );
};
