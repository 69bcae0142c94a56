import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyReply } from 'fastify';
import { ValidationFailed } from '../../errors.js';
import { problems } from '../../lib/schemas.js';
import { isDay } from '../editions/dates.js';
import { ArticleDraft, ArticleFitParams, ArticlePdfParams, DraftFit, EditionPdfParams, GalleyQuery, PageFit, PageFitParams, PagePdfParams } from './schemas.js';
import type { PrintService } from './service.js';

const tags = ['print'];
const editors = { roles: ['editor', 'admin'] } as const;
const Pdf = { description: 'A PDF', content: { 'application/pdf': { schema: { type: 'string', format: 'binary' } } } };

function day(date: string): string {
  if (!isDay(date)) throw new ValidationFailed(`${date} is not a calendar day`, [{ in: 'path', pointer: '/date', message: 'must be a real day, YYYY-MM-DD' }]);
  return date;
}

function sendPdf(reply: FastifyReply, pdf: Buffer, filename: string) {
  return reply.type('application/pdf').header('content-disposition', `inline; filename="${filename}"`).send(pdf);
}

/** Print proofs and PDFs, and copy-fit reports, under `/print`. Pages are the editors' (they may not be released yet); a galley also its reporter's. */
export const printRoutes: FastifyPluginAsyncTypebox<{ print: PrintService }> = async (app, { print }) => {
  app.get(
    '/editions/:date.pdf',
    {
      config: editors,
      schema: {
        tags,
        summary: 'A whole edition as one print PDF',
        description: 'Editors and admins. Every page in page order; the pages must share one grid (409 otherwise).',
        params: EditionPdfParams,
        response: { 200: Pdf, ...problems(400, 401, 403, 404, 409, 503) },
      },
    },
    async (request, reply) => {
      const date = day(request.params.date);
      return sendPdf(reply, await print.editionPdf(date), `${date}.pdf`);
    },
  );

  app.get(
    '/editions/:date/pages/:label.pdf',
    {
      config: editors,
      schema: {
        tags,
        summary: 'A page as a print PDF',
        description:
          'Editors and admins. The page on its grid: header strip, its items in page order across their columns. ' +
          'An item longer than its space is cut at a red mark that says by how much; what does not fit on the page at all is named at its foot.',
        params: PagePdfParams,
        response: { 200: Pdf, ...problems(400, 401, 403, 404, 503) },
      },
    },
    async (request, reply) => {
      const date = day(request.params.date);
      const { label } = request.params;
      return sendPdf(reply, await print.pagePdf(date, label), `${date}-${label}.pdf`);
    },
  );

  app.get(
    '/editions/:date/pages/:label/fit',
    {
      config: editors,
      schema: {
        tags,
        summary: 'Copy-fit report of a page',
        description: 'Editors and admins. For each item, the lines it needs and the lines its space holds, and how far over or under it is, in lines and characters.',
        params: PageFitParams,
        response: { 200: PageFit, ...problems(400, 401, 403, 404, 503) },
      },
    },
    async (request) => print.pageFit(day(request.params.date), request.params.label),
  );

  app.get(
    '/articles/:id.pdf',
    {
      schema: {
        tags,
        summary: 'An article’s galley proof',
        description:
          'Editors and admins any article; a reporter their own (403 for another’s), to see it fit before submitting. ' +
          'The article set at one column’s width, in any state; `X-Galley-Lines` and the proof’s foot give its length in lines.',
        params: ArticlePdfParams,
        querystring: GalleyQuery,
        response: { 200: Pdf, ...problems(400, 401, 403, 404, 503) },
      },
    },
    async (request, reply) => {
      const { id } = request.params;
      const galley = await print.galley(request.actor, id, request.query.grid);
      reply.header('x-galley-lines', String(galley.lines));
      return sendPdf(reply, galley.pdf, `article-${id}.pdf`);
    },
  );

  app.post(
    '/articles/:id/fit',
    {
      schema: {
        tags,
        summary: 'Copy-fit of an unsaved draft of an article',
        description:
          'The story editor’s live copy-fit: the draft (what the editor holds, not saved) measured as print sets it, by the same measure as the page proofs and the galley. ' +
          'When an edition places the article (the latest, if several do), the draft is measured on that page in its place, the page’s other items as stored: ' +
          '`placement` gives the lines its space holds and how far over (positive) or under (negative) the draft is, in lines and characters. ' +
          'Otherwise it is measured at one column of broadsheet-8 and `placement` is null. ' +
          'Nothing is saved and no PDF is made; a draft that changes one paragraph is measured again in that paragraph only. ' +
          'Editors and admins any article; a reporter their own (403 for another’s).',
        params: ArticleFitParams,
        body: ArticleDraft,
        response: { 200: DraftFit, ...problems(400, 401, 403, 404, 422, 503) },
      },
    },
    async (request) => print.draftFit(request.actor, request.params.id, request.body),
  );
};
