import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { publicSectionsRoutes, sectionsRoutes } from './routes.js';
import type { SectionsService } from './service.js';

/** Sections (栏目/版面) under the newsroom API. */
export const sectionsApi: FastifyPluginAsyncTypebox<{ sections: SectionsService }> = async (app, { sections }) => {
  await app.register(sectionsRoutes, { sections });
};

/** The public list of sections under the content API. */
export const sectionsContent: FastifyPluginAsyncTypebox<{ sections: SectionsService }> = async (app, { sections }) => {
  await app.register(publicSectionsRoutes, { sections });
};
