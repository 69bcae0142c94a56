import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import { Type, type Static } from 'typebox';
import { parseCheckedMarkdown } from '../../../../document/checked.js';
import { figurePhotoIds, type Document } from '../../../../document/model.js';
import { AppError, BadRequest, Forbidden, NotFound, PreconditionFailed, ServiceUnavailable, Unprocessable } from '../../../../errors.js';
import { chineseDateTime } from '../../../../lib/chinese-dates.js';
import { Id } from '../../../../lib/schemas.js';
import { StatusBody } from '../../../../publishing/schemas.js';
import { mayEdit } from '../../../../publishing/workflow.js';
import { CreateArticleBody, CorrectionBody, UpdateArticleBody, type Article } from '../../../articles/schemas.js';
import { ArticleDraft, type DraftFit } from '../../../print/schemas.js';
import { actorOf, redirectWith, sendPage } from '../../context.js';
import { checkForm, field, fieldMessages } from '../../forms.js';
import type { ScreenOptions } from '../options.js';
import { inDeskWords, readWallTime, userName } from './editor-load.js';
import { editorModel, loadStory, storyId } from './editor-model.js';
import { EditorPage, type EditorModel } from './editor-page.js';
import { draftByline, previewHtml } from './editor-preview.js';
import { conflictTexts, postedVersion, saveStory } from './editor-save.js';
import { FIT_BUSY, FIT_UNREADABLE, fitVerdict, type FitVerdict } from './fit-verdict.js';
import { historyRoutes } from './history-routes.js';
import { moveFlash, statusRefusal } from './status-words.js';
import { FIELD_LABELS, fieldsFromForm, requestBody } from './story-fields.js';

const editors = { roles: ['editor', 'admin'] as const };

/** What the editor's script sends as the story is typed: the draft print measures, and the section the preview names. */
const PreviewDraft = Type.Object({ ...ArticleDraft.properties, sectionId: Type.Optional(Type.Union([Id, Type.Null()])) }, { additionalProperties: false });
type PreviewDraft = Static<typeof PreviewDraft>;

/** A copy-fit as the editor shows it: the measure and its verdict, or only a verdict saying why there is no measure. */
type FitAnswer = (DraftFit & { verdict: FitVerdict }) | { verdict: FitVerdict };

/**
 * The story editor: a new story, a story's form and its save (a stale save merged or shown as a
 * conflict, never overwriting), the live preview and copy-fit the script asks for, the galley
 * proof, corrections; the workflow moves and the history are in their own plugins.
 */
