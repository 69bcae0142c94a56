import type { FastifyInstance, InjectOptions, LightMyRequestResponse } from 'fastify';
import { buildApp } from '../../src/app.js';
import type { DatabaseHandle } from '../../src/db/client.js';
import type { UserRole } from '../../src/lib/actor.js';
import type { MediaStore } from '../../src/render/media/store.js';
import { createTestDatabase } from './database.js';

export interface TestApp {
  app: FastifyInstance;
  database: DatabaseHandle;
  /** Bearer tokens of one user per role, made for this file. */
  tokens: Record<UserRole, string>;
  /** Makes another user of `role` and returns their id and token. */
  user(role: UserRole, login?: string): Promise<{ id: number; token: string }>;
  /** `app.inject` with `Authorization: Bearer` for `token` (a role name or a raw token). */
  request(token: UserRole | string | null, options: InjectOptions): Promise<LightMyRequestResponse>;
  close(): Promise<void>;
}

let serial = 0;

export interface TestAppOptions {
  /** Largest notice table body; the service's default when not given. */
  tableLimit?: number;
  /** Pino options for the app's logger; silent when not given. */
  logger?: Parameters<typeof buildApp>[0]['logger'];
  /** Bad bearer tokens a client may present in a minute; the service's default when not given. */
  authFailureLimit?: number;
  /** Fastify's `trustProxy`; none when not given. */
  trustProxy?: boolean | string;
  /** Origins allowed to call `/api/v1` from a browser; none when not given. */
  apiCorsOrigins?: readonly string[];
  /** The paper's time zone; the service's default (Asia/Shanghai) when not given. */
  timeZone?: string;
  /** Where photos are kept; the app's default (a shared folder under the temporary directory) when not given. */
  media?: MediaStore;
  /** Largest photo file; the service's default when not given. */
  mediaLimit?: number;
}

export async function createTestApp(options: TestAppOptions = {}): Promise<TestApp> {
  const database = await createTestDatabase();
  const app = await buildApp({
    config: { bodyLimit: 65_536, publicBaseUrl: 'http://newsroom.test', tableLimit: options.tableLimit, authFailureLimit: options.authFailureLimit, trustProxy: options.trustProxy, apiCorsOrigins: options.apiCorsOrigins, timeZone: options.timeZone, mediaLimit: options.mediaLimit },
    database,
    media: options.media,
    logger: options.logger,
  });
  await app.ready();
  return testAppOver(app, database, () => app.close());
}

/** A TestApp over an app built elsewhere (e.g. with its publisher running): users of each role, and requests as them. */
export async function testAppOver(app: FastifyInstance, database: DatabaseHandle, close: () => Promise<void>): Promise<TestApp> {
  const { users } = app.services;

  async function user(role: UserRole, login = `${role}${++serial}`) {
    const made = await users.createWithToken({ login, name: `${role} ${serial}`, role }, 'test');
    return { id: made.user.id, token: made.token.token };
  }

  const tokens = {
    reporter: (await user('reporter')).token,
    editor: (await user('editor')).token,
    admin: (await user('admin')).token,
  } satisfies Record<UserRole, string>;

  return {
    app,
    database,
    tokens,
    user,
    request(token, options) {
      const bearer = token === null ? undefined : (tokens[token as UserRole] ?? token);
      return app.inject({
        ...options,
        headers: { ...(bearer && { authorization: `Bearer ${bearer}` }), ...options.headers },
      });
    },
    close,
  };
}
