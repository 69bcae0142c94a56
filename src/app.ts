import { randomUUID } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import AjvCompiler from '@fastify/ajv-compiler';
import cors from '@fastify/cors';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import Fastify, { LogController, type FastifyInstance, type FastifyServerOptions } from 'fastify';
import type { Config } from './config.js';
import type { DatabaseHandle } from './db/client.js';
import { ERROR_MESSAGE, problems } from './lib/schemas.js';
import { DEFAULT_TIME_ZONE } from './lib/time.js';
import { articlesApi, articlesContent } from './features/articles/index.js';
import { auditApi } from './features/audit/index.js';
import { editionsApi, editionsContent } from './features/editions/index.js';
import { healthRoutes } from './features/health/routes.js';
import { importsApi } from './features/imports/index.js';
import { noticesApi, noticesContent } from './features/notices/index.js';
import { printApi } from './features/print/index.js';
import { peopleApi } from './features/people/index.js';
import { sectionsApi, sectionsContent } from './features/sections/index.js';
import { mediaRoutes, photosApi } from './features/photos/index.js';
import { searchApi, searchContent } from './features/search/index.js';
import { usersApi } from './features/users/index.js';
import { webSite } from './features/web/index.js';
import { deskApp } from './features/desk/index.js';
import auth from './plugins/auth.js';
import { answerClientError, answerFrameworkError } from './plugins/framework-errors.js';
import caching from './plugins/caching.js';
import compression from './plugins/compression.js';
import database from './plugins/database.js';
import input from './plugins/input.js';
import openapi from './plugins/openapi.js';
import problemDetails from './plugins/problem-details.js';
import printPlugin from './plugins/print.js';
import publishing, { type PublishingOptions } from './plugins/publishing.js';
import { ContentCache } from './publishing/content-cache.js';
import { configureSharp } from './render/media/renditions.js';
import { createFilesystemStore, type MediaStore } from './render/media/store.js';
import { PrintPool } from './render/print/pool.js';
import { createServices, type Services } from './services.js';
import { systemClock, type Clock } from './lib/clock.js';

export interface AppDependencies {
  config: Pick<Config, 'bodyLimit' | 'publicBaseUrl'> & Partial<
      Pick<Config, 'tableLimit' | 'siteName' | 'printWorkers' | 'printRendersPerWorker' | 'authFailureLimit' | 'trustProxy' | 'apiCorsOrigins' | 'timeZone' | 'deskIdleMinutes' | 'deskSessionHours' | 'mediaLimit'>
    >;
  /**
   * Where photos' files are kept. The server passes the configured store (MEDIA_STORE); without
   * one (tests, tools) a folder under the system's temporary directory, shared and content-addressed.
   */
  media?: MediaStore;
  database: DatabaseHandle;
  /** Pino options or `false`; tests pass `false`. */
  logger?: FastifyServerOptions['logger'];
  /** Run the scheduled-publication loop in this instance; default off. */
  publisher?: PublishingOptions['publisher'];
  /** Where services read the time; the system's by default. */
  clock?: Clock;
}

declare module 'fastify' {
  interface FastifyInstance {
    /**
     * The services the app was built with, for the process and for tools around it (the server
     * bootstraps its admin through them). Routes and plugins never read them from here: each is
     * handed the services it calls when it is registered.
     */
    services: Services;
  }
}

/** Bad bearer tokens a client may present in a minute when the configuration names no limit. */
const DEFAULT_AUTH_FAILURE_LIMIT = 20;

/** The photo size limit when the configuration names none (40 MiB). */
const DEFAULT_MEDIA_LIMIT = 41_943_040;

/** The notice-table limit when the configuration names none (32 MiB: a 100,000-row CSV is about 8 MiB). */
const DEFAULT_TABLE_LIMIT = 33_554_432;

const REQUEST_ID = /^[\w.:-]{1,128}$/;

const ajvFactory = AjvCompiler();
/**
 * `verbose` reports each error with the schema that failed, whose plain words (`x-error-message`)
 * the problem details say instead of a pattern; the validator knows that keyword as an annotation.
 */
const AJV_OPTIONS = { removeAdditional: false, allErrors: true, useDefaults: true, verbose: true, keywords: [ERROR_MESSAGE] };

