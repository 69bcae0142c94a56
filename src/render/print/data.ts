/**
 * The document model and the newsroom's items → the JSON the Typst template reads. Every
 * string is text for the template to place, never markup: the template passes it to `text`
 * and nothing evaluates it. Text is made ready for setting here: half-width punctuation inside
 * Chinese becomes full-width (print must not depend on copy having been cleaned on the way in),
 * and a dash between figures or a middle dot is set together with its neighbours, so that no
 * line starts with it.
 */
import { LRUCache } from 'lru-cache';
import { joinForPrint, normalizeChinesePunctuation } from '../../document/punctuation.js';
import type { Block, Document, Inline } from '../../document/model.js';
import { chineseDate, chineseWeekday } from '../../lib/chinese-dates.js';
import type { PrintGrid } from './grids.js';
import type { PhotoFrame } from './photos.js';

/** A run of text with its emphasis (`k`: set as one unbreakable piece), or a line break. */
export type Run = { s: string; b?: true; i?: true; code?: true; k?: true } | { br: true };

export type PrintBlock =
  | { t: 'p'; runs: Run[] }
  | { t: 'h'; runs: Run[] }
  | { t: 'list'; ordered: boolean; start: number; items: PrintBlock[][] }
  | { t: 'quote'; blocks: PrintBlock[] }
  | { t: 'table'; header: Run[][]; rows: Run[][][] }
  | { t: 'code'; text: string }
  | { t: 'rule' }
  /** A figure in the body, set at a column's width where it stands in the text. */
  | { t: 'fig'; photo: PrintPhoto };

/**
 * A photo as print sets it: the original's shape (what its frame is worked out from) and its
 * caption line, the photographer's credit at its end. `frames`, by the columns spanned, are
 * added for the job's grid just before it is set (`photoFrames`).
 */
export interface PrintPhoto {
  id: number;
  width: number;
  height: number;
  /** 图为市民在新建的口袋公园里休憩。; empty when there is none. */
  caption: string;
  /** The photographer's credit as it ends the caption, （记者 孙悦 摄）, set as one piece; empty when there is none. */
  credit: string;
  frames?: Record<string, PhotoFrame>;
}

export interface PrintArticle {
  kind: 'article';
  id: number;
  columns: number | null;
  kicker: string | null;
  headline: string;
  subtitle: string | null;
  byline: string;
  /** The lead photo, set across the story under its head; none when absent. */
  lead?: PrintPhoto | null;
  blocks: PrintBlock[];
}

export interface PrintNoticeTable {
  /** Entries as lines of text (a statement list) rather than a grid. */
  list: boolean;
  columns: { label: string; numeric: boolean }[];
  rows: string[][];
  /** The totals row, cell by cell, or null. */
  totals: string[] | null;
  /** Rows of the table not set here (print sets at most a few thousand), and the table's row count. */
  omitted: number;
  rowCount: number;
}

export interface PrintNotice {
  kind: 'notice';
  id: number;
  columns: number | null;
  title: string;
  salutation: string | null;
  preamble: PrintBlock[];
  table: PrintNoticeTable | null;
  closing: string | null;
  contact: string | null;
  issuer: string;
  date: string;
}

export type PrintItem = PrintArticle | PrintNotice;

export interface PrintPage {
  label: string;
  name: string;
  /** 2024年4月11日 */
  date: string;
  /** 星期四 */
  weekday: string;
  /** 第12345期 */
  issue: string;
  editor: string | null;
  items: PrintItem[];
}

/**
 * What the template is given: pages of one grid, or one article's galley proof. `measureOnly`:
 * the template measures and reports its `<fit>` but sets nothing, and no PDF is made (a live
 * copy-fit asks for the numbers only).
 */
export type PrintJob = (
  | { kind: 'pages'; title: string; paper: string; grid: PrintGrid; pages: PrintPage[]; measureOnly?: boolean }
  | { kind: 'galley'; title: string; paper: string; grid: PrintGrid; item: PrintArticle; measureOnly?: boolean }
) & {
  /**
   * The pictures the job places, mapped into the compiler's workspace at their `path` (a
   * `PhotoFrame`'s `src`) for this compile only. Bytes, not JSON: they never reach the template's data.
   */
  images?: PrintImage[];
};

