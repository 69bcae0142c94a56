import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { peopleRoutes } from './routes.js';
import { createPeopleService } from './service.js';

/** Contributors (people credited in bylines) under the newsroom API. */
export const peopleApi: FastifyPluginAsyncTypebox = async (app) => {
  await app.register(peopleRoutes, { people: createPeopleService({ db: app.db }) });
};
