import { createHash } from 'node:crypto';

/**
 * The site's one stylesheet. Chinese text is set as a newspaper sets it: a CJK serif for
 * reading and a sans for headlines, generous leading, justified paragraphs with a 2em indent
 * and strict line breaking (no 。，、 at a line start), and the spacing between Han and Latin
 * text that newer browsers apply themselves. Phones from 360 px to desktops; a print style.
 */
export const STYLESHEET = `
:root {
  --ink: #1b1b1b;
  --muted: #5c5c5c;
  --rule: #d9d4c7;
  --accent: #a4161a;
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
a { color: inherit; text-decoration-color: var(--rule); text-underline-offset: 0.2em; }
a:hover, a:focus-visible { color: var(--accent); text-decoration-color: currentColor; }
h1, h2, h3, h4, .kicker, .subtitle, .masthead, nav, .byline, .meta, .colophon, table, caption, .page-label {
  font-family: var(--sans);
}
h1, h2, h3, h4 { line-height: 1.4; font-weight: 700; }

.masthead {
  display: flex; flex-wrap: wrap; align-items: baseline; justify-content: space-between; gap: 0.5rem 1.5rem;
  padding: 0.75rem max(1rem, calc((100% - 64rem) / 2));
  border-bottom: 3px double var(--ink);
}
.masthead-name { font-size: 1.6rem; font-weight: 900; letter-spacing: 0.08em; text-decoration: none; color: var(--accent); }
.masthead nav ul { display: flex; flex-wrap: wrap; gap: 0.25rem 1.25rem; margin: 0; padding: 0; list-style: none; }
.masthead nav a { text-decoration: none; }

main { max-width: 64rem; margin: 0 auto; padding: 1.25rem 1rem 3rem; }
.colophon { border-top: 1px solid var(--rule); color: var(--muted); font-size: 0.875rem; text-align: center; padding: 1rem; }

article.story, .notice, .front, .listing { max-width: var(--measure); margin: 0 auto; }
.kicker { margin: 0 0 0.25rem; color: var(--muted); font-size: 1.05rem; font-weight: 500; }
.headline { margin: 0; font-size: clamp(1.5rem, 1.1rem + 2vw, 2.2rem); letter-spacing: 0.02em; }
.subtitle { margin: 0.4rem 0 0; font-size: 1.15rem; font-weight: 500; color: #333; }
.byline { margin: 0.9rem 0 0; color: var(--muted); font-size: 0.95rem; }
.meta { margin: 0.25rem 0 0; color: var(--muted); font-size: 0.875rem; }
.meta span + span::before { content: " · "; }
.section-link { color: var(--accent); text-decoration: none; font-weight: 700; }

.prose { margin-top: 1.5rem; }
.prose p {
  margin: 0 0 0.9em;
  text-align: justify;
  text-justify: inter-ideograph;
  text-indent: 2em;
  line-break: strict;
  hanging-punctuation: allow-end;
}
.prose h2, .prose h3, .prose h4 { margin: 1.6em 0 0.6em; font-size: 1.15rem; text-indent: 0; }
.prose blockquote { margin: 1em 0; padding: 0 0 0 1em; border-left: 3px solid var(--rule); color: #333; }
.prose ul, .prose ol { padding-left: 2em; }
.prose li p { text-indent: 0; }
.prose pre { overflow-x: auto; font-size: 0.9rem; }
.prose table { border-collapse: collapse; }

.corrections { margin-top: 2rem; padding: 0.75rem 1rem; border: 1px solid var(--rule); background: #fbf6ea; font-size: 0.95rem; }
.corrections h2 { margin: 0 0 0.5rem; font-size: 1rem; }
.corrections p { margin: 0.25rem 0; }

.notice .salutation { margin: 1.5rem 0 0.5rem; font-weight: 700; }
.notice .closing { margin: 1rem 0 0; text-indent: 2em; }
.notice .signature { margin: 1.25rem 0 0; text-align: right; }
.notice dl { display: grid; grid-template-columns: max-content 1fr; gap: 0.25rem 1rem; margin: 1.25rem 0; font-family: var(--sans); font-size: 0.95rem; }
.notice dt { color: var(--muted); }
.notice dd { margin: 0; }
.table-scroll { overflow-x: auto; margin: 1.25rem 0; border: 1px solid var(--rule); }
.table-scroll:focus-visible { outline: 2px solid var(--accent); }
.notice-table { width: 100%; border-collapse: collapse; font-size: 0.9rem; line-height: 1.5; font-variant-numeric: tabular-nums; }
.notice-table caption { caption-side: top; padding: 0.5rem; font-weight: 700; text-align: left; }
.notice-table th, .notice-table td { padding: 0.35rem 0.6rem; border-bottom: 1px solid var(--rule); text-align: left; white-space: nowrap; }
.notice-table thead th { background: #f3eee2; }
.notice-table .num { text-align: right; }
.notice-table tfoot th, .notice-table tfoot td { font-weight: 700; border-top: 2px solid var(--ink); }
.statement-list { padding-left: 2em; }
.pager { display: flex; justify-content: space-between; gap: 1rem; margin: 1.5rem 0; font-family: var(--sans); }

.teasers { list-style: none; margin: 0; padding: 0; }
.teaser { padding: 1rem 0; border-bottom: 1px solid var(--rule); }
.teaser h2, .teaser h3 { margin: 0; font-size: 1.2rem; }
.teaser h2 a, .teaser h3 a { text-decoration: none; }
.teaser .kicker { font-size: 0.95rem; }
.teaser .subtitle { font-size: 1rem; }
.teaser .summary { margin: 0.4rem 0 0; text-align: justify; line-break: strict; }
.pages { display: grid; grid-template-columns: repeat(auto-fill, minmax(15rem, 1fr)); gap: 1rem; list-style: none; margin: 1rem 0; padding: 0; }
.pages > li { padding: 0.75rem 1rem; border: 1px solid var(--rule); background: #fff; }
.pages h2, .pages h3 { margin: 0 0 0.5rem; font-size: 1.05rem; }
.pages ul { margin: 0; padding-left: 1.2em; }
.page-label { color: var(--accent); font-weight: 900; margin-right: 0.5em; }
.front h2, .listing h2 { margin: 1.75rem 0 0.5rem; padding-bottom: 0.25rem; border-bottom: 2px solid var(--ink); font-size: 1.2rem; }
.not-found { text-align: center; padding: 3rem 1rem; }

@media (min-width: 48rem) {
  body { font-size: 1.125rem; }
  main { padding-top: 2rem; }
}

@media print {
  @page { margin: 18mm 16mm; }
  body { background: #fff; color: #000; font-size: 10.5pt; line-height: 1.7; }
  .masthead nav, .colophon, .pager { display: none; }
  .masthead { border-bottom: 1.5pt double #000; padding: 0 0 4pt; }
  a { color: inherit; text-decoration: none; }
  main { max-width: none; padding: 8pt 0 0; }
  article.story, .notice { max-width: none; }
  .table-scroll { overflow: visible; border: 0; }
  .notice-table { font-size: 8.5pt; }
  .notice-table thead { display: table-header-group; }
  .notice-table tr { break-inside: avoid; }
  h1, h2, h3 { break-after: avoid; }
}
`.trim();

/** The stylesheet's URL: its content hash, so that browsers can keep it for good. */
export const STYLESHEET_PATH = `/assets/site-${createHash('sha256').update(STYLESHEET).digest('hex').slice(0, 12)}.css`;
