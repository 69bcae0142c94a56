import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { IdParams, problems, VersionHeaders } from '../../lib/schemas.js';
import { expectedVersion, tagVersion } from '../../lib/versions.js';
import { CreatePersonBody, ListPeopleQuery, Person, PersonPage, UpdatePersonBody } from './schemas.js';
import type { PeopleService } from './service.js';

const tags = ['people'];
const writers = { roles: ['editor', 'admin'] } as const;

export const peopleRoutes: FastifyPluginAsyncTypebox<{ people: PeopleService }> = async (app, { people }) => {
  app.post(
    '/people',
    {
      config: writers,
      schema: {
        tags,
        summary: 'Add a contributor',
        description: 'Editors and admins. `defaultRole` defaults to reporter.',
        body: CreatePersonBody,
        response: { 201: Person, ...problems(400, 401, 403, 409, 422) },
      },
    },
    async (request, reply) => {
      const person = await people.create(request.actor, request.body);
      tagVersion(reply, person.version).header('location', `${app.prefix}/people/${person.id}`);
      return reply.code(201).send(person);
    },
  );

  app.get(
    '/people',
    {
      schema: {
        tags,
        summary: 'List or search contributors',
        querystring: ListPeopleQuery,
        response: { 200: PersonPage, ...problems(400, 401) },
      },
    },
    async (request) => people.list(request.query),
  );

  app.get(
    '/people/:id',
    { schema: { tags, summary: 'Get a contributor', params: IdParams, response: { 200: Person, ...problems(400, 401, 404) } } },
    async (request, reply) => {
      const person = await people.get(request.params.id);
      tagVersion(reply, person.version);
      return person;
    },
  );

  app.patch(
    '/people/:id',
    {
      config: writers,
      schema: {
        tags,
        summary: 'Change a contributor',
        description: 'Editors and admins; `If-Match` required.',
        params: IdParams,
        headers: VersionHeaders,
        body: UpdatePersonBody,
        response: { 200: Person, ...problems(400, 401, 403, 404, 409, 412, 422, 428) },
      },
    },
    async (request, reply) => {
      const person = await people.update(request.actor, request.params.id, expectedVersion(request.headers['if-match']), request.body);
      tagVersion(reply, person.version);
      return person;
    },
  );

  app.delete(
    '/people/:id',
    {
      config: writers,
      schema: {
        tags,
        summary: 'Delete a contributor',
        description: 'Editors and admins; `If-Match` required. Someone credited in a byline cannot be deleted (409).',
        params: IdParams,
        headers: VersionHeaders,
        response: { 204: Type.Null({ description: 'Deleted' }), ...problems(400, 401, 403, 404, 409, 412, 428) },
      },
    },
    async (request, reply) => {
      await people.remove(request.actor, request.params.id, expectedVersion(request.headers['if-match']));
      return reply.code(204).send(null);
    },
  );
};