/**
 * Query strings and paths arrive as text, so their validator coerces `?limit=5` to a number;
 * JSON bodies are typed already, so theirs coerces nothing: `{"name": 123}` is a 400, not "123".
 */
const buildValidator: typeof ajvFactory = (externalSchemas) => {
  const coercing = ajvFactory(externalSchemas, { customOptions: { ...AJV_OPTIONS, coerceTypes: 'array' } });
  const strict = ajvFactory(externalSchemas, { customOptions: { ...AJV_OPTIONS, coerceTypes: false } });
  return (route) => (route.httpPart === 'body' ? strict(route) : coercing(route));
};

/** Documents, on each documented route of a scope, problems it may answer besides its own. */
function mayAlsoAnswer(scope: FastifyInstance, ...statuses: number[]): void {
  scope.addHook('onRoute', (route) => {
    const own = route.schema?.response as Record<number, unknown> | undefined;
    if (!own || route.schema?.hide) return;
    route.schema = { ...route.schema, response: { ...own, ...problems(...statuses.filter((status) => !(status in own))) } };
  });
}

/** A scope whose every route needs a bearer token, documented as such, and is never cached by others. */
function signedIn(scope: FastifyInstance): void {
  mayAlsoAnswer(scope, 429);
  scope.addHook('onRoute', (route) => {
    route.schema = { ...route.schema, security: [{ bearerAuth: [] }] };
  });
  scope.addHook('onRequest', scope.authenticate);
  scope.addHook('onSend', async (_request, reply) => {
    if (!reply.hasHeader('cache-control')) reply.header('cache-control', 'private, no-cache');
  });
}

/**
 * CORS for a signed-in scope, for the browser origins the configuration names (none: no CORS).
 * Registered before the sign-in hook, so a browser's preflight (which carries no token) is answered.
 */
async function newsroomCors(scope: FastifyInstance, origins: readonly string[]): Promise<void> {
  if (origins.length === 0) return;
  await scope.register(cors, {
    origin: [...origins],
    methods: ['GET', 'POST', 'PATCH', 'PUT', 'DELETE'],
    allowedHeaders: ['Authorization', 'Content-Type', 'If-Match', 'X-Request-Id'],
    exposedHeaders: ['ETag', 'X-Request-Id', 'Location', 'Retry-After', 'X-Galley-Lines', 'Content-Disposition'],
    maxAge: 600,
    strictPreflight: false,
  });
}

