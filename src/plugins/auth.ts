import type { FastifyInstance, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { RateLimiterMemory, RateLimiterRes } from 'rate-limiter-flexible';
import type { UserRole } from '../db/schema/index.js';
import { Forbidden, TooManyRequests, Unauthorized } from '../errors.js';
import { createUsersService } from '../features/users/service.js';
import type { Actor } from '../lib/actor.js';

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
     * the user, 429 for a client that has presented too many bad tokens lately.
     */
    authenticate: (request: FastifyRequest) => Promise<void>;
  }
}

export interface AuthOptions {
  /** Bad bearer tokens a client (by IP address) may present in a minute before it is turned away for a minute. */
  failuresPerMinute: number;
}

const BEARER = /^Bearer\s+([\x21-\x7e]{1,200})\s*$/i;

/** How long a client that went over the limit is turned away, in seconds. */
const BLOCK_SECONDS = 60;

async function authPlugin(app: FastifyInstance, opts: AuthOptions): Promise<void> {
  const users = createUsersService({ db: app.db });
  // Counted per instance, in memory: a token is 256 random bits, so the limit is there to stop
  // a client hammering the database with guesses, not to make guessing feasible elsewhere.
  const failures = new RateLimiterMemory({ points: opts.failuresPerMinute, duration: 60, blockDuration: BLOCK_SECONDS });

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

  app.decorateRequest('actor', null as unknown as Actor);
  app.decorate('authenticate', async (request: FastifyRequest) => {
    const header = request.headers.authorization;
    if (!header) throw new Unauthorized('Send Authorization: Bearer <token>');
    const seen = await failures.get(request.ip);
    if (seen && seen.consumedPoints > opts.failuresPerMinute) throw turnedAway(seen.msBeforeNext);
    const match = BEARER.exec(header);
    if (!match?.[1]) return failed(request, new Unauthorized('The Authorization header must be "Bearer <token>"'));
    try {
      request.actor = await users.authenticate(match[1], String(request.id));
    } catch (error) {
      if (error instanceof Unauthorized) return failed(request, error);
      throw error;
    }
    request.log = request.log.child({ userId: request.actor.userId });
    const roles = request.routeOptions.config.roles;
    if (roles && !roles.includes(request.actor.role)) {
      throw new Forbidden(`This needs the role ${roles.join(' or ')}; you are ${request.actor.role}`);
    }
  });
}

export default fp(authPlugin, { name: 'auth', fastify: '5.x', dependencies: ['database'] });
