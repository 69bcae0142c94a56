import { sql } from 'drizzle-orm';
import type { FastifyInstance } from 'fastify';
import type { Database } from '../db/client.js';
import type { UserRole } from '../lib/actor.js';

/** The NOTIFY channel on which every instance hears that a token or a user's standing changed. */
export const CREDENTIALS_CHANNEL = 'newsroom_credentials';

/**
 * A change to who may sign in: a token `issued` or `revoked`, a `user` changed (role,
 * deactivation, password: their desk sessions end or change), or a desk `session` ended (signed
 * out). Sent inside the changing transaction, so it is heard only once committed.
 */
export interface CredentialChange {
  kind: 'issued' | 'revoked' | 'user' | 'session';
  id: number;
}

export async function announceCredentialChange(db: Database, change: CredentialChange): Promise<void> {
  await db.execute(sql`select pg_notify(${CREDENTIALS_CHANNEL}, ${`${change.kind}:${change.id}`})`);
}

function parseCredentialChange(payload: string): CredentialChange | undefined {
  const match = /^(issued|revoked|user|session):(\d+)$/.exec(payload);
  return match ? { kind: match[1] as CredentialChange['kind'], id: Number(match[2]) } : undefined;
}

/**
 * Calls `onChange` for every credential change any instance announces, from when the app is
 * ready until it closes, and `onGap` when changes may have been missed (a lost connection,
 * reconnected), with a warning saying what `onGap` does about it.
 */
export function hearCredentialChanges(app: FastifyInstance, onChange: (change: CredentialChange) => void, onGap: { does: string; run(): void }): void {
  let unlisten: (() => Promise<void>) | undefined;
  app.addHook('onReady', async () => {
    unlisten = await app.database.listen(
      CREDENTIALS_CHANNEL,
      (payload) => {
        const change = parseCredentialChange(payload);
        if (change) onChange(change);
      },
      () => {
        app.log.warn(`credential change notifications were interrupted; ${onGap.does}`);
        onGap.run();
      },
    );
  });
  app.addHook('onClose', async () => {
    await unlisten?.();
  });
}

/** What a live token stands for, as read from the database. */
export interface Credential {
  tokenId: number;
  userId: number;
  login: string;
  role: UserRole;
  /** When the token stops working, in ms since the epoch; null: never. */
  expiresAt: number | null;
  /** Last recorded use, in ms since the epoch; null: never used. */
  lastUsedAt: number | null;
}

/** What the cache needs of the database; the users service provides it. */
export interface CredentialSource {
  /** The live credential (token not revoked or expired, user active) of a secret hash. */
  find(secretHash: string): Promise<Credential | undefined>;
  /** Live credentials with their hashes, most recently used first. */
  findAll(limit: number): Promise<(Credential & { secretHash: string })[]>;
  /** The live credential of one token, with its hash. */
  findToken(tokenId: number): Promise<(Credential & { secretHash: string }) | undefined>;
  /** Records a use of the token (the database keeps it to the minute). */
  touch(tokenId: number): Promise<void>;
}

/** What the users service tells the cache of its own instance, at once, after a change commits. */
export interface CredentialChanges {
  forgetToken(tokenId: number): void;
  forgetUser(userId: number): void;
}

interface Entry {
  credential: Credential;
  /** When the database last confirmed the credential (ms); 0: confirm before the next use. */
  checkedAt: number;
}

export interface CredentialCacheOptions {
  /** How long a confirmed credential is trusted before the database is asked again. */
  ttlMs: number;
  /** Most credentials kept; least recently used go first. */
  maxEntries: number;
}

/** Uses of a token are written to the database at most this often. */
const TOUCH_EVERY_MS = 60_000;

/**
 * The live API tokens this instance knows, by secret hash, so a known token is checked without
 * a query and only unknown ones reach the database (and the limiter in the auth plugin).
 *
 * Correctness: a revocation, deactivation or role change is forgotten on this instance at once
 * (the users service calls `forgetToken`/`forgetUser` after commit) and on every other instance
 * when the change's NOTIFY arrives; expiry is checked on every use against the token's own
 * `expiresAt`; and every credential is confirmed again after `ttlMs` whatever was or was not
 * heard (a change made by hand in SQL, a lost notification), which bounds any staleness.
 * A lookup that began before a change is not kept (the epoch, as in the content cache).
 *
 * The set is loaded at start (`preload`) and grows by the `issued` notifications, so a valid
 * token is known even if its holder has not used it on this instance yet.
 */
