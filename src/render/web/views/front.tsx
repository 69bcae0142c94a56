import type { PublicArticleSummary } from '../../../contracts/articles.js';
import type { PublicEdition } from '../../../contracts/editions.js';
import { chineseDate } from '../../../lib/chinese-dates.js';
import { Dateline, Layout, Phrases, Time, type Site } from '../layout.js';
import { Picture } from '../photo-figure.js';
import { PageGrid } from './edition.js';

/** How wide a teaser's thumbnail is shown (the stylesheet's `.thumb`). */
const THUMBNAIL_SIZES = '(min-width: 48rem) 12rem, 8rem';

/**
 * Teasers of articles; `level` is the heading level of their headlines. A story with a lead
 * photo shows a 3:2 thumbnail of it beside its text, lazily fetched but the first few.
 */
function ArticleTeasers({ site, articles, level }: { site: Site; articles: PublicArticleSummary[]; level: 2 | 3 }) {
  const Heading = level === 2 ? 'h2' : 'h3';
  return (
    <ul class="teasers">
      {articles.map((a, i) => (
        <li key={a.id} class={a.leadPhoto && a.leadPhoto.thumbnails.length > 0 ? 'teaser with-thumb' : 'teaser'}>
          {a.kicker && <p class="kicker">{a.kicker}</p>}
          <Heading>
            <a href={a.url}>
              <Phrases text={a.headline} />
            </a>
          </Heading>
          {a.subtitle && <p class="subtitle">{a.subtitle}</p>}
          <p class="meta">
            {a.section && <span>{a.section.name}</span>}
            {a.byline && <span>{a.byline}</span>}
            <span>
              <Time iso={a.publishedAt} site={site} />
            </span>
          </p>
          {a.summary && <p class="summary">{a.summary}</p>}
          {a.leadPhoto && (
            <Picture class="thumb" renditions={a.leadPhoto.thumbnails} alt={a.leadPhoto.alt} sizes={THUMBNAIL_SIZES} fallbackWidth={320} fetch={i < 3 ? 'eager' : 'lazy'} />
          )}
        </li>
      ))}
    </ul>
  );
}

/** The front page: the latest released edition's pages and the latest articles. */
export function HomeView({ site, edition, articles }: { site: Site; edition: PublicEdition | null; articles: PublicArticleSummary[] }) {
  return (
    <Layout site={site} meta={{ title: site.name, canonical: `${site.baseUrl}/` }} home>
      <div class="front home">
        {edition && (
          <section class="edition" aria-labelledby="edition">
            <h2 id="edition">
              <a href={`/editions/${edition.date}`}>
                <Dateline>
                  {chineseDate(edition.date)} 第{edition.issueNumber}期
                </Dateline>
              </a>
            </h2>
            <PageGrid date={edition.date} pages={edition.pages} level={3} />
          </section>
        )}
        <section class="latest" aria-labelledby="latest">
          <h2 id="latest">最新报道</h2>
          {articles.length ? <ArticleTeasers site={site} articles={articles} level={3} /> : <p>暂无报道。</p>}
        </section>
      </div>
    </Layout>
  );
}

/** A section front: its published articles, newest first, page by page. */
export function SectionView({
  site,
  section,
  articles,
  next,
}: {
  site: Site;
  section: { name: string; slug: string; description: string | null };
  articles: PublicArticleSummary[];
  next: string | null;
}) {
  return (
    <Layout site={site} meta={{ title: section.name, description: section.description, canonical: `${site.baseUrl}/sections/${section.slug}` }}>
      <section class="listing">
        <h1 class="headline">{section.name}</h1>
        {section.description && <p class="subtitle">{section.description}</p>}
        {articles.length ? <ArticleTeasers site={site} articles={articles} level={2} /> : <p>暂无报道。</p>}
        {next && (
          <nav class="pager" aria-label="翻页">
            <span />
            <a href={`/sections/${section.slug}?cursor=${encodeURIComponent(next)}`}>更早的报道</a>
          </nav>
        )}
      </section>
    </Layout>
  );
}

/** What anything unpublished or missing shows: the same page either way. */
export function NotFoundView({ site }: { site: Site }) {
  return (
    <Layout site={site} meta={{ title: '页面不存在', noindex: true }}>
      <section class="not-found">
        <h1 class="headline">页面不存在</h1>
        <p>您要找的内容不存在或已删除。</p>
        <p>
          <a href="/">返回首页</a>
        </p>
      </section>
    </Layout>
  );
}
