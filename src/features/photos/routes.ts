import multipart from '@fastify/multipart';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import { AppError, BadRequest, PayloadTooLarge, UnsupportedMediaType } from '../../errors.js';
import { IdParams, problems, VersionHeaders } from '../../lib/schemas.js';
import { expectedVersion, tagVersion } from '../../lib/versions.js';
import { ListPhotosQuery, Photo, PhotoPage, PhotoRevision, RenditionParams, UpdatePhotoBody } from './schemas.js';
import type { PhotosService } from './service.js';
import { parseRenditionFile } from './rendition-file.js';

const tags = ['photos'];

/** Bodies read as a file: any image type and untyped bytes (the format is read from the bytes, whatever the header says). */
const FILE_TYPES = /^(image\/[\w.+-]+|application\/octet-stream)\s*(;|$)/i;

const mediaLimitWords = (limit: number) => `at most ${Math.floor(limit / 1_048_576)} MB`;

/** The photo file a request carries: the body itself, or the one file of a multipart form. */
async function uploadedFile(request: FastifyRequest, mediaLimit: number): Promise<Buffer> {
  if (Buffer.isBuffer(request.body)) return request.body;
  if (!request.isMultipart()) {
    throw new UnsupportedMediaType(`Send the photo as the body (image/jpeg, image/png or image/webp) or as the one file of a multipart/form-data form, not ${request.headers['content-type'] ?? 'an untyped body'}`);
  }
  try {
    const part = await request.file({ limits: { fileSize: mediaLimit, files: 1, fields: 4, fieldSize: 1024, parts: 5 } });
    if (!part) throw new BadRequest('The form holds no file: send the photo as its one file field');
    const bytes = await part.toBuffer();
    if (part.file.truncated) throw new PayloadTooLarge(`The photo is larger than ${mediaLimitWords(mediaLimit)}`);
    return bytes;
  } catch (error) {
    if (error instanceof AppError) throw error;
    if ((error as { code?: string }).code === 'FST_REQ_FILE_TOO_LARGE') throw new PayloadTooLarge(`The photo is larger than ${mediaLimitWords(mediaLimit)}`);
    // The form itself could not be read: cut short, a bad boundary, too many parts.
    throw new BadRequest(`The multipart form cannot be read: ${(error as Error).message}`);
  }
}

