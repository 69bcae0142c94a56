import type { FastifyPluginAsync, FastifyReply } from 'fastify';
import { Type, type TProperties, type TSchema } from 'typebox';
import { problems } from '../../lib/schemas.js';
import type { Rendered } from '../../publishing/content-cache.js';
import { STYLESHEET, STYLESHEET_PATH } from '../../render/web/stylesheet.js';
import { NotFound } from '../../errors.js';
import { isDay } from '../editions/dates.js';
import type { PrintService } from '../print/service.js';
import type { WebService } from './service.js';

const HTML = 'text/html; charset=utf-8';
const LABEL = /^[A-Z](0[1-9]|[1-9]\d)$/;
const ID = /^[1-9]\d{0,9}$/;
const SLUG = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
const CURSOR = /^[\w-]{1,512}$/;

/** A path segment: checked by the handler, which answers a malformed one with the not-found page. */
const Segment = (description: string) => Type.String({ maxLength: 200, description });
const Params = <T extends TProperties>(properties: T) => Type.Object(properties, { additionalProperties: false });
/**
 * Pages take query parameters they do not know (`?utm_source=` on a shared link) and ignore
 * them: a reader's link must not break, as an API call with a stray parameter should. The
 * object still lists its properties (none, or the ones a page reads): an object schema without
 * `properties` is documented by @fastify/swagger as parameters named after its keywords.
 */
const AnyQuery = Type.Object({});
const PageCursor = Type.Object({
  cursor: Type.Optional(Type.String({ maxLength: 512, description: 'Where the list goes on: the `cursor` of the page’s “older” link' })),
});

const HtmlDocument = Type.String({ description: 'An HTML5 document' });
/**
 * The search page answers every query with itself, a refused one too (the form and the reason):
 * its parameters' limits are those of a request line (Node's 16 KiB of headers), so the schema
 * never answers instead with a problem a reader would see as JSON.
 */
const URL_LIMIT = 16_384;
const SearchPageQuery = Type.Object({
  q: Type.Optional(Type.String({ maxLength: URL_LIMIT, description: 'What to find, as for `GET /content/v1/search`; none: the form alone', examples: ['商业秘密'] })),
  kind: Type.Optional(Type.String({ maxLength: URL_LIMIT, description: 'Only stories (`article`) or only notices (`notice`); any other value searches both' })),
  cursor: Type.Optional(Type.String({ maxLength: URL_LIMIT, description: 'Where the hits go on: the `cursor` of the page’s “next page” link' })),
});

/** A page's answers: the HTML page, 304 for a matching `If-None-Match`, and the not-found page. */
function htmlResponses(description: string, ok: { mediaType: string; schema: TSchema } = { mediaType: 'text/html', schema: Type.String({ description: 'An HTML5 document' }) }) {
  return {
    200: { description, content: { [ok.mediaType]: { schema: ok.schema } } },
    304: Type.Null({ description: 'Not modified: the `If-None-Match` tag is current' }),
    404: {
      description: 'The site’s not-found page, as HTML: no such item, or a malformed id, date or label in the path',
      content: { 'text/html': { schema: Type.String({ description: 'An HTML5 document' }) } },
    },
    ...problems(400),
  };
}

/** Query strings a page does not know, and malformed values in its path, are the 404 page: a reader's typo, not an API error. */
function isId(text: string): boolean {
  return ID.test(text) && Number(text) <= 2147483647;
}

