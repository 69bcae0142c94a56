import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { BadRequest } from '../../errors.js';
import { problems, VersionHeaders } from '../../lib/schemas.js';
import { expectedVersion, tagVersion } from '../../lib/versions.js';
import {
  CreateEditionBody,
  Edition,
  EditionPage,
  EditionParams,
  ListEditionsQuery,
  Page,
  PageList,
  PageParams,
  Plan,
  PutPageBody,
  ReleaseBody,
  ReleaseResult,
  UpdateEditionBody,
} from './schemas.js';
import type { Planner } from './plan.js';
import type { Releases } from './release.js';
import type { EditionsService } from './service.js';

const tags = ['editions'];
const editors = { roles: ['editor', 'admin'] } as const;

const PutPageHeaders = Type.Object({
  'if-match': Type.Optional(Type.String({ description: 'The page’s current `ETag`, e.g. `"3"`: required to replace a page, absent to create one' })),
  'if-none-match': Type.Optional(Type.String({ description: '`*`: create the page only if it does not exist yet (412 otherwise)' })),
});

const optionalVersion = (ifMatch: string | undefined) => (ifMatch === undefined ? undefined : expectedVersion(ifMatch));

function createOnly(ifNoneMatch: string | undefined): boolean {
  if (ifNoneMatch === undefined) return false;
  if (ifNoneMatch.trim() === '*') return true;
  throw new BadRequest('If-None-Match on a page write can only be `*` (create it only if it does not exist)');
}

