import { AppError, NotFound, PreconditionFailed } from '../../../../errors.js';
import type { Actor } from '../../../../lib/actor.js';
import { UpdateArticleBody, type Article } from '../../../articles/schemas.js';
import type { ArticlesService } from '../../../articles/service.js';
import { checkForm, field } from '../../forms.js';
import { fieldsOfArticle, fieldText, requestBody, sameField, STORY_FIELDS, type StoryField, type StoryFields } from './story-fields.js';

/** What a save came to: saved (perhaps merged with a newer version), refused with messages, or in conflict. */
export type SaveOutcome =
  | { kind: 'saved'; article: Article & { stillScheduled?: { publishAt: string } }; merged: StoryField[] }
  | { kind: 'refused'; error: AppError; fields: StoryFields }
  | { kind: 'conflict'; theirs: Article; fields: StoryFields; taken: StoryField[]; conflicts: StoryField[] };

/** Times a save retries when, merging cleanly, it meets yet another newer version. */
const MERGE_ATTEMPTS = 3;

/**
 * A three-way merge of the form's fields with a newer saved version, from the version the form
 * was loaded at (`base`, null when that is unknown): a field only they changed takes theirs, a
 * field only the user changed keeps the user's, a field both changed differently is a conflict
 * (the user's text is kept in the form, theirs shown beside it).
 */
export function mergeFields(base: StoryFields | null, theirs: StoryFields, mine: StoryFields) {
  const merged = { ...mine };
  const taken: StoryField[] = [];
  const conflicts: StoryField[] = [];
  for (const name of STORY_FIELDS) {
    if (sameField(name, mine, theirs)) continue;
    if (base && sameField(name, mine, base)) {
      (merged as Record<StoryField, unknown>)[name] = theirs[name];
      taken.push(name);
    } else if (!(base && sameField(name, theirs, base))) {
      conflicts.push(name);
    }
  }
  return { merged, taken, conflicts };
}

/** The version a form was loaded at, as posted; a form without one is not the editor's. */
export function postedVersion(body: unknown): number | null {
  const text = field(body, 'version')?.trim() ?? '';
  return /^\d{1,9}$/.test(text) ? Number(text) : null;
}

async function savedFields(articles: ArticlesService, id: number, version: number): Promise<StoryFields | null> {
  try {
    const revision = (await articles.revision(id, version)) as Record<string, unknown>;
    return fieldsOfArticle(revision.article as Article);
  } catch (error) {
    if (error instanceof NotFound) return null;
    throw error;
  }
}

/**
 * Saves the editor's form against `version`. A field the user resolved a conflict in with
 * "theirs" takes that version's saved value. A stale save never overwrites: it is merged with
 * the newer version and saved when no field was changed by both, and otherwise comes back as
 * a conflict, nothing saved. Checks are the API's (the update schema, then the service).
 */
export async function saveStory(articles: ArticlesService, actor: Actor, id: number, version: number, form: StoryFields, picks: (name: StoryField) => string | undefined): Promise<SaveOutcome> {
  let mine = form;
  const theirsPicked = STORY_FIELDS.filter((name) => picks(name) === 'theirs');
  if (theirsPicked.length > 0) {
    const picked = await savedFields(articles, id, version);
    if (picked) mine = { ...mine, ...Object.fromEntries(theirsPicked.map((name) => [name, picked[name]])) };
  }
  let against = version;
  let merged: StoryField[] = [];
  for (let attempt = 1; ; attempt++) {
    try {
      const body = checkForm(UpdateArticleBody, requestBody(mine));
      return { kind: 'saved', article: await articles.update(actor, id, against, body), merged };
    } catch (error) {
      if (!(error instanceof AppError) || error.status >= 500) throw error;
      if (!(error instanceof PreconditionFailed)) return { kind: 'refused', error, fields: mine };
    }
    const theirs = await articles.get(id);
    const result = mergeFields(await savedFields(articles, id, against), fieldsOfArticle(theirs), mine);
    if (result.conflicts.length > 0 || attempt === MERGE_ATTEMPTS) {
      return { kind: 'conflict', theirs, fields: result.merged, taken: [...new Set([...merged, ...result.taken])], conflicts: result.conflicts.length > 0 ? result.conflicts : STORY_FIELDS.filter((n) => !sameField(n, result.merged, fieldsOfArticle(theirs))) };
    }
    mine = result.merged;
    merged = [...new Set([...merged, ...result.taken])];
    against = theirs.version;
  }
}

/** The texts of a conflict's fields for the page: theirs and the user's, credits and section in words. */
export function conflictTexts(conflicts: StoryField[], theirs: StoryFields, mine: StoryFields, sectionName: (id: string) => string) {
  const textual = new Set<StoryField>(['kicker', 'headline', 'subtitle', 'summary', 'body']);
  return conflicts.map((name) => ({
    name,
    theirs: fieldText(theirs, name, sectionName),
    mine: fieldText(mine, name, sectionName),
    ...(textual.has(name) && { theirsValue: theirs[name] as string }),
  }));
}
