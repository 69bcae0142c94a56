/**
 * Reads a page of extracted newspaper text into stories and notices.
 *
 * Heading levels in extracted text follow the printed font size, not the structure, so a
 * heading's role is decided by where it stands and what it looks like:
 * - a notice starts at a title ending in 公示/公告/声明/启事/通知/通告, at any level, unless a
 *   byline follows it; it runs until it is signed and dated, or until a heading as large as
 *   its title or one a byline follows;
 * - a story starts at a run of headings that a byline or a dateline's credits follow
 *   (directly, or after a lead paragraph), at the page's first heading, at a run of two or
 *   three headings that is no numbered outline, or at a heading set as large as the current
 *   story's headline; under a column label (简讯) each heading starts a brief;
 * - in that run the largest heading is the headline, one above it the kicker (引题), one
 *   below it the subtitle (副题); any other heading inside a story is a sub-head.
 * A page without Markdown headings marks none: a short line without sentence punctuation,
 * standing alone, is then read as a heading unless its neighbours show it is not.
 */
import { parseByline } from '../../document/byline-reader.js';
import { readCaption, type CaptionLine } from './captions.js';
import { readLines, SPACED_HAN, type Line } from './lines.js';
import type { ImportChange, ImportWarning, ItemRef, ParsedArticle, ParsedCredit, ParsedNotice, ParsedPage } from './model.js';
import { datesNotice, isClosing, isNoticeTitle, noticeTitle, readNotice, type KindPreset, type NoticeLine } from './notice.js';
import { carriesOn, ENUMERATED, NO_START } from './paragraphs.js';
import { creditsInText, DATELINE, StoryBuilder } from './story.js';

export interface ParseOptions {
  /** `text/plain` prose is escaped as it becomes Markdown; `text/markdown` keeps its inline marks. */
  format: 'plain' | 'markdown';
  kinds: readonly KindPreset[];
  /** The date an undated notice gets, YYYY-MM-DD. */
  today: string;
}

export type Role = 'heading' | 'byline' | 'table' | 'prose' | 'furniture';

/** Roles in the page's own credits at its foot (责任编辑：张三 校对：李 四). */
const PAGE_ROLE = /^(?:本版责任编辑|责任编辑|责编|本版责编|本版编辑|值班编辑|美术编辑|摄影编辑|编辑|校对|美编|组版|版式|审读|设计|视觉)$/u;
/** A page's label in a running head: 第3版, A3, A03. */
const PAGE_LABEL = /第[\d一二三四五六七八九十]{1,3}版|(?<![A-Za-z])[A-Z]\d{1,2}(?![\d])/u;
/** A page's running head: the paper, the date and weekday, the page (聊城日报 2024年5月10日 星期五 A3 综合新闻). */
const RUNNING_HEAD = /\d{4}\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日.*星期[一二三四五六日天]|星期[一二三四五六日天].*\d{4}\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日/u;

/** A jump line (下转第4版, 上接第1版) or a column's label in brackets (【深度报道】, 分类广告). */
const JUMP_OR_LABEL = /^[（(]?(?:上接|下转|转|接|续)第?[\dA-Z一二三四五六七八九十]{1,3}版[）)]?$|^(?:分类广告|广告|公告栏|声明公告)$/u;

/** The page's own furniture, no story's: its running head, jump lines, column labels, the credits at its foot. */
function isFurniture(text: string): boolean {
  if (Array.from(text).length > 80) return false;
  if (JUMP_OR_LABEL.test(text) || (/^【[^】]{1,8}】$/u.test(text) && !isNoticeTitle(text))) return true;
  if (/[。！？]/u.test(text)) return false;
  if (RUNNING_HEAD.test(text) || (readDateIn(text) && PAGE_LABEL.test(text) && /[|｜\s\u3000]/u.test(text))) return true;
  const words = text.split(/[\s\u3000：:/|｜]+/u).filter((w) => w !== '');
  return words.length >= 2 && PAGE_ROLE.test(words[0]!) && words.every((w) => PAGE_ROLE.test(w) || /^[\p{Script=Han}·]{1,4}$/u.test(w));
}

export interface Unit extends Line {
  role: Role;
  credits?: ParsedCredit[];
  /** A byline that closes a story or credits a photo (`（记者 张三）`, `记者 张三 摄`): it starts no story. */
  closing?: boolean;
  /** A photo's caption or credit (`图为…`, `（记者 孙悦 摄）`): a slot awaiting a picture, not body text. */
  caption?: CaptionLine;
  /** A heading's level: its Markdown level, or 0 where the page marks no headings. */
  rank: number;
}

