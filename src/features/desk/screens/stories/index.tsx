import type { FastifyPluginAsync } from 'fastify';
import type { ScreenOptions } from '../options.js';
import { editorRoutes } from './editor-routes.js';
import { queueRoutes } from './queue-routes.js';

/** 稿件: the queue of stories and the story editor. */
export const storiesScreens: FastifyPluginAsync<ScreenOptions> = async (app, options) => {
  await app.register(queueRoutes, options);
  await app.register(editorRoutes, options);
};