export const editorRoutes: FastifyPluginAsync<ScreenOptions> = async (app, options) => {
  const { services, site } = options;
  const { articles, photos, print, sections } = services;
  const hide = { schema: { hide: true } };

  const show = async (request: FastifyRequest, reply: FastifyReply, article: Article | null, over: Partial<EditorModel> = {}, status = 200) =>
    sendPage(reply, <EditorPage model={await editorModel(request, services, site, article, over)} />, status);

  app.get('/stories/new', hide, async (request, reply) => show(request, reply, null));

  app.post('/stories', hide, async (request, reply) => {
    const fields = fieldsFromForm(request.body);
    try {
      const article = await articles.create(actorOf(request), checkForm(CreateArticleBody, requestBody(fields)));
      return redirectWith(reply, `/desk/stories/${article.id}`, '已保存');
    } catch (error) {
      if (!(error instanceof AppError) || error.status >= 500 || error.status === 403) throw error;
      return show(request, reply, null, { fields, messages: inDeskWords(fieldMessages(error)) }, 422);
    }
  });

  /** The draft as the site would show it; `document` is its body, read once for this and the copy-fit. */
  const previewOf = async (draft: PreviewDraft, document: Document): Promise<string> => {
    const [sectionName, photos] = await Promise.all([
      draft.sectionId == null ? null : sections.get(draft.sectionId).then((s) => s.name, (error: unknown) => (error instanceof NotFound ? null : Promise.reject(error))),
      deskPhotoViews(document),
    ]);
    return previewHtml({ ...draft, document, sectionName, photos, byline: draftByline((draft.credits ?? []).flatMap((c) => ('name' in c ? [c] : []))) });
  };

  /** The photos a body's figures show, with renditions the desk serves (they need not be published). */
  const deskPhotoViews = async (document: Document) => {
    const ids = figurePhotoIds(document);
    if (ids.length === 0) return undefined;
    const views = await photos.views(ids);
    for (const view of views.values()) {
      view.renditions = view.renditions.map((r) => ({ ...r, href: r.href.replace(/^\/media\/photos\//, '/desk/photos/') }));
    }
    return views;
  };

  /**
   * The draft's copy-fit with its verdict in words. A busy print pool or a byline print cannot
   * read leaves the preview standing: the verdict then says why there is no figure.
   */
  const fitOf = async (request: FastifyRequest, id: number, draft: PreviewDraft, document: Document): Promise<FitAnswer> => {
    const { sectionId: _section, ...printed } = draft;
    try {
      const fit = await print.draftFit(actorOf(request), id, printed, document);
      return { ...fit, verdict: fitVerdict(fit) };
    } catch (error) {
      if (error instanceof ServiceUnavailable) return { verdict: FIT_BUSY };
      if (error instanceof Unprocessable) return { verdict: FIT_UNREADABLE };
      throw error;
    }
  };

  // What the editor's script asks for as the story is typed, in one request: the preview, and
  // for a saved story its copy-fit (the preview alone for a story not yet saved).
  app.post('/stories/preview', hide, async (request) => {
    const draft = checkForm(PreviewDraft, request.body);
    return { html: await previewOf(draft, parseCheckedMarkdown(draft.body)), fit: null };
  });

  app.post('/stories/:id/preview', hide, async (request) => {
    const id = storyId(request);
    const draft = checkForm(PreviewDraft, request.body);
    const document = parseCheckedMarkdown(draft.body);
    const [html, fit] = await Promise.all([previewOf(draft, document), fitOf(request, id, draft, document)]);
    return { html, fit };
  });

  app.get('/stories/:id', hide, async (request, reply) => show(request, reply, await loadStory(articles, storyId(request))));

  app.post('/stories/:id', hide, async (request, reply) => {
    const id = storyId(request);
    const version = postedVersion(request.body);
    if (version === null) throw new BadRequest('表单缺少版本号，请刷新页面后再试');
    const actor = actorOf(request);
    const form = fieldsFromForm(request.body);
    const outcome = await saveStory(articles, actor, id, version, form, (name) => field(request.body, `pick-${name}`));
    if (outcome.kind === 'saved') {
      const { article, merged } = outcome;
      const notes = [
        merged.length > 0 && `已合并别人对${merged.map((f) => FIELD_LABELS[f]).join('、')}的修改`,
        article.stillScheduled && `仍按排期于 ${chineseDateTime(article.stillScheduled.publishAt, site.timeZone)} 发布`,
      ].filter(Boolean);
      return redirectWith(reply, `/desk/stories/${id}`, notes.length > 0 ? `已保存（${notes.join('；')}）` : '已保存');
    }
    if (outcome.kind === 'refused') {
      const { error } = outcome;
      if (error.status === 403 || error.status === 404) throw error;
      return show(request, reply, await loadStory(articles, id), { fields: outcome.fields, version, messages: inDeskWords(fieldMessages(error)) }, 422);
    }
    const { theirs } = outcome;
    if (!mayEdit(actor, theirs)) throw new Forbidden('这篇稿件刚被别人改为不能由你修改的状态；你的修改没有保存，仍留在本机浏览器的草稿里。');
    const model = await editorModel(request, services, site, theirs);
    const sectionName = (sid: string) => model.sections.find((s) => String(s.id) === sid)?.name ?? `栏目 ${sid}`;
    const theirsFields = model.fields;
    const conflict = {
      version: theirs.version,
      by: await userName(services.users, theirs.updatedBy),
      at: theirs.updatedAt,
      taken: outcome.taken,
      fields: conflictTexts(outcome.conflicts, theirsFields, outcome.fields, sectionName),
    };
    return sendPage(reply, <EditorPage model={{ ...model, fields: outcome.fields, conflict }} />, 409);
  });

  // "Use as lead photo" from the library: only the lead photo changes, against the version the library showed.
  app.post('/stories/:id/lead-photo', hide, async (request, reply) => {
    const id = storyId(request);
    const version = postedVersion(request.body);
    const photo = field(request.body, 'photoId') ?? '';
    if (version === null || !/^[1-9]\d{0,9}$/.test(photo)) throw new BadRequest('表单缺少版本号或图片编号，请刷新页面后再试');
    const back = `/desk/photos/${photo}?for=story-${id}`;
    try {
      await articles.update(actorOf(request), id, version, checkForm(UpdateArticleBody, { leadPhoto: { photoId: Number(photo) } }));
      return redirectWith(reply, `/desk/stories/${id}`, `已把图片 ${photo} 设为题图`);
    } catch (error) {
      if (!(error instanceof AppError) || error.status >= 500 || error.status === 403 || error instanceof NotFound) throw error;
      if (error instanceof PreconditionFailed) return redirectWith(reply, back, '稿件刚被别人保存过，题图没有设上：请再点一次“设为题图”。');
      throw error;
    }
  });

  app.get('/stories/:id/proof.pdf', hide, async (request, reply) => {
    const { pdf } = await print.galley(actorOf(request), storyId(request));
    return reply.type('application/pdf').header('cache-control', 'no-store').header('content-disposition', `inline; filename="story-${storyId(request)}.pdf"`).send(pdf);
  });

  app.post('/stories/:id/corrections', { ...hide, config: editors }, async (request, reply) => {
    const id = storyId(request);
    const text = field(request.body, 'text') ?? '';
    try {
      const body = checkForm(CorrectionBody, { text });
      await articles.correct(actorOf(request), id, undefined, body.text);
      return redirectWith(reply, `/desk/stories/${id}`, '更正已发布');
    } catch (error) {
      if (!(error instanceof AppError) || error.status >= 500 || error.status === 403 || error instanceof NotFound) throw error;
      const message = error.status === 409 ? '只有已发布的稿件才能加更正；未发布的稿件请直接修改。' : (inDeskWords(fieldMessages(error)).text ?? '更正不能为空，最多 2000 字');
      return show(request, reply, await loadStory(articles, id), { correction: { message, text } }, error.status === 409 ? 409 : 422);
    }
  });

  app.post('/stories/:id/status', hide, async (request, reply) => {
    const id = storyId(request);
    const version = postedVersion(request.body);
    if (version === null) throw new BadRequest('表单缺少版本号，请刷新页面后再试');
    const to = field(request.body, 'status') ?? '';
    const refuse = async (message: string, status: number) => show(request, reply, await loadStory(articles, id), { workflowMessage: message }, status);
    const publishAt = to === 'scheduled' ? readWallTime(field(request.body, 'publishAt'), site.timeZone) : undefined;
    if (to === 'scheduled' && !publishAt) return refuse('请填写发布时间（年-月-日 时:分）。', 422);
    let body: StatusBody;
    try {
      body = checkForm(StatusBody, { status: to, ...(publishAt && { publishAt }) });
    } catch {
      throw new BadRequest('没有这个流程操作');
    }
    try {
      const article = await articles.changeStatus(actorOf(request), id, version, body);
      return redirectWith(reply, `/desk/stories/${id}`, moveFlash(article, site.timeZone));
    } catch (error) {
      if (!(error instanceof AppError) || error.status >= 500 || error.status === 403 || error.status === 404) throw error;
      return refuse(statusRefusal(error), error.status === 400 ? 422 : error.status);
    }
  });

  await app.register(historyRoutes, options);
};
