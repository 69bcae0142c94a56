import type { SQL } from 'drizzle-orm';
import type { Database } from '../db/client.js';
import type { ItemStatus } from '../db/schema/index.js';
import { lockVersioned, type VersionedTable } from '../db/versioned.js';
import type { Actor } from '../lib/actor.js';
import { announceChange } from './changes.js';
import { recordRevision, revisionList, revisionOf, type RevisedEntity } from './revisions.js';
import { indexItem, type SearchField, type SearchSource } from './search-index.js';
import { moveItem, publishClaimed, scheduleForRelease, type StatusItem, type StatusRequest } from './status.js';

/** The workflow columns a status change, a publication or a release writes. */
export interface WorkflowWrite {
  status?: ItemStatus;
  publishAt?: Date | null;
  scheduledVersion?: number | null;
  publishedAt?: Date | SQL;
  updatedBy?: number;
}

/** A stored workflow item as the shared glue reads it. */
export type WorkflowRow = StatusItem & { id: number; publishAt: Date | null; updatedAt: Date };

/** An item's workflow columns as the API shows them (`workflowProperties` in the schemas). */
export function workflowOut(row: WorkflowRow & { publishedAt: Date | null; updatedBy: number; createdAt: Date }) {
  return {
    status: row.status,
    version: row.version,
    publishAt: row.publishAt?.toISOString() ?? null,
    publishedAt: row.publishedAt?.toISOString() ?? null,
    createdBy: row.createdBy,
    updatedBy: row.updatedBy,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}

/** A workflow item's search document: its fields, and the state a search filters by. */
export function workflowSearchSource(kind: RevisedEntity, row: WorkflowRow, fields: SearchField[], sectionId: number | null): SearchSource {
  return { kind, id: row.id, status: row.status, sectionId, createdBy: row.createdBy, publishedAt: row.publishedAt, updatedAt: row.updatedAt, fields };
}

/** What differs between kinds of item (articles, notices): how their rows are found, written and shown. */
export interface ItemKind<Row extends WorkflowRow, Item> {
  entity: RevisedEntity;
  table: VersionedTable;
  find: (db: Database, id: number) => Promise<Row | undefined>;
  /** Writes columns of a locked row and bumps its version. */
  write: (db: Database, id: number, values: WorkflowWrite) => Promise<Row>;
  /** The item as the API shows it once a version is saved. */
  show: (db: Database, row: Row) => Promise<Item>;
  /** What a revision keeps of a version; the shown item by default. */
  snapshot?: (item: Item, row: Row) => Record<string, unknown>;
  /** Refuses a status move the workflow allows but the item's state does not (throws); run before it is saved. */
  checkMove?: (db: Database, from: Row, to: Row) => Promise<void>;
  /** What search finds the item by, weighted, and the section it is filed in. */
  searchable: (db: Database, item: Item, row: Row) => Promise<{ fields: SearchField[]; sectionId: number | null }>;
  /** The answer to a status change, when it shows more than `show` does. */
  showMoved?: (db: Database, row: Row) => Promise<Item>;
}

/**
 * The workflow glue every kind of versioned item shares: saving a version (its revision, and
 * a change announcement when the public item changed), status changes, the publisher's
 * publication of a due item, scheduling for an edition's release, and the revision history.
 */
export function createItemWorkflow<Row extends WorkflowRow, Item>(db: Database, timeZone: string, kind: ItemKind<Row, Item>) {
  const { entity } = kind;

  /**
   * Saves the revision of the version just written, indexes it for search and announces a
   * change to the public item.
   */
  async function saved(tx: Database, actor: Actor | null, row: Row, wasPublic: boolean): Promise<Item> {
    const item = await kind.show(tx, row);
    const { fields, sectionId } = await kind.searchable(tx, item, row);
    await indexItem(tx, workflowSearchSource(entity, row, fields, sectionId));
    await recordRevision(tx, {
      entity,
      entityId: row.id,
      version: row.version,
      status: row.status,
      snapshot: kind.snapshot ? kind.snapshot(item, row) : (item as unknown as Record<string, unknown>),
      createdBy: actor?.userId ?? null,
    });
    if (wasPublic || row.status === 'published') await announceChange(tx, { entity, id: row.id });
    return item;
  }

  return {
    saved,

    /** Moves the item through the workflow, `expected` being the version the client last saw. */
    changeStatus(actor: Actor, id: number, expected: number, body: StatusRequest): Promise<Item> {
      return db.transaction(async (tx) => {
        const current = (await lockVersioned(tx, kind.table, entity, id, expected)) as unknown as Row;
        const row = await moveItem(tx, actor, entity, current, body, (values) => kind.write(tx, id, values), timeZone);
        await kind.checkMove?.(tx, current, row);
        const item = await saved(tx, actor, row, current.status === 'published');
        return kind.showMoved ? kind.showMoved(tx, row) : item;
      });
    },

    /** Publishes one claimed, due item inside the publisher's transaction. */
    publishDue: (tx: Database, row: Row) =>
      publishClaimed(tx, entity, row, (values) => kind.write(tx, row.id, values), (published) => saved(tx, null, published, false)),

    /** Schedules a locked item for its edition's release, in the release's transaction; false when it kept its time. */
    async scheduleForRelease(tx: Database, actor: Actor, current: Row, at: Date, previousRelease: Date | null): Promise<boolean> {
      const row = await scheduleForRelease(tx, actor, entity, current, at, previousRelease, (values) => kind.write(tx, current.id, values));
      if (row) await saved(tx, actor, row, false);
      return row !== null;
    },

    revisions: (id: number) => revisionList(db, entity, id, () => kind.find(db, id)),

    revision: (id: number, version: number) => revisionOf(db, entity, id, version),
  };
}
