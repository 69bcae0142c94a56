import { and, desc, eq, gt, isNull, lt, ne, sql } from 'drizzle-orm';
import type { Database } from '../../db/client.js';
import { sessions, users } from '../../db/schema/index.js';

export type SessionRow = typeof sessions.$inferSelect;

export async function insertSession(
  db: Database,
  values: { userId: number; secretHash: string; lifetimeMs: number; userAgent: string | null; address: string | null },
): Promise<SessionRow> {
  const { lifetimeMs, ...rest } = values;
  const [row] = await db
    .insert(sessions)
    .values({ ...rest, expiresAt: sql`now() + make_interval(secs => ${lifetimeMs / 1000})` })
    .returning();
  return row!;
}

/** The live session a secret hash belongs to, with its active user: not revoked, not expired, used within `idleMs`. */
export async function findLiveSession(db: Database, secretHash: string, idleMs: number) {
  const [row] = await db
    .select({ session: sessions, user: { id: users.id, login: users.login, name: users.name, role: users.role } })
    .from(sessions)
    .innerJoin(users, eq(users.id, sessions.userId))
    .where(
      and(
        eq(sessions.secretHash, secretHash),
        isNull(sessions.revokedAt),
        gt(sessions.expiresAt, sql`now()`),
        gt(sessions.lastSeenAt, sql`now() - make_interval(secs => ${idleMs / 1000})`),
        eq(users.active, true),
      ),
    );
  return row;
}

/** Records a session's use, at most once a minute so that reading pages does not turn into writes. */
export async function touchSession(db: Database, id: number): Promise<void> {
  await db
    .update(sessions)
    .set({ lastSeenAt: sql`now()` })
    .where(and(eq(sessions.id, id), lt(sessions.lastSeenAt, sql`now() - interval '1 minute'`)));
}

export async function revokeSession(db: Database, secretHash: string): Promise<SessionRow | undefined> {
  const [row] = await db
    .update(sessions)
    .set({ revokedAt: sql`now()` })
    .where(and(eq(sessions.secretHash, secretHash), isNull(sessions.revokedAt)))
    .returning();
  return row;
}

/** Ends every open session of a user but `keep` (the one changing its own password); returns how many. */
export async function revokeUserSessions(db: Database, userId: number, keep?: number): Promise<number> {
  const rows = await db
    .update(sessions)
    .set({ revokedAt: sql`now()` })
    .where(and(eq(sessions.userId, userId), isNull(sessions.revokedAt), keep === undefined ? undefined : ne(sessions.id, keep)))
    .returning({ id: sessions.id });
  return rows.length;
}

/** A user's sessions still open, newest first. */
export async function openSessions(db: Database, userId: number): Promise<SessionRow[]> {
  return db
    .select()
    .from(sessions)
    .where(and(eq(sessions.userId, userId), isNull(sessions.revokedAt), gt(sessions.expiresAt, sql`now()`)))
    .orderBy(desc(sessions.lastSeenAt))
    .limit(50);
}

/** Drops sessions that ended more than a day ago, so the table holds what may still matter. */
export async function pruneSessions(db: Database): Promise<void> {
  await db
    .delete(sessions)
    .where(sql`coalesce(${sessions.revokedAt}, ${sessions.expiresAt}) < now() - interval '1 day'`);
}