export const editionsRoutes: FastifyPluginAsyncTypebox<{ editions: EditionsService; releases: Releases; planner: Planner }> = async (app, { editions, releases, planner }) => {
  app.post(
    '/editions',
    {
      config: editors,
      schema: {
        tags,
        summary: 'Plan an edition',
        description: 'Editors and admins. One edition a day; the issue number (总第N期) is unique. It starts in `planning`.',
        body: CreateEditionBody,
        response: { 201: Edition, ...problems(400, 401, 403, 409) },
      },
    },
    async (request, reply) => {
      const edition = await editions.create(request.actor, request.body);
      tagVersion(reply, edition.version).header('location', `${app.prefix}/editions/${edition.date}`);
      return reply.code(201).send(edition);
    },
  );

  app.get(
    '/editions',
    {
      schema: {
        tags,
        summary: 'List editions, newest first',
        querystring: ListEditionsQuery,
        response: { 200: EditionPage, ...problems(400, 401) },
      },
    },
    async (request) => editions.list(request.query),
  );

  app.get(
    '/editions/:date',
    {
      schema: {
        tags,
        summary: 'An edition and its pages',
        params: EditionParams,
        response: { 200: Edition, ...problems(400, 401, 404) },
      },
    },
    async (request, reply) => {
      const edition = await editions.get(request.params.date);
      tagVersion(reply, edition.version);
      return edition;
    },
  );

  app.patch(
    '/editions/:date',
    {
      config: editors,
      schema: {
        tags,
        summary: 'Change an edition’s issue number',
        description: 'Editors and admins; `If-Match` required.',
        params: EditionParams,
        headers: VersionHeaders,
        body: UpdateEditionBody,
        response: { 200: Edition, ...problems(400, 401, 403, 404, 409, 412, 428) },
      },
    },
    async (request, reply) => {
      const edition = await editions.update(request.actor, request.params.date, expectedVersion(request.headers['if-match']), request.body);
      tagVersion(reply, edition.version);
      return edition;
    },
  );

  app.delete(
    '/editions/:date',
    {
      config: editors,
      schema: {
        tags,
        summary: 'Delete an edition being planned',
        description: 'Editors and admins; `If-Match` required. Its pages go with it; the stories and notices stay. A released edition cannot be deleted (409).',
        params: EditionParams,
        headers: VersionHeaders,
        response: { 204: Type.Null({ description: 'Deleted' }), ...problems(400, 401, 403, 404, 409, 412, 428) },
      },
    },
    async (request, reply) => {
      await editions.remove(request.actor, request.params.date, expectedVersion(request.headers['if-match']));
      return reply.code(204).send(null);
    },
  );

  app.get(
    '/editions/:date/pages',
    {
      schema: {
        tags,
        summary: 'Every page of an edition with its placements',
        params: EditionParams,
        response: { 200: PageList, ...problems(400, 401, 404) },
      },
    },
    async (request) => ({ items: await editions.pages(request.params.date) }),
  );

  app.get(
    '/editions/:date/pages/:label',
    {
      schema: {
        tags,
        summary: 'A page and its placements',
        params: PageParams,
        response: { 200: Page, ...problems(400, 401, 404) },
      },
    },
    async (request, reply) => {
      const page = await editions.page(request.params.date, request.params.label);
      tagVersion(reply, page.version);
      return page;
    },
  );

  app.put(
    '/editions/:date/pages/:label',
    {
      config: editors,
      schema: {
        tags,
        summary: 'Create or replace a page and its placements',
        description:
          'Editors and admins. Replaces the page’s fields and its whole list of placements in one transaction. ' +
          'Replacing an existing page needs `If-Match` (428 without it, 412 when stale); creating one needs none, and `If-None-Match: *` ' +
          'makes sure an existing page is not replaced. An article or notice is placed at most once per edition: placing it on a second ' +
          'page is a 409 naming the page that holds it. Items, section and page editor that do not exist are a 422 naming each.',
        params: PageParams,
        headers: PutPageHeaders,
        body: PutPageBody,
        response: { 200: Page, 201: Page, ...problems(400, 401, 403, 404, 409, 412, 422, 428) },
      },
    },
    async (request, reply) => {
      const { date, label } = request.params;
      const { page, created } = await editions.putPage(
        request.actor,
        date,
        label,
        { ifMatch: optionalVersion(request.headers['if-match']), ifNoneMatch: createOnly(request.headers['if-none-match']) },
        request.body,
      );
      tagVersion(reply, page.version);
      if (created) reply.header('location', `${app.prefix}/editions/${date}/pages/${label}`);
      return reply.code(created ? 201 : 200).send(page);
    },
  );

  app.delete(
    '/editions/:date/pages/:label',
    {
      config: editors,
      schema: {
        tags,
        summary: 'Delete a page',
        description: 'Editors and admins; `If-Match` required. Its stories and notices stay, off the page.',
        params: PageParams,
        headers: VersionHeaders,
        response: { 204: Type.Null({ description: 'Deleted' }), ...problems(400, 401, 403, 404, 412, 428) },
      },
    },
    async (request, reply) => {
      await editions.removePage(request.actor, request.params.date, request.params.label, expectedVersion(request.headers['if-match']));
      return reply.code(204).send(null);
    },
  );

  app.get(
    '/editions/:date/plan',
    {
      schema: {
        tags,
        summary: 'The flatplan of an edition',
        description:
          'Every page with its items in page order: each item’s workflow state, length in characters (and a notice’s table rows), ' +
          'schedule, whether it is ready for release or overdue, and its copy fit on the printed page; and a summary of empty pages, items not ready and items late. ' +
          'Every signed-in user may read it.',
        params: EditionParams,
        response: { 200: Plan, ...problems(400, 401, 404) },
      },
    },
    async (request, reply) => {
      const plan = await planner.plan(request.params.date, request.log);
      tagVersion(reply, plan.version);
      return plan;
    },
  );

  app.post(
    '/editions/:date/release',
    {
      config: editors,
      schema: {
        tags,
        summary: 'Release an edition',
        description:
          'Editors and admins. In one transaction, schedules every placed item not yet published for `at` (default: now) through the ' +
          'scheduled-publication mechanism: edited items are scheduled, scheduled ones due later are brought forward to `at`, ' +
          'ones due sooner keep their time. The edition itself becomes public at `at`. Drafts, submitted and withdrawn items block ' +
          'the release with a 409 whose `notReady` lists them, unless `force` is true: then they are skipped and listed in `skipped`. ' +
          'Releasing again before the edition is public moves it, items and all, to the new time; releasing a public edition ' +
          'again schedules what was placed since. `If-Match` is required: the edition’s version, as the plan shows it, so the ' +
          'release happens only if no page changed since the plan was read.',
        params: EditionParams,
        headers: VersionHeaders,
        body: Type.Union([ReleaseBody, Type.Null()]),
        response: { 200: ReleaseResult, ...problems(400, 401, 403, 404, 409, 412, 422, 428) },
      },
    },
    async (request, reply) => {
      const result = await releases.release(request.actor, request.params.date, expectedVersion(request.headers['if-match']), request.body ?? {});
      tagVersion(reply, result.edition.version);
      return result;
    },
  );
};
