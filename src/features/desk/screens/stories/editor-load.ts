import { NotFound } from '../../../../errors.js';
import { parseTimestamp, wallTimeInstant, zonedIso, zonedTime } from '../../../../lib/time.js';
import type { FieldMessages } from '../../forms.js';
import type { DeskServices } from '../../services.js';
import type { PersonOption, SectionOption } from './editor-fields.js';

/** Pages of a list the editor reads for its choices: sections and people beyond this are not offered. */
const PAGES = 5;
const PAGE = 200;

async function all<T>(list: (cursor?: string) => Promise<{ items: T[]; nextCursor: string | null }>): Promise<T[]> {
  const out: T[] = [];
  let cursor: string | undefined;
  for (let page = 0; page < PAGES; page++) {
    const got = await list(cursor);
    out.push(...got.items);
    if (!got.nextCursor) break;
    cursor = got.nextCursor;
  }
  return out;
}

/** Sections for the select, in the paper's order; a nested one carries its parent's name. */
export async function sectionOptions(sections: DeskServices['sections']): Promise<SectionOption[]> {
  const items = await all((cursor) => sections.list({ limit: PAGE, cursor }));
  const byId = new Map(items.map((s) => [s.id, s]));
  return items.map((s) => {
    const parent = s.parentId === null ? undefined : byId.get(s.parentId);
    return { id: s.id, name: parent ? `${parent.name} · ${s.name}` : s.name };
  });
}

/** The people the credits' names suggest, with where they work. */
export async function peopleOptions(people: DeskServices['people']): Promise<PersonOption[]> {
  const items = await all((cursor) => people.list({ limit: PAGE, cursor }));
  return items.map((p) => ({ name: p.name, note: p.affiliation }));
}

/** A user's name for "saved by", or null for one no longer there. */
export async function userName(users: DeskServices['users'], id: number | null): Promise<string | null> {
  if (id === null) return null;
  try {
    return (await users.get(id)).name;
  } catch (error) {
    if (error instanceof NotFound) return null;
    throw error;
  }
}

const pad = (n: number) => String(n).padStart(2, '0');

/** An instant as a `datetime-local` input shows it: the wall-clock time in the paper's zone. */
export function wallTimeValue(iso: string | null, timeZone: string): string {
  if (!iso) return '';
  const t = zonedTime(new Date(iso), timeZone);
  return `${String(t.year).padStart(4, '0')}-${pad(t.month)}-${pad(t.day)}T${pad(t.hour)}:${pad(t.minute)}`;
}

/**
 * A `datetime-local` input's value as the service takes a time: the wall-clock time read in the
 * paper's zone, with that zone's offset. Undefined when it is not such a time.
 */
export function readWallTime(text: string | undefined, timeZone: string): string | undefined {
  const parsed = parseTimestamp(text ?? '');
  if (parsed.kind === 'instant') return text;
  if (parsed.kind !== 'wall') return undefined;
  return zonedIso(wallTimeInstant(parsed.wall, timeZone), timeZone);
}

/** What the desk says for a field the service refused in its own (English) words. */
const SERVICE_WORDS: Record<string, string> = {
  sectionId: '没有这个栏目，请重新选择',
  credits: '署名有误：每行只填一个人的姓名，角色在左边选',
  publishAt: '发布时间不对',
  headline: '标题不能为空',
};

/** A form's messages in the desk's words: the form checks speak Chinese, the service's refusals are put in it here. */
export function inDeskWords(messages: FieldMessages): FieldMessages {
  const han = /\p{Script=Han}/u;
  return Object.fromEntries(Object.entries(messages).map(([name, message]) => [name, han.test(message) ? message : (SERVICE_WORDS[name] ?? (name === '' ? '无法保存，请检查后重试' : '这一项的值不对'))]));
}
