import multipart, { type MultipartFile } from '@fastify/multipart';
import type { FastifyPluginAsync } from 'fastify';
import type { ScreenOptions } from '../options.js';
import { photoRoutes } from './photo-routes.js';

export interface PhotoScreenOptions extends ScreenOptions {
  /** The largest photo file taken, in bytes (`MEDIA_LIMIT`). */
  mediaLimit: number;
}

/** Keeps an uploaded file whole in the body. */
async function keepFile(part: MultipartFile): Promise<void> {
  (part as MultipartFile & { value: Buffer }).value = await part.toBuffer();
}

/**
 * 图片: the photo library, a photo's page and its save, uploads (from the library's form or
 * the story editor's script) and the renditions every signed-in desk user may see. The upload
 * is parsed in this scope only, into the body as fields, so that the form token is among them
 * when the desk checks it.
 */
export const photosScreens: FastifyPluginAsync<PhotoScreenOptions> = async (app, options) => {
  await app.register(multipart, {
    attachFieldsToBody: 'keyValues',
    onFile: keepFile,
    limits: { fileSize: options.mediaLimit, files: 1, fields: 4, fieldSize: 1024, parts: 5 },
  });
  await app.register(photoRoutes, options);
};
