import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { peopleRoutes } from './routes.js';
import type { PeopleService } from './service.js';

/** Contributors (people credited in bylines) under the newsroom API. */
export const peopleApi: FastifyPluginAsyncTypebox<{ people: PeopleService }> = async (app, { people }) => {
  await app.register(peopleRoutes, { people });
};
