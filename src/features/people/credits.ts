import { and, asc, eq, exists, inArray, sql } from 'drizzle-orm';
import type { PgColumn } from 'drizzle-orm/pg-core';
import type { Database } from '../../db/client.js';
import { articleCredits, noticeCredits, people } from '../../db/schema/index.js';
import { parseByline } from '../../document/byline-reader.js';
import { CREDIT_ROLES, ROLE_NAMES, roleNamed, type CreditRole } from '../../document/credit-roles.js';
import { Unprocessable } from '../../errors.js';

/** A byline entry as a client sends it: a known person by id, or a name; the role by key or by a word naming it (`记者`). */
export type CreditInput = { role: string; personId: number } | { role: string; name: string };

/** One entry of an item's byline, with the person's name. */
export interface CreditRow {
  ownerId: number;
  position: number;
  role: CreditRole;
  personId: number;
  name: string;
}

/** The table holding one kind of item's bylines, and its column naming the item. */
const STORES = {
  article: { table: articleCredits, owner: articleCredits.articleId, position: articleCredits.position, personId: articleCredits.personId, role: articleCredits.role },
  notice: { table: noticeCredits, owner: noticeCredits.noticeId, position: noticeCredits.position, personId: noticeCredits.personId, role: noticeCredits.role },
};
export type CreditedEntity = keyof typeof STORES;

/** One credit per person is how the API takes a byline; said wherever a byline is refused. */
const ONE_PER_PERSON =
  'send one credit per person, e.g. [{ "role": "reporter", "name": "张三" }, { "role": "correspondent", "name": "李四" }]';

/** The role a credit's `role` names (`reporter`, `记者`, `本报记者`), or a 422 at `pointer`. */
export function creditRole(word: string, pointer = '/role'): CreditRole {
  const role = roleNamed(word);
  if (!role) {
    throw new Unprocessable(`"${word}" names no byline role`, [{ pointer, message: `must be one of ${CREDIT_ROLES.join(', ')}, or a word naming one such as 记者` }]);
  }
  return role;
}

/** Whether a word of a name is a role word, or the name starts with one (`记者张三`, `本报记者 张三`). */
function carriesRole(text: string): boolean {
  return text.split(/[\s、，,;；:：/]+/u).some((word) => {
    if (roleNamed(word)) return true;
    for (const name of ROLE_NAMES.keys()) if (/^\p{Script=Han}{2}/u.test(name) && word.startsWith(name)) return true;
    return false;
  });
}

/**
 * What a credit's name credits. A byline pasted as a name (`记者 张三 通讯员 李四`) or a name
 * run on to its role (`记者张三`) is read as the credits it spells, by the reader that reads
 * printed bylines, so it becomes 张三 as reporter and 李四 as correspondent rather than a person
 * called `记者 张三 通讯员 李四`; the roles it spells win over `role`. Role words the reader
 * cannot make credits of, or a role word alone, are refused with how to send them.
 */
export function creditsInName(role: CreditRole, name: string, pointer: string): { role: CreditRole; name: string }[] {
  const text = name.trim().replace(/\s+/gu, ' ');
  const read = parseByline(text);
  if (read) return read;
  if (carriesRole(text)) {
    throw new Unprocessable(`"${text}" reads as a byline, not as one person's name`, [
      { pointer, message: `holds a role word; ${ONE_PER_PERSON}` },
    ]);
  }
  return namesIn(text).map((one) => ({ role, name: one }));
}

/**
 * The people a name field of Chinese names holds, as a printed byline lists them: `张三、王五`
 * and `张三 王五` are two people, `张 三` is one name spaced out as print spaces two-character
 * names. A name in other scripts (`Zhang San`, `李·约翰`) is one person, as written.
 */
export function namesIn(text: string): string[] {
  if (!/^[\p{Script=Han}\s、，,;；]+$/u.test(text)) return [text];
  const parts = text.split(/[\s、，,;；]+/u).filter(Boolean);
  if (parts.length > 1 && parts.every((part) => [...part].length === 1)) return [parts.join('')];
  return parts;
}

/** A person's name as stored: trimmed, and refused (422 at `pointer`) when it is a byline rather than a name. */
export function assertPersonName(name: string, pointer: string): string {
  const text = name.trim();
  if (parseByline(text) || carriesRole(text)) {
    throw new Unprocessable(`"${text}" reads as a byline, not as one person's name`, [
      { pointer, message: 'holds a role word: give the name alone (张三) and the role in defaultRole' },
    ]);
  }
  return text;
}

/**
 * Credits as ids: a name finds the person of that exact name (the oldest), or creates them.
 * The same person in the same role twice is credited once, at the first place: a byline never
 * prints `记者 张三 张三`, as the page importer never does either.
 */
export async function resolveCredits(tx: Database, credits: CreditInput[]): Promise<{ role: CreditRole; personId: number }[]> {
  const out: { role: CreditRole; personId: number }[] = [];
  const seen = new Set<string>();
  const add = (role: CreditRole, personId: number) => {
    const key = `${personId}\u0000${role}`;
    if (seen.has(key)) return;
    seen.add(key);
    out.push({ role, personId });
  };
  for (const [i, credit] of credits.entries()) {
    const role = creditRole(credit.role, `/credits/${i}/role`);
    if ('personId' in credit) {
      const [found] = await tx.select({ id: people.id }).from(people).where(eq(people.id, credit.personId));
      if (!found) {
        throw new Unprocessable(`No person ${credit.personId}`, [{ pointer: `/credits/${i}/personId`, message: 'no such person' }]);
      }
      add(role, credit.personId);
      continue;
    }
    for (const named of creditsInName(role, credit.name, `/credits/${i}/name`)) {
      const [found] = await tx.select({ id: people.id }).from(people).where(eq(people.name, named.name)).orderBy(asc(people.id)).limit(1);
      const personId = found?.id ?? (await tx.insert(people).values({ name: named.name, defaultRole: named.role }).returning({ id: people.id }))[0]!.id;
      add(named.role, personId);
    }
  }
  return out;
}

/** The bylines of several items of one kind, in order. */
export async function creditsOf(db: Database, entity: CreditedEntity, ownerIds: number[]): Promise<CreditRow[]> {
  if (ownerIds.length === 0) return [];
  const store = STORES[entity];
  return db
    .select({ ownerId: store.owner, position: store.position, role: store.role, personId: store.personId, name: people.name })
    .from(store.table)
    .innerJoin(people, eq(people.id, store.personId))
    .where(inArray(store.owner, ownerIds))
    .orderBy(asc(store.owner), asc(store.position));
}

/** Replaces an item's byline. */
export async function replaceCredits(db: Database, entity: CreditedEntity, ownerId: number, credits: { role: CreditRole; personId: number }[]): Promise<void> {
  const store = STORES[entity];
  await db.delete(store.table).where(eq(store.owner, ownerId));
  if (credits.length === 0) return;
  const rows = credits.map((c, position) => sql`(${ownerId}, ${position}, ${c.personId}, ${c.role}::credit_role)`);
  await db.execute(
    sql`insert into ${store.table} (${sql.identifier(store.owner.name)}, "position", "person_id", "role") values ${sql.join(rows, sql`, `)}`,
  );
}

/** A condition for a list query: the item whose id is in `ownerColumn` credits `personId`. */
export function creditsPerson(db: Database, entity: CreditedEntity, ownerColumn: PgColumn, personId: number) {
  const store = STORES[entity];
  return exists(
    db
      .select({ one: sql`1` })
      .from(store.table)
      .where(and(eq(store.owner, ownerColumn), eq(store.personId, personId))),
  );
}
