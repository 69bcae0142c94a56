import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { IdParams, problems, VersionHeaders } from '../../lib/schemas.js';
import { expectedVersion, tagVersion } from '../../lib/versions.js';
import { CreateSectionBody, ListSectionsQuery, PublicSectionList, Section, SectionPage, UpdateSectionBody } from './schemas.js';
import type { SectionsService } from './service.js';

const tags = ['sections'];
const writers = { roles: ['editor', 'admin'] } as const;

export const sectionsRoutes: FastifyPluginAsyncTypebox<{ sections: SectionsService }> = async (app, { sections }) => {
  app.post(
    '/sections',
    {
      config: writers,
      schema: {
        tags,
        summary: 'Create a section',
        description: 'Editors and admins. Without `position` the section goes after its last sibling.',
        body: CreateSectionBody,
        response: { 201: Section, ...problems(400, 401, 403, 409, 422) },
      },
    },
    async (request, reply) => {
      const section = await sections.create(request.actor, request.body);
      tagVersion(reply, section.version).header('location', `${app.prefix}/sections/${section.id}`);
      return reply.code(201).send(section);
    },
  );

  app.get(
    '/sections',
    {
      schema: { tags, summary: 'List sections', querystring: ListSectionsQuery, response: { 200: SectionPage, ...problems(400, 401) } },
    },
    async (request) => sections.list(request.query),
  );

  app.get(
    '/sections/:id',
    { schema: { tags, summary: 'Get a section', params: IdParams, response: { 200: Section, ...problems(400, 401, 404) } } },
    async (request, reply) => {
      const section = await sections.get(request.params.id);
      tagVersion(reply, section.version);
      return section;
    },
  );

  app.patch(
    '/sections/:id',
    {
      config: writers,
      schema: {
        tags,
        summary: 'Change a section',
        description: 'Editors and admins; `If-Match` required. A section cannot move under itself or its subsections.',
        params: IdParams,
        headers: VersionHeaders,
        body: UpdateSectionBody,
        response: { 200: Section, ...problems(400, 401, 403, 404, 409, 412, 422, 428) },
      },
    },
    async (request, reply) => {
      const section = await sections.update(request.actor, request.params.id, expectedVersion(request.headers['if-match']), request.body);
      tagVersion(reply, section.version);
      return section;
    },
  );

  app.delete(
    '/sections/:id',
    {
      config: writers,
      schema: {
        tags,
        summary: 'Delete a section',
        description: 'Editors and admins; `If-Match` required. A section with subsections or content cannot be deleted (409).',
        params: IdParams,
        headers: VersionHeaders,
        response: { 204: Type.Null({ description: 'Deleted' }), ...problems(400, 401, 403, 404, 409, 412, 428) },
      },
    },
    async (request, reply) => {
      await sections.remove(request.actor, request.params.id, expectedVersion(request.headers['if-match']));
      return reply.code(204).send(null);
    },
  );
};

export const publicSectionsRoutes: FastifyPluginAsyncTypebox<{ sections: SectionsService }> = async (app, { sections }) => {
  app.get(
    '/sections',
    {
      schema: {
        tags: ['content'],
        summary: 'Every section, for site navigation',
        description: 'Public and cacheable: sends `ETag` and answers `If-None-Match` with 304.',
        response: { 200: PublicSectionList, 304: Type.Null({ description: 'Not modified' }) },
      },
    },
    async (_request, reply) => reply.sendCacheable({ items: await sections.publicTree() }, { keys: ['sections'] }),
  );
};
