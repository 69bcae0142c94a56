import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { Problem } from '../lib/schemas.js';

export const API_VERSION = '0.1.0';

/** OpenAPI 3.1 generated from the route schemas, at `/openapi.json`, with an interactive reference at `/docs`. */
async function openapiPlugin(app: FastifyInstance): Promise<void> {
  app.addSchema(Problem);
  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'Newsroom',
        version: API_VERSION,
        description:
          'A newspaper content-management backend. `/api/v1` is the newsroom API (bearer token; roles reporter, editor, admin). ' +
          '`/content/v1` is the public delivery API: published content only, cacheable, open to any origin. ' +
          'Errors are RFC 9457 problem details (`application/problem+json`).',
      },
      tags: [
        { name: 'users', description: 'Users, API tokens and the signed-in user' },
        { name: 'sections', description: '栏目/版面: the sections of the paper and the site' },
        { name: 'people', description: 'Contributors credited in bylines' },
        { name: 'articles', description: 'Stories: filing, editing, the workflow, scheduling, revisions, corrections' },
        { name: 'notices', description: 'Structured public notices and their kinds: typed tables, imports, the workflow' },
        { name: 'editions', description: 'Editions and their pages: planning, the flatplan, the release' },
        { name: 'content', description: 'Public delivery API' },
        { name: 'web', description: 'The web site: HTML pages, the feed and the sitemaps' },
        { name: 'operations', description: 'Health and readiness' },
      ],
      components: {
        securitySchemes: {
          bearerAuth: { type: 'http', scheme: 'bearer', description: 'An API token issued by an admin' },
        },
      },
    },
    refResolver: { buildLocalReference: (json, _baseUri, _fragment, i) => String(json.$id ?? `def-${i}`) },
  });
  await app.register(swaggerUi, { routePrefix: '/docs', staticCSP: true });
  app.get('/openapi.json', { schema: { hide: true } }, async () => app.swagger());
}

export default fp(openapiPlugin, { name: 'openapi', fastify: '5.x' });
