import { sql } from 'drizzle-orm';
import type { Database } from '../../db/client.js';
import { sections } from '../../db/schema/index.js';
import { deleteVersioned, lockVersioned, updateVersioned } from '../../db/versioned.js';
import { Conflict, NotFound, Unprocessable } from '../../errors.js';
import type { Actor } from '../../lib/actor.js';
import { decodeCursor, paginate } from '../../lib/pagination.js';
import { blankToNull } from '../../lib/text.js';
import { announceChange, EVERYTHING } from '../../publishing/changes.js';
import { recordAudit } from '../../publishing/audit.js';
import * as repo from './repository.js';
import type { CreateSectionBody, ListSectionsQuery, PublicSection, Section, UpdateSectionBody } from './schemas.js';

export function toSection(row: repo.SectionRow): Section {
  return {
    id: row.id,
    name: row.name,
    slug: row.slug,
    parentId: row.parentId,
    position: row.position,
    description: row.description,
    version: row.version,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}

/** An arbitrary constant: the advisory lock that serialises moves within the section tree. */
const TREE_LOCK = 7_311_204_003;

export type SectionsService = ReturnType<typeof createSectionsService>;

export function createSectionsService({ db }: { db: Database }) {
  async function assertSlugFree(tx: Database, slug: string, exceptId?: number) {
    const other = await repo.findSectionBySlug(tx, slug);
    if (other && other.id !== exceptId) throw new Conflict(`The slug ${slug} is used by section ${other.id}`);
  }

  async function assertParentExists(tx: Database, parentId: number) {
    if (!(await repo.findSection(tx, parentId))) {
      throw new Unprocessable(`No section ${parentId} to nest under`, [{ pointer: '/parentId', message: 'no such section' }]);
    }
  }

  return {
    async create(actor: Actor, body: CreateSectionBody): Promise<Section> {
      return db.transaction(async (tx) => {
        await assertSlugFree(tx, body.slug);
        const parentId = body.parentId ?? null;
        if (parentId !== null) await assertParentExists(tx, parentId);
        const row = await repo.insertSection(tx, {
          name: body.name.trim(),
          slug: body.slug,
          parentId,
          position: body.position ?? (await repo.nextPosition(tx, parentId)),
          description: blankToNull(body.description),
        });
        await recordAudit(tx, actor, { action: 'section.create', entity: 'section', entityId: row.id });
        // The site's navigation and sitemap list every section.
        await announceChange(tx, EVERYTHING);
        return toSection(row);
      });
    },

    async get(id: number): Promise<Section> {
      const row = await repo.findSection(db, id);
      if (!row) throw new NotFound(`No section ${id}`);
      return toSection(row);
    },

    async list(query: ListSectionsQuery) {
      const limit = query.limit ?? 50;
      const after = decodeCursor(query.cursor, ['number', 'number']);
      const parentId = query.parentId === undefined ? undefined : query.parentId === 'root' ? null : Number(query.parentId);
      const rows = await repo.listSections(db, { parentId, after, limit: limit + 1 });
      const page = paginate(rows, limit, (r) => [r.position, r.id]);
      return { items: page.items.map(toSection), nextCursor: page.nextCursor };
    },

    async update(actor: Actor, id: number, expected: number, body: UpdateSectionBody): Promise<Section> {
      return db.transaction(async (tx) => {
        await lockVersioned(tx, sections, 'section', id, expected);
        if (body.slug !== undefined) await assertSlugFree(tx, body.slug, id);
        if (body.parentId !== undefined && body.parentId !== null) {
          // Moves are serialised: two crossing moves (A under B, B under A) would each pass the cycle check alone.
          await tx.execute(sql`select pg_advisory_xact_lock(${TREE_LOCK})`);
          await assertParentExists(tx, body.parentId);
          if (await repo.isSelfOrDescendant(tx, id, body.parentId)) {
            throw new Unprocessable('A section cannot be nested under itself or one of its own subsections', [
              { pointer: '/parentId', message: 'would make a cycle' },
            ]);
          }
        }
        const row = await updateVersioned(tx, sections, 'section', id, expected, {
          ...(body.name !== undefined && { name: body.name.trim() }),
          ...(body.slug !== undefined && { slug: body.slug }),
          ...(body.parentId !== undefined && { parentId: body.parentId }),
          ...(body.position !== undefined && { position: body.position }),
          ...(body.description !== undefined && { description: blankToNull(body.description) }),
        });
        await recordAudit(tx, actor, { action: 'section.update', entity: 'section', entityId: id, details: { fields: Object.keys(body) } });
        await announceChange(tx, EVERYTHING);
        return toSection(row);
      });
    },

    async remove(actor: Actor, id: number, expected: number): Promise<void> {
      await db.transaction(async (tx) => {
        await lockVersioned(tx, sections, 'section', id, expected);
        if (await repo.hasChildren(tx, id)) throw new Conflict(`Section ${id} has subsections; move or delete them first`);
        const content = await repo.contentCounts(tx, id);
        if (content.articles + content.pages > 0) {
          throw new Conflict(`Section ${id} holds ${content.articles} article(s) and ${content.pages} edition page(s); move them to another section first`);
        }
        await deleteVersioned(tx, sections, 'section', id, expected);
        await recordAudit(tx, actor, { action: 'section.delete', entity: 'section', entityId: id });
        await announceChange(tx, EVERYTHING);
      });
    },

    /** Every section, depth first with siblings by position, with its slug path. */
    async publicTree(): Promise<PublicSection[]> {
      const rows = await repo.allSections(db);
      const children = new Map<number | null, repo.SectionRow[]>();
      for (const row of rows) {
        const siblings = children.get(row.parentId) ?? [];
        siblings.push(row);
        children.set(row.parentId, siblings);
      }
      const out: PublicSection[] = [];
      const walk = (parentId: number | null, prefix: string, depth: number) => {
        for (const row of children.get(parentId) ?? []) {
          const path = prefix ? `${prefix}/${row.slug}` : row.slug;
          out.push({
            id: row.id,
            name: row.name,
            slug: row.slug,
            parentId: row.parentId,
            path,
            depth,
            position: row.position,
            description: row.description,
          });
          walk(row.id, path, depth + 1);
        }
      };
      walk(null, '', 0);
      return out;
    },
  };
}
