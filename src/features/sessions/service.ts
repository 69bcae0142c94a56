import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { LRUCache } from 'lru-cache';
import type { Database } from '../../db/client.js';
import { Unauthorized } from '../../errors.js';
import type { Actor, UserRole } from '../../lib/actor.js';
import { verifyPassword } from '../../lib/passwords.js';
import { hashToken } from '../../lib/tokens.js';
import { announceCredentialChange } from '../../plugins/credentials.js';
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
  /** How long a live session read from the database is trusted before it is read again; 0: at every request. */
  trustMs?: number;
}

/** What changes to sessions and users tell this instance's kept sessions, at once, after they commit. */
export interface SessionChanges {
  /** A user's sessions ended, or their role or standing changed. */
  forgetUser(userId: number): void;
}

/** Live sessions kept at most; least recently used go first. */
const SESSIONS_KEPT = 10_000;
/** A session's use is written to the database at most this often. */
const TOUCH_EVERY_MS = 60_000;

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
 * keeps its SHA-256.
 *
 * A live session read from the database is kept here and trusted for `trustMs`, so a page does
 * not wait on a query to learn who asks. It still ends at once: a sign-out or a change to its
 * user (deactivation, a new password, a new role) forgets it on this instance when the change
 * commits, and on every other instance when the change's NOTIFY arrives (the desk listens);
 * its idle and absolute expiry are checked at every use; and it is read again after `trustMs`
 * whatever was or was not heard (a change made by hand in SQL, a lost notification), which
 * bounds any staleness. A read that began before a change is not kept.
 */
export function createSessionsService({ db, idleMs, lifetimeMs, trustMs = 0 }: SessionsOptions) {
  const refused = () => new Unauthorized('登录名或密码不对');
  type Found = NonNullable<Awaited<ReturnType<typeof repo.findLiveSession>>>;
  const kept = new LRUCache<string, { found: Found; checkedAt: number }>({ max: SESSIONS_KEPT });
  let epoch = 0;
  const forget = (matches: (found: Found) => boolean) => {
    epoch++;
    for (const [hash, entry] of kept.entries()) if (matches(entry.found)) kept.delete(hash);
  };
  const live = (found: Found, now: number) => found.session.expiresAt.getTime() > now && found.session.lastSeenAt.getTime() > now - idleMs;

  /** The live session of a secret's hash: as kept, while trusted and not expired, else from the database. */
  async function lookUp(hash: string, now: number): Promise<Found | undefined> {
    const entry = kept.get(hash);
    // Past its absolute expiry a session is over, whatever the database's clock says yet; idle
    // is asked of the database again, where another instance may have recorded a later use.
    if (entry && entry.found.session.expiresAt.getTime() <= now) {
      kept.delete(hash);
      return undefined;
    }
    if (entry && now - entry.checkedAt < trustMs && live(entry.found, now)) return entry.found;
    const ticket = epoch;
    const found = await repo.findLiveSession(db, hash, idleMs);
    if (!found) kept.delete(hash);
    else if (trustMs > 0 && ticket === epoch) kept.set(hash, { found, checkedAt: now });
    return found;
  }

  return {
    idleMs,
    lifetimeMs,

    /** Forgets the kept sessions of a user whose sessions ended or whose role or standing changed (on this instance: the change's NOTIFY tells the others). */
    forgetUser(userId: number): void {
      forget((found) => found.user.id === userId);
    },

    /** Forgets a kept session that ended on another instance. */
    forgetSession(sessionId: number): void {
      forget((found) => found.session.id === sessionId);
    },

    /** Reads every session from the database again at its next use: notifications may have been missed. */
    distrustAll(): void {
      epoch++;
      kept.clear();
    },

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
      const now = Date.now();
      const found = await lookUp(hashToken(secret), now);
      if (!found) return null;
      if (now - found.session.lastSeenAt.getTime() > TOUCH_EVERY_MS) {
        await repo.touchSession(db, found.session.id);
        found.session.lastSeenAt = new Date(now);
      }
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
      const hash = hashToken(secret);
      await db.transaction(async (tx) => {
        const row = await repo.revokeSession(tx, hash);
        if (!row) return;
        await recordAudit(tx, actor, { action: 'session.close', entity: 'user', entityId: row.userId, details: { sessionId: row.id } });
        await announceCredentialChange(tx, { kind: 'session', id: row.id });
      });
      epoch++;
      kept.delete(hash);
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
