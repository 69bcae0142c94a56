/**
 * A briefs column (简讯, 短讯, 本地新闻速览): a label over short items, each a story of its own.
 * An item starts with a mark (`●`, `■`, `▲`, `◆`) or with a title set in bold that the copied
 * text lost, and runs its title into its text: `●聊城举办消防演练 本报讯（记者 周倩）5月7日，…`.
 * Its credit is inline, in a dateline or closing brackets.
 */
import type { Unit } from './page.js';
import type { StoryBuilder } from './story.js';

/** Marks a briefs column's items start with; an item never carries on the line above. */
export const BULLET = /^[●■▲◆◇★☆□◎•▶►]/u;

/** A column label over briefs, with the marks or brackets it may be set in (`【简讯】`, `◆短讯◆`). */
const BRIEFS_LABEL = /^(?:[\p{Script=Han}]{0,6})(?:简讯|短讯|快讯|速览|速递|简报|集锦|一句话新闻)$/u;
const LABEL_DECORATION = /^[【[〔◆■●▲★\s\u3000]+|[】\]〕◆■●▲★\s\u3000]+$/gu;

export function isBriefsLabel(text: string): boolean {
  return BRIEFS_LABEL.test(text.replace(LABEL_DECORATION, ''));
}

/** Sentence and clause marks a title never holds. */
const CLAUSE = /[，。；：！？,;:!?（(]/u;
/** Where an item's text starts after a title run into it: a dateline, a date, a time word. */
const TEXT_START = /(?:本报|本刊|新华社|中新社|据)[^，。（(\s]{0,14}(?:讯|电)|\d{1,2}月\d{1,2}日[，,上中下晚凌清傍]|(?:近日|日前|今年以来|近年来|连日来|记者从)[，,]?/u;
const SHORTEST = 4;
const LONGEST = 32;

export interface RunIn {
  /** The item's title, without its mark. */
  title: string;
  /** The text after it; empty when the title stood on a line of its own. */
  rest: string;
}

/**
 * An item's run-in title and the text after it: a title in brackets (`【…】`), or a title before
 * a space, before the item's dateline or date, or before a full stop; for a marked item, the
 * whole line when it holds no sentence. Null when no title can be told from the text.
 */
export function runInTitle(text: string): RunIn | null {
  const marked = BULLET.test(text);
  const line = text.replace(BULLET, '').replace(/^[\s\u3000]+/u, '');
  const bracketed = /^【([^】]{2,40})】[\s\u3000]*(.*)$/u.exec(line);
  if (bracketed) return { title: bracketed[1]!.trim(), rest: bracketed[2]! };
  const fits = (title: string) => {
    const length = Array.from(title).length;
    return length >= SHORTEST && length <= LONGEST && !CLAUSE.test(title) && /\p{Script=Han}{2}/u.test(title);
  };
  const spaced = /^(\S+?)[\s\u3000]+(\S.*)$/u.exec(line);
  if (spaced && fits(spaced[1]!)) return { title: spaced[1]!, rest: spaced[2]! };
  const start = TEXT_START.exec(line);
  if (start && start.index > 0 && fits(line.slice(0, start.index))) return { title: line.slice(0, start.index), rest: line.slice(start.index) };
  const stop = /^([^。]+?)。(.+)$/u.exec(line);
  if (marked && stop && fits(stop[1]!)) return { title: stop[1]!, rest: stop[2]! };
  if (marked && fits(line)) return { title: line, rest: '' };
  return null;
}

/** Whether a line starts a brief: marked, or — in a column whose items are not — led by a run-in title. */
export function startsBrief(text: string, marked: boolean): boolean {
  if (BULLET.test(text)) return true;
  return !marked && runInTitle(text) !== null;
}

/**
 * Whether the unit opens the next item of the briefs column being read: a marked line, or in a
 * column whose items are not marked, a line led by a run-in title once the item before has
 * ended its sentence. A caption (`▲…`, ending with its credit) is none.
 */
export function opensBrief(unit: Unit, briefs: { marked: boolean | null }, story: StoryBuilder | null): boolean {
  if (unit.caption && (unit.caption.credits.length > 0 || !BULLET.test(unit.text))) return false;
  const marked = briefs.marked ?? BULLET.test(unit.text);
  if (BULLET.test(unit.text)) return true;
  if (marked || !startsBrief(unit.text, false)) return false;
  return story === null || !story.briefs || story.endsSentence();
}
