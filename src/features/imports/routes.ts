import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { BadRequest, UnsupportedMediaType, ValidationFailed } from '../../errors.js';
import { problems } from '../../lib/schemas.js';
import { ImportQuery, ImportResult } from './schemas.js';
import type { ImportsService } from './service.js';

const tags = ['imports'];
const PAGE_TYPES = /^text\/(plain|markdown)\s*(;|$)/i;
const GB_CHARSETS = /^(gb18030|gbk|gb2312)$/i;
/** C0 control characters no text page holds (tab, line feed, form feed and return are text). */
// eslint-disable-next-line no-control-regex -- finding control characters is the point
const CONTROL = /[\u0000-\u0008\u000B\u000E-\u001F\u007F]/u;

/** The page's text from the body: UTF-8 (a BOM is fine) or, when the charset says so, GB18030. */
export function pageText(body: Buffer, contentType: string): string {
  if (body.length === 0) throw new BadRequest('The page is empty: send its text as the body');
  const charset = /;\s*charset\s*=\s*"?([^";\s]*)/i.exec(contentType)?.[1] ?? 'utf-8';
  let text: string;
  if (/^utf-?8$/i.test(charset)) {
    try {
      text = new TextDecoder('utf-8', { fatal: true }).decode(body);
    } catch {
      throw new BadRequest(
        body.includes(0) ? 'The body is binary data, not the text of a page' : 'The page is not valid UTF-8; if it is GB18030 text, say so with charset=gb18030',
      );
    }
  } else if (GB_CHARSETS.test(charset)) {
    text = new TextDecoder('gb18030').decode(body);
  } else {
    throw new UnsupportedMediaType(`Send the page as UTF-8 or GB18030 text, not ${charset}`);
  }
  const control = CONTROL.exec(text);
  if (control) {
    const line = text.slice(0, control.index).split('\n').length;
    throw new BadRequest(`The body is binary data, not the text of a page: a control character (U+${control[0].codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}) on line ${line}`);
  }
  if (!text.isWellFormed()) throw new BadRequest('The page holds a lone surrogate and cannot be stored');
  text = text.replace(/^\uFEFF/u, '').replace(/\f/gu, '\n');
  if (text.trim() === '') throw new BadRequest('The page is empty: it holds only blank lines');
  return text;
}

export const importsRoutes: FastifyPluginAsyncTypebox<{ imports: ImportsService; pageLimit: number }> = async (app, { imports, pageLimit }) => {
  app.addContentTypeParser(PAGE_TYPES, { parseAs: 'buffer', bodyLimit: pageLimit }, (_request, body, done) => done(null, body));

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
          'with its line. A bad table cell or a 合计 row that does not add up is a 422 naming the line, and nothing is stored. ' +
          'The same page sent again creates nothing and answers 200 with the first import’s drafts. `edition` and `page` (editors) ' +
          'add the drafts to that page.',
        querystring: ImportQuery,
        body: {
          content: {
            'text/plain': { schema: { description: 'The page' } },
            'text/markdown': { schema: { description: 'The page, Markdown headings marking its larger type' } },
          },
        },
        response: { 200: ImportResult, 201: ImportResult, ...problems(400, 401, 403, 404, 409, 413, 415, 422) },
      },
    },
    async (request, reply) => {
      const contentType = request.headers['content-type'] ?? '';
      const match = PAGE_TYPES.exec(contentType);
      if (!match || !Buffer.isBuffer(request.body)) {
        throw new UnsupportedMediaType(`Send the page as text/plain or text/markdown, not ${contentType || 'an untyped body'}`);
      }
      const { section, edition, page } = request.query;
      if ((edition === undefined) !== (page === undefined)) {
        throw new ValidationFailed('Give edition and page together, or neither', [{ in: 'query', pointer: edition === undefined ? '/edition' : '/page', message: 'is required with the other' }]);
      }
      const text = pageText(request.body, contentType);
      const { created, result } = await imports.importPage(request.actor, {
        text,
        format: match[1]!.toLowerCase() === 'markdown' ? 'markdown' : 'plain',
        ...(section !== undefined && { sectionId: section }),
        ...(edition !== undefined && page !== undefined && { placeOn: { date: edition, label: page } }),
      });
      return reply.code(created ? 201 : 200).send(result);
    },
  );
};
