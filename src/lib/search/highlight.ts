import { foldText } from './normalize.js';
import { matchesAsPrefix, type QueryTerm } from './query.js';
import { tokenize } from './tokens.js';

/** A stretch of text that matched, in UTF-16 units of the text it marks: [start, end). */
export interface Mark {
  start: number;
  end: number;
}

/** Text with the stretches that matched the query. */
export interface MarkedText {
  text: string;
  marks: Mark[];
}

/**
 * Where the query's terms (those it looks for, not those it excludes) occur in the text, by the
 * same tokens and phrases as the index, so what is marked is what was found.
 */
export function findMarks(text: string, terms: readonly QueryTerm[]): Mark[] {
  const found = termsIn(text);
  return mergeMarks(terms.filter((t) => !t.exclude).flatMap((term) => termMarks(text, found, term)));
}

/** Whether the text holds every one of the terms (those looked for), as the index would find them. */
export function holdsAll(text: string, terms: readonly QueryTerm[]): boolean {
  const found = termsIn(text);
  return terms.filter((t) => !t.exclude).every((term) => termMarks(text, found, term).length > 0);
}

type Tokens = ReturnType<typeof tokenize>;

/** The text's tokens, by position too (an array: positions are small and mostly dense), and where each unit of its folded form came from. */
interface TextTokens {
  tokens: Tokens;
  byPosition: (Tokens[number] | undefined)[];
  origin: number[];
}

function termsIn(text: string): TextTokens {
  const folded = foldText(text);
  const tokens = tokenize(folded.text);
  const byPosition: (Tokens[number] | undefined)[] = [];
  for (const token of tokens) byPosition[token.position] = token;
  return { tokens, byPosition, origin: folded.origin };
}

function termMarks(text: string, { tokens, byPosition, origin }: TextTokens, term: QueryTerm): Mark[] {
  const first = term.tokens[0];
  if (!first) return [];
  const wanted = term.tokens.map((q) => ({ lexeme: q.lexeme, prefix: matchesAsPrefix(q), offset: q.position - first.position }));
  const same = (query: (typeof wanted)[number], found: Tokens[number] | undefined) =>
    found !== undefined && (query.prefix ? found.lexeme.startsWith(query.lexeme) : found.lexeme === query.lexeme);
  const [head, ...tail] = wanted;
  const marks: Mark[] = [];
  for (const start of tokens) {
    if (!same(head!, start)) continue;
    let last = start;
    if (!tail.every((q) => same(q, (last = byPosition[start.position + q.offset]!)))) continue;
    const lastChar = origin[last.end - 1]!;
    marks.push({ start: origin[start.start]!, end: lastChar + String.fromCodePoint(text.codePointAt(lastChar)!).length });
  }
  return marks;
}

function mergeMarks(marks: Mark[]): Mark[] {
  const sorted = [...marks].sort((a, b) => a.start - b.start || b.end - a.end);
  const out: Mark[] = [];
  for (const mark of sorted) {
    const last = out.at(-1);
    if (last && mark.start <= last.end) last.end = Math.max(last.end, mark.end);
    else out.push({ ...mark });
  }
  return out;
}

/** A run of marked text: plain, or a match. */
export interface Segment {
  text: string;
  marked: boolean;
}

/**
 * Marked text cut at its marks into plain and marked runs, for a template to wrap the matches
 * (`<mark>`) and escape every run. Marks out of order, overlapping or past the end are clamped
 * and skipped rather than trusted, so a stray offset never loses text.
 */
export function segments({ text, marks }: { text: string; marks: readonly Mark[] }): Segment[] {
  const out: Segment[] = [];
  let at = 0;
  for (const mark of [...marks].sort((a, b) => a.start - b.start)) {
    const start = Math.max(at, Math.min(mark.start, text.length));
    const end = Math.min(Math.max(mark.end, start), text.length);
    if (end <= start) continue;
    if (start > at) out.push({ text: text.slice(at, start), marked: false });
    out.push({ text: text.slice(start, end), marked: true });
    at = end;
  }
  if (at < text.length) out.push({ text: text.slice(at), marked: false });
  return out;
}

/** The whole text with its matches marked: a headline or a title. */
export function highlight(text: string, terms: readonly QueryTerm[]): MarkedText {
  return { text, marks: findMarks(text, terms) };
}

const ELLIPSIS = '…';
/** How much of the text before the first match a snippet keeps, at most. */
const LEAD = 24;
const SENTENCE_END = /[。！？!?；;\n]/u;

/** How much of a text is folded at a time while looking for its first match. */
const LOOK_UNITS = 400;

/** Whether `at` falls between the halves of a surrogate pair. */
const insidePair = (text: string, at: number) => at > 0 && at < text.length && /[\udc00-\udfff]/.test(text[at]!) && /[\ud800-\udbff]/.test(text[at - 1]!);

/**
 * Where in `text` a term's folded form first occurs, as an index into the text; -1 if nowhere.
 * A quick look that cuts nothing into tokens: a snippet's window is placed by it, and only the
 * window is matched token by token. The text is folded a stretch at a time, each reaching past
 * the next one's start by twice the longest term (a character folds to one or two units), so a
 * match early in a long text costs what its stretch does.
 */
function firstPlace(text: string, terms: readonly QueryTerm[]): number {
  const needles = terms.filter((t) => !t.exclude).map((t) => t.folded.replace(/\s+/gu, ' ').trim());
  const reach = 2 * Math.max(0, ...needles.map((n) => n.length)) + 2;
  for (let start = 0; start < text.length; ) {
    let next = Math.min(text.length, start + LOOK_UNITS);
    if (insidePair(text, next)) next++;
    let end = Math.min(text.length, next + reach);
    if (insidePair(text, end)) end++;
    const folded = foldText(text.slice(start, end));
    let first = -1;
    for (const needle of needles) {
      const at = folded.text.indexOf(needle);
      if (at >= 0 && (first < 0 || at < first)) first = at;
    }
    // One starting past this stretch is looked for again with the next, where it may not be the first.
    if (first >= 0 && folded.origin[first]! < next - start) return start + folded.origin[first]!;
    start = next;
  }
  return -1;
}

/**
 * A stretch of about `length` characters around the first match, starting after a sentence's
 * end where one is near, with an ellipsis where text was left out; the text's start when
 * nothing in it matched.
 */
export function snippet(text: string, terms: readonly QueryTerm[], length = 110): MarkedText {
  const clean = text.replace(/\s+/gu, ' ').trim();
  const first = firstPlace(clean, terms);
  let start = 0;
  if (first > LEAD) {
    start = first - LEAD;
    const before = clean.slice(start, first);
    const cut = [...before.matchAll(new RegExp(SENTENCE_END, 'gu'))].at(-1);
    if (cut?.index !== undefined) start += cut.index + 1;
    // Never between the halves of a surrogate pair.
    if (/[\udc00-\udfff]/.test(clean[start] ?? '')) start--;
  }
  let end = Math.min(clean.length, start + length);
  if (/[\udc00-\udfff]/.test(clean[end] ?? '')) end++;
  const window = clean.slice(start, end);
  const body = window.trim();
  const lead = start > 0 ? ELLIPSIS : '';
  const shift = lead.length - (window.length - window.trimStart().length);
  return {
    text: lead + body + (end < clean.length ? ELLIPSIS : ''),
    marks: first < 0 ? [] : findMarks(window, terms).map((m) => ({ start: m.start + shift, end: m.end + shift })),
  };
}
