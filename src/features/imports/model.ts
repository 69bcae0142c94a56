/** What the page importer reads out of a page, before anything is stored. */
import type { CreditRole } from '../../document/credit-roles.js';
import type { Column } from '../../tables/cells.js';

/** Which item of the page a change or warning belongs to: its kind and its place among its kind. */
export interface ItemRef {
  kind: 'article' | 'notice';
  index: number;
}

/**
 * What the importer changed or took out: a repair to the text (`punctuation`, `joined`,
 * `spacing`, `id-masked`), a repeated table header `dropped`, or a line it read as no body
 * text — the page's `furniture`, a `jump` line, a `photo-slot` caption — or a `brief` it split
 * off a briefs column, its run-in title made its headline.
 */
export const IMPORT_CHANGE_TYPES = ['punctuation', 'joined', 'id-masked', 'dropped', 'spacing', 'photo-slot', 'furniture', 'jump', 'brief'] as const;
export type ImportChangeType = (typeof IMPORT_CHANGE_TYPES)[number];

/** One repair the importer made, so an editor can review it. */
export interface ImportChange {
  type: ImportChangeType;
  /** The page's line (1-based) where the repair starts. */
  line: number;
  /** The column (1-based, in characters) on that line, where it is known. */
  column?: number;
  /** For a join: the line of the paragraph's second part; for a photo slot, the line of its credit when that stood apart. */
  toLine?: number;
  before: string;
  after: string;
  item?: ItemRef;
}

/** Something the importer could not settle and left for an editor. */
export interface ImportWarning {
  line: number;
  message: string;
  item?: ItemRef;
}

export interface ParsedCredit {
  role: CreditRole;
  name: string;
}

export interface ParsedArticle {
  line: number;
  kicker: string | null;
  headline: string;
  subtitle: string | null;
  /** Markdown: paragraphs, `##` sub-heads, tables. */
  body: string;
  credits: ParsedCredit[];
  /** Pictures the copy names by their captions, awaiting their files. */
  photoSlots: ParsedPhotoSlot[];
  /** Where the story runs on to (下转A05版) or on from (上接A01版). */
  jumps: ParsedJump[];
  /** One item of a briefs column (简讯), headed by its run-in title. */
  brief: boolean;
}

/** A jump line: the story continues on another page, or continues one from another page. */
export interface ParsedJump {
  line: number;
  direction: 'to' | 'from';
  /** The page as printed between 转/接 and 版: `A05`, `3`, `五`. */
  page: string;
}

/** A photo's caption and credit, kept with the story until its picture is uploaded. */
export interface ParsedPhotoSlot {
  /** The caption's line; `creditLine` where its credit stood on a line of its own. */
  line: number;
  creditLine?: number;
  caption: string;
  /** The photographer's name alone (`孙悦`), or null when the page credits no one. */
  byline: string | null;
}

/** A notice's table as the page printed it, typed from its header. */
export interface ParsedTable {
  /** The header row's line; for a statement's entries, its title's. */
  headerLine: number;
  columns: Column[];
  /** Data rows in column order; `line` is the page's line. */
  rows: { line: number; cells: (string | null)[] }[];
  /** The trailing 合计/总计 row, its label cell emptied; null when the table has none. */
  total: { line: number; cells: (string | null)[] } | null;
}

export interface ParsedNotice {
  line: number;
  kind: string;
  title: string;
  salutation: string | null;
  preamble: string;
  closing: string | null;
  issuer: string;
  issuedOn: string;
  contact: { name: string; phone: string } | null;
  claimDays: number | null;
  /** The last day to claim, where the notice states it rather than a number of days. */
  deadline: string | null;
  /** A table notice's table; a statement's entries are a one-column table. */
  table: ParsedTable | null;
  /** The unified social credit codes it prints, each with its GB 32100 check. */
  codes: ParsedCode[];
}

export interface ParsedCode {
  line: number;
  code: string;
  valid: boolean;
}

export interface ParsedPage {
  articles: ParsedArticle[];
  notices: ParsedNotice[];
  /** Every item in page order, for placing them on a page. */
  order: ItemRef[];
  changes: ImportChange[];
  warnings: ImportWarning[];
}

/** What a masked ID number's change says it became: the form, never the number. */
export const MASKED = 'stored masked: its first 10 and last 4 characters, **** between';
