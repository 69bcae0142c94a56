/**
 * The document model → semantic HTML5. Every text and attribute value is escaped, and
 * link targets are checked again here (not only by the parser), so a hand-built or
 * stored Document cannot smuggle markup or a script URL into a page.
 */
import { escape } from 'html-escaper';
import { linkKind, type Block, type Document, type Inline } from '../../document/model.js';
import { figureHtml, type FigurePhoto } from './photo-figure.js';

const ALIGNMENTS: ReadonlySet<unknown> = new Set(['left', 'center', 'right']);

/**
 * `renderHtml`'s output for the site's own pages. Their Content-Security-Policy allows no
 * inline style, so a table cell's alignment, written as `style="text-align:…"` for other
 * consumers of the HTML, becomes a class (`align-right`) the stylesheet sets; and a table
 * sits in a box that scrolls sideways on a phone (focusable, so a keyboard can scroll it).
 * Text and attribute values are escaped, so no `<` or `"` in them can make these patterns.
 */
export function forSite(html: string): string {
  return html
    .replace(/ style="text-align:(left|center|right)"/g, ' class="align-$1"')
    .replace(/^<table>$/gm, '<div class="table-scroll" role="region" aria-label="表格" tabindex="0">\n<table>')
    .replace(/^<\/table>$/gm, '</table>\n</div>');
}

/** Published photos by id, as the figures of a body show them. */
export type FigurePhotos = ReadonlyMap<number, FigurePhoto>;

const NO_PHOTOS: FigurePhotos = new Map();

/**
 * The body's blocks as HTML, one block per line, with no trailing newline. A figure shows its
 * photo from `photos` (its URLs made by the photo renditions' own builders), and nothing when
 * the photo is not there.
 */
export function renderHtml(doc: Document, photos: FigurePhotos = NO_PHOTOS): string {
  return renderBlocks(doc.blocks, photos);
}

function renderBlocks(blocks: readonly Block[], photos: FigurePhotos): string {
  return blocks
    .map((block) => renderBlock(block, photos))
    .filter((html) => html !== '')
    .join('\n');
}

function renderBlock(block: Block, photos: FigurePhotos): string {
  switch (block.type) {
    case 'paragraph':
      return `<p>${renderInlines(block.children)}</p>`;
    case 'heading': {
      const tag = block.level === 3 ? 'h3' : block.level === 4 ? 'h4' : 'h2';
      return `<${tag}>${renderInlines(block.children)}</${tag}>`;
    }
    case 'list':
      return renderList(block, photos);
    case 'quote':
      return `<blockquote>\n${renderBlocks(block.children, photos)}\n</blockquote>`;
    case 'table':
      return renderTable(block);
    case 'code':
      return `<pre><code>${escape(String(block.text))}</code></pre>`;
    case 'rule':
      return '<hr>';
    case 'figure': {
      const photo = typeof block.photoId === 'number' ? photos.get(block.photoId) : undefined;
      return photo ? figureHtml(photo, typeof block.caption === 'string' ? block.caption : null) : '';
    }
    default:
      return '';
  }
}

function renderList(list: Extract<Block, { type: 'list' }>, photos: FigurePhotos): string {
  const items = list.items.map((item) => {
    // A one-paragraph item (a tight list's usual shape) needs no <p> inside its <li>.
    const only = item.length === 1 ? item[0] : undefined;
    if (only?.type === 'paragraph') return `<li>${renderInlines(only.children)}</li>`;
    return item.length === 0 ? '<li></li>' : `<li>\n${renderBlocks(item, photos)}\n</li>`;
  });
  const body = items.join('\n');
  if (!list.ordered) return `<ul>\n${body}\n</ul>`;
  const start = list.start !== undefined && Number.isSafeInteger(list.start) && list.start !== 1 ? ` start="${String(list.start)}"` : '';
  return `<ol${start}>\n${body}\n</ol>`;
}

function renderTable(table: Extract<Block, { type: 'table' }>): string {
  const cell = (tag: 'th' | 'td', content: readonly Inline[], column: number) => {
    const align = table.align[column];
    const style = ALIGNMENTS.has(align) ? ` style="text-align:${String(align)}"` : '';
    return `<${tag}${style}>${renderInlines(content)}</${tag}>`;
  };
  const row = (tag: 'th' | 'td', cells: readonly (readonly Inline[])[]) => `<tr>${cells.map((c, i) => cell(tag, c, i)).join('')}</tr>`;
  const parts = ['<table>'];
  if (table.header.length > 0) parts.push('<thead>', row('th', table.header), '</thead>');
  if (table.rows.length > 0) parts.push('<tbody>', ...table.rows.map((r) => row('td', r)), '</tbody>');
  parts.push('</table>');
  return parts.join('\n');
}

function renderInlines(inlines: readonly Inline[]): string {
  return inlines.map(renderInline).join('');
}

function renderInline(inline: Inline): string {
  switch (inline.type) {
    case 'text':
      return escape(String(inline.text));
    case 'emphasis':
      return `<em>${renderInlines(inline.children)}</em>`;
    case 'strong':
      return `<strong>${renderInlines(inline.children)}</strong>`;
    case 'code':
      return `<code>${escape(String(inline.text))}</code>`;
    case 'break':
      return '<br>';
    case 'link': {
      const content = renderInlines(inline.children);
      const kind = typeof inline.href === 'string' ? linkKind(inline.href) : null;
      if (kind === null) return content;
      const rel = kind === 'external' ? ' rel="noopener noreferrer nofollow"' : '';
      return `<a href="${escape(inline.href)}"${rel}>${content}</a>`;
    }
    default:
      return '';
  }
}
