import type { FastifyPluginAsync } from 'fastify';
import type { ScreenOptions } from '../options.js';

export const editorRoutes: FastifyPluginAsync<ScreenOptions> = async () => {};