/** A picture for the compiler's workspace: a JPEG made for its frame. */
export interface PrintImage {
  path: string;
  bytes: Uint8Array;
}

/** A caption as printed: the caption, then the photographer's credit in full-width parentheses. */
export function photoCaption(caption: string | null | undefined, credit: string | null | undefined): { caption: string; credit: string } {
  const by = credit?.trim();
  return { caption: caption?.trim() ? printText(caption.trim()) : '', credit: by ? `（${by}）` : '' };
}

/** Text as it is set: full-width punctuation inside Chinese. */
export function printText(text: string): string {
  return normalizeChinesePunctuation(text).text;
}

/** Characters `joinForPrint` joins, with the characters on either side: `3—2` of `2023—2025`, `三·` of `张三·李四`. */
const JOINED = /((?:[^\u2060]\u2060)+[^\u2060])/u;

/**
 * Texts as print sets them, by the text as written: a live copy-fit sets a story again at every
 * pause in typing, and all but the paragraph being typed are as they were (the punctuation rules
 * are most of the cost of setting a long story's text).
 */
const JOINED_TEXTS = new LRUCache<string, string>({ max: 20_000 });

function joinedForPrint(text: string): string {
  let joined = JOINED_TEXTS.get(text);
  if (joined === undefined) JOINED_TEXTS.set(text, (joined = joinForPrint(printText(text))));
  return joined;
}

/**
 * Text as runs, the pieces no line may break inside marked `k`. The template sets such a piece
 * in a box rather than the text carrying word joiners: a joiner would end up in the PDF's map
 * from glyphs to text, and readers that drop it drop the glyph's character with it.
 */
function textRuns(text: string, marks: { b?: true; i?: true }): Run[] {
  return joinedForPrint(text)
    .split(JOINED)
    .flatMap((part, i) => (part === '' ? [] : [i % 2 === 1 ? { s: part.replaceAll('\u2060', ''), k: true as const, ...marks } : { s: part, ...marks }]));
}

const optional = (text: string | null | undefined) => (text ? printText(text) : null);

function inlineRuns(inlines: readonly Inline[], marks: { b?: true; i?: true } = {}): Run[] {
  return inlines.flatMap((inline): Run[] => {
    switch (inline.type) {
      case 'text':
        return textRuns(inline.text, marks);
      case 'code':
        return [{ s: inline.text, code: true, ...marks }];
      case 'emphasis':
        return inlineRuns(inline.children, { ...marks, i: true });
      case 'strong':
        return inlineRuns(inline.children, { ...marks, b: true });
      case 'link':
        return inlineRuns(inline.children, marks);
      case 'break':
        return [{ br: true }];
      default:
        return [];
    }
  });
}

/** What print needs of a photo a figure shows: its shape, its own caption and the photographer's credit. */
export interface FigurePhoto {
  width: number;
  height: number;
  caption: string | null;
  credit: string | null;
}

const NO_PHOTOS: ReadonlyMap<number, FigurePhoto> = new Map();

/**
 * Blocks as the template sets them. A figure is set where it stands when `photos` has its photo
 * (the body's top level only: a figure inside a list or quote is left out, as is one whose
 * photo is unknown); its caption is the figure's own, or the photo's, with the credit.
 */
function printBlocks(blocks: readonly Block[], photos: ReadonlyMap<number, FigurePhoto> = NO_PHOTOS): PrintBlock[] {
  return blocks.flatMap((block): PrintBlock[] => {
    if (block.type !== 'figure') return [printBlock(block)];
    const photo = photos.get(block.photoId);
    if (!photo) return [];
    return [{ t: 'fig', photo: { id: block.photoId, width: photo.width, height: photo.height, ...photoCaption(block.caption || photo.caption, photo.credit) } }];
  });
}

