import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import type { FastifyInstance, RouteOptions } from 'fastify';
import fp from 'fastify-plugin';
import { Problem } from '../lib/schemas.js';
import { OPERATIONS } from './operations.js';

export const API_VERSION = '0.1.0';

/** OpenAPI 3.1 generated from the route schemas, at `/openapi.json`, with an interactive reference at `/docs`. */
async function openapiPlugin(app: FastifyInstance): Promise<void> {
  app.addSchema(Problem);
  app.addHook('onRoute', (route) => {
    if (!route.schema || route.schema.hide) return;
    refuseUnlistedParameters(route);
    nameOperation(route);
  });
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

type Schema = Record<string, unknown>;

/**
 * A query, path or header schema is documented parameter by parameter, from its `properties`.
 * An object schema without them (`{ type: 'object' }`) would be documented as parameters named
 * after its keywords (`type`, whose schema is the string "object"): an invalid document. Such a
 * route is refused when it is registered, before any document is made from it.
 */
function refuseUnlistedParameters(route: RouteOptions): void {
  for (const part of ['querystring', 'params', 'headers'] as const) {
    const schema = route.schema?.[part] as Schema | undefined;
    if (schema === undefined || 'properties' in schema || '$ref' in schema || 'anyOf' in schema || 'oneOf' in schema || 'allOf' in schema) continue;
    throw new Error(
      `${String(route.method)} ${route.url}: its ${part} schema lists no properties, so it cannot be documented as parameters; ` +
        'give it `properties` (an empty object when it names none)',
    );
  }
}

/** Gives the route its operationId from the table, and describes the success answers it leaves undescribed. */
function nameOperation(route: RouteOptions): void {
  const methods = Array.isArray(route.method) ? route.method : [route.method];
  const named = methods.length === 1 ? OPERATIONS[`${methods[0]} ${route.url}`] : undefined;
  if (!named) return;
  const own = route.schema?.response as Record<string, Schema> | undefined;
  const response = own && Object.fromEntries(
    Object.entries(own).map(([status, schema]) => {
      const description = named.responses?.[Number(status)];
      return [status, description && schema.description === undefined ? { ...schema, description } : schema];
    }),
  );
  route.schema = { ...route.schema, operationId: named.operationId, ...(response && { response }) };
}

export default fp(openapiPlugin, { name: 'openapi', fastify: '5.x' });
