import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyRequest } from 'fastify';
import { UnsupportedMediaType, ValidationFailed } from '../../errors.js';
import { problems } from '../../lib/schemas.js';
import { pageText } from './decode.js';
import { ImportPreview, ImportQuery, ImportResult } from './schemas.js';
import type { ImportsService } from './service.js';

const tags = ['imports'];
const PAGE_TYPES = /^text\/(plain|markdown)\s*(;|$)/i;
export const importsRoutes: FastifyPluginAsyncTypebox<{ imports: ImportsService; pageLimit: number }> = async (app, { imports, pageLimit }) => {
  app.addContentTypeParser(PAGE_TYPES, { parseAs: 'buffer', bodyLimit: pageLimit }, (_request, body, done) => done(null, body));

  /** The page's text and format, or a 415 for any other body. */
  const pageOf = (request: FastifyRequest): { text: string; format: 'plain' | 'markdown' } => {
    const contentType = request.headers['content-type'] ?? '';
    const match = PAGE_TYPES.exec(contentType);
    if (!match || !Buffer.isBuffer(request.body)) {
      throw new UnsupportedMediaType(`Send the page as text/plain or text/markdown, not ${contentType || 'an untyped body'}`);
    }
    return { text: pageText(request.body, contentType), format: match[1]!.toLowerCase() === 'markdown' ? 'markdown' : 'plain' };
  };
  const body = {
    content: {
      'text/plain': { schema: { description: 'The page' } },
      'text/markdown': { schema: { description: 'The page, Markdown headings marking its larger type' } },
    },
  };

  app.post(
    '/imports/page/preview',
    {
      bodyLimit: pageLimit,
      schema: {
        tags,
        summary: 'Read a page as an import would, storing nothing',
        description:
          'The dry run of `POST /imports/page`, for a desk to check a page before importing it: the stories and notices the page ' +
          'would become (heads, credits, bodies, photo slots, jumps, a notice’s fields, table shape and credit codes), every change ' +
          'and every line taken out (the page’s `furniture`, `jump` lines, `photo-slot` captions, `brief` items split off a briefs ' +
          'column) with its line, the warnings, and the `problems` that would refuse the import. Items are named by their place.',
        body,
        response: { 200: ImportPreview, ...problems(400, 401, 413, 415, 422) },
      },
    },
    async (request) => {
      const { text, format } = pageOf(request);
      return imports.preview(text, format);
    },
  );

  app.post(
    '/imports/page',
    {
      bodyLimit: pageLimit,
      schema: {
        tags,
        summary: 'Import a page of extracted newspaper text as drafts',
        description:
          'Send the page as `text/plain` or `text/markdown` (UTF-8, or GB18030 with `charset=gb18030`). Stories (kicker, headline, ' +
          'subtitle, bylines, sub-heads) and notices (title, salutation, preamble, contact, claim period, closing formula, issuer, ' +
          'date, typed table or a statement’s entries) become drafts, all or nothing. Paragraphs cut by column breaks are joined, ' +
          'half-width punctuation in Chinese text is made full-width and full ID numbers are masked; `changes` lists every repair ' +
          'with its line. Photo captions (图为…, ▲…, 上图：…, a line ending in or made of a credit such as （记者 孙悦 摄）) leave the ' +
          'body and are kept with the story’s draft as `photoSlots` awaiting their pictures, each listed as a `photo-slot` change; ' +
          'a photographer’s credit (记者 孙悦 摄, 文/图 记者 孙悦) credits the photographer. A bad table cell or a 合计 row that ' +
          'does not add up is a 422 naming the line, and nothing is stored. ' +
          'The same page sent again creates nothing and answers 200 with the first import’s drafts. `edition` and `page` (editors) ' +
          'add the drafts to that page.',
        querystring: ImportQuery,
        body,
        response: { 200: ImportResult, 201: ImportResult, ...problems(400, 401, 403, 404, 409, 413, 415, 422) },
      },
    },
    async (request, reply) => {
      const { text, format } = pageOf(request);
      const { section, edition, page } = request.query;
      if ((edition === undefined) !== (page === undefined)) {
        throw new ValidationFailed('Give edition and page together, or neither', [{ in: 'query', pointer: edition === undefined ? '/edition' : '/page', message: 'is required with the other' }]);
      }
      const { created, result } = await imports.importPage(request.actor, {
        text,
        format,
        ...(section !== undefined && { sectionId: section }),
        ...(edition !== undefined && page !== undefined && { placeOn: { date: edition, label: page } }),
      });
      return reply.code(created ? 201 : 200).send(result);
    },
  );
};
