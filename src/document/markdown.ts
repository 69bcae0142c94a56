/**
 * Markdown → the typed document model. markdown-it tokenises (raw HTML off, so any tag
 * in the copy stays literal text); this module walks its token stream, never its HTML.
 */
import MarkdownIt from 'markdown-it';
import type { Token } from 'markdown-it';
import { linkKind, PHOTO_TARGET, type Block, type Document, type DocumentFigures, type Inline } from './model.js';
import { resolveSoftBreaks, type Draft } from './soft-breaks.js';

const md = new MarkdownIt('default', { html: false, linkify: false, typographer: false });
// The model has no strike-through; `~~` stays literal text rather than vanishing.
md.disable('strikethrough');
// Let markdown-it parse every link so that a rejected target drops only the link and
// keeps its text; `linkKind` decides which targets survive.
md.validateLink = () => true;

type HeadingLevel = 2 | 3 | 4;


export function parseMarkdown(source: string): Document {
  const tokens = md.parse(source, {});
  const levels = headingLevels(tokens);
  const walker = new BlockWalker(tokens, levels);
  return { blocks: walker.blocks(0, tokens.length) };
}

/**
 * Heading levels follow font size in imported copy, not structure: the shallowest depth
 * used becomes level 2 (the headline is 1), the next 3, anything deeper 4.
 */
function headingLevels(tokens: Token[]): Map<string, HeadingLevel> {
  const tags = [...new Set(tokens.filter((t) => t.type === 'heading_open').map((t) => t.tag))].sort();
  return new Map(tags.map((tag, rank): [string, HeadingLevel] => [tag, rank === 0 ? 2 : rank === 1 ? 3 : 4]));
}

class BlockWalker {
  constructor(
    private readonly tokens: Token[],
    private readonly levels: Map<string, HeadingLevel>,
  ) {}

  /** Blocks from tokens[start, end), which must be a balanced run of block tokens. */
  blocks(start: number, end: number): Block[] {
    const out: Block[] = [];
    let i = start;
    while (i < end) {
      const token = this.at(i);
      const close = token.nesting === 1 ? this.closing(i) : i;
      if (token.type === 'paragraph_open') out.push(...this.paragraph(i, close));
      else {
        const block = this.block(token, i, close);
        if (block) out.push(block);
      }
      i = close + 1;
    }
    return out;
  }

  /**
   * A paragraph, split around the photos it shows (`![说明](photo:123)`): each becomes a figure
   * block where it stands, and the text on either side stays paragraphs.
   */
  private paragraph(open: number, close: number): Block[] {
    const out: Block[] = [];
    let run: Token[] = [];
    const flush = () => {
      const children = normalise(resolveSoftBreaks(inlineDrafts(run)));
      if (!isBlank(children)) out.push({ type: 'paragraph', children });
      run = [];
    };
    for (let i = open + 1; i < close; i++) {
      const token = this.at(i);
      if (token.type !== 'inline') continue;
      for (const child of token.children ?? []) {
        const photo = child.type === 'image' ? PHOTO_TARGET.exec(String(child.attrGet('src') ?? '')) : null;
        if (!photo) {
          run.push(child);
          continue;
        }
        flush();
        out.push({ type: 'figure', photoId: Number(photo[1]), caption: flatText(child.children ?? []).replace(/\s+/gu, ' ').trim() });
      }
    }
    flush();
    return out;
  }

  private block(token: Token, open: number, close: number): Block | null {
    switch (token.type) {
      case 'heading_open': {
        const children = this.inlineBetween(open, close);
        if (isBlank(children)) return null;
        return { type: 'heading', level: this.levels.get(token.tag) ?? 4, children };
      }
      case 'bullet_list_open':
      case 'ordered_list_open':
        return this.list(token, open, close);
      case 'blockquote_open':
        return { type: 'quote', children: this.blocks(open + 1, close) };
      case 'table_open':
        return this.table(open, close);
      case 'fence':
      case 'code_block':
        return { type: 'code', text: token.content.replace(/\n$/, '') };
      case 'hr':
        return { type: 'rule' };
      case 'html_block': {
        // Only reachable if raw HTML were ever switched on: keep it as literal text.
        const text = token.content.trim();
        return text ? { type: 'paragraph', children: [{ type: 'text', text }] } : null;
      }
      default:
        return null;
    }
  }

