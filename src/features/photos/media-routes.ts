import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { problems } from '../../lib/schemas.js';
import { parseRenditionFile } from './rendition-file.js';
import { RenditionParams } from './schemas.js';
import type { PhotosService } from './service.js';

/**
 * Published photos' renditions, for the site and for front-ends: a photo no published story
 * shows is 404, as an unknown one. Only re-encoded renditions are served, never an upload as it
 * came, each with `nosniff` so no browser reads one as anything but an image.
 */
export const mediaRoutes: FastifyPluginAsyncTypebox<{ photos: PhotosService }> = async (app, { photos }) => {
  app.get(
    '/media/photos/:id/:variant/:file',
    {
      schema: {
        tags: ['content'],
        summary: 'A rendition of a published photo',
        description:
          '`variant`: `full`, an aspect (`16x9`, `3x2`, `4x3`, `1x1`, `3x4`) cut around the focal point, or a named crop; `file`: ' +
          'width and format, `640.webp` (widths 320, 640, 1024, 1200, 1600; never wider than the original; `avif`, `webp`, `jpg`). ' +
          'Metadata stripped but for copyright and credit.',
        params: RenditionParams,
        response: {
          200: { description: 'The image', content: { 'image/avif': { schema: {} }, 'image/webp': { schema: {} }, 'image/jpeg': { schema: {} } } },
          304: { description: 'Not modified: the `If-None-Match` tag is current' },
          ...problems(400, 404),
        },
      },
    },
    async (request, reply) => {
      const { width, format } = parseRenditionFile(request.params.file);
      const file = await photos.rendition(request.params.id, request.params.variant, width, format, { publicOnly: true });
      reply.header('etag', file.etag).header('x-content-type-options', 'nosniff').header('cache-control', 'public, max-age=600');
      if (request.headers['if-none-match'] === file.etag) return reply.code(304).send();
      return reply.type(file.mimetype).send(file.bytes);
    },
  );
};
