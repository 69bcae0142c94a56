import type { FastifyRequest } from 'fastify';
import { NotFound } from '../../../../errors.js';
import { isEditor } from '../../../../lib/actor.js';
import { allowedMoves, mayEdit } from '../../../../publishing/workflow.js';
import type { Article } from '../../../articles/schemas.js';
import type { Photo } from '../../../photos/schemas.js';
import { actorOf, deskOf, type DeskSite } from '../../context.js';
import type { DeskServices } from '../../services.js';
import { peopleOptions, sectionOptions, userName, wallTimeValue } from './editor-load.js';
import type { EditorModel } from './editor-page.js';
import { fieldsOfArticle } from './story-fields.js';

/** The photo a lead photo field names, or none (no photo, or one that is not there: the save says so). */
async function leadPhotoOf(photos: DeskServices['photos'], id: string): Promise<Photo | null> {
  if (!/^[1-9]\d{0,9}$/.test(id)) return null;
  try {
    return await photos.get(Number(id));
  } catch (error) {
    if (error instanceof NotFound) return null;
    throw error;
  }
}

/** A story's id from the path; anything but a positive whole number names no story. */
export function storyId(request: FastifyRequest): number {
  const text = (request.params as { id?: string }).id ?? '';
  if (!/^[1-9]\d{0,8}$/.test(text)) throw new NotFound('没有这篇稿件');
  return Number(text);
}

/** The stored story, or the desk's 404. */
export async function loadStory(articles: DeskServices['articles'], id: number): Promise<Article> {
  try {
    return await articles.get(id);
  } catch (error) {
    if (error instanceof NotFound) throw new NotFound('没有这篇稿件，可能地址有误');
    throw error;
  }
}

/**
 * The editor's model for a story (null: a new one) as stored, read with the choices the form
 * offers and what this user may do with it; `over` replaces parts (the posted fields, messages,
 * a conflict).
 */
export async function editorModel(request: FastifyRequest, services: DeskServices, site: DeskSite, article: Article | null, over: Partial<EditorModel> = {}): Promise<EditorModel> {
  const desk = deskOf(request, site);
  const actor = actorOf(request);
  const editable = article ? mayEdit(actor, article) : true;
  const [sections, people, savedBy, corrections] = await Promise.all([
    sectionOptions(services.sections),
    editable ? peopleOptions(services.people) : [],
    article ? userName(services.users, article.updatedBy) : null,
    article?.publishedAt ? services.articles.corrections(article.id) : [],
  ]);
  const newStory = { kicker: '', headline: '', subtitle: '', summary: '', sectionId: '', credits: desk.user.role === 'reporter' ? [{ role: 'reporter', name: desk.user.name }] : [], body: '', leadPhoto: '', leadCaption: '' };
  const fields = over.fields ?? (article ? fieldsOfArticle(article) : newStory);
  return {
    desk,
    article,
    fields,
    leadPhoto: await leadPhotoOf(services.photos, fields.leadPhoto ?? (article?.leadPhoto ? String(article.leadPhoto.photoId) : '')),
    version: article?.version ?? null,
    editable,
    sections,
    people,
    messages: {},
    savedBy,
    moves: article ? allowedMoves(actor, article) : [],
    scheduleValue: wallTimeValue(article?.publishAt ?? null, site.timeZone),
    corrections,
    canCorrect: isEditor(actor) && article?.status === 'published',
    canProof: !!article && (isEditor(actor) || article.createdBy === actor.userId),
    ...over,
  };
}