  private list(token: Token, open: number, close: number): Block {
    const items: Block[][] = [];
    for (let i = open + 1; i < close; ) {
      const itemClose = this.closing(i);
      if (this.at(i).type === 'list_item_open') items.push(this.blocks(i + 1, itemClose));
      i = itemClose + 1;
    }
    if (token.type === 'bullet_list_open') return { type: 'list', ordered: false, items };
    const start = Number(token.attrGet('start') ?? 1);
    return { type: 'list', ordered: true, start: Number.isSafeInteger(start) ? start : 1, items };
  }

  private table(open: number, close: number): Block {
    const header: Inline[][] = [];
    const align: ('left' | 'center' | 'right' | null)[] = [];
    const rows: Inline[][][] = [];
    let row: Inline[][] | null = null;
    let inHead = false;
    for (let i = open + 1; i < close; i++) {
      const token = this.at(i);
      if (token.type === 'thead_open' || token.type === 'thead_close') inHead = token.type === 'thead_open';
      else if (token.type === 'tr_open') row = [];
      else if (token.type === 'tr_close' && row) {
        if (inHead && header.length === 0) header.push(...row);
        else rows.push(row);
        row = null;
      } else if ((token.type === 'th_open' || token.type === 'td_open') && row) {
        const cellClose = this.closing(i);
        row.push(this.inlineBetween(i, cellClose));
        if (token.type === 'th_open') align.push(cellAlign(token));
        i = cellClose;
      }
    }
    // Every row has exactly one cell per column, so renderers need not guess.
    const width = header.length;
    const even = rows.map((cells) => Array.from({ length: width }, (_, c) => cells[c] ?? []));
    return { type: 'table', header, rows: even, align: align.slice(0, width) };
  }

  /** The inline content of the single `inline` token between open and close. */
  private inlineBetween(open: number, close: number): Inline[] {
    const drafts: Draft[] = [];
    for (let i = open + 1; i < close; i++) {
      const token = this.at(i);
      if (token.type === 'inline') drafts.push(...inlineDrafts(token.children ?? []));
    }
    return normalise(resolveSoftBreaks(drafts));
  }

  /** Index of the token closing the one opened at `open` (itself if it opens nothing). */
  private closing(open: number): number {
    let depth = 0;
    for (let i = open; i < this.tokens.length; i++) {
      depth += this.at(i).nesting;
      if (depth <= 0) return i;
    }
    return this.tokens.length - 1;
  }

  private at(i: number): Token {
    const token = this.tokens[i];
    if (!token) throw new RangeError(`token ${i} out of range`);
    return token;
  }
}

function cellAlign(token: Token): 'left' | 'center' | 'right' | null {
  const match = /text-align:\s*(left|center|right)/.exec(String(token.attrGet('style') ?? ''));
  return (match?.[1] as 'left' | 'center' | 'right' | undefined) ?? null;
}

/** Inline tokens → draft runs; emphasis, strong and links nest through their open/close pairs. */
function inlineDrafts(tokens: Token[]): Draft[] {
  const root: Draft[] = [];
  const stack: Draft[][] = [root];
  const top = (): Draft[] => stack[stack.length - 1] ?? root;
  for (const token of tokens) {
    switch (token.type) {
      case 'text':
      case 'text_special':
      case 'html_inline': // only with raw HTML on, which it never is: literal text regardless
        top().push({ type: 'text', text: token.content });
        break;
      case 'code_inline':
        top().push({ type: 'code', text: token.content });
        break;
      case 'softbreak':
        top().push({ type: 'softbreak' });
        break;
      case 'hardbreak':
        top().push({ type: 'break' });
        break;
      case 'image':
        // No image block in the model: the alt text stands in for the picture.
        top().push({ type: 'text', text: flatText(token.children ?? []) });
        break;
      case 'em_open':
      case 'strong_open':
      case 'link_open': {
        const children: Draft[] = [];
        const node: Draft =
          token.type === 'link_open'
            ? { type: 'link', href: String(token.attrGet('href') ?? ''), children }
            : { type: token.type === 'em_open' ? 'emphasis' : 'strong', children };
        top().push(node);
        stack.push(children);
        break;
      }
      case 'em_close':
      case 'strong_close':
      case 'link_close':
        if (stack.length > 1) stack.pop();
        break;
      default:
        if (token.content) top().push({ type: 'text', text: token.content });
    }
  }
  return root;
}

