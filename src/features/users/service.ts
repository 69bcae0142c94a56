import { sql } from 'drizzle-orm';
import type { Database } from '../../db/client.js';
import { users } from '../../db/schema/index.js';
import { lockVersioned, updateVersioned } from '../../db/versioned.js';
import { Conflict, Forbidden, NotFound, Unauthorized, Unprocessable } from '../../errors.js';
import type { Actor, UserRole } from '../../lib/actor.js';
import { systemClock, type Clock } from '../../lib/clock.js';
import { decodeCursor, paginate } from '../../lib/pagination.js';
import { announceChange } from '../../publishing/changes.js';
import { recordAudit } from '../../publishing/audit.js';
import { announceCredentialChange, type Credential, type CredentialChanges, type CredentialSource } from '../../plugins/credentials.js';
import * as repo from './repository.js';
import type { CreateUserBody, IssuedToken, IssueTokenBody, ListUsersQuery, TokenInfo, UpdateUserBody, User } from './schemas.js';
import { generateToken, hashToken, tokenHint } from '../../lib/tokens.js';
import { hashPassword, passwordProblem, verifyPassword } from '../../lib/passwords.js';
import { revokeUserSessions } from '../sessions/repository.js';
import type { SessionChanges } from '../sessions/service.js';

/** An arbitrary constant: the advisory lock that keeps two instances from both creating the first admin. */
const BOOTSTRAP_LOCK = 7_311_204_002;

