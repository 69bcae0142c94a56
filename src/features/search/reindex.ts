import { sql } from 'drizzle-orm';
import { rowsOf, type Database } from '../../db/client.js';
import { articleCredits, articles, noticeCredits, notices, photos, searchDocuments, type SearchKind } from '../../db/schema/index.js';
import { searchRow, writeSearchRows, type SearchSource } from '../../publishing/search-index.js';

/** Reads the search documents of items of one kind, by id, in the caller's transaction. */
export type SearchSources = (tx: Database, ids: readonly number[]) => Promise<SearchSource[]>;

/** Items indexed per transaction: small enough that an editor's save never waits long on one. */
const BATCH = 200;

const TABLES = { article: articles, notice: notices, photo: photos } as const;

export interface ReindexProgress {
  kind: SearchKind;
  done: number;
  total: number;
}

/**
 * Rebuilds the search index from the items themselves: every item (`all`), or only those that
 * have no document yet (`missing`, as after an upgrade that added search). Each batch is read
 * and written in one transaction holding its items against change, so an edit saved meanwhile
 * is never overwritten by an older reading. Searches keep working throughout.
 */
export function createSearchIndexer({ db, sources }: { db: Database; sources: Record<SearchKind, SearchSources> }) {
  async function ids(kind: SearchKind, after: number, which: 'all' | 'missing'): Promise<number[]> {
    const table = TABLES[kind];
    const missing = which === 'missing' ? sql`and not exists (select 1 from ${searchDocuments} d where d.kind = ${kind} and d.item_id = t.id)` : sql``;
    const result = await db.execute(sql`select t.id from ${table} t where t.id > ${after} ${missing} order by t.id limit ${BATCH}`);
    return rowsOf<{ id: number }>(result).map((r) => r.id);
  }

  async function count(kind: SearchKind, which: 'all' | 'missing'): Promise<number> {
    const table = TABLES[kind];
    const missing = which === 'missing' ? sql`where not exists (select 1 from ${searchDocuments} d where d.kind = ${kind} and d.item_id = t.id)` : sql``;
    return rowsOf<{ n: number }>(await db.execute(sql`select count(*)::int as n from ${table} t ${missing}`))[0]!.n;
  }

  return {
    /** Indexes every item of `which`; returns how many of each kind were indexed. */
    async reindex(which: 'all' | 'missing', onProgress?: (progress: ReindexProgress) => void): Promise<Record<SearchKind, number>> {
      const done: Record<SearchKind, number> = { article: 0, notice: 0, photo: 0 };
      for (const kind of Object.keys(TABLES) as SearchKind[]) {
        const total = await count(kind, which);
        let after = 0;
        for (;;) {
          const batch = await ids(kind, after, which);
          if (batch.length === 0) break;
          await db.transaction(async (tx) => writeSearchRows(tx, (await sources[kind](tx, batch)).map(searchRow)));
          done[kind] += batch.length;
          after = batch.at(-1)!;
          onProgress?.({ kind, done: done[kind], total });
        }
      }
      return done;
    },

    /**
     * Rewrites, in the caller's transaction, the documents of every item crediting a person:
     * their byline is searched, and the person was renamed.
     */
    async reindexCredited(tx: Database, personId: number): Promise<void> {
      const credited = rowsOf<{ kind: SearchKind; id: number }>(
        await tx.execute(sql`select 'article' as kind, article_id as id from ${articleCredits} where person_id = ${personId}
          union select 'notice', notice_id from ${noticeCredits} where person_id = ${personId}
          union select 'photo', id from ${photos} where byline_person_id = ${personId}`),
      );
      for (const kind of Object.keys(TABLES) as SearchKind[]) {
        const ids = credited.filter((c) => c.kind === kind).map((c) => c.id);
        for (let i = 0; i < ids.length; i += BATCH) await writeSearchRows(tx, (await sources[kind](tx, ids.slice(i, i + BATCH))).map(searchRow));
      }
    },

    /** How many items have no search document. */
    async missing(): Promise<number> {
      let n = 0;
      for (const kind of Object.keys(TABLES) as SearchKind[]) n += await count(kind, 'missing');
      return n;
    },
  };
}