function flatText(tokens: Token[]): string {
  return tokens
    .map((t) => (t.type === 'image' ? flatText(t.children ?? []) : t.type === 'softbreak' || t.type === 'hardbreak' ? ' ' : t.content))
    .join('');
}

/**
 * Merges adjacent text runs, drops empty runs, and unwraps links whose target is not
 * allowed (keeping their text) and formatting with nothing inside.
 */
function normalise(inlines: Inline[]): Inline[] {
  const out: Inline[] = [];
  const push = (inline: Inline) => {
    const last = out[out.length - 1];
    if (inline.type === 'text') {
      if (inline.text === '') return;
      if (last?.type === 'text') {
        out[out.length - 1] = { type: 'text', text: last.text + inline.text };
        return;
      }
    }
    out.push(inline);
  };
  for (const inline of inlines) {
    switch (inline.type) {
      case 'emphasis':
      case 'strong': {
        const children = normalise(inline.children);
        if (children.length > 0) push({ type: inline.type, children });
        break;
      }
      case 'link': {
        const children = normalise(inline.children);
        if (linkKind(inline.href) === null) children.forEach(push);
        else if (children.length > 0) push({ type: 'link', href: inline.href, children });
        break;
      }
      case 'code':
        if (inline.text !== '') push(inline);
        break;
      default:
        push(inline);
    }
  }
  return out;
}

/** True when there is no visible text: nothing, whitespace, or line breaks alone. */
function isBlank(inlines: Inline[]): boolean {
  return inlineText(inlines).trim() === '';
}

function inlineText(inlines: Inline[]): string {
  return inlines
    .map((inline) => {
      switch (inline.type) {
        case 'text':
        case 'code':
          return inline.text;
        case 'break':
          return '\n';
        default:
          return inlineText(inline.children);
      }
    })
    .join('');
}

/** Every leaf block's text in reading order: paragraphs, sub-heads, code, table rows. */
function blockTexts(blocks: Block[]): string[] {
  return blocks.flatMap((block): string[] => {
    switch (block.type) {
      case 'paragraph':
      case 'heading':
        return [inlineText(block.children)];
      case 'code':
        return [block.text];
      case 'list':
        return block.items.flatMap(blockTexts);
      case 'quote':
        return blockTexts(block.children);
      case 'table':
        return [[block.header, ...block.rows].map((row) => row.map(inlineText).join('\t')).join('\n')];
      case 'rule':
      case 'figure':
        return [];
    }
  });
}

/** The body as plain text, one paragraph per leaf block, separated by blank lines. */
export function plainText(doc: Document): string {
  return blockTexts(doc.blocks)
    .filter((text) => text.trim() !== '')
    .join('\n\n');
}

/** Character, paragraph and sub-head counts; characters are code points, whitespace excluded. */
export function documentFigures(doc: Document): DocumentFigures {
  let characters = 0;
  for (const text of blockTexts(doc.blocks)) {
    for (const char of text) if (!/\s/u.test(char)) characters++;
  }
  let paragraphs = 0;
  let headings = 0;
  const visit = (blocks: Block[]) => {
    for (const block of blocks) {
      if (block.type === 'paragraph') paragraphs++;
      else if (block.type === 'heading') headings++;
      else if (block.type === 'list') block.items.forEach(visit);
      else if (block.type === 'quote') visit(block.children);
    }
  };
  visit(doc.blocks);
  return { characters, paragraphs, headings };
}
