import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { IdParams, problems, VersionHeaders } from '../../lib/schemas.js';
import { expectedVersion, tagVersion } from '../../lib/versions.js';
import {
  CreateUserBody,
  IssuedToken,
  IssueTokenBody,
  ListUsersQuery,
  Me,
  TokenList,
  UpdateUserBody,
  User,
  UserPage,
} from './schemas.js';
import type { UsersService } from './service.js';

const tags = ['users'];

export const usersRoutes: FastifyPluginAsyncTypebox<{ users: UsersService }> = async (app, { users }) => {
  app.post(
    '/users',
    {
      config: { roles: ['admin'] },
      schema: {
        tags,
        summary: 'Create a user',
        description: 'Admins only. The user has no token yet: issue one with `POST /users/{id}/tokens`.',
        body: CreateUserBody,
        response: { 201: User, ...problems(400, 401, 403, 409) },
      },
    },
    async (request, reply) => {
      const user = await users.create(request.actor, request.body);
      tagVersion(reply, user.version).header('location', `${app.prefix}/users/${user.id}`);
      return reply.code(201).send(user);
    },
  );

  app.get(
    '/users',
    {
      config: { roles: ['editor', 'admin'] },
      schema: {
        tags,
        summary: 'List users',
        querystring: ListUsersQuery,
        response: { 200: UserPage, ...problems(400, 401, 403) },
      },
    },
    async (request) => users.list(request.query),
  );

  app.get(
    '/users/:id',
    {
      config: { roles: ['editor', 'admin'] },
      schema: { tags, summary: 'Get a user', params: IdParams, response: { 200: User, ...problems(400, 401, 403, 404) } },
    },
    async (request, reply) => {
      const user = await users.get(request.params.id);
      tagVersion(reply, user.version);
      return user;
    },
  );

  app.patch(
    '/users/:id',
    {
      config: { roles: ['admin'] },
      schema: {
        tags,
        summary: 'Change a user’s name, role or active flag',
        description: 'Admins only. The last active admin cannot be demoted or deactivated.',
        params: IdParams,
        headers: VersionHeaders,
        body: UpdateUserBody,
        response: { 200: User, ...problems(400, 401, 403, 404, 409, 412, 428) },
      },
    },
    async (request, reply) => {
      const version = expectedVersion(request.headers['if-match']);
      const user = await users.update(request.actor, request.params.id, version, request.body);
      tagVersion(reply, user.version);
      return user;
    },
  );

  app.post(
    '/users/:id/tokens',
    {
      config: { roles: ['admin'] },
      schema: {
        tags,
        summary: 'Issue an API token',
        description: 'Admins only. The token is in this response and nowhere else: only its hash is stored.',
        params: IdParams,
        body: Type.Optional(IssueTokenBody),
        response: { 201: IssuedToken, ...problems(400, 401, 403, 404, 409, 422) },
      },
      // Fastify validates a missing body as null, which no object schema (optional or not) accepts.
      preValidation: async (request) => {
        request.body ??= {};
      },
    },
    async (request, reply) => {
      const token = await users.issueToken(request.actor, request.params.id, request.body ?? {});
      return reply.code(201).header('cache-control', 'no-store').send(token);
    },
  );

  app.get(
    '/users/:id/tokens',
    {
      config: { roles: ['admin'] },
      schema: {
        tags,
        summary: 'List a user’s tokens',
        description: 'Admins only. Shows each token’s label, hint and dates, never the secret.',
        params: IdParams,
        response: { 200: TokenList, ...problems(400, 401, 403, 404) },
      },
    },
    async (request) => ({ items: await users.listTokens(request.params.id) }),
  );

  app.delete(
    '/tokens/:id',
    {
      schema: {
        tags,
        summary: 'Revoke a token',
        description: 'Admins revoke any token, other users their own. A revoked token is refused at once.',
        params: IdParams,
        response: { 204: Type.Null({ description: 'Revoked' }), ...problems(400, 401, 404) },
      },
    },
    async (request, reply) => {
      await users.revokeToken(request.actor, request.params.id);
      return reply.code(204).send(null);
    },
  );

  app.get(
    '/me',
    {
      schema: { tags, summary: 'The signed-in user', response: { 200: Me, ...problems(401) } },
    },
    async (request) => ({ user: await users.get(request.actor.userId), tokenId: request.actor.tokenId! }),
  );
};
