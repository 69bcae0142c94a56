import { Unprocessable } from '../errors.js';
import { parseMarkdown } from './markdown.js';
import type { Document } from './model.js';

/**
 * How deep a body's structure may go, in levels of its document model as JSON (a list inside a
 * quote inside a list…; emphasis inside emphasis). Far past any real copy, and short of what the
 * renderers can take: Typst reads the print job as JSON and gives up past 128 levels, and a
 * page's job holds an item's blocks a few levels down.
 */
const MAX_LEVELS = 100;

function levelsOf(value: unknown, limit: number): number {
  if (typeof value !== 'object' || value === null) return 0;
  if (limit <= 0) return 1;
  let deepest = 0;
  for (const part of Object.values(value)) {
    deepest = Math.max(deepest, levelsOf(part, limit - 1));
    if (deepest >= limit) break;
  }
  return deepest + 1;
}

/**
 * Markdown a writer sent, as the document model, or a 422 naming the field when it nests deeper
 * than print and the web can set: thousands of nested `>` or `*` would otherwise run the reader
 * out of stack, or make a body that saves but never prints.
 */
export function parseCheckedMarkdown(source: string, pointer = '/body'): Document {
  let document: Document | undefined;
  try {
    document = parseMarkdown(source);
  } catch (error) {
    if (!(error instanceof RangeError)) throw error;
  }
  if (document && levelsOf(document, MAX_LEVELS + 1) <= MAX_LEVELS) return document;
  throw new Unprocessable('The text nests lists, quotes or emphasis too deep to set', [{ pointer, message: 'nests lists, quotes or emphasis too deep to set' }]);
}
