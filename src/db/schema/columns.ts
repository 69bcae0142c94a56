import { integer, timestamp } from 'drizzle-orm/pg-core';
import { users } from './users.js';

/** Who made a row and who changed it last, and when: the columns of everything the newsroom edits. */
export const authorshipColumns = () => ({
  createdBy: integer('created_by')
    .notNull()
    .references(() => users.id, { onDelete: 'restrict' }),
  updatedBy: integer('updated_by')
    .notNull()
    .references(() => users.id, { onDelete: 'restrict' }),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
});
