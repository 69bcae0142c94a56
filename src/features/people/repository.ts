import { and, asc, eq, gt, ilike, type SQL } from 'drizzle-orm';
import type { Database } from '../../db/client.js';
import { articleCredits, noticeCredits, people } from '../../db/schema/index.js';
import type { CreditRole } from '../../document/credit-roles.js';

export type PersonRow = typeof people.$inferSelect;

export async function findPerson(db: Database, id: number): Promise<PersonRow | undefined> {
  const [row] = await db.select().from(people).where(eq(people.id, id));
  return row;
}

export async function findPersonByUser(db: Database, userId: number): Promise<PersonRow | undefined> {
  const [row] = await db.select().from(people).where(eq(people.userId, userId));
  return row;
}

/** How many articles and notices credit the person in their bylines. */
export async function creditCounts(db: Database, id: number): Promise<{ articles: number; notices: number }> {
  const articles = await db.$count(articleCredits, eq(articleCredits.personId, id));
  const notices = await db.$count(noticeCredits, eq(noticeCredits.personId, id));
  return { articles, notices };
}

export async function insertPerson(db: Database, values: typeof people.$inferInsert): Promise<PersonRow> {
  const [row] = await db.insert(people).values(values).returning();
  return row!;
}

const likePattern = (text: string) => `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

export async function listPeople(
  db: Database,
  params: { q?: string; role?: CreditRole; afterId?: number; limit: number },
): Promise<PersonRow[]> {
  const where: SQL[] = [];
  if (params.q) where.push(ilike(people.name, likePattern(params.q)));
  if (params.role) where.push(eq(people.defaultRole, params.role));
  if (params.afterId !== undefined) where.push(gt(people.id, params.afterId));
  return db
    .select()
    .from(people)
    .where(and(...where))
    .orderBy(asc(people.id))
    .limit(params.limit);
}