export const pageRoutes: FastifyPluginAsync<{ web: WebService; print: Pick<PrintService, 'publicPagePdf'> }> = async (app, { web, print }) => {
  function send(reply: FastifyReply, rendered: Rendered | null, keys: string[], maxAge = 60): FastifyReply {
    if (!rendered) return reply.code(404).header('cache-control', 'public, max-age=30').type(HTML).send(web.notFound.body);
    return reply.sendRendered(rendered, { type: HTML, maxAge, keys });
  }
  const schema = { tags: ['web'], querystring: AnyQuery };
  const cursorOf = (query: unknown) => {
    const cursor = (query as { cursor?: string }).cursor;
    return cursor !== undefined && CURSOR.test(cursor) ? cursor : undefined;
  };

  app.get(STYLESHEET_PATH, { schema: { hide: true } }, async (_request, reply) =>
    reply.header('cache-control', 'public, max-age=31536000, immutable').type('text/css; charset=utf-8').send(STYLESHEET),
  );

  app.get('/', { schema: { ...schema, summary: 'The front page: the latest edition and the latest articles', response: htmlResponses('The front page') } }, async (_request, reply) =>
    send(reply, await web.home(), ['editions', 'articles']),
  );

  app.get('/editions', { schema: { ...schema, summary: 'Every released edition', querystring: PageCursor, response: htmlResponses('A page of the list of editions, newest first') } }, async (request, reply) =>
    send(reply, await web.editionList(cursorOf(request.query)), ['editions']),
  );

  app.get<{ Params: { date: string } }>(
    '/editions/:date',
    {
      schema: {
        ...schema,
        summary: 'The e-paper index of an edition',
        params: Params({ date: Segment('The edition’s date, YYYY-MM-DD') }),
        response: htmlResponses('The edition’s index: its pages and what each holds'),
      },
    },
    async (request, reply) => {
      const { date } = request.params;
      return send(reply, isDay(date) ? await web.edition(date) : null, ['editions', 'articles', 'notices']);
    },
  );

  app.get<{ Params: { date: string; label: string } }>(
    '/editions/:date/:label',
    {
      schema: {
        ...schema,
        summary: 'One page of an edition',
        params: Params({ date: Segment('The edition’s date, YYYY-MM-DD'), label: Segment('The page’s label, such as A01') }),
        response: htmlResponses('The page with its stories and notices'),
      },
    },
    async (request, reply) => {
      const { date, label } = request.params;
      return send(reply, isDay(date) && LABEL.test(label) ? await web.editionPage(date, label) : null, ['editions', 'articles', 'notices']);
    },
  );

  app.get<{ Params: { date: string; label: string } }>(
    '/editions/:date/:label.pdf',
    {
      schema: {
        ...schema,
        summary: 'One page of a public edition as a print PDF: its published stories and notices as the paper printed them',
        params: Params({ date: Segment('The edition’s date, YYYY-MM-DD'), label: Segment('The page’s label, such as A01') }),
        response: htmlResponses('The page as a print PDF', {
          mediaType: 'application/pdf',
          schema: Type.String({ format: 'binary', description: 'A PDF document' }),
        }),
      },
    },
    async (request, reply) => {
      const { date, label } = request.params;
      if (!isDay(date) || !LABEL.test(label)) return send(reply, null, []);
      let page;
      try {
        page = await print.publicPagePdf(date, label);
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
    { schema: { ...schema, summary: 'An article', params: Params({ id: Segment('The article’s id') }), response: htmlResponses('The article') } },
    async (request, reply) => {
      const { id } = request.params;
      return send(reply, isId(id) ? await web.article(Number(id)) : null, [`article-${id}`]);
    },
  );

  app.get<{ Params: { id: string }; Querystring: { rows?: string } }>(
    '/notices/:id',
    {
      schema: {
        ...schema,
        summary: 'A notice with its table',
        params: Params({ id: Segment('The notice’s id') }),
        querystring: Type.Object({
          rows: Type.Optional(Type.String({ maxLength: 512, description: 'Where the table goes on: the `rows` of the page’s “more rows” link' })),
        }),
        response: htmlResponses('The notice with (a page of) its table'),
      },
    },
    async (request, reply) => {
      const { id } = request.params;
      const rows = request.query.rows;
      if (!isId(id) || (rows !== undefined && !CURSOR.test(rows))) return send(reply, null, []);
      return send(reply, await web.notice(Number(id), rows), [`notice-${id}`]);
    },
  );

  app.get<{ Querystring: { q?: string; kind?: string; cursor?: string } }>(
    '/search',
    {
      schema: {
        ...schema,
        summary: 'Search the published stories and notices',
        description:
          'The search form and a page of hits, each with its words marked; a notice with its matching rows, ID numbers masked. ' +
          'Never cached: an item withdrawn is gone from the next search. A query search refuses is the form again with the reason, as a 400 page.',
        querystring: SearchPageQuery,
        response: {
          200: { description: 'The search form, with a page of hits when `q` is given', content: { 'text/html': { schema: HtmlDocument } } },
          400: { description: 'The search form with why the query cannot be searched, or the cursor is not one the page handed out', content: { 'text/html': { schema: HtmlDocument } } },
        },
      },
    },
    async (request, reply) => {
      const { q, kind, cursor } = request.query;
      const page = await web.search({
        q,
        // An unknown kind (a hand-edited link) searches everything rather than failing.
        kind: kind === 'article' || kind === 'notice' ? kind : undefined,
        cursor: cursor === undefined || cursor === '' ? undefined : cursor,
      });
      // A malformed cursor is passed on: the service refuses it as one it did not hand out.
      return reply.code(page.status).header('cache-control', 'no-cache').type(HTML).send(page.body);
    },
  );

  app.get<{ Params: { slug: string } }>(
    '/sections/:slug',
    {
      schema: {
        ...schema,
        summary: 'A section front',
        params: Params({ slug: Segment('The section’s slug') }),
        querystring: PageCursor,
        response: htmlResponses('A page of the section’s latest articles'),
      },
    },
    async (request, reply) => {
      const { slug } = request.params;
      return send(reply, SLUG.test(slug) && slug.length <= 60 ? await web.section(slug, cursorOf(request.query)) : null, ['articles', 'sections']);
    },
  );
};
