import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import { AppError, BadRequest, NotFound, PreconditionFailed } from '../../../../errors.js';
import type { Photo } from '../../../photos/schemas.js';
import { UpdatePhotoBody } from '../../../photos/schemas.js';
import { parseRenditionFile } from '../../../photos/rendition-file.js';
import { actorOf, deskOf, redirectWith, sendPage, wantsJson } from '../../context.js';
import { checkForm, field, fieldMessages, type FieldMessages } from '../../forms.js';
import { userName } from '../stories/editor-load.js';
import type { PhotoScreenOptions } from './index.js';
import { LibraryPage } from './library-page.js';
import { PhotoPage, type PhotoPageProps } from './photo-page.js';
import { photoDifferences, photoSummary, photoValues, postedPhotoValues, updateBody } from './photo-values.js';
import { storyTarget } from './story-target.js';

const hide = { schema: { hide: true } };
const PAGE_SIZE = 48;
const VARIANT = /^[a-z0-9][a-z0-9-]{0,29}$/;

/** The photo id of the path; anything but a positive whole number names no photo. */
function photoId(request: FastifyRequest): number {
  const text = (request.params as { id?: string }).id ?? '';
  if (!/^[1-9]\d{0,9}$/.test(text) || Number(text) > 2_147_483_647) throw new NotFound('没有这张图片');
  return Number(text);
}

/** The uploaded file of a multipart body (its one file field, whatever its name). */
function uploadedFile(body: unknown): Buffer | undefined {
  if (!body || typeof body !== 'object') return undefined;
  return Object.values(body as Record<string, unknown>).find((value): value is Buffer => Buffer.isBuffer(value) && value.length > 0);
}

/** What the desk says of a refused upload, by its kind (the service says it in English). */
function uploadWords(error: AppError): string {
  if (error.status === 415) return '只能上传 JPEG、PNG 或 WebP 格式的图片。';
  if (error.status === 413) return '图片太大了（文件或像素过多），请换一张较小的。';
  if (error.status === 422) return '这个文件读不出来，可能已损坏或不完整。';
  return '图片没有上传成功，请重试。';
}

/** The service's field messages in the desk's words. */
function photoMessages(error: AppError): FieldMessages {
  const han = /\p{Script=Han}/u;
  const messages = fieldMessages(error);
  return Object.fromEntries(
    Object.entries(messages).map(([name, message]) => {
      if (han.test(message)) return [name, message];
      if (name === 'alt') return [name, '已发布的稿件用着这张图片，替代文字可以修改，不能删去'];
      if (name === 'byline') return [name, '摄影姓名不对'];
      if (name === 'focalPoint') return [name, '焦点的两个数都要在 0 到 1 之间'];
      return [name, name === '' ? '无法保存，请检查后重试' : '这一项的值不对'];
    }),
  );
}