export function toUser(row: repo.UserRow): User {
  return {
    id: row.id,
    login: row.login,
    name: row.name,
    role: row.role,
    active: row.active,
    hasPassword: row.passwordHash !== null,
    version: row.version,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}

function toTokenInfo(row: repo.TokenRow): TokenInfo {
  return {
    id: row.id,
    userId: row.userId,
    label: row.label,
    hint: row.hint,
    createdAt: row.createdAt.toISOString(),
    expiresAt: row.expiresAt?.toISOString() ?? null,
    lastUsedAt: row.lastUsedAt?.toISOString() ?? null,
    revokedAt: row.revokedAt?.toISOString() ?? null,
  };
}

function toCredential(row: { token: repo.TokenRow; user: repo.UserRow }): Credential {
  return {
    tokenId: row.token.id,
    userId: row.user.id,
    login: row.user.login,
    role: row.user.role,
    expiresAt: row.token.expiresAt?.getTime() ?? null,
    lastUsedAt: row.token.lastUsedAt?.getTime() ?? null,
  };
}

/** The database behind the credential cache: live tokens by hash and by id, and recording their use. */
export function createCredentialSource(db: Database): CredentialSource {
  return {
    find: async (secretHash) => {
      const found = await repo.findCredential(db, secretHash);
      return found && toCredential(found);
    },
    findAll: async (limit) => (await repo.listLiveCredentials(db, limit)).map((row) => ({ ...toCredential(row), secretHash: row.token.secretHash })),
    findToken: async (tokenId) => {
      const found = await repo.findCredentialByTokenId(db, tokenId);
      return found && { ...toCredential(found), secretHash: found.token.secretHash };
    },
    touch: (tokenId) => repo.touchToken(db, tokenId),
  };
}

export type UsersService = ReturnType<typeof createUsersService>;

/** The password, when it may be used; a 422 naming the field otherwise. */
function checkedPassword(password: string, pointer = '/password'): string {
  const problem = passwordProblem(password);
  if (problem) throw new Unprocessable('The password cannot be used', [{ pointer, message: problem }]);
  return password;
}

export interface UsersServiceDependencies {
  db: Database;
  /**
   * The credential cache of this instance, told at once when a token or user stops working
   * (other instances hear it by NOTIFY); absent where no cache runs (command-line tools).
   */
  credentials?: CredentialChanges;
  /** This instance's kept desk sessions, told likewise when a user's sessions end or their role, standing or name changes. */
  sessions?: SessionChanges;
  clock?: Clock;
}

export function createUsersService({ db, credentials, sessions, clock = systemClock }: UsersServiceDependencies) {
  async function issueToken(tx: Database, actor: Actor | null, userId: number, body: IssueTokenBody): Promise<IssuedToken> {
    const expiresAt = body.expiresAt ? new Date(body.expiresAt) : null;
    if (expiresAt && expiresAt.getTime() <= clock.now()) {
      throw new Unprocessable('The expiry must be in the future', [{ pointer: '/expiresAt', message: 'is in the past' }]);
    }
    const token = generateToken();
    const row = await repo.insertToken(tx, {
      userId,
      label: body.label?.trim() ?? 'API token',
      secretHash: hashToken(token),
      hint: tokenHint(token),
      expiresAt,
    });
    await announceCredentialChange(tx, { kind: 'issued', id: row.id });
    await recordAudit(tx, actor, { action: 'token.issue', entity: 'user', entityId: userId, details: { tokenId: row.id } });
    return { ...toTokenInfo(row), token };
  }

  return {
    /** The actor a bearer token stands for; 401 for unknown, revoked or expired tokens and inactive users. */
    async authenticate(token: string, requestId: string): Promise<Actor> {
      const found = await repo.findCredential(db, hashToken(token));
      if (!found) throw new Unauthorized('The bearer token is unknown, revoked or expired, or its user is inactive');
      await repo.touchToken(db, found.token.id);
      return { userId: found.user.id, login: found.user.login, role: found.user.role, tokenId: found.token.id, requestId };
    },

    async create(actor: Actor | null, body: CreateUserBody): Promise<User> {
      const passwordHash = body.password === undefined ? null : await hashPassword(checkedPassword(body.password));
      return db.transaction(async (tx) => {
        if (await repo.findUserByLogin(tx, body.login)) throw new Conflict(`The login ${body.login} is taken`);
        const row = await repo.insertUser(tx, { login: body.login.toLowerCase(), name: body.name.trim(), role: body.role, passwordHash });
        await recordAudit(tx, actor, { action: 'user.create', entity: 'user', entityId: row.id, details: { role: row.role } });
        return toUser(row);
      });
    },

    /** A new user and a first token for them, as the command-line tool creates them. */
    async createWithToken(body: CreateUserBody, label: string): Promise<{ user: User; token: IssuedToken }> {
      return db.transaction(async (tx) => {
        if (await repo.findUserByLogin(tx, body.login)) throw new Conflict(`The login ${body.login} is taken`);
        const row = await repo.insertUser(tx, { login: body.login.toLowerCase(), name: body.name.trim(), role: body.role });
        await recordAudit(tx, null, { action: 'user.create', entity: 'user', entityId: row.id, details: { role: row.role } });
        return { user: toUser(row), token: await issueToken(tx, null, row.id, { label }) };
      });
    },

    async get(id: number): Promise<User> {
      const row = await repo.findUserById(db, id);
      if (!row) throw new NotFound(`No user ${id}`);
      return toUser(row);
    },

    async list(query: ListUsersQuery) {
      const limit = query.limit ?? 50;
      const after = decodeCursor(query.cursor, ['number']);
      const rows = await repo.listUsers(db, {
        role: query.role,
        active: query.active,
        afterId: after?.[0],
        limit: limit + 1,
      });
      const page = paginate(rows, limit, (r) => [r.id]);
      return { items: page.items.map(toUser), nextCursor: page.nextCursor };
    },

    async update(actor: Actor, id: number, expected: number, body: UpdateUserBody): Promise<User> {
      const passwordHash = body.password === undefined ? undefined : await hashPassword(checkedPassword(body.password));
      const updated = await db.transaction(async (tx) => {
        // Serialises changes of roles so two admins cannot demote each other at once.
        await tx.execute(sql`select pg_advisory_xact_lock(${BOOTSTRAP_LOCK})`);
        const current = await lockVersioned(tx, users, 'user', id, expected);
        const losesAdmin = current.role === 'admin' && current.active && (body.active === false || (body.role !== undefined && body.role !== 'admin'));
        if (losesAdmin && (await repo.countActiveAdmins(tx)) <= 1) {
          throw new Conflict('This is the last active admin; make another admin first');
        }
        const row = await updateVersioned(tx, users, 'user', id, expected, {
          ...(body.name !== undefined && { name: body.name.trim() }),
          ...(body.role !== undefined && { role: body.role }),
          ...(body.active !== undefined && { active: body.active }),
          ...(passwordHash !== undefined && { passwordHash }),
        });
        // A user's name shows in public renderings (a page editor's, on an edition's pages).
        if (row.name !== current.name) await announceChange(tx, { entity: 'user', id });
        // Deactivation signs the user out everywhere for good: reactivating does not revive old tokens.
        const revoked = body.active === false ? await repo.revokeUserTokens(tx, id) : 0;
        // A new password, set by an admin, or deactivation ends every desk session of the user.
        if (body.active === false || passwordHash !== undefined) await revokeUserSessions(tx, id);
        // Signed-in requests carry the role (and a desk session the name); every instance drops
        // what it knows of this user's tokens and sessions.
        const standingChanged = row.role !== current.role || row.active !== current.active;
        const sessionsChanged = standingChanged || passwordHash !== undefined || row.name !== current.name;
        if (sessionsChanged) await announceCredentialChange(tx, { kind: 'user', id });
        await recordAudit(tx, actor, { action: 'user.update', entity: 'user', entityId: id, details: { ...body, ...(body.password !== undefined && { password: 'set' }), ...(revoked && { revokedTokens: revoked }) } });
        return { user: toUser(row), standingChanged, sessionsChanged };
      });
      if (updated.standingChanged) credentials?.forgetUser(id);
      if (updated.sessionsChanged) sessions?.forgetUser(id);
      return updated.user;
    },

    /**
     * A user changes their own password, giving the current one; every other desk session of
     * theirs ends (the one they are changing it in stays open).
     */
    async changeOwnPassword(actor: Actor, current: string, next: string): Promise<void> {
      const row = await repo.findUserById(db, actor.userId);
      if (!row) throw new NotFound(`No user ${actor.userId}`);
      if (!(await verifyPassword(current, row.passwordHash))) {
        throw new Unprocessable('The current password is wrong', [{ pointer: '/current', message: '当前密码不对' }]);
      }
      const passwordHash = await hashPassword(checkedPassword(next, '/next'));
      await db.transaction(async (tx) => {
        await repo.setPassword(tx, actor.userId, passwordHash);
        await revokeUserSessions(tx, actor.userId, actor.sessionId);
        await announceCredentialChange(tx, { kind: 'user', id: actor.userId });
        await recordAudit(tx, actor, { action: 'user.password', entity: 'user', entityId: actor.userId });
      });
      sessions?.forgetUser(actor.userId);
    },

    async issueToken(actor: Actor, userId: number, body: IssueTokenBody): Promise<IssuedToken> {
      return db.transaction(async (tx) => {
        const user = await repo.findUserById(tx, userId);
        if (!user) throw new NotFound(`No user ${userId}`);
        if (!user.active) throw new Conflict(`User ${user.login} is inactive; activate them first`);
        return issueToken(tx, actor, userId, body);
      });
    },

    async listTokens(userId: number): Promise<TokenInfo[]> {
      if (!(await repo.findUserById(db, userId))) throw new NotFound(`No user ${userId}`);
      return (await repo.listTokens(db, userId)).map(toTokenInfo);
    },

    /** Admins revoke any token; everyone else only their own. */
    async revokeToken(actor: Actor, tokenId: number): Promise<void> {
      await db.transaction(async (tx) => {
        const token = await repo.findToken(tx, tokenId);
        if (!token || (actor.role !== 'admin' && token.userId !== actor.userId)) throw new NotFound(`No token ${tokenId}`);
        if (token.revokedAt) return;
        await repo.revokeToken(tx, tokenId);
        await announceCredentialChange(tx, { kind: 'revoked', id: tokenId });
        await recordAudit(tx, actor, { action: 'token.revoke', entity: 'user', entityId: token.userId, details: { tokenId } });
      });
      credentials?.forgetToken(tokenId);
    },

    /**
     * Creates user `admin` with the given token when no admin exists yet. Returns the
     * user created, or undefined when an admin already existed.
     */
    async bootstrapAdmin(adminToken: string): Promise<User | undefined> {
      return db.transaction(async (tx) => {
        await tx.execute(sql`select pg_advisory_xact_lock(${BOOTSTRAP_LOCK})`);
        const admins = await repo.listUsers(tx, { role: 'admin', limit: 1 });
        if (admins.length > 0) return undefined;
        if (await repo.findUserByLogin(tx, 'admin')) {
          throw new Forbidden('ADMIN_TOKEN is set but the login "admin" belongs to a user who is not an admin');
        }
        const row = await repo.insertUser(tx, { login: 'admin', name: 'Administrator', role: 'admin' satisfies UserRole });
        const token = await repo.insertToken(tx, {
          userId: row.id,
          label: 'ADMIN_TOKEN',
          secretHash: hashToken(adminToken),
          hint: tokenHint(adminToken),
          expiresAt: null,
        });
        await announceCredentialChange(tx, { kind: 'issued', id: token.id });
        await recordAudit(tx, null, { action: 'user.bootstrap', entity: 'user', entityId: row.id });
        return toUser(row);
      });
    },
  };
}
