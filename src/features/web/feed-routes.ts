import type { FastifyPluginAsync } from 'fastify';

/** The feed and the sitemaps of the web site. */
export const feedRoutes: FastifyPluginAsync<{ baseUrl: string; siteName: string }> = async () => {};
