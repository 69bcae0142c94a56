import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import type { FastifyInstance, RouteOptions } from 'fastify';
import fp from 'fastify-plugin';
import { Problem } from '../lib/schemas.js';
import { OPERATIONS, type OperationName, type SuccessHeader } from './operations.js';

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

/**
 * The headers success responses carry, as OpenAPI documents them: a response schema's `headers`,
 * which @fastify/swagger copies into the response (the description beside the schema). Error
 * responses get theirs from `problems()` in lib/schemas.ts.
 */
const SUCCESS_HEADERS: Readonly<Record<SuccessHeader, { name: string; schema: Schema }>> = {
  version: {
    name: 'ETag',
    schema: {
      type: 'string',
      description: 'The item’s version as a strong entity tag, e.g. `"3"` (`"3-br"` or `"3-gzip"` on a compressed body); send it back as `If-Match` to change the item',
      examples: ['"3"'],
    },
  },
  location: { name: 'Location', schema: { type: 'string', description: 'The path of the item created', examples: ['/api/v1/articles/12'] } },
  contentTag: {
    name: 'ETag',
    schema: { type: 'string', description: 'A strong entity tag of this representation; send it as `If-None-Match` to get 304 while it is current' },
  },
  galleyLines: { name: 'X-Galley-Lines', schema: { type: 'string', description: 'How many lines the article takes at one column’s width', examples: ['128'] } },
};

/**
 * Gives the route its operationId from the table, describes the success answers it leaves
 * undescribed, and documents the headers the table says they carry. The route's schemas are
 * shared objects: each changed response is a copy.
 */
function nameOperation(route: RouteOptions): void {
  const methods = Array.isArray(route.method) ? route.method : [route.method];
  const named = methods.length === 1 ? OPERATIONS[`${methods[0]} ${route.url}`] : undefined;
  if (!named) return;
  const own = route.schema?.response as Record<string, Schema> | undefined;
  for (const status of Object.keys(named.headers ?? {})) {
    if (!own?.[status]) throw new Error(`${String(route.method)} ${route.url}: OPERATIONS names headers for ${status}, a response the route does not declare`);
  }
  const response = own && Object.fromEntries(Object.entries(own).map(([status, schema]) => [status, documented(schema, named, Number(status))]));
  route.schema = { ...route.schema, operationId: named.operationId, ...(response && { response }) };
}

function documented(schema: Schema, named: OperationName, status: number): Schema {
  const description = named.responses?.[status];
  const kinds = named.headers?.[status] ?? [];
  if (kinds.length === 0 && !(description && schema.description === undefined)) return schema;
  return {
    ...schema,
    ...(description && schema.description === undefined && { description }),
    ...(kinds.length > 0 && {
      headers: {
        ...(schema.headers as Schema | undefined),
        ...Object.fromEntries(kinds.map((kind) => [SUCCESS_HEADERS[kind].name, SUCCESS_HEADERS[kind].schema])),
      },
    }),
  };
}

export default fp(openapiPlugin, { name: 'openapi', fastify: '5.x' });
