import { Type, type Static } from 'typebox';
import { Cursor, Id, Limit, Page, Timestamp } from '../../lib/schemas.js';

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
    entity: Type.Optional(Type.String({ pattern: '^[a-z_]{1,40}$', description: 'Only events about this kind of item' })),
    entityId: Type.Optional(Type.String({ pattern: '^[\\w-]{1,64}$', description: 'Only events about this item (with `entity`)' })),
    actorId: Type.Optional(Id),
    limit: Type.Optional(Limit),
    cursor: Type.Optional(Cursor),
  },
  { additionalProperties: false },
);
export type ListAuditQuery = Static<typeof ListAuditQuery>;

export const AuditPage = Page(AuditEvent, 'Audit events, newest first');
