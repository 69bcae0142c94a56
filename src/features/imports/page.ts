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
import { BULLET, isBriefsLabel, opensBrief, runInTitle } from './briefs.js';
import { isFurniture, pageEdges } from './furniture.js';
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

export type Role = 'heading' | 'byline' | 'table' | 'prose' | 'furniture' | 'jump';

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

  let story = null as StoryBuilder | null;
  /** The notice being read, and whether its date has been read (its signature is complete). */
  let notice: { lines: NoticeLine[]; item: ItemRef; dated: boolean; title: string; rank: number } | null = null;
  const orphans: Unit[] = [];
  /** A briefs column being read: its label's rank, and whether its items are marked (`●`), once the first says. */
  let briefs: { rank: number; marked: boolean | null } | null = null;
  /** Jump lines (上接A01版) read before the story they continue has its head. */
  const pendingJumps: Unit[] = [];

  const finishStory = (): void => {
    if (story) articles.push(story.finish());
    story = null;
  };
  const finishNotice = (): void => {
    if (notice) notices.push(readNotice(notice.lines, notice.item, noticeContext, notice.title));
    notice = null;
  };

  /** Opens a story: headed by `heads`, or — for a brief — by its run-in title. */
  const openStory = (heads: readonly Unit[], brief: boolean): StoryBuilder => {
    finishStory();
    finishNotice();
    const item: ItemRef = { kind: 'article', index: articles.length };
    order.push(item);
    const opened = new StoryBuilder(heads, item, options.format, changes, warnings);
    opened.briefs = brief;
    for (const jump of pendingJumps.splice(0)) opened.addJump(jump);
    story = opened;
    return opened;
  };

  for (let i = 0; i < units.length; ) {
    const unit = units[i]!;
    if (unit.role === 'furniture') {
      changes.push({ type: 'furniture', line: unit.line, before: unit.text, after: '' });
      i += 1;
      continue;
    }
    if (unit.role === 'jump') {
      const current = story as StoryBuilder | null;
      if (notice) changes.push({ type: 'jump', line: unit.line, before: unit.text, after: `${unit.jump!.direction} ${unit.jump!.page}`, item: notice.item });
      // A continuation (上接A01版) after a story's text or before the page's first head, with no head of its own, is a story apart.
      else if (unit.jump!.direction === 'from' && (current ? current.hasBody() : units[i + 1] !== undefined && units[i + 1]!.role !== 'heading')) {
        const continued = openStory([{ ...unit, text: `（接${unit.jump!.page}版）`, role: 'heading' }], false);
        continued.addJump(unit);
        continued.continuation = true;
        warnings.push({ line: unit.line, item: { kind: 'article', index: articles.length }, message: `The text after ${unit.text} continues a story from page ${unit.jump!.page} and has no head here: it is a draft of its own headed （接${unit.jump!.page}版） until an editor joins it to its story` });
      } else if (current) current.addJump(unit);
      else pendingJumps.push(unit);
      i += 1;
      continue;
    }
    if (unit.role === 'heading' && !notice && isBriefsLabel(unit.text)) {
      // A column label over briefs (简讯, 本地新闻速览) heads no story: each item under it is one.
      finishStory();
      briefs = { rank: unit.rank, marked: null };
      changes.push({ type: 'furniture', line: unit.line, before: unit.text, after: '' });
      warnings.push({ line: unit.line, message: `${unit.text} is read as the label of a column of briefs, each item under it a story of its own` });
      i += 1;
      continue;
    }
    if (briefs && !notice && (unit.role === 'prose' || unit.role === 'heading') && opensBrief(unit, briefs, story)) {
      briefs.marked ??= BULLET.test(unit.text);
      const runIn = runInTitle(unit.text);
      const title = runIn?.title ?? Array.from(unit.text.replace(BULLET, '').split(/[，。,]/u)[0]!).slice(0, 30).join('').trim();
      const opened = openStory([{ ...unit, text: title, role: 'heading', rank: 0 }], true);
      changes.push({ type: 'brief', line: unit.line, before: Array.from(unit.text).slice(0, 24).join(''), after: title, item: { kind: 'article', index: articles.length } });
      if (!runIn) warnings.push({ line: unit.line, item: { kind: 'article', index: articles.length }, message: `The brief's title could not be told from its text; it is headed ${title} until an editor sets it` });
      const rest = runIn ? runIn.rest : unit.text.replace(BULLET, '').trim();
      const { caption: _caption, ...line } = unit;
      if (rest !== '') opened.add({ ...line, text: rest, role: 'prose', rank: 0 });
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
      briefs = null;
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
    const heads = run;
    // The briefs column ends at a head set as large as its label, or at a story's head over its byline.
    if (briefs && ((briefs.rank > 0 && Math.min(...heads.map((h) => h.rank)) <= briefs.rank) || heads.length > 1 || bylineLineFollows(units, i + heads.length))) {
      briefs = null;
    }
    if (notice && !noticeEnds(units, i, heads, notice)) {
      // Headings the page marks are the notice's sub-heads; bare ones are its lines (联系人：温经理).
      notice.lines.push(...heads.map((h) => ({ ...h, heading: h.level !== null })));
    } else if (!notice && story && !startsStory(units, i, heads, story)) {
      for (const heading of heads) story.addSubhead(heading);
    } else {
      const opened = openStory(heads, briefs !== null);
      // An editor's note above the page's first story is that story's.
      if (orphans.length > 0 && EDITORS_NOTE.test(orphans[0]!.text)) {
        for (const unit of orphans.splice(0)) opened.add(unit);
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
  const edges = pageEdges(lines);
  for (const line of lines) {
    if (line.cells) {
      units.push({ ...line, role: 'table', rank: 0 });
      continue;
    }
    if (line.jump) {
      units.push({ ...line, role: 'jump', rank: 0 });
      continue;
    }
    if (isBriefsLabel(line.text)) {
      units.push({ ...line, role: 'heading', rank: line.level ?? 0 });
      continue;
    }
    if (edges.has(line) || isFurniture(line.text)) {
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

/** A byline on a line of its own (not a closing or photo credit) within the lines after a head: a story, not a brief. */
function bylineLineFollows(units: readonly Unit[], from: number): boolean {
  for (let next = from; next <= from + LEAD_WINDOW; next += 1) {
    const unit = units[next];
    if (!unit || unit.role === 'heading' || unit.role === 'table') return false;
    if (unit.role === 'byline' && !unit.closing) return true;
  }
  return false;
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
  // A head over a continuation's jump line (上接A01版) is the continued story's, repeated; a head
  // over text that a credit line closes (`（记者 秦岭）`) is another story's, where this one has its
  // byline and the page marks no sizes to say the head is a sub-head.
  if (story.briefs || story.continuation || bylineFollows(units, at + heads.length) || units[at + heads.length]?.jump?.direction === 'from') return true;
  if (heads.every((h) => h.rank === 0) && story.headlineRank === 0 && story.hasByline() && closedByCredits(units, at + heads.length)) return true;
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

/** Whether the text under a head, up to the next head, ends with a closing credit line of its own. */
function closedByCredits(units: readonly Unit[], from: number): boolean {
  let next = from;
  while (next < units.length && units[next]!.role !== 'heading') next += 1;
  const last = units.slice(from, next).findLast((unit) => unit.role !== 'furniture' && unit.role !== 'jump');
  return last?.role === 'byline' && last.closing === true && !/摄\s*[）)]?$/u.test(last.text) && !last.credits!.every((c) => c.role === 'photographer');
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
