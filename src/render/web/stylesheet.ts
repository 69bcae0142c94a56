import { createHash } from 'node:crypto';

/**
 * The site's one stylesheet. Chinese text is set as a newspaper sets it: a CJK serif for
 * reading and a sans for headlines, generous leading, justified paragraphs with a 2em indent
 * and strict line breaking (no 。，、 at a line start), and the spacing between Han and Latin
 * text that newer browsers apply themselves. Headings are balanced (no lone character on a
 * last line) and start flush even with an opening quote. On a phone paragraphs are set flush
 * left: justifying a short line before a long number or URL spreads its characters apart.
 * Links and buttons give a finger 44 px. Phones from 360 px to desktops; a print style.
 */
export const STYLESHEET = `
:root {
  --ink: #1b1b1b;
  --muted: #5c5c5c;
  --rule: #d9d4c7;
  --accent: #a4161a;
  --link: #1a4f8b;
  --paper: #fffdf7;
  --serif: "Noto Serif CJK SC", "Noto Serif SC", "Source Han Serif SC", "Songti SC", "STSong", "SimSun", serif;
  --sans: "Noto Sans CJK SC", "Noto Sans SC", "Source Han Sans SC", "PingFang SC", "Hiragino Sans GB", "Microsoft YaHei", sans-serif;
  --measure: 42rem;
}
*, *::before, *::after { box-sizing: border-box; }
html { -webkit-text-size-adjust: 100%; text-size-adjust: 100%; }
body {
  margin: 0;
  background: var(--paper);
  color: var(--ink);
  font-family: var(--serif);
  font-size: 1.0625rem;
  line-height: 1.85;
  text-autospace: normal;
  text-spacing-trim: normal;
  overflow-wrap: break-word;
}
a { color: inherit; text-decoration-color: color-mix(in srgb, currentColor 35%, transparent); text-underline-offset: 0.2em; }
a:hover, a:focus-visible { color: var(--accent); text-decoration-color: currentColor; }
h1, h2, h3, h4, .kicker, .subtitle, .masthead, nav, .byline, .meta, .colophon, table, caption, .page-label {
  font-family: var(--sans);
}
h1, h2, h3, h4 { line-height: 1.4; font-weight: 700; }
h1, h2, h3, h4, .kicker, .subtitle { text-wrap: balance; text-spacing-trim: trim-start; }
time { white-space: nowrap; }
time, .dateline { text-autospace: no-autospace; }
.phrase { display: inline-block; }

.masthead {
  display: flex; flex-wrap: wrap; align-items: center; justify-content: space-between; gap: 0.25rem 1.5rem;
  padding: 0.5rem max(1rem, calc((100% - 62rem) / 2));
  border-bottom: 3px double var(--ink);
}
.masthead-name {
  margin: 0; font-size: clamp(1.6rem, 1.3rem + 1.2vw, 2.1rem); font-weight: 900; line-height: 1.4;
  letter-spacing: 0.08em; text-decoration: none; color: var(--accent);
}
.masthead nav ul { display: flex; flex-wrap: wrap; gap: 0 0.75rem; margin: 0; padding: 0; list-style: none; }
.masthead nav a { display: inline-block; padding: 0.4rem 0.25rem; text-decoration: none; }
/* The header's search box: a line of its own on a phone, beside the links on a wider screen. */
.site-search { display: flex; flex: 1 1 100%; gap: 0.5rem; margin: 0 0 0.25rem; }
.visually-hidden {
  position: absolute; width: 1px; height: 1px; margin: -1px; padding: 0; border: 0;
  overflow: hidden; clip-path: inset(50%); white-space: nowrap;
}
/* Heights fixed, not from the font: a CJK fallback font loaded late would otherwise move the page under the header. */
input[type="search"], .search-form select {
  box-sizing: border-box; height: 2.75rem; line-height: 1.5; min-width: 0; padding: 0.4rem 0.6rem; border: 1px solid #8a857a; border-radius: 2px;
  background: #fff; color: var(--ink); font: inherit; font-family: var(--sans); font-size: 1rem;
}
input[type="search"] { flex: 1 1 auto; }
.site-search button, .search-form button {
  box-sizing: border-box; flex: none; height: 2.75rem; line-height: 1.5; padding: 0.4rem 1rem; border: 1px solid var(--accent); border-radius: 2px;
  background: var(--accent); color: #fff; font: inherit; font-family: var(--sans); font-size: 1rem; cursor: pointer;
}
input[type="search"]:focus-visible, .search-form select:focus-visible, .site-search button:focus-visible, .search-form button:focus-visible {
  outline: 2px solid var(--link); outline-offset: 2px;
}

main { max-width: 64rem; margin: 0 auto; padding: 1.25rem 1rem 3rem; }
.colophon { border-top: 1px solid var(--rule); color: var(--muted); font-size: 0.875rem; text-align: center; padding: 1rem; }
.colophon p { margin: 0; }
.colophon a { display: inline-block; padding: 0.5rem 0; }

article.story, .notice, .front, .listing { max-width: var(--measure); margin: 0 auto; }
.kicker { margin: 0 0 0.25rem; color: var(--muted); font-size: 1.05rem; font-weight: 500; }
.headline { margin: 0; font-size: clamp(1.5rem, 1.1rem + 2vw, 2.2rem); letter-spacing: 0.02em; }
.subtitle { margin: 0.4rem 0 0; font-size: 1.15rem; font-weight: 500; color: #333; }
.byline { margin: 0.9rem 0 0; color: var(--muted); font-size: 0.95rem; }
.meta { margin: 0.25rem 0 0; color: var(--muted); font-size: 0.875rem; }
.meta span + span::before { content: " · "; }
.story .meta span { white-space: nowrap; }
.section-link { color: var(--accent); text-decoration: none; font-weight: 700; }

.prose { margin-top: 1.5rem; }
.prose p {
  margin: 0 0 0.9em;
  text-align: start;
  text-indent: 2em;
  line-break: strict;
  hanging-punctuation: allow-end;
  text-wrap: pretty;
}
.prose a { color: var(--link); text-decoration-color: currentColor; text-decoration-thickness: 1px; }
.prose h2, .prose h3, .prose h4 { margin: 1.6em 0 0.6em; font-size: 1.15rem; text-indent: 0; }
.prose blockquote { margin: 1.25em 0; padding: 0.1em 0 0.1em 1em; border-left: 3px solid var(--rule); color: #333; }
.prose blockquote p:last-child { margin-bottom: 0; }
.prose ul, .prose ol { margin: 0 0 0.9em; padding-left: 2em; }
.prose li + li { margin-top: 0.2em; }
.prose li p { text-indent: 0; }
.prose pre { overflow-x: auto; font-size: 0.9rem; }
.prose .table-scroll { margin: 1.25em 0; }
.prose table { width: 100%; border-collapse: collapse; font-family: var(--sans); font-size: 0.95rem; line-height: 1.5; font-variant-numeric: tabular-nums; }
.prose th, .prose td { padding: 0.45rem 0.75rem; border-bottom: 1px solid var(--rule); text-align: left; vertical-align: top; }
.prose thead th { background: #f3eee2; white-space: nowrap; }
.prose tbody tr:last-child td { border-bottom: 0; }
.prose .align-left { text-align: left; }
.prose .align-center { text-align: center; }
.prose .align-right { text-align: right; }

/* Photos: the picture across the story's measure, its box kept by width and height before it loads. */
.photo { margin: 1.5rem 0; }
.photo picture, .thumb { display: block; background: #ece7da; }
.photo img { display: block; width: 100%; height: auto; }
.photo figcaption {
  margin-top: 0.5rem; font-family: var(--sans); font-size: 0.9rem; line-height: 1.65; color: #333;
  line-break: strict; text-wrap: pretty;
}
.photo-credit { color: var(--muted); }
.photo.upright { max-width: 28rem; margin-inline: auto; }
.lead-photo { margin-top: 1.25rem; }
.prose .photo { margin-block: 1.5em; }

.corrections { margin-top: 2rem; padding: 0.75rem 1rem; border: 1px solid var(--rule); background: #fbf6ea; font-size: 0.95rem; }
.corrections h2 { margin: 0 0 0.5rem; font-size: 1rem; }
.corrections p { margin: 0.25rem 0; }

.notice .salutation { margin: 1.5rem 0 0.5rem; font-weight: 700; }
.notice .closing { margin: 1rem 0 0; text-indent: 2em; }
.notice .signature { margin: 1.25rem 0 0; text-align: right; }
.notice dl { display: grid; grid-template-columns: max-content 1fr; gap: 0.25rem 1rem; margin: 1.25rem 0; font-family: var(--sans); font-size: 0.95rem; }
.notice dt { color: var(--muted); }
.notice dd { margin: 0; }
/* A table wider than a phone scrolls inside its box, not the page; the shadows at its edges say there is more. */
.table-scroll {
  overflow-x: auto; margin: 1.25rem 0; border: 1px solid var(--rule);
  background:
    linear-gradient(to right, var(--paper) 30%, transparent) left / 2rem 100% no-repeat local,
    linear-gradient(to left, var(--paper) 30%, transparent) right / 2rem 100% no-repeat local,
    radial-gradient(farthest-side at 0 50%, rgb(0 0 0 / 0.18), transparent) left / 0.75rem 100% no-repeat scroll,
    radial-gradient(farthest-side at 100% 50%, rgb(0 0 0 / 0.18), transparent) right / 0.75rem 100% no-repeat scroll;
}
.table-scroll:focus-visible { outline: 2px solid var(--accent); }
.notice-table { width: 100%; border-collapse: collapse; font-size: 0.9rem; line-height: 1.5; font-variant-numeric: tabular-nums; }
.notice-table caption { caption-side: top; padding: 0.5rem; font-weight: 700; text-align: left; }
.notice-table th, .notice-table td { padding: 0.35rem 0.6rem; border-bottom: 1px solid var(--rule); text-align: left; white-space: nowrap; }
.notice-table thead th { background: #f3eee2; }
.notice-table .num { text-align: right; }
.notice-table tfoot th, .notice-table tfoot td { font-weight: 700; border-top: 2px solid var(--ink); }
.statement-list { padding-left: 2em; }
.pager { display: flex; flex-wrap: wrap; align-items: center; justify-content: space-between; gap: 0.5rem 1rem; margin: 1.5rem 0; font-family: var(--sans); }
.pager a { display: inline-block; padding: 0.5rem 0; }

.teasers { list-style: none; margin: 0; padding: 0; }
.teaser { padding: 1rem 0; border-bottom: 1px solid var(--rule); }
.teaser h2, .teaser h3 { margin: 0; font-size: 1.2rem; }
.teaser h2 a, .teaser h3 a { text-decoration: none; }
.teaser .kicker { font-size: 0.95rem; }
.teaser .subtitle { font-size: 1rem; }
.teaser .byline { margin-top: 0.35rem; }
.teaser .summary { margin: 0.4rem 0 0; line-break: strict; text-wrap: pretty; }
/* A story with a lead photo: its thumbnail to the right of its text, as a news list shows it. */
.teaser.with-thumb { display: grid; grid-template-columns: minmax(0, 1fr) 8rem; column-gap: 1rem; align-items: start; }
.teaser.with-thumb > * { grid-column: 1; }
.teaser.with-thumb > .thumb { grid-column: 2; grid-row: 1 / span 6; margin-top: 0.3rem; }
.thumb img { display: block; width: 100%; height: auto; aspect-ratio: 3 / 2; object-fit: cover; }
.pages { display: grid; grid-template-columns: repeat(auto-fill, minmax(15rem, 1fr)); gap: 1rem; list-style: none; margin: 1rem 0; padding: 0; }
.pages > li { padding: 0.75rem 1rem; border: 1px solid var(--rule); background: #fff; }
.pages h2, .pages h3 { margin: 0 0 0.5rem; font-size: 1.05rem; }
.pages ul { margin: 0; padding-left: 1.2em; }
.page-label { color: var(--accent); font-weight: 900; margin-right: 0.25em; }
.front > section > h2 { margin: 1.75rem 0 0.5rem; padding-bottom: 0.25rem; border-bottom: 2px solid var(--ink); font-size: 1.2rem; }
.front > section:first-child > h2 { margin-top: 0; }
.listing > .headline + .teasers, .listing > .byline + .teasers, .listing > .subtitle + .teasers { margin-top: 0.75rem; border-top: 2px solid var(--ink); }
.not-found { text-align: center; padding: 3rem 1rem; }

/* The search page: the form, why a query was refused, the hits with their words marked. */
.search-form { margin: 1rem 0 0; font-family: var(--sans); }
.search-form > label:first-child { display: block; margin-bottom: 0.25rem; font-weight: 700; }
.search-row { display: flex; gap: 0.5rem; }
.search-help { margin: 0.35rem 0 0; color: var(--muted); font-size: 0.875rem; line-height: 1.6; }
.search-kind { display: inline-flex; align-items: center; gap: 0.5rem; margin-top: 0.5rem; font-size: 0.95rem; }
.search-refused { margin: 1rem 0 0; padding: 0.75rem 1rem; border-left: 4px solid var(--accent); background: #fbf0ea; font-family: var(--sans); }
.search-count { margin: 1.25rem 0 0; padding-bottom: 0.5rem; border-bottom: 2px solid var(--ink); font-family: var(--sans); color: var(--muted); }
mark { background: #fbe38e; color: inherit; padding: 0 0.05em; }
.hit .table-scroll { margin: 0.75rem 0 0; }
.hit-rows caption { font-size: 0.875rem; font-weight: 500; color: var(--muted); }

@media (min-width: 36rem) {
  .prose p { text-align: justify; text-justify: inter-ideograph; }
  .teaser .summary { text-align: justify; }
}
@media (min-width: 48rem) {
  body { font-size: 1.125rem; }
  main { padding-top: 2rem; }
  .teaser.with-thumb { grid-template-columns: minmax(0, 1fr) 12rem; column-gap: 1.5rem; }
  .site-search { flex: 0 1 20rem; margin: 0; }
}
/* The front page on a desktop: the latest reports, and the edition's pages beside them. */
@media (min-width: 60rem) {
  .front.home { max-width: none; display: grid; grid-template-columns: minmax(0, 1fr) 20rem; gap: 0 3rem; align-items: start; }
  .front.home > .latest { grid-column: 1; grid-row: 1; }
  .front.home > .edition { grid-column: 2; grid-row: 1; }
  .front.home > section > h2 { margin-top: 0; }
  .front.home .pages { grid-template-columns: 1fr; }
}

@media print {
  @page { margin: 18mm 16mm; }
  body { background: #fff; color: #000; font-size: 10.5pt; line-height: 1.7; }
  .masthead nav, .site-search, .colophon, .pager { display: none; }
  .masthead { border-bottom: 1.5pt double #000; padding: 0 0 4pt; }
  a { color: inherit; text-decoration: none; }
  main { max-width: none; padding: 8pt 0 0; }
  article.story, .notice { max-width: none; }
  .table-scroll { overflow: visible; border: 0; }
  .notice-table { font-size: 8.5pt; }
  .notice-table thead { display: table-header-group; }
  .notice-table tr { break-inside: avoid; }
  .photo { break-inside: avoid; }
  .photo picture { background: none; }
  h1, h2, h3 { break-after: avoid; }
}
`.trim();

/** The stylesheet's URL: its content hash, so that browsers can keep it for good. */
export const STYLESHEET_PATH = `/assets/site-${createHash('sha256').update(STYLESHEET).digest('hex').slice(0, 12)}.css`;
