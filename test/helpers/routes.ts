import type { FastifyInstance, HTTPMethods } from 'fastify';

export interface RegisteredRoute {
  method: HTTPMethods;
  /** The path as registered, with `:param` and `*` placeholders. */
  url: string;
}

const NODE = /^((?:[│ ] {3})*)[├└]── (.+?)(?: \(([A-Z]+(?:, [A-Z]+)*)\))?$/;

/**
 * Every method and path the app has registered, read from Fastify's printed route tree, its
 * public view of the router: each line is a node of the radix tree whose text continues its
 * parent's, with the methods registered there (none on a node that only joins others).
 * Every route read back is checked against the router, so a change in how Fastify prints the
 * tree fails here rather than hiding routes.
 */
export function registeredRoutes(app: FastifyInstance): RegisteredRoute[] {
  const parents: string[] = [];
  const routes: RegisteredRoute[] = [];
  for (const line of app.printRoutes().split('\n')) {
    if (line.trim() === '') continue;
    const node = NODE.exec(line);
    if (!node) throw new Error(`The route tree has a line this reader does not know: ${JSON.stringify(line)}`);
    const depth = node[1]!.length / 4;
    const url = (parents[depth - 1] ?? '') + node[2]!;
    parents.length = depth;
    parents.push(url);
    for (const method of node[3]?.split(', ') ?? []) routes.push({ method: method as HTTPMethods, url });
  }
  for (const route of routes) {
    if (!app.hasRoute(route)) throw new Error(`The route tree names ${route.method} ${route.url}, which the router does not have`);
  }
  return routes;
}
