/**
 * What a printed page carries that belongs to no story: its furniture — the running head (paper,
 * date, weekday, page), the page's name and label (`聊城新闻 A04`, `第4版`), the editors' credits
 * at its foot (`责任编辑：王芳 美编：李强`), a column label — and its jump lines (`（下转A05版）`,
 * `(上接A01版)`), which say where a story runs on and are kept as a hint on the story.
 */
import type { Line } from './lines.js';

/** Roles in the page's own credits at its foot (责任编辑：张三 校对：李 四). */
const PAGE_ROLE = /^(?:本版责任编辑|责任编辑|责编|本版责编|本版编辑|值班编辑|美术编辑|摄影编辑|编辑|校对|美编|组版|版式|审读|设计|视觉|终审|值班主任|排版|责任校对)$/u;
/** A page's label in a running head: 第3版, A3, A03. */
const PAGE_LABEL = /第[\d一二三四五六七八九十]{1,3}版|(?<![A-Za-z])[A-Z]\d{1,2}(?![\d])/u;
/** A full date, 2024年5月10日. */
const DATE = /\d{4}\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日/u;
/** A page's running head: the paper, the date and weekday, the page (聊城日报 2024年5月10日 星期五 A3 综合新闻). */
const RUNNING_HEAD = /\d{4}\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日.*星期[一二三四五六日天]|星期[一二三四五六日天].*\d{4}\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日/u;
/** A notice's title in brackets (【遗失声明】) is no column label. */
const NOTICE_WORD = /(?:公示|公告|声明|聲明|启事|啟事|通知|通告)(?:[（(][^）)]*[）)])?】$/u;
/** A column's label: 分类广告, 【深度报道】. */
const COLUMN_LABEL = /^(?:分类广告|广告|公告栏|声明公告)$/u;
/** A page's label alone (`第4版`, `A04版`, `A04`), or with the page's name (`聊城新闻 A04`, `要闻·综合 A02`, `A04版 聊城新闻`). */
const LABEL = '(?:第\\s*[A-Z]?[\\d一二三四五六七八九十]{1,3}\\s*版|[A-Z]\\d{1,2}\\s*版?)';
const PAGE_NAME = new RegExp(`^${LABEL}$|^[\\p{Script=Han}·・]{2,10}[\\s\\u3000|｜·]*${LABEL}$|^${LABEL}[\\s\\u3000|｜·]*[\\p{Script=Han}·・]{2,10}$`, 'u');

/** Whether the text reads as a full date anywhere. */
const hasDate = (text: string) => DATE.test(text);

/** The page's own furniture, wherever it stands: its running head, page name and label, column labels, the credits at its foot. */
export function isFurniture(text: string): boolean {
  if (Array.from(text).length > 80) return false;
  if (readJump(text) || COLUMN_LABEL.test(text) || (/^【[^】]{1,8}】$/u.test(text) && !NOTICE_WORD.test(text))) return true;
  if (/[。！？]/u.test(text)) return false;
  if (PAGE_NAME.test(text)) return true;
  if (RUNNING_HEAD.test(text) || (hasDate(text) && PAGE_LABEL.test(text) && /[|｜\s\u3000]/u.test(text))) return true;
  const words = text.split(/[\s\u3000：:/|｜]+/u).filter((w) => w !== '');
  return words.length >= 2 && PAGE_ROLE.test(words[0]!) && words.every((w) => PAGE_ROLE.test(w) || /^[\p{Script=Han}·]{1,4}$/u.test(w));
}

/** A paper's name (`聊城日报`, `齐鲁晚报`), with its section (`聊城日报·城市`) or slogan (`聊城日报 江北水城·运河古都`), or in Latin capitals (`LIAOCHENG DAILY`). */
const PAPER = /^[\p{Script=Han}]{2,8}(?:日报|晚报|晨报|早报|都市报|商报|时报|周报|新闻)(?:社)?(?:[·・][\p{Script=Han}]{2,6}|[\s\u3000]+[\p{Script=Han}·・，、]{2,20})?$|^[A-Z][A-Z .&'-]{3,40}$/u;

/**
 * Furniture only where the page's edge puts it, at its top or foot: the paper's name alone,
 * a page number alone, the lunar date (农历…), and — at the top — a date alone.
 */
export function isEdgeFurniture(text: string, top: boolean): boolean {
  if (PAPER.test(text) || /^\d{1,3}$/u.test(text) || /^农历\S{2,12}(?:\s|$)/u.test(text)) return true;
  return top && /^\d{4}\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日(?:[\s\u3000]*(?:星期|周)[一二三四五六日天])?$/u.test(text);
}

export interface Jump {
  direction: 'to' | 'from';
  page: string;
}

const JUMP_WORD = '(下转|转至|转|上接|紧接|接|续)';
const JUMP_PAGE = '(?:第\\s*)?([A-Za-z]?\\d{1,3}|[一二三四五六七八九十]{1,3})\\s*版';
/** A jump line as a whole: `（下转A05版）`, `转第3版`, `(上接A01版)`. */
const JUMP_LINE = new RegExp(`^[（(【]?\\s*${JUMP_WORD}\\s*${JUMP_PAGE}\\s*[）)】]?$`, 'u');
/** A jump set at the end of a story's last line, in brackets: `…以上。（下转A05版）`. */
const JUMP_AT_END = new RegExp(`\\s*[（(]\\s*${JUMP_WORD}\\s*${JUMP_PAGE}\\s*[）)]$`, 'u');
/** A jump set at the start of a continuation's first line, in brackets: `（上接A01版）据介绍…`. */
const JUMP_AT_START = new RegExp(`^[（(]\\s*${JUMP_WORD}\\s*${JUMP_PAGE}\\s*[）)]\\s*`, 'u');

function jumpOf(word: string, page: string): Jump {
  return { direction: /转/u.test(word) ? 'to' : 'from', page: page.toUpperCase() };
}

/** The jump a whole line is, or null. */
export function readJump(text: string): Jump | null {
  const match = JUMP_LINE.exec(text);
  return match ? jumpOf(match[1]!, match[2]!) : null;
}

/** A jump printed inside a longer line, at its end or start: the line's text without it, and the jump as printed. */
export function splitJump(text: string): { text: string; jump: string; at: 'start' | 'end' } | null {
  if (readJump(text)) return null;
  const end = JUMP_AT_END.exec(text);
  if (end && end.index > 0) return { text: text.slice(0, end.index), jump: end[0].trim(), at: 'end' };
  const start = JUMP_AT_START.exec(text);
  if (start && start[0].length < text.length) return { text: text.slice(start[0].length), jump: start[0].trim(), at: 'start' };
  return null;
}

/**
 * The lines at the page's top and foot that are its furniture: from each end, every line that
 * is furniture anywhere or at an edge (the paper's name, a page number, a date alone at the top),
 * up to the first that is neither.
 */
export function pageEdges(lines: readonly Line[]): Set<Line> {
  const edges = new Set<Line>();
  const prose = lines.filter((l) => !l.cells && l.level === null);
  for (const [from, top] of [[prose, true], [[...prose].reverse(), false]] as const) {
    for (const line of from) {
      if (!isFurniture(line.text) && !isEdgeFurniture(line.text, top)) break;
      edges.add(line);
    }
  }
  return edges;
}
