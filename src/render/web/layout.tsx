import { chineseDateTime } from '../../lib/chinese-dates.js';
import type { ComponentChildren } from 'preact';
import { renderToString } from 'preact-render-to-string';
import { STYLESHEET_PATH } from './stylesheet.js';

/** What every page needs to know about the site it is part of. */
export interface Site {
  name: string;
  baseUrl: string;
  /** The paper's time zone (IANA name): every date and time a page prints is read in it. */
  timeZone: string;
}

/** Open Graph and article metadata for a page's head. */
export interface PageMeta {
  title: string;
  description?: string | null;
  /** Absolute URL of the page, for `<link rel="canonical">` and `og:url`. */
  canonical?: string;
  type?: 'website' | 'article';
  article?: { publishedTime: string; modifiedTime: string; section?: string | null };
  /** The picture social sites show for the page (og:image), with its size and alt text. */
  image?: { url: string; width: number; height: number; alt: string } | null;
  /** Structured data, written as JSON-LD. */
  jsonLd?: Record<string, unknown>;
  /** Keep the page out of search engines (error pages). */
  noindex?: boolean;
}

/** A full HTML document as text. */
export function renderDocument(page: preact.VNode): string {
  return `<!doctype html>\n${renderToString(page)}`;
}

/**
 * JSON for a `<script type="application/ld+json">`: `<` is written as `\u003c`, so no text in
 * it can close the script element.
 */
export function jsonLdText(data: Record<string, unknown>): string {
  return JSON.stringify(data).replace(/</g, '\\u003c');
}

/**
 * The page around `children`: head, masthead, footer. On the front page (`home`) the masthead's
 * name is the page's `h1`, as a paper's nameplate is its front page's title; elsewhere a link home.
 */
export function Layout({ site, meta, home = false, children }: { site: Site; meta: PageMeta; home?: boolean; children: ComponentChildren }) {
  const title = meta.title === site.name ? site.name : `${meta.title} - ${site.name}`;
  return (
    <html lang="zh-CN">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>{title}</title>
        {meta.description && <meta name="description" content={meta.description} />}
        {meta.noindex && <meta name="robots" content="noindex" />}
        {meta.canonical && <link rel="canonical" href={meta.canonical} />}
        <link rel="stylesheet" href={STYLESHEET_PATH} />
        <link rel="alternate" type="application/rss+xml" title={site.name} href={`${site.baseUrl}/feed.xml`} />
        <meta property="og:site_name" content={site.name} />
        <meta property="og:locale" content="zh_CN" />
        <meta property="og:type" content={meta.type ?? 'website'} />
        <meta property="og:title" content={meta.title} />
        {meta.description && <meta property="og:description" content={meta.description} />}
        {meta.canonical && <meta property="og:url" content={meta.canonical} />}
        {meta.image && <meta property="og:image" content={meta.image.url} />}
        {meta.image && <meta property="og:image:type" content="image/jpeg" />}
        {meta.image && <meta property="og:image:width" content={String(meta.image.width)} />}
        {meta.image && <meta property="og:image:height" content={String(meta.image.height)} />}
        {meta.image?.alt && <meta property="og:image:alt" content={meta.image.alt} />}
        {meta.article && <meta property="article:published_time" content={meta.article.publishedTime} />}
        {meta.article && <meta property="article:modified_time" content={meta.article.modifiedTime} />}
        {meta.article?.section && <meta property="article:section" content={meta.article.section} />}
        {meta.jsonLd && <script type="application/ld+json" dangerouslySetInnerHTML={{ __html: jsonLdText(meta.jsonLd) }} />}
      </head>
      <body>
        <header class="masthead">
          {home ? (
            <h1 class="masthead-name">{site.name}</h1>
          ) : (
            <a class="masthead-name" href="/">
              {site.name}
            </a>
          )}
          <nav aria-label="网站导航">
            <ul>
              <li>
                <a href="/">首页</a>
              </li>
              <li>
                <a href="/editions">数字报</a>
              </li>
              <li>
                <a href="/feed.xml">订阅</a>
              </li>
            </ul>
          </nav>
          <SiteSearch />
        </header>
        <main id="main">{children}</main>
        <footer class="colophon">
          <p>
            © {site.name} · <a href="/feed.xml">RSS</a> · <a href="/sitemap.xml">网站地图</a>
          </p>
        </footer>
      </body>
    </html>
  );
}

/** The header's search box on every page: a plain GET form, so it works without script. */
function SiteSearch() {
  return (
    <form class="site-search" role="search" aria-label="全站搜索" action="/search" method="get">
      <label class="visually-hidden" for="site-search-q">
        搜索新闻和公告
      </label>
      <input id="site-search-q" type="search" name="q" maxLength={200} placeholder="搜索新闻和公告" autoComplete="off" />
      <button type="submit">搜索</button>
    </form>
  );
}

/**
 * A headline whose editor set its clauses apart with spaces (在景区救起两名落水儿童 悄然离去的他被找到了):
 * each clause a `phrase` the stylesheet keeps on one line where it fits, so that a headline
 * breaks between its clauses rather than inside a word. Text without spaces stays as it is.
 */
export function Phrases({ text }: { text: string }) {
  if (!/\S\s+\S/.test(text)) return <>{text}</>;
  return (
    <>
      {text.split(/(\s+)/).map((part, i) => (i % 2 === 1 || part === '' ? part : <span class="phrase">{part}</span>))}
    </>
  );
}

/** A date line (2024年4月11日 第9876期), set without the space browsers add between Han and digits. */
export function Dateline({ children }: { children: ComponentChildren }) {
  return <span class="dateline">{children}</span>;
}

/** `<time>` with a machine-readable value and the Chinese reading in the paper's time zone. */
export function Time({ iso, site }: { iso: string; site: Site }) {
  return <time dateTime={iso}>{chineseDateTime(iso, site.timeZone)}</time>;
}

