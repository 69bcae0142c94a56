import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { publicSectionsRoutes, sectionsRoutes } from './routes.js';
import { createSectionsService } from './service.js';

/** Sections (栏目/版面) under the newsroom API. */
export const sectionsApi: FastifyPluginAsyncTypebox = async (app) => {
  await app.register(sectionsRoutes, { sections: createSectionsService({ db: app.db }) });
};

/** The public list of sections under the content API. */
export const sectionsContent: FastifyPluginAsyncTypebox = async (app) => {
  await app.register(publicSectionsRoutes, { sections: createSectionsService({ db: app.db }) });
};
