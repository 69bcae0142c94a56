import { readFileSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { parseMarkdown } from '../../src/document/markdown.js';
import { pageHeader, printArticle, type PrintJob } from '../../src/render/print/data.js';
import { PRINT_GRIDS } from '../../src/render/print/grids.js';
import { createTypstRenderer } from '../../src/render/print/typst.js';

/** The renderer keeps items' measures between renders; what it sets must not depend on that. */

const STORY = readFileSync(new URL('../fixtures/print/liaocheng-story-1.md', import.meta.url), 'utf8');
const warm = createTypstRenderer();
afterAll(() => warm.close());

function job(editor: string, columns: [number, number]): PrintJob {
  const header = pageHeader({ label: 'A03', name: '聊城新闻', editor }, { date: '2024-04-11', issueNumber: 9876 });
  return {
    kind: 'pages',
    title: 'A03',
    paper: '聊城日报',
    grid: PRINT_GRIDS['broadsheet-8'],
    pages: [
      {
        ...header,
        items: [
          printArticle({ id: 1, kicker: null, headline: '长稿', subtitle: null, byline: '记者 国晓宁', body: parseMarkdown(STORY) }, columns[0]),
          printArticle({ id: 2, kicker: null, headline: '短稿', subtitle: null, byline: '', body: parseMarkdown('一段正文。') }, columns[1]),
        ],
      },
    ],
  };
}

describe('measures kept between renders', () => {
  it('set the page exactly as a fresh renderer does, after an unrelated edit and after a change of columns', () => {
    warm.render(job('甲', [5, 3]));
    for (const next of [job('乙', [5, 3]), job('乙', [3, 5])]) {
      const fromWarm = warm.render(structuredClone(next));
      const fresh = createTypstRenderer();
      const fromFresh = fresh.render(structuredClone(next));
      fresh.close();
      expect(fromWarm.fit).toEqual(fromFresh.fit);
      expect(JSON.stringify(fromWarm.fit)).not.toContain('measured');
    }
    const [meta] = warm.render(job('丙', [3, 5])).fit as [{ items: { columns: number; needs: number }[] }];
    expect(meta.items.map((i) => i.columns)).toEqual([3, 5]);
    expect(meta.items[0]!.needs).toBeGreaterThan(150);
  });
});
