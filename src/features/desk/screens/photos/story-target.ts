import { NotFound } from '../../../../errors.js';
import type { Actor } from '../../../../lib/actor.js';
import { mayEdit } from '../../../../publishing/workflow.js';
import type { DeskServices } from '../../services.js';

/** The story the library was opened for (`?for=story-12`), as its "use as lead photo" buttons need it. */
export interface StoryTarget {
  id: number;
  headline: string;
  version: number;
  leadPhotoId: number | null;
}

/**
 * The story `?for=story-ID` names, when it exists and this user may edit it; otherwise none (a
 * story the user may not edit is not named, so its headline is not shown to them).
 */
export async function storyTarget(articles: DeskServices['articles'], actor: Actor, query: unknown): Promise<StoryTarget | null> {
  const value = (query as { for?: unknown } | undefined)?.for;
  const match = typeof value === 'string' ? /^story-([1-9]\d{0,8})$/.exec(value) : null;
  if (!match) return null;
  try {
    const article = await articles.get(Number(match[1]));
    if (!mayEdit(actor, article)) return null;
    return { id: article.id, headline: article.headline, version: article.version, leadPhotoId: article.leadPhoto?.photoId ?? null };
  } catch (error) {
    if (error instanceof NotFound) return null;
    throw error;
  }
}
