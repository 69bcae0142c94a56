import { eq, inArray } from 'drizzle-orm';
import type { Database } from '../../db/client.js';
import { articles, noticeKinds, noticeTables, notices, type ItemStatus } from '../../db/schema/index.js';
import type { DocumentFigures } from '../../document/model.js';
import { noticeCharacters } from '../notices/figures.js';
import { missingRowsBecause } from '../notices/readiness.js';
import { lackingAlt } from '../photos/readiness.js';
import type { ItemKind } from './repository.js';

/** What the plan shows of a placed item, whichever its kind. */
export interface ItemFacts {
  kind: ItemKind;
  id: number;
  kicker: string | null;
  title: string;
  subtitle: string | null;
  status: ItemStatus;
  version: number;
  characters: number;
  rows: number | null;
  publishAt: Date | null;
  publishedAt: Date | null;
  /** Why it cannot go out whatever its state (a notice whose table needs rows, a story whose photo has no alt text), or null. */
  blocked: string | null;
}

/** The placed items' facts, by `kind:id`. */
export async function itemFacts(
  db: Database,
  items: readonly { kind: ItemKind; id: number }[],
): Promise<Map<string, ItemFacts>> {
  const articleIds = [...new Set(items.filter((i) => i.kind === 'article').map((i) => i.id))];
  const noticeIds = [...new Set(items.filter((i) => i.kind === 'notice').map((i) => i.id))];
  const facts = new Map<string, ItemFacts>();
  if (articleIds.length) {
    const rows = await db
      .select({
        id: articles.id,
        kicker: articles.kicker,
        headline: articles.headline,
        subtitle: articles.subtitle,
        status: articles.status,
        version: articles.version,
        figures: articles.figures,
        publishAt: articles.publishAt,
        publishedAt: articles.publishedAt,
      })
      .from(articles)
      .where(inArray(articles.id, articleIds));
    const lacking = await lackingAlt(db, articleIds);
    for (const r of rows) {
      facts.set(`article:${r.id}`, {
        kind: 'article',
        id: r.id,
        kicker: r.kicker,
        title: r.headline,
        subtitle: r.subtitle,
        status: r.status,
        version: r.version,
        characters: charactersOf(r.figures, r.kicker, r.headline, r.subtitle),
        rows: null,
        publishAt: r.publishAt,
        publishedAt: r.publishedAt,
        blocked: lacking.get(r.id) ?? null,
      });
    }
  }
  if (noticeIds.length) {
    const rows = await db
      .select({ notice: notices, rowCount: noticeTables.rowCount, kindName: noticeKinds.name, kindColumns: noticeKinds.columns })
      .from(notices)
      .leftJoin(noticeTables, eq(noticeTables.id, notices.tableId))
      .leftJoin(noticeKinds, eq(noticeKinds.key, notices.kind))
      .where(inArray(notices.id, noticeIds));
    for (const { notice: n, rowCount, kindName, kindColumns } of rows) {
      facts.set(`notice:${n.id}`, {
        kind: 'notice',
        id: n.id,
        kicker: null,
        title: n.title,
        subtitle: null,
        status: n.status,
        version: n.version,
        characters: noticeCharacters(n),
        rows: rowCount,
        publishAt: n.publishAt,
        publishedAt: n.publishedAt,
        blocked: missingRowsBecause(rowCount === null ? null : { rowCount }, kindName === null ? null : { name: kindName, columns: kindColumns }),
      });
    }
  }
  return facts;
}

/** Body characters plus the headings' own: what the item takes on the page. */
function charactersOf(figures: DocumentFigures, ...headings: (string | null)[]): number {
  return figures.characters + headings.reduce((sum, h) => sum + (h ? [...h.replace(/\s/gu, '')].length : 0), 0);
}
