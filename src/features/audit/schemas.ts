import { Type, type Static } from 'typebox';
import { Cursor, Id, Limit, nameSchemas, Page, says, TimeBound, Timestamp } from '../../lib/schemas.js';

export const AuditEvent = Type.Object(
  {
    id: Type.Integer({ description: 'Ascending in the order events were recorded' }),
    actorId: Type.Union([Id, Type.Null()], { description: 'The user who acted; null for the system (start-up, command-line tools)' }),
    action: Type.String({ description: 'What happened', examples: ['section.update'] }),
    entity: Type.String({ description: 'The kind of item', examples: ['section'] }),
    entityId: Type.String({ description: 'The item’s id' }),
    details: Type.Union([Type.Record(Type.String(), Type.Unknown()), Type.Null()], { description: 'What changed' }),
    requestId: Type.Union([Type.String(), Type.Null()], { description: 'The request that made the change, as in the logs' }),
    at: Timestamp,
  },
  { additionalProperties: false },
);
export type AuditEvent = Static<typeof AuditEvent>;

export const ListAuditQuery = Type.Object(
  {
    action: Type.Optional(
      Type.String({ pattern: '^[a-z_]{1,40}\\.[a-z_]{1,40}$', ...says('must be an action: a kind of item and a verb, such as article.update'), description: 'Only events of this action' }),
    ),
    entity: Type.Optional(Type.String({ pattern: '^[a-z_]{1,40}$', ...says('must be a kind of item: 1 to 40 lowercase letters or underscores, such as article'), description: 'Only events about this kind of item' })),
    entityId: Type.Optional(Type.String({ pattern: '^[\\w-]{1,64}$', ...says('must be an item’s id or key: 1 to 64 letters, digits, underscores or hyphens'), description: 'Only events about this item (with `entity`)' })),
    actorId: Type.Optional(Id),
    from: Type.Optional(TimeBound('Only events at or after this time; a plain day (YYYY-MM-DD) means from its 00:00 in the paper’s time zone')),
    to: Type.Optional(
      TimeBound('Only events before this time; a plain day (YYYY-MM-DD) means to the end of that day in the paper’s time zone, the day included'),
    ),
    limit: Type.Optional(Limit),
    cursor: Type.Optional(Cursor),
  },
  { additionalProperties: false },
);
export type ListAuditQuery = Static<typeof ListAuditQuery>;

export const AuditPage = Page(AuditEvent, 'Audit events, newest first');
export type AuditPage = Static<typeof AuditPage>;

nameSchemas({ AuditEvent, AuditPage });