export const photoRoutes: FastifyPluginAsync<PhotoScreenOptions> = async (app, options) => {
  const { services, site, mediaLimit } = options;
  const { photos, people, articles } = services;

  async function loadPhoto(id: number): Promise<Photo> {
    try {
      return await photos.get(id);
    } catch (error) {
      if (error instanceof NotFound) throw new NotFound('没有这张图片，可能地址有误');
      throw error;
    }
  }

  async function photographers(): Promise<{ id: number; name: string }[]> {
    const page = await people.list({ role: 'photographer', limit: 200 });
    return page.items.map((p) => ({ id: p.id, name: p.name }));
  }

  async function sendLibrary(request: FastifyRequest, reply: FastifyReply, uploadError?: { message: string; status: number }) {
    const query = request.query as Record<string, string | undefined>;
    const photographer = /^[1-9]\d{0,9}$/.test(query.photographer ?? '') && Number(query.photographer) <= 2_147_483_647 ? Number(query.photographer) : null;
    const cursor = typeof query.cursor === 'string' && query.cursor !== '' ? query.cursor : undefined;
    let page;
    try {
      page = await photos.list({ ...(photographer && { photographer }), cursor, limit: PAGE_SIZE });
    } catch (error) {
      if (error instanceof BadRequest) throw new BadRequest('这个翻页地址已经失效，请回到第一页');
      throw error;
    }
    const [list, story] = await Promise.all([photographers(), storyTarget(articles, actorOf(request), query)]);
    const page_ = (
      <LibraryPage desk={deskOf(request, site)} photos={page.items} nextCursor={page.nextCursor} photographers={list} photographer={photographer} story={story} paged={!!cursor} uploadError={uploadError?.message} />
    );
    return sendPage(reply, page_, uploadError?.status ?? 200);
  }

  async function sendPhoto(request: FastifyRequest, reply: FastifyReply, photo: Photo, over: Partial<PhotoPageProps> = {}, status = 200) {
    const [usedIn, story] = await Promise.all([photos.usedIn(photo.id), storyTarget(articles, actorOf(request), request.query)]);
    const props: PhotoPageProps = { desk: deskOf(request, site), photo, values: photoValues(photo), version: photo.version, messages: {}, usedIn, story, ...over };
    return sendPage(reply, <PhotoPage {...props} />, status);
  }

  app.get('/photos', hide, async (request, reply) => sendLibrary(request, reply));

  app.post('/photos', { ...hide, bodyLimit: mediaLimit + 65_536 }, async (request, reply) => {
    const bytes = uploadedFile(request.body);
    const json = wantsJson(request);
    const forStory = field(request.body, 'for');
    try {
      if (!bytes) throw new BadRequest('请选择一个图片文件');
      const { photo, created } = await photos.upload(actorOf(request), bytes);
      if (json) return reply.code(created ? 201 : 200).send({ ...photoSummary(photo), created });
      const back = forStory && /^story-[1-9]\d{0,8}$/.test(forStory) ? `?for=${forStory}` : '';
      return redirectWith(reply, `/desk/photos/${photo.id}${back}`, created ? '图片已上传。请填写说明和替代文字。' : '这张图片已经在图片库里，打开的是原来那张。');
    } catch (error) {
      if (json || !(error instanceof AppError) || error.status >= 500) throw error;
      return sendLibrary(request, reply, { message: error instanceof BadRequest && !bytes ? '请选择一个图片文件。' : uploadWords(error), status: error.status });
    }
  });

  app.get('/photos/:id', hide, async (request, reply) => sendPhoto(request, reply, await loadPhoto(photoId(request))));

  app.post('/photos/:id', hide, async (request, reply) => {
    const id = photoId(request);
    const versionText = field(request.body, 'version') ?? '';
    if (!/^\d{1,9}$/.test(versionText)) throw new BadRequest('表单缺少版本号，请刷新页面后再试');
    const version = Number(versionText);
    const photo = await loadPhoto(id);
    const values = postedPhotoValues(request.body);
    const json = wantsJson(request);
    try {
      const saved = await photos.update(actorOf(request), id, version, checkForm(UpdatePhotoBody, updateBody(values, photo)));
      if (json) return reply.send(photoSummary(saved));
      const story = await storyTarget(articles, actorOf(request), request.query);
      return redirectWith(reply, `/desk/photos/${id}${story ? `?for=story-${story.id}` : ''}`, '图片信息已保存');
    } catch (error) {
      if (json || !(error instanceof AppError) || error.status >= 500) throw error;
      if (error instanceof PreconditionFailed) {
        // The form keeps what was typed and now carries the newest version: a second save is the user's decision.
        const conflict = { fields: photoDifferences(values, photoValues(photo)), by: await userName(services.users, photo.updatedBy), at: photo.updatedAt };
        return sendPhoto(request, reply, photo, { values, version: photo.version, conflict }, 409);
      }
      return sendPhoto(request, reply, photo, { values, version, messages: photoMessages(error) }, 422);
    }
  });

  // Renditions of any photo, published or not, for the desk's own pages: re-encoded images only,
  // never the file as uploaded, kept by this user's browser only.
  app.get('/photos/:id/:variant/:file', hide, async (request, reply) => {
    const id = photoId(request);
    const { variant, file } = request.params as { variant: string; file: string };
    if (!VARIANT.test(variant)) throw new NotFound('没有这个尺寸的图片');
    const { width, format } = parseRenditionFile(file);
    const made = await photos.rendition(id, variant, width, format, { publicOnly: false });
    reply.header('etag', made.etag).header('x-content-type-options', 'nosniff').header('cache-control', 'private, no-cache');
    if (request.headers['if-none-match'] === made.etag) return reply.code(304).send();
    return reply.type(made.mimetype).send(made.bytes);
  });
};
