import multipart, { type MultipartFile } from '@fastify/multipart';
import type { FastifyPluginAsync } from 'fastify';
import type { ScreenOptions } from '../options.js';
import { noticeRoutes } from './notice-routes.js';
import { tableRoutes, type UploadedFile } from './table-routes.js';

/** Keeps an uploaded file whole in the body, with the name and type the browser gave it. */
async function keepFile(part: MultipartFile): Promise<void> {
  const data = await part.toBuffer();
  const file: UploadedFile = { filename: part.filename, mimetype: part.mimetype, data };
  (part as MultipartFile & { value: UploadedFile }).value = file;
}

/**
 * 公告: the notices list, the notice form by kind, and a notice's page with its table. File
 * uploads are parsed in this scope only, into the body as fields, so that the form token is
 * among them when the desk checks it (a preHandler, after the body is read).
 */
export const noticesScreens: FastifyPluginAsync<ScreenOptions> = async (app, options) => {
  await app.register(multipart, {
    attachFieldsToBody: 'keyValues',
    onFile: keepFile,
    limits: { fileSize: options.tableLimit, files: 1, fields: 8, fieldSize: 4096, parts: 10 },
  });
  await app.register(noticeRoutes, options);
  await app.register(tableRoutes, options);
};
