import type { Database } from '../../db/client.js';
import { NotFound, PreconditionFailed, Unprocessable } from '../../errors.js';
import type { Actor } from '../../lib/actor.js';
import { blankToNull } from '../../lib/text.js';
import { recordAudit } from '../../publishing/audit.js';
import { announceChange } from '../../publishing/changes.js';
import { checkColumns } from '../../tables/typed-table.js';
import * as repo from './repository.js';
import type { CreateKindBody, NoticeKind, UpdateKindBody } from './schemas.js';

function toKind(row: repo.NoticeKindRow): NoticeKind {
  return {
    key: row.key,
    name: row.name,
    description: row.description,
    presentation: row.presentation,
    columns: row.columns,
    closing: row.closing,
    version: row.version,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}

/** The kind `key` names, for a notice that is filed or changed to it; 422 naming the kinds there are when none. */
export async function knownKind(db: Database, key: string): Promise<repo.NoticeKindRow> {
  const kind = await repo.findKind(db, key);
  if (!kind) {
    const known = (await repo.listKinds(db)).map((k) => k.key);
    throw new Unprocessable(`No notice kind ${key}`, [{ pointer: '/kind', message: `must be one of: ${known.join(', ')}` }]);
  }
  return kind;
}

export type NoticeKindsService = ReturnType<typeof createNoticeKindsService>;

/** Kinds of notice are data: the desk adds one (its columns and wording) without a release. */
export function createNoticeKindsService({ db }: { db: Database }) {
  return {
    async list(): Promise<NoticeKind[]> {
      return (await repo.listKinds(db)).map(toKind);
    },

    async get(key: string): Promise<NoticeKind> {
      const row = await repo.findKind(db, key);
      if (!row) throw new NotFound(`No notice kind ${key}`);
      return toKind(row);
    },

    /**
     * Changes a kind's name, wording or preset columns. Notices already filed keep the columns
     * their tables were written with; only notices filed afterwards get the new preset.
     */
    async update(actor: Actor, key: string, expected: number, body: UpdateKindBody): Promise<NoticeKind> {
      if (body.columns) checkColumns(body.columns);
      return db.transaction(async (tx) => {
        const row = await repo.updateKind(tx, key, expected, {
          ...(body.name !== undefined && { name: body.name.trim() }),
          ...(body.description !== undefined && { description: blankToNull(body.description) }),
          ...(body.presentation !== undefined && { presentation: body.presentation }),
          ...(body.columns !== undefined && { columns: body.columns }),
          ...(body.closing !== undefined && { closing: blankToNull(body.closing) }),
        });
        if (!row) {
          const current = await repo.findKind(tx, key);
          if (!current) throw new NotFound(`No notice kind ${key}`);
          throw new PreconditionFailed(current.version, expected);
        }
        await recordAudit(tx, actor, { action: 'notice_kind.update', entity: 'notice_kind', entityId: key, details: { fields: Object.keys(body), version: row.version } });
        // The kind's name and presentation show in every published notice of it.
        await announceChange(tx, { entity: 'notice', id: 0 });
        return toKind(row);
      });
    },

    /** A duplicate key is a 409 (the unique key's violation). */
    async create(actor: Actor, body: CreateKindBody): Promise<NoticeKind> {
      if (body.columns) checkColumns(body.columns);
      return db.transaction(async (tx) => {
        const row = await repo.insertKind(tx, {
          key: body.key,
          name: body.name.trim(),
          description: blankToNull(body.description),
          presentation: body.presentation ?? 'table',
          columns: body.columns ?? null,
          closing: blankToNull(body.closing),
        });
        await recordAudit(tx, actor, { action: 'notice_kind.create', entity: 'notice_kind', entityId: row.key });
        return toKind(row);
      });
    },
  };
}
