import { sql } from 'drizzle-orm';
import { boolean, index, integer, pgEnum, pgTable, text, timestamp, uniqueIndex } from 'drizzle-orm/pg-core';
import { USER_ROLES } from '../../lib/actor.js';

/** The user roles (`USER_ROLES`) as a database enum. */
export const userRole = pgEnum('user_role', USER_ROLES);

export const users = pgTable(
  'users',
  {
    id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
    login: text('login').notNull(),
    name: text('name').notNull(),
    role: userRole('role').notNull(),
    active: boolean('active').notNull().default(true),
    /** scrypt hash of the desk password (`lib/passwords.ts`); null: this user signs in with API tokens only. */
    passwordHash: text('password_hash'),
    version: integer('version').notNull().default(1),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex('users_login_key').on(sql`lower(${t.login})`)],
);

/** API tokens: only the SHA-256 of the secret is kept. */
export const apiTokens = pgTable(
  'api_tokens',
  {
    id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
    userId: integer('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    label: text('label').notNull(),
    secretHash: text('secret_hash').notNull(),
    /** The first characters of the token, so a person can tell their tokens apart. */
    hint: text('hint').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    expiresAt: timestamp('expires_at', { withTimezone: true }),
    lastUsedAt: timestamp('last_used_at', { withTimezone: true }),
    revokedAt: timestamp('revoked_at', { withTimezone: true }),
  },
  (t) => [uniqueIndex('api_tokens_secret_hash_key').on(t.secretHash), index('api_tokens_user_id_idx').on(t.userId)],
);

/**
 * Desk sign-in sessions: the cookie holds a random secret, only its SHA-256 is kept. A session
 * ends at `expires_at` (absolute), after `idle` without use, at sign-out or when its user is
 * deactivated or changes password.
 */
export const sessions = pgTable(
  'sessions',
  {
    id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
    userId: integer('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    secretHash: text('secret_hash').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    lastSeenAt: timestamp('last_seen_at', { withTimezone: true }).notNull().defaultNow(),
    expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
    revokedAt: timestamp('revoked_at', { withTimezone: true }),
    /** The browser and address it was opened from, so a user can tell their sessions apart. */
    userAgent: text('user_agent'),
    address: text('address'),
  },
  (t) => [uniqueIndex('sessions_secret_hash_key').on(t.secretHash), index('sessions_user_id_idx').on(t.userId)],
);
