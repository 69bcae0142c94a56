import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Database } from '../../db/client.js';
import { Unauthorized } from '../../errors.js';
import type { Actor, UserRole } from '../../lib/actor.js';
import { verifyPassword } from '../../lib/passwords.js';
import { hashToken } from '../../lib/tokens.js';
import { recordAudit } from '../../publishing/audit.js';
import { findUserByLogin } from '../users/repository.js';
import * as repo from './repository.js';

/** Who a live session belongs to, and the session. */
export interface SignedIn {
  sessionId: number;
  user: { id: number; login: string; name: string; role: UserRole };
  /** The form token of this session: every desk form and mutation must carry it. */
  csrf: string;
  expiresAt: string;
}

export interface SessionsOptions {
  db: Database;
  /** A session unused this long ends. */
  idleMs: number;
  /** A session ends this long after sign-in, used or not. */
  lifetimeMs: number;
}

export type SessionsService = ReturnType<typeof createSessionsService>;

const SESSION_PREFIX = 'ns_';

/**
 * The form token of a session: an HMAC of a fixed label under the session's own secret. It is
 * never stored; whoever holds the cookie's secret can derive it, and nobody else (a page on
 * another site cannot read the cookie) — the synchronizer-token pattern without a table.
 */
function csrfOf(secret: string): string {
  return createHmac('sha256', secret).update('newsroom desk form').digest('base64url');
}

/**
 * Desk sign-in sessions. The browser keeps a random 256-bit secret in a cookie; the database
 * keeps its SHA-256. Every request looks its session up (one indexed query), so a sign-out, a
 * deactivation or a password change ends sessions on every instance at once.
 */
export function createSessionsService({ db, idleMs, lifetimeMs }: SessionsOptions) {
  const refused = () => new Unauthorized('登录名或密码不对');
  return {
    idleMs,
    lifetimeMs,

    /**
     * Opens a session for a login and password: a new secret each time (the session is rotated
     * at sign-in, so a secret planted before cannot be taken over). Unknown logins, inactive
     * users, users without a password and wrong passwords are refused alike, after the same work.
     */
    async signIn(input: { login: string; password: string; userAgent?: string; address?: string; requestId: string }): Promise<{ secret: string; signedIn: SignedIn }> {
      const user = await findUserByLogin(db, input.login.trim());
      const matches = await verifyPassword(input.password, user?.passwordHash);
      if (!user || !matches || !user.active) throw refused();
      const secret = SESSION_PREFIX + randomBytes(32).toString('base64url');
      const row = await db.transaction(async (tx) => {
        const row = await repo.insertSession(tx, {
          userId: user.id,
          secretHash: hashToken(secret),
          lifetimeMs,
          userAgent: input.userAgent?.slice(0, 300) ?? null,
          address: input.address ?? null,
        });
        const actor: Actor = { userId: user.id, login: user.login, role: user.role, tokenId: null, sessionId: row.id, requestId: input.requestId };
        await recordAudit(tx, actor, { action: 'session.open', entity: 'user', entityId: user.id, details: { sessionId: row.id } });
        return row;
      });
      return {
        secret,
        signedIn: { sessionId: row.id, user: { id: user.id, login: user.login, name: user.name, role: user.role }, csrf: csrfOf(secret), expiresAt: row.expiresAt.toISOString() },
      };
    },

    /** The live session of a cookie's secret, or null; records its use (at most once a minute). */
    async resolve(secret: string): Promise<SignedIn | null> {
      if (!secret.startsWith(SESSION_PREFIX) || secret.length > 100) return null;
      const found = await repo.findLiveSession(db, hashToken(secret), idleMs);
      if (!found) return null;
      if (Date.now() - found.session.lastSeenAt.getTime() > 60_000) await repo.touchSession(db, found.session.id);
      return { sessionId: found.session.id, user: found.user, csrf: csrfOf(secret), expiresAt: found.session.expiresAt.toISOString() };
    },

    /** Whether `given` is the form token of the session whose secret is `secret`. */
    checkCsrf(secret: string, given: unknown): boolean {
      if (typeof given !== 'string') return false;
      const expected = Buffer.from(csrfOf(secret));
      const actual = Buffer.from(given);
      return actual.length === expected.length && timingSafeEqual(actual, expected);
    },

    /** Ends the session of a cookie's secret (sign-out); nothing when it has ended already. */
    async signOut(secret: string, actor: Actor): Promise<void> {
      await db.transaction(async (tx) => {
        const row = await repo.revokeSession(tx, hashToken(secret));
        if (row) await recordAudit(tx, actor, { action: 'session.close', entity: 'user', entityId: row.userId, details: { sessionId: row.id } });
      });
    },

    /** A user's open sessions, newest first, for the account page. */
    async open(userId: number) {
      return (await repo.openSessions(db, userId)).map((s) => ({
        id: s.id,
        createdAt: s.createdAt.toISOString(),
        lastSeenAt: s.lastSeenAt.toISOString(),
        expiresAt: s.expiresAt.toISOString(),
        userAgent: s.userAgent,
        address: s.address,
      }));
    },

    prune: () => repo.pruneSessions(db),
  };
}