export class CredentialCache implements CredentialChanges {
  private readonly entries = new Map<string, Entry>();
  private readonly hashOfToken = new Map<number, string>();
  private readonly inFlight = new Map<string, Promise<Credential | undefined>>();
  private epoch = 0;

  constructor(
    private readonly source: CredentialSource,
    private readonly options: CredentialCacheOptions,
  ) {}

  /** Whether `secretHash` belongs to a token this instance has seen live (or is looking up now). */
  knows(secretHash: string): boolean {
    return this.entries.has(secretHash) || this.inFlight.has(secretHash);
  }

  /**
   * The credential of a secret hash, or undefined when it is unknown, revoked, expired or its
   * user inactive. Asks the database only when the hash is not known or its check is older than
   * the TTL; concurrent askers of one hash share one lookup.
   */
  async resolve(secretHash: string): Promise<Credential | undefined> {
    const entry = this.entries.get(secretHash);
    const now = Date.now();
    if (entry && entry.credential.expiresAt !== null && entry.credential.expiresAt <= now) {
      this.remove(secretHash);
      return undefined;
    }
    if (entry && now - entry.checkedAt < this.options.ttlMs) {
      this.entries.delete(secretHash);
      this.entries.set(secretHash, entry);
      await this.touch(entry.credential, now);
      return entry.credential;
    }
    const pending = this.inFlight.get(secretHash);
    if (pending) return pending;
    const lookup = this.lookUp(secretHash).finally(() => this.inFlight.delete(secretHash));
    this.inFlight.set(secretHash, lookup);
    return lookup;
  }

  /** Loads every live credential (up to the cache's size): at start, and after notifications were missed. */
  async preload(): Promise<void> {
    const ticket = this.epoch;
    const rows = await this.source.findAll(this.options.maxEntries);
    if (ticket !== this.epoch) return;
    const now = Date.now();
    for (const { secretHash, ...credential } of rows.reverse()) this.keep(secretHash, credential, now);
  }

  /** Learns a token issued (on any instance), so its first use needs no lookup. */
  async learn(tokenId: number): Promise<void> {
    const ticket = this.epoch;
    const found = await this.source.findToken(tokenId);
    if (found && ticket === this.epoch) {
      const { secretHash, ...credential } = found;
      this.keep(secretHash, credential, Date.now());
    }
  }

  forgetToken(tokenId: number): void {
    this.epoch++;
    const hash = this.hashOfToken.get(tokenId);
    if (hash) this.remove(hash);
  }

  forgetUser(userId: number): void {
    this.epoch++;
    for (const [hash, entry] of this.entries) if (entry.credential.userId === userId) this.remove(hash);
  }

  /** Notifications may have been missed: every known credential is confirmed again before its next use. */
  distrustAll(): void {
    this.epoch++;
    for (const entry of this.entries.values()) entry.checkedAt = 0;
  }

  get size(): number {
    return this.entries.size;
  }

  private async lookUp(secretHash: string): Promise<Credential | undefined> {
    const ticket = this.epoch;
    const credential = await this.source.find(secretHash);
    if (!credential) {
      this.remove(secretHash);
      return undefined;
    }
    const now = Date.now();
    // Read before a change was announced: right for this request, too old to keep.
    if (ticket === this.epoch) this.keep(secretHash, credential, now);
    await this.touch(credential, now);
    return credential;
  }

  private keep(secretHash: string, credential: Credential, now: number): void {
    const previous = this.entries.get(secretHash);
    if (previous) credential.lastUsedAt = Math.max(credential.lastUsedAt ?? 0, previous.credential.lastUsedAt ?? 0) || null;
    this.entries.delete(secretHash);
    this.entries.set(secretHash, { credential, checkedAt: now });
    this.hashOfToken.set(credential.tokenId, secretHash);
    while (this.entries.size > this.options.maxEntries) this.remove(this.entries.keys().next().value as string);
  }

  private remove(secretHash: string): void {
    const entry = this.entries.get(secretHash);
    if (!entry) return;
    this.entries.delete(secretHash);
    this.hashOfToken.delete(entry.credential.tokenId);
  }

  private async touch(credential: Credential, now: number): Promise<void> {
    if (credential.lastUsedAt !== null && now - credential.lastUsedAt < TOUCH_EVERY_MS) return;
    credential.lastUsedAt = now;
    await this.source.touch(credential.tokenId);
  }
}