/** Builds the whole service on an opened database. Never listens: `server.ts` owns the process. */
export async function buildApp(deps: AppDependencies): Promise<FastifyInstance> {
  const timeZone = deps.config.timeZone ?? DEFAULT_TIME_ZONE;
  const app = Fastify({
    logger: deps.logger ?? false,
    bodyLimit: deps.config.bodyLimit,
    // A caller's request id is kept when it is sane, so logs line up across services.
    genReqId: (req) => {
      const given = req.headers['x-request-id'];
      return typeof given === 'string' && REQUEST_ID.test(given) ? given : randomUUID();
    },
    // A request during shutdown gets 503 as problem+json from the problem-details plugin, not Fastify's own JSON.
    return503OnClosing: false,
    // Paths the router cannot look up are refused as problem+json too.
    frameworkErrors: answerFrameworkError,
    // Bytes Node's HTTP parser refuses (raw UTF-8 in the request target) are answered as problem+json too.
    clientErrorHandler: answerClientError,
    trustProxy: deps.config.trustProxy ?? false,
    // One line per request, written when it is answered (below), instead of Fastify's two.
    logController: new LogController({ disableRequestLogging: true }),
    routerOptions: { ignoreTrailingSlash: true, maxParamLength: 200 },
    schemaController: { compilersFactory: { buildValidator } },
  }).withTypeProvider<TypeBoxTypeProvider>();

  app.addHook('onRequest', async (request, reply) => {
    reply.header('x-request-id', request.id);
  });
  app.addHook('onResponse', async (request, reply) => {
    request.log.info({ req: request, res: reply, responseTime: reply.elapsedTime }, 'request completed');
  });

  configureSharp();
  const cache = new ContentCache();
  const printPool = new PrintPool({ size: deps.config.printWorkers ?? 1, maxRenders: deps.config.printRendersPerWorker ?? 100, timeoutMs: 60_000 });
  const services = createServices({
    db: deps.database.db,
    withSettings: deps.database.withSettings,
    cache,
    printPool,
    media: deps.media ?? createFilesystemStore(join(tmpdir(), 'newsroom-media')),
    clock: deps.clock ?? systemClock,
    config: {
      publicBaseUrl: deps.config.publicBaseUrl,
      siteName: deps.config.siteName ?? 'Newsroom',
      timeZone,
      deskIdleMinutes: deps.config.deskIdleMinutes,
      deskSessionHours: deps.config.deskSessionHours,
    },
  });
  app.decorate('services', services);

  await app.register(problemDetails);
  await app.register(input);
  await app.register(database, { database: deps.database });
  await app.register(auth, { credentials: services.credentials, failuresPerMinute: deps.config.authFailureLimit ?? DEFAULT_AUTH_FAILURE_LIMIT });
  // Before every route: the compression hook is added to each route as it is registered.
  await app.register(compression);
  await app.register(caching);
  await app.register(openapi);
  await app.register(publishing, { cache, kinds: services.publishable, publisher: deps.publisher ?? false });
  await app.register(printPlugin, { pool: printPool });

  await app.register(healthRoutes);
  // Every route after this one reads the database, which may be out of reach for a moment.
  mayAlsoAnswer(app, 503);

  // The newsroom API: every route needs a bearer token; `config.roles` narrows who may call it.
  await app.register(
    async (api) => {
      await newsroomCors(api, deps.config.apiCorsOrigins ?? []);
      signedIn(api);
      await api.register(usersApi, { users: services.users });
      await api.register(sectionsApi, { sections: services.sections });
      await api.register(peopleApi, { people: services.people });
      await api.register(articlesApi, { articles: services.articles });
      await api.register(photosApi, { photos: services.photos, mediaLimit: deps.config.mediaLimit ?? DEFAULT_MEDIA_LIMIT });
      await api.register(noticesApi, { notices: services.notices, kinds: services.noticeKinds, tableLimit: deps.config.tableLimit ?? DEFAULT_TABLE_LIMIT });
      await api.register(editionsApi, { editions: services.editions, releases: services.releases, planner: services.planner });
      await api.register(importsApi, { imports: services.imports, pageLimit: deps.config.tableLimit ?? DEFAULT_TABLE_LIMIT });
      await api.register(auditApi, { audit: services.audit });
      await api.register(searchApi, { search: services.search });
    },
    { prefix: '/api/v1' },
  );

  // Print proofs and PDFs: signed in like the newsroom API, at their own paths.
  await app.register(
    async (print) => {
      await newsroomCors(print, deps.config.apiCorsOrigins ?? []);
      signedIn(print);
      await print.register(printApi, { print: services.print });
    },
    { prefix: '/print' },
  );

  // The public delivery API: published content only, cacheable, any origin.
  await app.register(
    async (content) => {
      await content.register(cors, {
        origin: '*',
        methods: ['GET', 'HEAD'],
        exposedHeaders: ['ETag', 'X-Request-Id'],
        maxAge: 86400,
        // An OPTIONS request short of a full preflight gets the preflight answer, not the plugin's plain-text 400.
        strictPreflight: false,
      });
      await content.register(sectionsContent, { sections: services.sections });
      await content.register(articlesContent, { published: services.published.articles });
      await content.register(noticesContent, { published: services.published.notices });
      await content.register(editionsContent, { published: services.published.editions });
      await content.register(searchContent, { search: services.search });
    },
    { prefix: '/content/v1' },
  );

  // Published photos' renditions, for the site's pages and for front-ends.
  await app.register(mediaRoutes, { photos: services.photos });

  // The web site: the same published content as HTML pages, a feed and sitemaps.
  await app.register(webSite, { web: services.web, feeds: services.feeds, print: services.print });

  // The desk: the newsroom's own web application, signed in with a password and a session cookie.
  await app.register(deskApp, {
    prefix: '/desk',
    services,
    site: { name: deps.config.siteName ?? 'Newsroom', timeZone },
    tableLimit: deps.config.tableLimit ?? DEFAULT_TABLE_LIMIT,
    mediaLimit: deps.config.mediaLimit ?? DEFAULT_MEDIA_LIMIT,
    signInFailures: { perAccount: 10, perAddress: 100 },
  });

  return app;
}
