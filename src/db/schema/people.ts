import { index, integer, pgEnum, pgTable, text, timestamp, uniqueIndex } from 'drizzle-orm/pg-core';
import { users } from './users.js';

/** Roles in a byline: 记者, 通讯员, 摄影, 编辑, 实习生, contributor. */
export const CREDIT_ROLES = ['reporter', 'correspondent', 'photographer', 'editor', 'intern', 'contributor'] as const;
export type CreditRole = (typeof CREDIT_ROLES)[number];
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
