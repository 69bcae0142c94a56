import type { PublicArticle } from '../../../contracts/articles.js';
import type { PublicRendition } from '../../../contracts/photos.js';
import { forSite } from '../document-html.js';
import { chineseDateTime } from '../../../lib/chinese-dates.js';
import { Layout, Phrases, Time, type Site } from '../layout.js';
import { PhotoFigure } from '../photo-figure.js';

/**
 * The article page: the `url` the content API gives for an article. `image`: the picture the
 * page is shared with (a 1200-wide JPEG of its lead photo), for OpenGraph and JSON-LD.
 */
export function ArticleView({ site, article, image }: { site: Site; article: PublicArticle; image?: PublicRendition | null }) {
  const imagePhoto = article.leadPhoto ?? article.photos[0];
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
    ...(image && {
      image: [
        {
          '@type': 'ImageObject',
          url: image.href,
          contentUrl: image.href,
          width: image.width,
          height: image.height,
          ...(imagePhoto?.caption && { caption: imagePhoto.caption }),
          ...(imagePhoto?.byline && { creditText: imagePhoto.byline }),
          ...(imagePhoto?.copyright && { copyrightNotice: imagePhoto.copyright }),
        },
      ],
    }),
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
        image: image && { url: image.href, width: image.width, height: image.height, alt: imagePhoto?.alt ?? '' },
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
        {article.leadPhoto && <PhotoFigure photo={article.leadPhoto} lead />}
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
