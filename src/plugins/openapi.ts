import { isDeepStrictEqual } from 'node:util';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import type { FastifyInstance, FastifySchema, RouteOptions } from 'fastify';
import fp from 'fastify-plugin';
import { Problem, schemaName } from '../lib/schemas.js';
import { OPERATIONS, type OperationName, type SuccessHeader } from './operations.js';

export const API_VERSION = '0.1.0';

/** OpenAPI 3.1 generated from the route schemas, at `/openapi.json`, with an interactive reference at `/docs`. */
async function openapiPlugin(app: FastifyInstance): Promise<void> {
  app.addSchema(Problem);
  const named = new Map<string, Schema>();
  app.addHook('onRoute', (route) => {
    if (!route.schema || route.schema.hide) return;
    refuseUnlistedParameters(route);
    refuseNameClashes(route, named);
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
    transform: ({ schema, url, route }) => ({ schema: schema && documented(route, schema), url }),
    transformObject: (document) => ('openapiObject' in document ? withComponents(document.openapiObject) : document.swaggerObject),
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
 * Gives the route its operationId from the table. The headers the table names must belong to
 * responses the route declares: checked here, when the route is registered; they are documented
 * by `documented`, which the document alone sees.
 */
function nameOperation(route: RouteOptions): void {
  const named = operationOf(route);
  if (!named) return;
  const own = route.schema?.response as Record<string, Schema> | undefined;
  for (const status of Object.keys(named.headers ?? {})) {
    if (!own?.[status]) throw new Error(`${String(route.method)} ${route.url}: OPERATIONS names headers for ${status}, a response the route does not declare`);
  }
  route.schema = { ...route.schema, operationId: named.operationId };
}

function operationOf(route: RouteOptions): OperationName | undefined {
  const methods = Array.isArray(route.method) ? route.method : [route.method];
  return methods.length === 1 ? OPERATIONS[`${methods[0]} ${route.url}`] : undefined;
}

// ---------------------------------------------------------------------------------------------
// Named schemas. A schema named with `nameSchemas` (lib/schemas.ts) is one component of the
// document, `#/components/schemas/<name>`, and every body that has it refers to it. The route's
// own schemas are not touched: the copy the document is made from marks each named schema with
// MARK, @fastify/swagger converts it as any other, and `withComponents` moves each marked
// schema into the components, leaving a `$ref` where it was.

const MARK = 'x-component-name';
const COMPONENTS = '#/components/schemas/';

/**
 * A name stands for one shape: a second schema of the same name that differs from the first
 * (two features naming their own `Figures`) is refused when its route is registered.
 */
function refuseNameClashes(route: RouteOptions, named: Map<string, Schema>): void {
  (function walk(node: unknown): void {
    if (Array.isArray(node)) return node.forEach(walk);
    if (typeof node !== 'object' || node === null) return;
    const name = schemaName(node);
    const first = name === undefined ? undefined : named.get(name);
    if (name !== undefined && first === undefined) named.set(name, node as Schema);
    else if (first !== undefined && first !== node && !isDeepStrictEqual(first, node)) {
      throw new Error(`${String(route.method)} ${route.url}: two different schemas are named ${name}; give one of them another name in nameSchemas`);
    }
    Object.values(node).forEach(walk);
  })([route.schema?.body, route.schema?.response]);
}

/** A copy of a schema for the document, each named schema in it carrying its name as MARK. */
function marked(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(marked);
  if (typeof node !== 'object' || node === null) return node;
  const copy: Schema = Object.fromEntries(Object.entries(node).map(([key, value]) => [key, marked(value)]));
  const name = schemaName(node);
  return name === undefined ? copy : { ...copy, [MARK]: name };
}

/**
 * The route's schema as the document shows it: named schemas in the bodies marked, and the
 * success answers described and given the headers the table says they carry, in the keywords
 * @fastify/swagger reads for a response (`x-response-description`, `headers`) and removes from
 * the schema, so a named schema stays one shape.
 */
function documented(route: RouteOptions, schema: FastifySchema): FastifySchema {
  const named = operationOf(route);
  const own = schema.response as Record<string, unknown> | undefined;
  const response = own && Object.fromEntries(Object.entries(own).map(([status, s]) => [status, described(marked(s) as Schema, named, Number(status))]));
  return { ...schema, ...(schema.body !== undefined && { body: marked(schema.body) }), ...(response && { response }) };
}

function described(schema: Schema, named: OperationName | undefined, status: number): Schema {
  const description = named?.responses?.[status];
  const kinds = named?.headers?.[status] ?? [];
  return {
    ...schema,
    ...(description && schema.description === undefined && { 'x-response-description': description }),
    ...(kinds.length > 0 && {
      headers: {
        ...(schema.headers as Schema | undefined),
        ...Object.fromEntries(kinds.map((kind) => [SUCCESS_HEADERS[kind].name, SUCCESS_HEADERS[kind].schema])),
      },
    }),
  };
}

/**
 * Moves every schema marked with a name into `components.schemas` and refers to it there,
 * innermost first, so a named schema inside another is a reference in the component too.
 * The components are listed by name. The same name met as two shapes stops the document.
 */
function withComponents<T extends { components?: { schemas?: Record<string, unknown> } }>(document: T): T {
  const found = new Map<string, unknown>();
  const hoisted = (function hoist(node: unknown): unknown {
    if (Array.isArray(node)) return node.map(hoist);
    if (typeof node !== 'object' || node === null) return node;
    const { [MARK]: name, ...rest } = node as Schema;
    const schema = Object.fromEntries(Object.entries(rest).map(([key, value]) => [key, hoist(value)]));
    if (typeof name !== 'string') return schema;
    refuseTwoShapes(name, found.get(name), schema);
    found.set(name, schema);
    return { $ref: `${COMPONENTS}${encodeURIComponent(name)}` };
  })(document) as T;
  const schemas: Record<string, unknown> = { ...hoisted.components?.schemas };
  for (const [name, schema] of found) {
    refuseTwoShapes(name, schemas[name], schema);
    schemas[name] = schema;
  }
  const sorted = Object.fromEntries(Object.entries(schemas).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
  return { ...hoisted, components: { ...hoisted.components, schemas: sorted } };
}

function refuseTwoShapes(name: string, first: unknown, second: unknown): void {
  if (first !== undefined && !isDeepStrictEqual(first, second)) throw new Error(`The OpenAPI document would have two different schemas named ${name}`);
}

export default fp(openapiPlugin, { name: 'openapi', fastify: '5.x' });
