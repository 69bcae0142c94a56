import { from as traditionalVariants, to as simplifiedTargets } from 'opencc-js/preset/t2cn';

/**
 * Search folds text the way a reader types it: full-width forms to half-width and other
 * compatibility forms to their plain ones (Unicode NFKC), Latin to lower case, and traditional
 * Chinese characters to simplified ones, character by character (OpenCC's tables). Indexed text
 * and queries go through the same folding, so 鄉村振興, ＰＭ２．５ and 乡村振兴, pm2.5 meet.
 */

/** The single characters of an OpenCC dictionary ("T S|T S…", or pairs), each to its first candidate. */
function characterEntries(dict: string | readonly (readonly [string, string])[]): [string, string][] {
  const pairs = typeof dict === 'string' ? dict.split('|').map((entry) => entry.split(' ') as [string, string]) : dict;
  return pairs
    .filter(([source, target]) => source && target && [...source].length === 1)
    .map(([source, target]) => [source, [...target.split(' ')[0]!][0]!]);
}

/**
 * One character to its simplified form: Taiwan's and Hong Kong's variant forms to OpenCC's
 * traditional ones, then traditional to simplified, applied until nothing changes so that the
 * map is idempotent (a simplified character maps to itself).
 */
function buildSimplifiedMap(): Map<string, string> {
  const steps: Map<string, string>[] = [];
  for (const region of ['tw', 'hk'] as const) {
    for (const group of traditionalVariants[region] ?? []) steps.push(new Map(group.flatMap(characterEntries)));
  }
  for (const group of simplifiedTargets.cn ?? []) steps.push(new Map(group.flatMap(characterEntries)));
  const keys = new Set(steps.flatMap((step) => [...step.keys()]));
  const map = new Map<string, string>();
  for (const key of keys) {
    let char = key;
    for (let round = 0; round < 4; round++) {
      const before = char;
      for (const step of steps) char = step.get(char) ?? char;
      if (char === before) break;
    }
    if (char !== key) map.set(key, char);
  }
  return map;
}

const SIMPLIFIED = buildSimplifiedMap();

/** Text as search compares it, with where each of its UTF-16 units came from in the original. */
export interface FoldedText {
  text: string;
  /** For each UTF-16 unit of `text`, the index in the original of the character it came from. */
  origin: number[];
}

const ASCII_PLAIN = /^[\x20-\x7e]$/;

/** One character folded: NFKC, lower case, simplified. */
export function foldChar(char: string): string {
  const code = char.charCodeAt(0);
  // CJK Unified Ideographs are their own NFKC and have no case: only the simplified map applies.
  if (code >= 0x4e00 && code <= 0x9fff) return SIMPLIFIED.get(char) ?? char;
  if (ASCII_PLAIN.test(char)) return char.toLowerCase();
  let out = '';
  for (const c of char.normalize('NFKC').toLowerCase()) out += SIMPLIFIED.get(c) ?? c;
  return out;
}

/**
 * What each UTF-16 unit of the Basic Multilingual Plane folds to, learnt as text meets it: one
 * unit again (nearly every character of Chinese text: itself, or its simplified or half-width
 * form), or something else (a surrogate, a ligature that NFKC spells out), which the
 * character-by-character way folds.
 */
const UNKNOWN = 0;
const ONE_UNIT = 1;
const OTHER = 2;
const learnt = new Uint8Array(0x10000);
const foldedUnit = new Uint16Array(0x10000);

function learn(code: number): number {
  const folded = code >= 0xd800 && code <= 0xdfff ? '' : foldChar(String.fromCharCode(code));
  if (folded.length === 1) {
    foldedUnit[code] = folded.charCodeAt(0);
    return (learnt[code] = ONE_UNIT);
  }
  return (learnt[code] = OTHER);
}

/** Text whose every unit folds to one unit, folded unit by unit; null for any other text. */
function foldUnits(original: string): string | null {
  const units = new Uint16Array(original.length);
  for (let i = 0; i < original.length; i++) {
    const code = original.charCodeAt(i);
    const state = learnt[code] === UNKNOWN ? learn(code) : learnt[code];
    if (state !== ONE_UNIT) return null;
    units[i] = foldedUnit[code]!;
  }
  return UTF16.decode(units);
}

const UTF16 = new TextDecoder('utf-16le');

/** 0, 1, 2, …: the offsets of text folded unit by unit, kept and grown for the longest text yet. */
let identity: number[] = [];
function offsets(length: number): number[] {
  if (identity.length < length) identity = Array.from({ length: Math.max(length, 2 * identity.length) }, (_, i) => i);
  return identity.slice(0, length);
}

/** Folds text for search, keeping the way back to the original's offsets (for snippets' marks). */
export function foldText(original: string): FoldedText {
  const quick = foldUnits(original);
  if (quick !== null) return { text: quick, origin: offsets(quick.length) };
  let text = '';
  const origin: number[] = [];
  let index = 0;
  for (const char of original) {
    const folded = foldChar(char);
    text += folded;
    for (let i = 0; i < folded.length; i++) origin.push(index);
    index += char.length;
  }
  return { text, origin };
}

/** Folds text for search when no offsets are wanted. */
export function fold(original: string): string {
  const quick = foldUnits(original);
  if (quick !== null) return quick;
  let text = '';
  for (const char of original) text += foldChar(char);
  return text;
}