/** One block as the template sets it. */
function printBlock(block: Exclude<Block, { type: 'figure' }>): PrintBlock {
  switch (block.type) {
    case 'paragraph':
      return { t: 'p', runs: inlineRuns(block.children) };
    case 'heading':
      return { t: 'h', runs: inlineRuns(block.children) };
    case 'list':
      return { t: 'list', ordered: block.ordered, start: block.start ?? 1, items: block.items.map((item) => printBlocks(item)) };
    case 'quote':
      return { t: 'quote', blocks: printBlocks(block.children) };
    case 'table':
      return { t: 'table', header: block.header.map((c) => inlineRuns(c)), rows: block.rows.map((r) => r.map((c) => inlineRuns(c))) };
    case 'code':
      return { t: 'code', text: block.text };
    case 'rule':
      return { t: 'rule' };
  }
}

/** An article as the template sets it. */
export function printArticle(
  a: { id: number; kicker: string | null; headline: string; subtitle: string | null; byline: string; body: Document; lead?: PrintPhoto | null },
  columns: number | null,
  /** The photos the body's figures show, by id. */
  figures?: ReadonlyMap<number, FigurePhoto>,
): PrintArticle {
  return {
    kind: 'article',
    id: a.id,
    columns,
    kicker: optional(a.kicker),
    headline: printText(a.headline),
    subtitle: optional(a.subtitle),
    byline: printText(a.byline),
    lead: a.lead ?? null,
    blocks: printBlocks(a.body.blocks, figures),
  };
}

const NUMERIC = new Set(['money', 'integer', 'decimal', 'year']);

/** The parts of a notice print reads: its text, and its whole table. */
export interface NoticeForPrint {
  id: number;
  title: string;
  salutation: string | null;
  preamble: Document;
  closing: string | null;
  contact: { name: string; phone: string } | null;
  deadline: string | null;
  issuer: string;
  issuedOn: string;
  table: {
    presentation: 'table' | 'list';
    columns: { key: string; label: string; type: string }[];
    totals: { key: string; display: string }[];
    rows: string[][];
    rowCount: number;
  } | null;
}

function noticeTable(t: NonNullable<NoticeForPrint['table']>): PrintNoticeTable | null {
  if (t.rows.length === 0) return null;
  const totals = new Map(t.totals.map((x) => [x.key, x.display]));
  // The totals row's label goes in the first column that holds no total.
  const labelColumn = t.columns.findIndex((c) => !totals.has(c.key));
  return {
    list: t.presentation === 'list',
    columns: t.columns.map((c) => ({ label: printText(c.label), numeric: NUMERIC.has(c.type) })),
    rows: t.rows.map((r) => r.map(printText)),
    totals: totals.size === 0 ? null : t.columns.map((c, i) => (i === labelColumn ? '合计' : (totals.get(c.key) ?? ''))),
    omitted: Math.max(0, t.rowCount - t.rows.length),
    rowCount: t.rowCount,
  };
}

/** A notice as the template sets it: the table whole, the contact and deadline as lines of text. */
export function printNotice(n: NoticeForPrint, columns: number | null): PrintNotice {
  const contact = [
    n.contact ? `联系人：${n.contact.name}\u3000联系电话：${n.contact.phone}` : null,
    n.deadline ? `认领截止日期：${chineseDate(n.deadline)}` : null,
  ].filter((line) => line !== null);
  return {
    kind: 'notice',
    id: n.id,
    columns,
    title: printText(n.title),
    salutation: optional(n.salutation),
    preamble: printBlocks(n.preamble.blocks),
    table: n.table ? noticeTable(n.table) : null,
    closing: optional(n.closing),
    contact: contact.length > 0 ? printText(contact.join('\u3000')) : null,
    issuer: printText(n.issuer),
    date: chineseDate(n.issuedOn),
  };
}

/** The page header's facts of an edition's page. */
export function pageHeader(p: { label: string; name: string; editor: string | null }, edition: { date: string; issueNumber: number }) {
  return {
    label: p.label,
    name: printText(p.name),
    date: chineseDate(edition.date),
    weekday: chineseWeekday(edition.date),
    issue: `第${edition.issueNumber}期`,
    editor: p.editor === null ? null : printText(p.editor),
  };
}
