/**
 * The typed document model every body is parsed into once (from Markdown) and both
 * renderers read: blocks holding inline runs. User text lives only in `text` and `href`
 * fields, never as markup.
 */

export type Inline =
  | { type: 'text'; text: string }
  | { type: 'emphasis'; children: Inline[] }
  | { type: 'strong'; children: Inline[] }
  | { type: 'code'; text: string }
  /** `href` is an http(s) or mailto URL, or a path on this site; anything else never gets here. */
  | { type: 'link'; href: string; children: Inline[] }
  /** A hard line break inside a block. */
  | { type: 'break' };

export type Block =
  | { type: 'paragraph'; children: Inline[] }
  /** A sub-head (小标题). Level 2 is the top sub-head level (the headline is level 1). */
  | { type: 'heading'; level: 2 | 3 | 4; children: Inline[] }
  | { type: 'list'; ordered: boolean; start?: number; items: Block[][] }
  | { type: 'quote'; children: Block[] }
  | { type: 'table'; header: Inline[][]; rows: Inline[][][]; align: ('left' | 'center' | 'right' | null)[] }
  | { type: 'code'; text: string }
  | { type: 'rule' }
  /**
   * A photo in the body, written `![说明](photo:123)`: the photo's id and the caption it has
   * here (empty: the photo's own caption).
   */
  | { type: 'figure'; photoId: number; caption: string };

export interface Document {
  blocks: Block[];
}

/** Figures kept per body: what copy-fitting and the desk look at. */
export interface DocumentFigures {
  /** Characters of text, whitespace excluded; a Han character counts one. */
  characters: number;
  /** Paragraph blocks, at any depth. */
  paragraphs: number;
  /** Sub-heads. */
  headings: number;
}

/** The target of a body figure, `photo:123`, as written in Markdown. */
export const PHOTO_TARGET = /^photo:([1-9]\d{0,9})$/;

/** The ids of the photos a body shows, in order, each once. */
export function figurePhotoIds(doc: Document): number[] {
  const ids = new Set<number>();
  const visit = (blocks: Block[]) => {
    for (const block of blocks) {
      if (block.type === 'figure') ids.add(block.photoId);
      else if (block.type === 'list') block.items.forEach(visit);
      else if (block.type === 'quote') visit(block.children);
    }
  };
  visit(doc.blocks);
  return [...ids];
}

/**
 * How a link target may be used, or `null` when it must not become a link at all.
 * An allowlist, not a blocklist: http(s) and mailto URLs are `external`; a path on this
 * site (one `/`, not `//` or `/\`, which browsers read as another host) is `site`. Any
 * whitespace or control character rejects the target, since browsers drop some of them
 * (`jav\tascript:`) before reading the scheme. Both the parser and the renderers call this.
 */
export function linkKind(href: string): 'external' | 'site' | null {
  if (/[\s\p{Cc}]/u.test(href)) return null;
  if (/^(?:https?|mailto):/i.test(href)) return 'external';
  if (/^\/(?![/\\])/.test(href)) return 'site';
  return null;
}
