import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { IdParams, OptionalVersionHeaders, problems, VersionHeaders } from '../../lib/schemas.js';
import { expectedVersion, tagVersion } from '../../lib/versions.js';
import {
  Article,
  ArticlePage,
  ArticleWithNotice,
  Correction,
  CorrectionBody,
  CreateArticleBody,
  ListArticlesQuery,
  UpdateArticleBody,
} from './schemas.js';
import { RevisionDetail, RevisionList, RevisionParams, StatusBody } from '../../publishing/schemas.js';
import type { ArticlesService } from './service.js';

const tags = ['articles'];

export const articlesRoutes: FastifyPluginAsyncTypebox<{ articles: ArticlesService }> = async (app, { articles }) => {
  app.post(
    '/articles',
    {
      schema: {
        tags,
        summary: 'File an article',
        description: 'Any signed-in user; the article starts as a draft. Credits given by `name` find or create the person.',
        body: CreateArticleBody,
        response: { 201: Article, ...problems(400, 401, 422) },
      },
    },
    async (request, reply) => {
      const article = await articles.create(request.actor, request.body);
      tagVersion(reply, article.version).header('location', `${app.prefix}/articles/${article.id}`);
      return reply.code(201).send(article);
    },
  );

  app.get(
    '/articles',
    {
      schema: {
        tags,
        summary: 'List articles',
        description: 'Every state. `overdue=true`: scheduled articles more than a minute past their time.',
        querystring: ListArticlesQuery,
        response: { 200: ArticlePage, ...problems(400, 401) },
      },
    },
    async (request) => articles.list(request.query),
  );

  app.get(
    '/articles/:id',
    { schema: { tags, summary: 'Get an article', params: IdParams, response: { 200: Article, ...problems(400, 401, 404) } } },
    async (request, reply) => {
      const article = await articles.get(request.params.id);
      tagVersion(reply, article.version);
      return article;
    },
  );

  app.patch(
    '/articles/:id',
    {
      schema: {
        tags,
        summary: 'Edit an article',
        description:
          'Editors edit any article; reporters their own drafts. `If-Match` required. Editing a scheduled article keeps it ' +
          'scheduled with the new text, and the response says so in `stillScheduled`.',
        params: IdParams,
        headers: VersionHeaders,
        body: UpdateArticleBody,
        response: { 200: ArticleWithNotice, ...problems(400, 401, 403, 404, 412, 422, 428) },
      },
    },
    async (request, reply) => {
      const article = await articles.update(request.actor, request.params.id, expectedVersion(request.headers['if-match']), request.body);
      tagVersion(reply, article.version);
      return article;
    },
  );

  app.post(
    '/articles/:id/status',
    {
      schema: {
        tags,
        summary: 'Move an article through the workflow',
        description:
          'draft → submitted → edited → scheduled → published → withdrawn; withdrawn → edited revives; edited → published ' +
          'publishes at once; each step back by one. Reporters submit and pull back their own work; editors make every move. ' +
          'An illegal move is 409 with the moves `allowed`. `If-Match` required.',
        params: IdParams,
        headers: VersionHeaders,
        body: StatusBody,
        response: { 200: Article, ...problems(400, 401, 403, 404, 409, 412, 422, 428) },
      },
    },
    async (request, reply) => {
      const article = await articles.changeStatus(request.actor, request.params.id, expectedVersion(request.headers['if-match']), request.body);
      tagVersion(reply, article.version);
      return article;
    },
  );

  app.get(
    '/articles/:id/revisions',
    { schema: { tags, summary: 'Every saved version of an article', params: IdParams, response: { 200: RevisionList, ...problems(400, 401, 404) } } },
    async (request) => ({ items: await articles.revisions(request.params.id) }),
  );

  app.get(
    '/articles/:id/revisions/:version',
    { schema: { tags, summary: 'One saved version, in full', params: RevisionParams, response: { 200: RevisionDetail('article'), ...problems(400, 401, 404) } } },
    async (request) => articles.revision(request.params.id, request.params.version),
  );

  app.get(
    '/articles/:id/corrections',
    {
      schema: { tags, summary: 'Corrections of an article', params: IdParams, response: { 200: Type.Object({ items: Type.Array(Correction) }), ...problems(400, 401, 404) } },
    },
    async (request) => ({ items: await articles.corrections(request.params.id) }),
  );

  app.post(
    '/articles/:id/corrections',
    {
      config: { roles: ['editor', 'admin'] },
      schema: {
        tags,
        summary: 'Append a correction to a published article',
        description: 'Editors. Shown, dated, with the published article. `If-Match` is optional: appending cannot overwrite anyone’s work.',
        params: IdParams,
        headers: OptionalVersionHeaders,
        body: CorrectionBody,
        response: { 201: Correction, ...problems(400, 401, 403, 404, 409, 412) },
      },
    },
    async (request, reply) => {
      const ifMatch = request.headers['if-match'];
      const { correction, version } = await articles.correct(
        request.actor,
        request.params.id,
        ifMatch === undefined ? undefined : expectedVersion(ifMatch),
        request.body.text,
      );
      tagVersion(reply, version);
      return reply.code(201).send(correction);
    },
  );
};