/** Photos under the newsroom API: upload, the library, a photo's fields and its original. */
export const photosRoutes: FastifyPluginAsyncTypebox<{ photos: PhotosService; mediaLimit: number }> = async (app, { photos, mediaLimit }) => {
  await app.register(async (upload) => {
    upload.addContentTypeParser(FILE_TYPES, { parseAs: 'buffer', bodyLimit: mediaLimit }, (_request, body, done) => done(null, body));
    await upload.register(multipart, { limits: { fileSize: mediaLimit, files: 1 } });
    upload.post(
      '/photos',
      {
        bodyLimit: mediaLimit,
        schema: {
          tags,
          summary: 'Upload a photo',
          description:
            'The image bytes as the body, or one file in a `multipart/form-data` form. JPEG, PNG or WebP, read from the bytes (the ' +
            'Content-Type header is not trusted); anything else (SVG, HEIC, GIF…) is a 415 naming the formats taken, a truncated or ' +
            `corrupt file a 422, a file over the media limit (MEDIA_LIMIT, 40 MB by default) or of more than 120 megapixels a 413; ` +
            'nothing is stored then. Caption, byline, credit, copyright, usage terms and the time taken are prefilled from the ' +
            'file’s XMP, IPTC (UTF-8 or GB18030) and EXIF. The same bytes again answer 200 with the first photo.',
          body: {
            content: {
              'image/jpeg': { schema: { description: 'A JPEG file' } },
              'image/png': { schema: { description: 'A PNG file' } },
              'image/webp': { schema: { description: 'A WebP file' } },
              'multipart/form-data': { schema: { description: 'A form with the photo as its one file' } },
            },
          },
          response: { 200: Photo, 201: Photo, ...problems(400, 401, 413, 415, 422) },
        },
      },
      async (request, reply) => {
        const { photo, created } = await photos.upload(request.actor, await uploadedFile(request, mediaLimit));
        tagVersion(reply, photo.version).header('location', `${app.prefix}/photos/${photo.id}`);
        return reply.code(created ? 201 : 200).send(photo);
      },
    );
  });

  app.get(
    '/photos',
    { schema: { tags, summary: 'The photo library', description: 'Newest first; `photographer`: one person’s photos.', querystring: ListPhotosQuery, response: { 200: PhotoPage, ...problems(400, 401) } } },
    async (request) => photos.list(request.query),
  );

  app.get('/photos/:id', { schema: { tags, summary: 'Get a photo', params: IdParams, response: { 200: Photo, ...problems(400, 401, 404) } } }, async (request, reply) => {
    const photo = await photos.get(request.params.id);
    tagVersion(reply, photo.version);
    return photo;
  });

  app.patch(
    '/photos/:id',
    {
      schema: {
        tags,
        summary: 'Edit a photo’s caption, alt text, credits, focal point and crops',
        description:
          '`If-Match` required. Every story showing the photo shows the change. `alt` cannot be removed while a published story shows ' +
          'the photo. `byline` by `personId` or `name` (found, or created as a photographer).',
        params: IdParams,
        headers: VersionHeaders,
        body: UpdatePhotoBody,
        response: { 200: Photo, ...problems(400, 401, 404, 412, 422, 428) },
      },
    },
    async (request, reply) => {
      const photo = await photos.update(request.actor, request.params.id, expectedVersion(request.headers['if-match']), request.body);
      tagVersion(reply, photo.version);
      return photo;
    },
  );

  app.get(
    '/photos/:id/revisions',
    { schema: { tags, summary: 'Every saved version of a photo’s fields', params: IdParams, response: { 200: Type.Object({ items: Type.Array(PhotoRevision) }), ...problems(400, 401, 404) } } },
    async (request) => ({ items: await photos.revisions(request.params.id) }),
  );

  app.get(
    '/photos/:id/original',
    {
      schema: {
        tags,
        summary: 'The original file, as uploaded',
        description: 'Signed-in users only, as an attachment: never shown inline, since only re-encoded renditions are safe to show.',
        params: IdParams,
        response: { 200: { description: 'The file', content: { 'image/jpeg': { schema: {} }, 'image/png': { schema: {} }, 'image/webp': { schema: {} } } }, ...problems(400, 401, 404) },
      },
    },
    async (request, reply) => {
      const file = await photos.original(request.params.id);
      const extension = file.format === 'jpeg' ? 'jpg' : file.format;
      return reply
        .type(file.mimetype)
        .header('x-content-type-options', 'nosniff')
        .header('content-disposition', `attachment; filename="photo-${request.params.id}.${extension}"`)
        .send(file.bytes);
    },
  );

  app.get(
    '/photos/:id/renditions/:variant/:file',
    {
      schema: {
        tags,
        summary: 'A rendition of any photo, published or not',
        description: 'For the newsroom’s own screens: the same renditions as `/media/photos/…`, of unpublished photos too.',
        params: RenditionParams,
        response: { 200: { description: 'The image', content: { 'image/avif': { schema: {} }, 'image/webp': { schema: {} }, 'image/jpeg': { schema: {} } } }, ...problems(400, 401, 404) },
      },
    },
    async (request, reply) => {
      const { width, format } = parseRenditionFile(request.params.file);
      const file = await photos.rendition(request.params.id, request.params.variant, width, format, { publicOnly: false });
      return reply.type(file.mimetype).header('x-content-type-options', 'nosniff').header('etag', file.etag).send(file.bytes);
    },
  );
};
