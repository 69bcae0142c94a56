import multipart, { type MultipartFile } from '@fastify/multipart';
import type { FastifyPluginAsync } from 'fastify';
import type { ScreenOptions } from '../options.js';
import { importRoutes } from './import-routes.js';
import type { UploadedPage } from './page-input.js';

/** Keeps an uploaded file whole in the body, with the name the browser gave it. */
async function keepFile(part: MultipartFile): Promise<void> {
  const page: UploadedPage = { filename: part.filename, data: await part.toBuffer() };
  (part as MultipartFile & { value: UploadedPage }).value = page;
}

/**
 * 导入: a page of extracted newspaper text made drafts, for every signed-in role (placing them
 * on an edition's page is the editors'; the service refuses anyone else). The forms are
 * multipart, parsed in this scope only into the body as fields, so that the form token is
 * among them when the desk checks it; the page's text is a field of up to the page limit.
 */
export const importsScreens: FastifyPluginAsync<ScreenOptions> = async (app, options) => {
  await app.register(multipart, {
    attachFieldsToBody: 'keyValues',
    onFile: keepFile,
    limits: { fileSize: options.tableLimit, files: 1, fields: 10, fieldSize: options.tableLimit, parts: 12 },
  });
  await app.register(importRoutes, options);
};
