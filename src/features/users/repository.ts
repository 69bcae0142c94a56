import { and, asc, count, desc, eq, gt, isNull, lt, or, sql, type SQL } from 'drizzle-orm';
import type { Database } from '../../db/client.js';
import { apiTokens, users } from '../../db/schema/index.js';
import type { UserRole } from '../../lib/actor.js';

export type UserRow = typeof users.$inferSelect;
export type TokenRow = typeof apiTokens.$inferSelect;

export async function findUserById(db: Database, id: number): Promise<UserRow | undefined> {
  const [row] = await db.select().from(users).where(eq(users.id, id));
  return row;
}

export async function findUserByLogin(db: Database, login: string): Promise<UserRow | undefined> {
  const [row] = await db.select().from(users).where(sql`lower(${users.login}) = lower(${login})`);
  return row;
}

export async function insertUser(db: Database, values: { login: string; name: string; role: UserRole; passwordHash?: string | null }): Promise<UserRow> {
  const [row] = await db.insert(users).values(values).returning();
  return row!;
}

/** Sets a user's password hash; not a versioned change of the user (their record is unchanged to others). */
export async function setPassword(db: Database, id: number, passwordHash: string): Promise<void> {
  await db.update(users).set({ passwordHash }).where(eq(users.id, id));
}

export async function listUsers(
  db: Database,
  params: { role?: UserRole; active?: boolean; afterId?: number; limit: number },
): Promise<UserRow[]> {
  const where: SQL[] = [];
  if (params.role) where.push(eq(users.role, params.role));
  if (params.active !== undefined) where.push(eq(users.active, params.active));
  if (params.afterId !== undefined) where.push(gt(users.id, params.afterId));
  return db
    .select()
    .from(users)
    .where(and(...where))
    .orderBy(asc(users.id))
    .limit(params.limit);
}

export async function countActiveAdmins(db: Database): Promise<number> {
  const [row] = await db
    .select({ n: count() })
    .from(users)
    .where(and(eq(users.role, 'admin'), eq(users.active, true)));
  return row?.n ?? 0;
}

export async function insertToken(
  db: Database,
  values: { userId: number; label: string; secretHash: string; hint: string; expiresAt: Date | null },
): Promise<TokenRow> {
  const [row] = await db.insert(apiTokens).values(values).returning();
  return row!;
}

export async function findToken(db: Database, id: number): Promise<TokenRow | undefined> {
  const [row] = await db.select().from(apiTokens).where(eq(apiTokens.id, id));
  return row;
}

export async function listTokens(db: Database, userId: number): Promise<TokenRow[]> {
  return db.select().from(apiTokens).where(eq(apiTokens.userId, userId)).orderBy(asc(apiTokens.id));
}

export async function revokeToken(db: Database, id: number): Promise<TokenRow | undefined> {
  const [row] = await db
    .update(apiTokens)
    .set({ revokedAt: sql`now()` })
    .where(and(eq(apiTokens.id, id), isNull(apiTokens.revokedAt)))
    .returning();
  return row;
}

/** Revokes every live token of a user; returns how many. */
export async function revokeUserTokens(db: Database, userId: number): Promise<number> {
  const rows = await db
    .update(apiTokens)
    .set({ revokedAt: sql`now()` })
    .where(and(eq(apiTokens.userId, userId), isNull(apiTokens.revokedAt)))
    .returning({ id: apiTokens.id });
  return rows.length;
}

/** A token that still works: not revoked, not expired, its user active. */
const live = () =>
  and(isNull(apiTokens.revokedAt), or(isNull(apiTokens.expiresAt), gt(apiTokens.expiresAt, sql`now()`)), eq(users.active, true));

/** The active user and live token a secret hash belongs to, if any. */
export async function findCredential(db: Database, secretHash: string) {
  const [row] = await db
    .select({ token: apiTokens, user: users })
    .from(apiTokens)
    .innerJoin(users, eq(users.id, apiTokens.userId))
    .where(and(eq(apiTokens.secretHash, secretHash), live()));
  return row;
}

/** The active user and live token of a token id, if it is live. */
export async function findCredentialByTokenId(db: Database, tokenId: number) {
  const [row] = await db
    .select({ token: apiTokens, user: users })
    .from(apiTokens)
    .innerJoin(users, eq(users.id, apiTokens.userId))
    .where(and(eq(apiTokens.id, tokenId), live()));
  return row;
}

/** Every live token with its active user, most recently used first. */
export async function listLiveCredentials(db: Database, limit: number) {
  return db
    .select({ token: apiTokens, user: users })
    .from(apiTokens)
    .innerJoin(users, eq(users.id, apiTokens.userId))
    .where(live())
    .orderBy(sql`${apiTokens.lastUsedAt} desc nulls last`, desc(apiTokens.id))
    .limit(limit);
}

/** Records a token's use, at most once a minute so reads do not turn into writes. */
export async function touchToken(db: Database, id: number): Promise<void> {
  await db
    .update(apiTokens)
    .set({ lastUsedAt: sql`now()` })
    .where(
      and(
        eq(apiTokens.id, id),
        or(isNull(apiTokens.lastUsedAt), lt(apiTokens.lastUsedAt, sql`now() - interval '1 minute'`)),
      ),
    );
}
