import { index, integer, pgEnum, pgTable, text, timestamp, uniqueIndex } from 'drizzle-orm/pg-core';
import { CREDIT_ROLES } from '../../document/credit-roles.js';
import { users } from './users.js';

/** The byline roles (`CREDIT_ROLES`) as a database enum. */
export const creditRole = pgEnum('credit_role', CREDIT_ROLES);

/** A contributor who can be credited in a byline; may be linked to a user. */
export const people = pgTable(
  'people',
  {
    id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
    name: text('name').notNull(),
    defaultRole: creditRole('default_role').notNull(),
    affiliation: text('affiliation'),
    userId: integer('user_id').references(() => users.id, { onDelete: 'set null' }),
    version: integer('version').notNull().default(1),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex('people_user_id_key').on(t.userId), index('people_name_idx').on(t.name)],
);
