import type { FastifyInstance, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { RateLimiterMemory, RateLimiterRes } from 'rate-limiter-flexible';
import type { UserRole } from '../lib/actor.js';
import { Forbidden, TooManyRequests, Unauthorized } from '../errors.js';
import type { Actor } from '../lib/actor.js';
import { hashToken } from '../lib/tokens.js';
import { hearCredentialChanges, type Credential, type CredentialCache } from './credentials.js';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** Roles that may call the route; absent: any signed-in user. */
    roles?: readonly UserRole[];
  }
  interface FastifyRequest {
    /** The signed-in user; set on every route of the newsroom API. */
    actor: Actor;
  }
  interface FastifyInstance {
    /**
     * onRequest hook: 401 without a valid bearer token, 403 when the route's `roles` exclude
     * the user, 429 for an unknown token from a client that has presented too many bad tokens lately.
     */
    authenticate: (request: FastifyRequest) => Promise<void>;
    /** The live tokens this instance knows; the users service tells it of revocations at once. */
    credentials: CredentialCache;
  }
}

export interface AuthOptions {
  /** The live tokens this instance knows (the composition root builds it over the users' tokens). */
  credentials: CredentialCache;
  /** Bad bearer tokens a client (by IP address) may present in a minute before its unknown tokens are rationed. */
  failuresPerMinute: number;
  /** Lookups a second, per instance, of unknown tokens from all turned-away clients together. */
  turnedAwayLookupsPerSecond?: number;
}

const BEARER = /^Bearer\s+([\x21-\x7e]{1,200})\s*$/i;

/** How long a client that went over the limit is turned away, in seconds. */
const BLOCK_SECONDS = 60;
/** Unknown tokens from turned-away clients still looked up, a second (per instance): a token issued a moment ago elsewhere. */
const TURNED_AWAY_LOOKUPS_PER_SECOND = 5;

/**
 * Bearer-token authentication that a flood of bad tokens cannot turn against the newsroom.
 *
 * - Every live token is known in memory (`CredentialCache`: loaded at start, grown by the
 *   `issued` notifications, forgotten on revocation, deactivation or a role change on this
 *   instance at once and on the others by NOTIFY, re-confirmed after 30 s whatever was heard).
 *   A known token is never limited and costs no query, so a valid editor behind the same NAT
 *   address as a hostile script keeps working.
 * - An unknown token costs one lookup. A client (IP address) gets `failuresPerMinute` of them;
 *   past that it is turned away for a minute, which now means: its unknown tokens share, with
 *   every other turned-away client, a budget of a few lookups a second on this instance (a token
 *   issued on another instance a moment ago still gets in), and beyond that get 429.
 *
 * So bad tokens cost the database at most `failuresPerMinute` lookups a minute per address
 * plus `turnedAwayLookupsPerSecond` a second per instance.
 */
async function authPlugin(app: FastifyInstance, opts: AuthOptions): Promise<void> {
  const { credentials } = opts;
  app.decorate('credentials', credentials);
  // Counted per instance, in memory: a token is 256 random bits, so the limit is there to stop
  // a client hammering the database with guesses, not to make guessing feasible elsewhere.
  const failures = new RateLimiterMemory({ points: opts.failuresPerMinute, duration: 60, blockDuration: BLOCK_SECONDS });
  const turnedAwayLookups = new RateLimiterMemory({ points: opts.turnedAwayLookupsPerSecond ?? TURNED_AWAY_LOOKUPS_PER_SECOND, duration: 1 });

  hearCredentialChanges(
    app,
    (change) => {
      if (change.kind === 'revoked') credentials.forgetToken(change.id);
      else if (change.kind === 'user') credentials.forgetUser(change.id);
      else if (change.kind === 'issued') credentials.learn(change.id).catch((err: unknown) => app.log.warn({ err }, 'could not load an issued token'));
    },
    {
      does: 'every known token is checked again at its next use',
      run() {
        credentials.distrustAll();
        credentials.preload().catch((err: unknown) => app.log.warn({ err }, 'could not reload the live tokens'));
      },
    },
  );
  // Without it tokens are still looked up one by one (under the limits): nothing to stop the start for.
  app.addHook('onReady', async () => {
    await credentials.preload().catch((err: unknown) => app.log.warn({ err }, 'could not load the live tokens'));
  });

  const turnedAway = (msBeforeNext: number) =>
    new TooManyRequests('Too many requests with a bad bearer token from this client; wait before trying again', msBeforeNext / 1000);

  /** Counts a presented token that failed; the failure that crosses the limit is already refused with 429. */
  async function failed(request: FastifyRequest, error: Unauthorized): Promise<never> {
    try {
      await failures.consume(request.ip);
    } catch (res) {
      if (res instanceof RateLimiterRes) {
        request.log.warn({ client: request.ip }, 'failed authentications over the limit: client turned away');
        throw turnedAway(res.msBeforeNext);
      }
      throw res;
    }
    throw error;
  }

  /**
   * Before an unknown token is looked up: takes one of the client's points first, so concurrent
   * guesses cannot all slip under the limit; a client past it may go on only within the
   * turned-away budget. Answers whether a point was taken (to give back when the token is good).
   */
  async function mayLookUp(request: FastifyRequest): Promise<boolean> {
    try {
      await failures.consume(request.ip);
      return true;
    } catch (res) {
      if (!(res instanceof RateLimiterRes)) throw res;
      if (res.consumedPoints === opts.failuresPerMinute + 1) {
        request.log.warn({ client: request.ip }, 'failed authentications over the limit: client turned away');
      }
      try {
        await turnedAwayLookups.consume('all');
      } catch (spent) {
        // The budget is back within a second: a valid token not yet known here need not wait out the block.
        if (spent instanceof RateLimiterRes) throw turnedAway(spent.msBeforeNext);
        throw spent;
      }
      return false;
    }
  }

  app.decorateRequest('actor', null as unknown as Actor);
  app.decorate('authenticate', async (request: FastifyRequest) => {
    const header = request.headers.authorization;
    if (!header) throw new Unauthorized('Send Authorization: Bearer <token>');
    const match = BEARER.exec(header);
    if (!match?.[1]) return failed(request, new Unauthorized('The Authorization header must be "Bearer <token>"'));
    const secretHash = hashToken(match[1]);
    const refused = new Unauthorized('The bearer token is unknown, revoked or expired, or its user is inactive');
    if (credentials.knows(secretHash)) {
      const credential = await credentials.resolve(secretHash);
      if (!credential) return failed(request, refused);
      return signIn(request, credential);
    }
    const counted = await mayLookUp(request);
    const credential = await credentials.resolve(secretHash);
    if (credential) {
      if (counted) await failures.reward(request.ip, 1);
      return signIn(request, credential);
    }
    if (counted) throw refused;
    const blocked = await failures.get(request.ip);
    throw turnedAway(blocked?.msBeforeNext ?? BLOCK_SECONDS * 1000);
  });

  function signIn(request: FastifyRequest, credential: Credential): void {
    request.actor = { userId: credential.userId, login: credential.login, role: credential.role, tokenId: credential.tokenId, requestId: String(request.id) };
    request.log = request.log.child({ userId: request.actor.userId });
    const roles = request.routeOptions.config.roles;
    if (roles && !roles.includes(request.actor.role)) {
      throw new Forbidden(`This needs the role ${roles.join(' or ')}; you are ${request.actor.role}`);
    }
  }
}

export default fp(authPlugin, { name: 'auth', fastify: '5.x', dependencies: ['database'] });
