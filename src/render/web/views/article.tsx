import type { PublicArticle } from '../../../contracts/articles.js';
import { forSite } from '../document-html.js';
import { chineseDateTime } from '../../../lib/chinese-dates.js';
import { Layout, Phrases, Time, type Site } from '../layout.js';

/** The article page: the `url` the content API gives for an article. */
export function ArticleView({ site, article }: { site: Site; article: PublicArticle }) {
  const jsonLd = {
    '@context': 'https://schema.org',
    '@type': 'NewsArticle',
    headline: article.headline,
    ...(article.subtitle && { alternativeHeadline: article.subtitle }),
    ...(article.summary && { description: article.summary }),
    datePublished: article.publishedAt,
    dateModified: article.updatedAt,
    inLanguage: 'zh-CN',
    mainEntityOfPage: article.url,
    url: article.url,
    ...(article.section && { articleSection: article.section.name }),
    author: article.credits.map((c) => ({ '@type': 'Person', name: c.name })),
    publisher: { '@type': 'Organization', name: site.name, url: site.baseUrl },
  };
  return (
    <Layout
      site={site}
      meta={{
        title: article.headline,
        description: article.summary ?? article.subtitle,
        canonical: article.url,
        type: 'article',
        article: { publishedTime: article.publishedAt, modifiedTime: article.updatedAt, section: article.section?.name },
        jsonLd,
      }}
    >
      <article class="story">
        <header>
          {article.section && (
            <p class="meta">
              <a class="section-link" href={`/sections/${article.section.slug}`}>
                {article.section.name}
              </a>
            </p>
          )}
          {article.kicker && <p class="kicker">{article.kicker}</p>}
          <h1 class="headline">
            <Phrases text={article.headline} />
          </h1>
          {article.subtitle && <p class="subtitle">{article.subtitle}</p>}
          {article.byline && <p class="byline">{article.byline}</p>}
          <p class="meta">
            <span>
              发布 <Time iso={article.publishedAt} site={site} />
            </span>
            {/* Updated only when it shows: a change within the minute of publication is no update to a reader. */}
            {chineseDateTime(article.updatedAt, site.timeZone) !== chineseDateTime(article.publishedAt, site.timeZone) && (
              <span>
                更新 <Time iso={article.updatedAt} site={site} />
              </span>
            )}
          </p>
        </header>
        <div class="prose" dangerouslySetInnerHTML={{ __html: forSite(article.bodyHtml) }} />
        {article.corrections.length > 0 && (
          <aside class="corrections" aria-labelledby="corrections">
            <h2 id="corrections">更正</h2>
            {article.corrections.map((c) => (
              <p key={c.id}>
                <Time iso={c.createdAt} site={site} />：{c.text}
              </p>
            ))}
          </aside>
        )}
      </article>
    </Layout>
  );
}