/**
 * A line that can be part of a notice's title set over several lines: a name or a phrase, with
 * no field (`联系人：`), no sentence, no date and no digits to speak of.
 */
function isTitlePart(text: string): boolean {
  return Array.from(text).length <= 40 && !/[：:。！？!?；;，,|｜]/u.test(text) && !readDateIn(text) && !/\d{3,}/u.test(text) && !isFurniture(text);
}

/** A column label over briefs. */
const BRIEFS_LABEL = /^(?:本版|今日|本期)?(?:简讯|短讯|快讯|简报|新闻速递|资讯速递|要闻速览|一句话新闻)$/u;
/** An editor's note, which belongs to the story under it. */
const EDITORS_NOTE = /^(?:编者按|编者的话|编前|编后|导读)/u;

/** The longest line read as a heading on a page that marks none. */
const MAX_BARE_HEADING = 36;
/** Lead paragraphs a story's head may stand above its byline. */
const LEAD_WINDOW = 2;

export function parsePage(text: string, options: ParseOptions): ParsedPage {
  const changes: ImportChange[] = [];
  const warnings: ImportWarning[] = [];
  const units = classify(readLines(text, changes, warnings));
  const articles: ParsedArticle[] = [];
  const notices: ParsedNotice[] = [];
  const order: ItemRef[] = [];
  const noticeContext = { kinds: options.kinds, today: options.today, plain: options.format === 'plain', changes, warnings };

  let story: StoryBuilder | null = null;
  /** The notice being read, and whether its date has been read (its signature is complete). */
  let notice: { lines: NoticeLine[]; item: ItemRef; dated: boolean; title: string; rank: number } | null = null;
  const orphans: Unit[] = [];
  /** The rank of a column label such as 简讯 while its briefs are read; null otherwise. */
  let briefsRank: number | null = null;

  const finishStory = (): void => {
    if (story) articles.push(story.finish());
    story = null;
  };
  const finishNotice = (): void => {
    if (notice) notices.push(readNotice(notice.lines, notice.item, noticeContext, notice.title));
    notice = null;
  };

  for (let i = 0; i < units.length; ) {
    const unit = units[i]!;
    if (unit.role === 'furniture') {
      warnings.push({ line: unit.line, message: `The page's own furniture (${unit.text}) belongs to no story and was left out` });
      i += 1;
      continue;
    }
    if (unit.role !== 'heading') {
      if (notice) {
        notice.lines.push(unit);
        notice.dated ||= datesNotice(unit.text);
      }
      else if (story) story.add(unit);
      else orphans.push(unit);
      i += 1;
      continue;
    }
    let end = i;
    while (units[end + 1]?.role === 'heading') end += 1;
    const run = units.slice(i, end + 1);
    // A headline that ends in 通知 but is credited as a story is (a byline, a dateline) is a story's.
    const credited = creditedBelow(units, end + 1);
    const titleAt = credited ? -1 : run.findLastIndex((heading) => isNoticeTitle(heading.text));
    // Only lines that can be part of a title join it (a banner 公告 over the title is dropped);
    // anything else above it is read as what it is.
    let from = titleAt;
    while (from > 0 && isTitlePart(run[from - 1]!.text)) from -= 1;
    if (titleAt >= 0 && from > 0) {
      const before = run.slice(0, from);
      if (notice) notice.lines.push(...before.map((h) => ({ ...h, heading: h.level !== null })));
      else if (story) for (const h of before) story.addSubhead(h);
      else orphans.push(...before);
      i += from;
      continue;
    }
    if (titleAt >= 0) {
      briefsRank = null;
      finishStory();
      finishNotice();
      const item: ItemRef = { kind: 'notice', index: notices.length };
      order.push(item);
      // A title set over several lines, or under its issuer's name, is one title.
      const parts = run.slice(0, titleAt + 1).filter((h, k) => k === titleAt || !isNoticeTitle(h.text));
      for (const h of run.slice(0, titleAt).filter((h) => isNoticeTitle(h.text))) changes.push({ type: 'dropped', line: h.line, before: h.text, after: '', item });
      const title = parts.map((h) => noticeTitle(h.text)).join('');
      for (const h of parts) {
        const closed = h.text.replace(SPACED_HAN, '');
        if (closed !== h.text) changes.push({ type: 'spacing', line: h.line, before: h.text, after: closed, item });
      }
      if (parts.length > 1) warnings.push({ line: run[0]!.line, item, message: `The notice's title was set over ${parts.length} lines and was read as one: ${title}` });
      notice = { lines: [run[titleAt]!], item, dated: false, title, rank: run[titleAt]!.rank };
      i += titleAt + 1;
      continue;
    }
    let heads = run;
    // A column label over briefs (简讯, 本版简讯) heads no story: each brief under it is one.
    if (heads.length >= 2 && BRIEFS_LABEL.test(heads[0]!.text)) {
      warnings.push({ line: heads[0]!.line, message: `${heads[0]!.text} is read as the label of a column of briefs, each heading under it a story of its own` });
      briefsRank = heads[0]!.rank;
      i += 1;
      heads = heads.slice(1);
    } else if (briefsRank !== null && briefsRank > 0 && Math.min(...heads.map((h) => h.rank)) <= briefsRank) {
      briefsRank = null;
    }
    if (notice && !noticeEnds(units, i, heads, notice)) {
      // Headings the page marks are the notice's sub-heads; bare ones are its lines (联系人：温经理).
      notice.lines.push(...heads.map((h) => ({ ...h, heading: h.level !== null })));
    } else if (!notice && story && !startsStory(units, i, heads, story)) {
      for (const heading of heads) story.addSubhead(heading);
    } else {
      finishStory();
      finishNotice();
      const item: ItemRef = { kind: 'article', index: articles.length };
      order.push(item);
      story = new StoryBuilder(heads, item, options.format, changes, warnings);
      story.briefs = briefsRank !== null;
      // An editor's note above the page's first story is that story's.
      if (orphans.length > 0 && EDITORS_NOTE.test(orphans[0]!.text)) {
        for (const unit of orphans.splice(0)) story.add(unit);
      }
    }
    i += heads.length;
  }
  finishStory();
  finishNotice();

  if (orphans.length > 0) {
    warnings.push({
      line: orphans[0]!.line,
      message: `${orphans.length} line(s) before the page's first headline belong to no story and were left out (lines ${orphans[0]!.line}–${orphans[orphans.length - 1]!.line})`,
    });
  }
  warnings.sort((a, b) => a.line - b.line);
  return { articles, notices, order, changes, warnings };
}

