import type { Database } from '../../db/client.js';
import { people } from '../../db/schema/index.js';
import { deleteVersioned, lockVersioned, updateVersioned } from '../../db/versioned.js';
import { Conflict, NotFound, Unprocessable } from '../../errors.js';
import type { Actor } from '../../lib/actor.js';
import { decodeCursor, paginate } from '../../lib/pagination.js';
import { blankToNull } from '../../lib/text.js';
import { announceChange, EVERYTHING } from '../../publishing/changes.js';
import { recordAudit } from '../../publishing/audit.js';
import { findUserById } from '../users/repository.js';
import { assertPersonName, creditRole } from './credits.js';
import * as repo from './repository.js';
import type { CreatePersonBody, ListPeopleQuery, Person, UpdatePersonBody } from './schemas.js';

export function toPerson(row: repo.PersonRow): Person {
  return {
    id: row.id,
    name: row.name,
    defaultRole: row.defaultRole,
    affiliation: row.affiliation,
    userId: row.userId,
    version: row.version,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}

export type PeopleService = ReturnType<typeof createPeopleService>;

/** `renamed`: called in the transaction that renames a person, for what shows their name (the search index of their bylines). */
export function createPeopleService({ db, renamed }: { db: Database; renamed?: (tx: Database, personId: number) => Promise<void> }) {
  async function assertUserLinkable(tx: Database, userId: number, personId?: number) {
    if (!(await findUserById(tx, userId))) {
      throw new Unprocessable(`No user ${userId}`, [{ pointer: '/userId', message: 'no such user' }]);
    }
    const linked = await repo.findPersonByUser(tx, userId);
    if (linked && linked.id !== personId) throw new Conflict(`User ${userId} is already person ${linked.id}`);
  }

  return {
    async create(actor: Actor, body: CreatePersonBody): Promise<Person> {
      return db.transaction(async (tx) => {
        if (body.userId != null) await assertUserLinkable(tx, body.userId);
        const row = await repo.insertPerson(tx, {
          name: assertPersonName(body.name, '/name'),
          defaultRole: body.defaultRole === undefined ? 'reporter' : creditRole(body.defaultRole),
          affiliation: blankToNull(body.affiliation),
          userId: body.userId ?? null,
        });
        await recordAudit(tx, actor, { action: 'person.create', entity: 'person', entityId: row.id });
        return toPerson(row);
      });
    },

    async get(id: number): Promise<Person> {
      const row = await repo.findPerson(db, id);
      if (!row) throw new NotFound(`No person ${id}`);
      return toPerson(row);
    },

    async list(query: ListPeopleQuery) {
      const limit = query.limit ?? 50;
      const after = decodeCursor(query.cursor, ['number']);
      const rows = await repo.listPeople(db, { q: query.q?.trim(), role: query.role === undefined ? undefined : creditRole(query.role), afterId: after?.[0], limit: limit + 1 });
      const page = paginate(rows, limit, (r) => [r.id]);
      return { items: page.items.map(toPerson), nextCursor: page.nextCursor };
    },

    async update(actor: Actor, id: number, expected: number, body: UpdatePersonBody): Promise<Person> {
      return db.transaction(async (tx) => {
        await lockVersioned(tx, people, 'person', id, expected);
        if (body.userId != null) await assertUserLinkable(tx, body.userId, id);
        const row = await updateVersioned(tx, people, 'person', id, expected, {
          ...(body.name !== undefined && { name: assertPersonName(body.name, '/name') }),
          ...(body.defaultRole !== undefined && { defaultRole: creditRole(body.defaultRole) }),
          ...(body.affiliation !== undefined && { affiliation: blankToNull(body.affiliation) }),
          ...(body.userId !== undefined && { userId: body.userId }),
        });
        await recordAudit(tx, actor, { action: 'person.update', entity: 'person', entityId: id, details: { fields: Object.keys(body) } });
        if (body.name !== undefined) await renamed?.(tx, id);
        await announceChange(tx, EVERYTHING);
        return toPerson(row);
      });
    },

    async remove(actor: Actor, id: number, expected: number): Promise<void> {
      await db.transaction(async (tx) => {
        // Locked first, so no byline can credit the person between the check and the delete.
        await lockVersioned(tx, people, 'person', id, expected);
        const credits = await repo.creditCounts(tx, id);
        if (credits.articles + credits.notices > 0) {
          throw new Conflict(`Person ${id} is credited in the bylines of ${credits.articles} article(s) and ${credits.notices} notice(s); remove those credits first`);
        }
        await deleteVersioned(tx, people, 'person', id, expected);
        await recordAudit(tx, actor, { action: 'person.delete', entity: 'person', entityId: id });
      });
    },
  };
}
