import { subscribe, unsubscribe } from 'node:diagnostics_channel';
import type { FastifyInstance, HTTPMethods, RouteOptions } from 'fastify';

export interface RegisteredRoute {
  method: HTTPMethods;
  /** The path as registered, with `:param` and `*` placeholders. */
  url: string;
}

/** Fastify publishes each new instance here before any plugin or route is added to it. */
const CREATED = 'fastify.initialization';

/**
 * Records every route of the next Fastify instance created, through an onRoute hook added as
 * the instance is made, so it sees every route (and the HEAD routes Fastify adds for GET ones).
 * Start it before building the app; read `routes(app)` once the app is ready, which checks each
 * route against the router.
 */
export function recordRoutes(): { routes(app: FastifyInstance): RegisteredRoute[] } {
  let recorded: FastifyInstance | undefined;
  const routes: RegisteredRoute[] = [];
  const onCreated = (message: unknown) => {
    unsubscribe(CREATED, onCreated);
    recorded = (message as { fastify: FastifyInstance }).fastify;
    recorded.addHook('onRoute', (route: RouteOptions) => {
      for (const method of [route.method].flat()) routes.push({ method: method as HTTPMethods, url: route.url });
    });
  };
  subscribe(CREATED, onCreated);
  return {
    routes(app) {
      unsubscribe(CREATED, onCreated);
      if (app !== recorded) throw new Error('The routes were recorded from another Fastify instance than this app');
      for (const route of routes) {
        if (!app.hasRoute(route)) throw new Error(`Recorded ${route.method} ${route.url}, which the router does not have`);
      }
      return routes;
    },
  };
}