/** Reads each line's role: table row, byline, heading (marked, or by shape on an unmarked page), or prose. */
function classify(lines: Line[]): Unit[] {
  const marked = lines.some((line) => line.level !== null);
  const units: Unit[] = [];
  for (const line of lines) {
    if (line.cells) {
      units.push({ ...line, role: 'table', rank: 0 });
      continue;
    }
    if (isFurniture(line.text)) {
      units.push({ ...line, role: 'furniture', rank: 0 });
      continue;
    }
    const caption = line.level === null ? readCaption(line.text) : null;
    const credits = parseByline(line.text);
    if (credits) {
      const closing = /^[（(【[]/u.test(line.text) || credits.every((c) => c.role === 'photographer');
      units.push({ ...line, role: 'byline', credits, rank: 0, ...(closing && { closing }), ...(caption && { caption }) });
      continue;
    }
    if (caption) {
      units.push({ ...line, role: 'prose', rank: 0, caption });
      continue;
    }
    // A marked heading with sentences in it (an editor's note set large) is read as prose.
    if (line.level !== null && Array.from(line.text).length <= 60 && !/[。！？][^”’」』]/u.test(line.text)) {
      units.push({ ...line, role: 'heading', rank: line.level });
      continue;
    }
    // A line after one cut off mid-sentence carries it on; a date or closing formula is not cut off.
    const previous = units[units.length - 1];
    const continues = previous?.role === 'prose' && !previous.caption && carriesOn(previous.text, line.text) && !isSignOff(previous.text);
    const heading = !marked && !continues && (looksLikeHeading(line.text) || isNoticeTitle(line.text)) && !isSignOff(line.text);
    units.push({ ...line, role: heading ? 'heading' : 'prose', rank: 0 });
  }
  // A bare "heading" whose next line carries it on (starts with `，`) was a cut paragraph.
  for (const [i, unit] of units.entries()) {
    const next = units[i + 1];
    if (unit.role === 'heading' && unit.level === null && next?.role === 'prose' && NO_START.test(next.text)) unit.role = 'prose';
  }
  return units;
}

/** A notice's closing formula or date, which end without punctuation and are no headings. */
function isSignOff(text: string): boolean {
  return isClosing(text) || datesNotice(text);
}

/** Whether the text holds a full date (2024年5月10日) anywhere. */
function readDateIn(text: string): boolean {
  return /\d{4}\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日/u.test(text);
}

/** A bare line that reads as a heading: short, with no sentence in it and no run-on end. */
function looksLikeHeading(text: string): boolean {
  const length = Array.from(text).length;
  if (length > MAX_BARE_HEADING) return false;
  if (/[。；;！!？?]./u.test(text) || /[。；;：:，,、…]$/u.test(text)) return false;
  // A question or exclamation with a comma in it is a sentence, not a headline; so is a line of
  // an interview (记者：…) and one with a phone number in it.
  if (/[？?！!]$/u.test(text) && /[，,]/u.test(text)) return false;
  if (/^(?:记者|问|答|主持人)[：:]/u.test(text) || /\d{7,}/u.test(text)) return false;
  // A photo's caption (图为…) is no heading, with or without its full stop.
  return !/^[（(]|^(?:图为|图：|图:|上图|下图|左图|右图)/u.test(text);
}

/**
 * Whether the run of headings at `at` opens a new story rather than continuing what is being
 * read: a sub-head of `story`, or — in a notice (`story` null) — a line of a notice not yet
 * dated that only looks like a heading because the page marks none (its issuer).
 */
function startsStory(units: readonly Unit[], at: number, heads: readonly Unit[], story: StoryBuilder): boolean {
  if (story.briefs || bylineFollows(units, at + heads.length)) return true;
  // Numbered headings in a row (一、强化顶层设计 / 1.成立工作专班) are an outline, not a head.
  if (heads.length >= 2 && !heads.some((h) => ENUMERATED.test(h.text))) return true;
  const rank = Math.min(...heads.map((h) => h.rank));
  return rank > 0 && story.headlineRank > 0 && rank <= story.headlineRank;
}

/**
 * Whether the run of headings at `at` ends the notice being read and opens a story: a
 * byline follows it, or the notice is signed and dated, or the run is set as large as the
 * notice's title. Otherwise it is the notice's own sub-head (`一、竞买资格`), or a line of a
 * notice not yet dated that only looks like a heading because the page marks none.
 */
function noticeEnds(units: readonly Unit[], at: number, heads: readonly Unit[], notice: { dated: boolean; rank: number }): boolean {
  if (creditedBelow(units, at + heads.length) || notice.dated) return true;
  const rank = Math.min(...heads.map((h) => h.rank));
  return rank > 0 && notice.rank > 0 && rank <= notice.rank;
}

/** A byline that opens a story, directly at `from` or after a lead paragraph or two, or a dateline's credits. */
function bylineFollows(units: readonly Unit[], from: number): boolean {
  for (let next = from; next <= from + LEAD_WINDOW; next += 1) {
    const unit = units[next];
    if (!unit || unit.role === 'heading' || unit.role === 'table') return false;
    if (unit.role === 'byline' && !unit.closing) return true;
    if (unit.role === 'prose' && next === from && (BARE_DATELINE.test(unit.text) || (DATELINE.test(unit.text) && creditsInText(unit.text, true).length > 0))) return true;
  }
  return false;
}

/** `本报讯 …`, `本报聊城5月10日讯 …`: a news story's dateline, with or without its credits. */
const BARE_DATELINE = /^(?:本报|新华社|中新社)[^，。（(]{0,16}(?:讯|电)/u;

/**
 * Whether what stands under the heading at `from`, up to the next heading, is credited the way a
 * story is: a byline, a dateline, a closing or photo credit (`（记者 陆媛）`, `本报记者 贾振宇 摄`).
 */
function creditedBelow(units: readonly Unit[], from: number): boolean {
  for (let next = from; next < units.length && units[next]!.role !== 'heading'; next += 1) {
    const unit = units[next]!;
    if (unit.role === 'byline') return true;
    if (unit.role === 'prose' && (BARE_DATELINE.test(unit.text) || creditsInText(unit.text, next === from).length > 0)) return true;
  }
  return false;
}
