import { Type, type Static } from 'typebox';
import { ITEM_STATUSES } from '../db/schema/index.js';
import { Id, nameSchemas, PublishTime, Timestamp } from '../lib/schemas.js';

/** The schemas every workflow item (articles, notices) shares on the wire. */

export const Status = Type.Enum([...ITEM_STATUSES], {
  description: 'Workflow state: draft → submitted → edited → scheduled → published → withdrawn',
});

/** The fields every workflow item shows: state, version, schedule, who changed it when. */
export const workflowProperties = {
  status: Status,
  version: Type.Integer({ description: 'Bumped on every change; send it back in If-Match' }),
  publishAt: Type.Union([Timestamp, Type.Null()], { description: 'When a scheduled item goes live' }),
  publishedAt: Type.Union([Timestamp, Type.Null()]),
  createdBy: Id,
  updatedBy: Id,
  createdAt: Timestamp,
  updatedAt: Timestamp,
};

/** Present on an edit's response when the item edited was scheduled: it stays so, with the new text. */
export const StillScheduled = Type.Object(
  {
    publishAt: Timestamp,
    version: Type.Integer({ description: 'The version that will go live: the one this edit wrote' }),
    message: Type.String(),
  },
  { description: 'Present when the item edited was scheduled: it stays scheduled, and this version goes live at `publishAt`' },
);

export const StatusBody = Type.Object(
  {
    status: Status,
    publishAt: Type.Optional(PublishTime('Required with `scheduled`: when to go live')),
  },
  { additionalProperties: false },
);
export type StatusBody = Static<typeof StatusBody>;

export const Revision = Type.Object(
  {
    version: Type.Integer(),
    status: Status,
    createdBy: Type.Union([Id, Type.Null()]),
    createdAt: Timestamp,
  },
  { additionalProperties: false },
);
export const RevisionList = Type.Object({ items: Type.Array(Revision, { description: 'Every saved version, oldest first' }) });

/** One saved version in full, the item under `key` (`article`, `notice`). */
export function RevisionDetail<K extends string>(key: K) {
  const detail = Type.Object(
    {
      ...Revision.properties,
      [key]: Type.Record(Type.String(), Type.Unknown(), { description: `The ${key} as saved in this version` }),
    } as typeof Revision.properties & Record<K, ReturnType<typeof Type.Record>>,
    { additionalProperties: false },
  );
  nameSchemas({ [`${key.charAt(0).toUpperCase()}${key.slice(1)}RevisionDetail`]: detail });
  return detail;
}

export const RevisionParams = Type.Object({ id: Id, version: Type.Integer({ minimum: 1, maximum: 2147483647 }) }, { additionalProperties: false });

nameSchemas({ Status, StillScheduled, StatusBody, Revision, RevisionList });
