import { and, asc, eq, exists, inArray, sql } from 'drizzle-orm';
import type { PgColumn } from 'drizzle-orm/pg-core';
import type { Database } from '../../db/client.js';
import { articleCredits, noticeCredits, people, type CreditRole } from '../../db/schema/index.js';
import { Unprocessable } from '../../errors.js';

/** A byline entry as a client sends it: a known person by id, or a name. */
export type CreditInput = { role: CreditRole; personId: number } | { role: CreditRole; name: string };

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

/** Credits as ids: a name finds the person of that exact name (the oldest), or creates them. */
export async function resolveCredits(tx: Database, credits: CreditInput[]): Promise<{ role: CreditRole; personId: number }[]> {
  const out: { role: CreditRole; personId: number }[] = [];
  for (const [i, credit] of credits.entries()) {
    if ('personId' in credit) {
      const [found] = await tx.select({ id: people.id }).from(people).where(eq(people.id, credit.personId));
      if (!found) {
        throw new Unprocessable(`No person ${credit.personId}`, [{ pointer: `/credits/${i}/personId`, message: 'no such person' }]);
      }
      out.push({ role: credit.role, personId: credit.personId });
    } else {
      const name = credit.name.trim();
      const [found] = await tx.select({ id: people.id }).from(people).where(eq(people.name, name)).orderBy(asc(people.id)).limit(1);
      const personId = found?.id ?? (await tx.insert(people).values({ name, defaultRole: credit.role }).returning({ id: people.id }))[0]!.id;
      out.push({ role: credit.role, personId });
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
