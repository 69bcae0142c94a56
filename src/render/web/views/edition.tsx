import type { PublicEdition, PublicEditionSummary } from '../../../contracts/editions.js';
import { chineseDate } from '../../../lib/chinese-dates.js';
import { Dateline, Layout, Phrases, type Site } from '../layout.js';

type EditionPage = PublicEdition['pages'][number];
type PlacedItem = EditionPage['items'][number];

const editionTitle = (edition: { date: string; issueNumber: number }) => `${chineseDate(edition.date)} 第${edition.issueNumber}期`;

/** The e-paper index of an edition: every page with its headlines. */
export function EditionIndexView({ site, edition }: { site: Site; edition: PublicEdition }) {
  return (
    <Layout site={site} meta={{ title: `${editionTitle(edition)} 数字报`, canonical: edition.url }}>
      <section class="front">
        <h1 class="headline">
          <Dateline>{editionTitle(edition)}</Dateline>
        </h1>
        <PageGrid date={edition.date} pages={edition.pages} level={2} />
      </section>
    </Layout>
  );
}

/** The pages of an edition as a grid, each with its headlines; `level` is the heading level of a page's name. */
export function PageGrid({ date, pages, level }: { date: string; pages: EditionPage[]; level: 2 | 3 }) {
  const Heading = level === 2 ? 'h2' : 'h3';
  return (
    <ol class="pages">
      {pages.map((p) => (
        <li key={p.label}>
          <Heading>
            <a href={`/editions/${date}/${p.label}`}>
              <span class="page-label">{p.label}</span> {p.name}
            </a>
          </Heading>
          {p.items.length > 0 && (
            <ul>
              {p.items.map((i) => (
                <li key={`${i.kind}-${i.id}`}>
                  <a href={i.url}>{i.headline}</a>
                </li>
              ))}
            </ul>
          )}
        </li>
      ))}
    </ol>
  );
}

function Teaser({ item }: { item: PlacedItem }) {
  return (
    <li class="teaser">
      {item.kicker && <p class="kicker">{item.kicker}</p>}
      <h2>
        <a href={item.url}>
          <Phrases text={item.headline} />
        </a>
      </h2>
      {item.subtitle && <p class="subtitle">{item.subtitle}</p>}
      {item.byline && <p class="byline">{item.byline}</p>}
      {item.summary && <p class="summary">{item.summary}</p>}
    </li>
  );
}

/** One page of an edition (A03): its stories and notices in page order. */
export function EditionPageView({ site, edition, page }: { site: Site; edition: PublicEdition; page: EditionPage }) {
  const index = edition.pages.findIndex((p) => p.label === page.label);
  const previous = edition.pages[index - 1];
  const next = edition.pages[index + 1];
  return (
    <Layout site={site} meta={{ title: `${page.label} ${page.name} - ${editionTitle(edition)}`, canonical: page.url }}>
      <section class="listing">
        <p class="meta">
          <a href={`/editions/${edition.date}`}>
            <Dateline>{editionTitle(edition)}</Dateline>
          </a>
        </p>
        <h1 class="headline">
          <span class="page-label">{page.label}</span> {page.name}
        </h1>
        {page.editor && <p class="byline">责任编辑 {page.editor}</p>}
        <p class="meta">
          <a href={`/editions/${edition.date}/${page.label}.pdf`} type="application/pdf">
            本版 PDF
          </a>
        </p>
        <ul class="teasers">
          {page.items.map((item) => (
            <Teaser key={`${item.kind}-${item.id}`} item={item} />
          ))}
        </ul>
        <nav class="pager" aria-label="翻页">
          {previous ? <a href={`/editions/${edition.date}/${previous.label}`}>上一版 {previous.label}</a> : <span />}
          {next ? <a href={`/editions/${edition.date}/${next.label}`}>下一版 {next.label}</a> : <span />}
        </nav>
      </section>
    </Layout>
  );
}

/** Every released edition, newest first. */
export function EditionListView({ site, editions, next }: { site: Site; editions: PublicEditionSummary[]; next: string | null }) {
  return (
    <Layout site={site} meta={{ title: '数字报', canonical: `${site.baseUrl}/editions` }}>
      <section class="listing">
        <h1 class="headline">数字报</h1>
        <ul class="teasers">
          {editions.map((e) => (
            <li key={e.date} class="teaser">
              <h2>
                <a href={`/editions/${e.date}`}>
                  <Dateline>{editionTitle(e)}</Dateline>
                </a>
              </h2>
              <p class="meta">共{e.pageCount}版</p>
            </li>
          ))}
        </ul>
        {next && (
          <nav class="pager" aria-label="翻页">
            <span />
            <a href={`/editions?cursor=${encodeURIComponent(next)}`}>更早</a>
          </nav>
        )}
      </section>
    </Layout>
  );
}
