/**
 * A public notice read out of a page: title, salutation (尊敬的客户：), preamble, contact and
 * claim period, closing formula (特此公示), issuer and date, and its table typed from its
 * header — or, for a statement (遗失声明), its entries.
 */
import { maskIdsInText } from '../../lib/id-card.js';
import { checkCodes } from './codes.js';
import { readPhoneNumber } from '../../lib/phone.js';
import type { Column, ColumnType } from '../../tables/cells.js';
import { headerText } from '../../tables/header-matching.js';
import { SPACED_HAN, type Line } from './lines.js';
import { MASKED, type ImportChange, type ImportWarning, type ItemRef, type ParsedNotice, type ParsedTable } from './model.js';
import { CUT_NUMBER, endsSentence, escapeMarkdown, joinBroken, type Paragraph } from './paragraphs.js';

/** A notice kind's preset, as the importer matches a table's header against it. */
export interface KindPreset {
  key: string;
  presentation: 'table' | 'list';
  columns: Column[] | null;
}

export interface NoticeContext {
  kinds: readonly KindPreset[];
  /** The date a notice without one is dated, YYYY-MM-DD. */
  today: string;
  /** Whether prose is plain text, to be escaped as it becomes Markdown. */
  plain: boolean;
  changes: ImportChange[];
  warnings: ImportWarning[];
}

const TITLE = /(?:公示|公告|声明|聲明|启事|啟事|通知|通告)$/u;
/** Marks a title never holds: a sentence's, or a clause's comma (`…营业执照一份，声明` is an entry cut short). */
const SENTENCE_MARKS = /[。！？!?；;，,]/u;
const SALUTATION = /^[^。！？；]{1,24}[：:]$/u;
/** What a preamble's first line says that no salutation does: `现将有关事项公示如下：`. */
const NOT_SALUTATION = /如下|下列|以下|现将|公示|公告/u;
/** A field line of a notice (联系电话：…, 报名地点：…), which a break never cuts into the next. */
const FIELD = /^[\p{Script=Han}A-Za-z]{1,8}[：:]/u;
/** Words of a request or an address, which no issuer's name holds. */
const NOT_ISSUER = /请|欢迎|监督|如有|电话|地址|邮箱|网址|热线|时间/u;
const CLOSING = /^特此(?:公示|公告|声明|通知|通告|告知|函告|说明|证明)[。！!]?$/u;
const TOTAL_LABELS = new Set(['合计', '总计', '合计:', '总计:']);
const UNSIGNED_ISSUER = '（未署名）';
const STATEMENT_ISSUER = '各声明人';

/**
 * A title as the notice keeps it: without the spaces that spread a short title across its
 * measure (`公 告`) and without the brackets of a column head (`【遗失声明】`).
 */
export function noticeTitle(text: string): string {
  return text.replace(/^【(.+)】$/u, '$1').replace(SPACED_HAN, '');
}

/**
 * Whether a line reads as a notice's title: no sentence in it, ending in 公示/公告/声明/启事/
 * 通知/通告, perhaps with a parenthesis after (`拍卖公告（第二次）`, `招聘启事（长期有效）`).
 */
export function isNoticeTitle(text: string): boolean {
  const title = noticeTitle(text).replace(/[（(][^（）()]{1,12}[）)]$/u, '');
  return Array.from(title).length <= 80 && TITLE.test(title) && !SENTENCE_MARKS.test(title) && !isClosing(title);
}

/** The closing formula of a notice: 特此公示, 特此公告。 */
export function isClosing(text: string): boolean {
  return CLOSING.test(text);
}

/** Whether the line dates a notice: a date alone, or an issuer and a date on one line. */
export function datesNotice(text: string): boolean {
  return readDate(text) !== null || signedAndDated(text) !== null;
}

/** A date as notices sign them: 2024年4月10日, 二〇二四年四月十日 or 2024-04-10; YYYY-MM-DD or null. */
export function readDate(text: string): string | null {
  // OCR and typists write the zero of 二〇二四 as a letter O or a circle.
  const digits = text
    .replace(/(?<=[〇零一二三四五六七八九十])[OoＯ○]|[OoＯ○](?=[〇零一二三四五六七八九十])/gu, '〇')
    .replace(/(?<=\d)[OoＯ](?=\d)|(?<=\d\d)[OoＯ](?=年)|(?<=^\d)[OoＯ]/gu, '0').replace(/[〇零一二三四五六七八九十]+/gu, (run) => String(chineseNumber(run) ?? run)).replace(/\s+/gu, '');
  const match = /^(\d{4})(?:年(\d{1,2})月(\d{1,2})日|[-./](\d{1,2})[-./](\d{1,2}))$/u.exec(digits);
  if (!match) return null;
  const [year, month, day] = [Number(match[1]), Number(match[2] ?? match[4]), Number(match[3] ?? match[5])];
  const date = new Date(Date.UTC(year, month - 1, day));
  if (date.getUTCMonth() !== month - 1 || date.getUTCDate() !== day) return null;
  return date.toISOString().slice(0, 10);
}

const DIGITS: Record<string, number> = { 〇: 0, 零: 0, 一: 1, 二: 2, 两: 2, 三: 3, 四: 4, 五: 5, 六: 6, 七: 7, 八: 8, 九: 9 };

/** 五 → 5, 十五 → 15, 二十 → 20, 二〇二四 → 2024 (digit by digit); null when not a number. */
export function chineseNumber(text: string): number | null {
  if (/^\d+$/u.test(text)) return Number(text);
  if (!/^[〇零一二两三四五六七八九十百]+$/u.test(text)) return null;
  if (!/[十百]/u.test(text)) return Number(Array.from(text, (ch) => DIGITS[ch]).join(''));
  const match = /^(?:([一二两三四五六七八九])?百)?(?:([一二两三四五六七八九])?十)?([一二三四五六七八九])?$/u.exec(text.replace(/零/gu, ''));
  if (!match || text === '百') return null;
  const hundreds = text.includes('百') ? (DIGITS[match[1] ?? '一'] ?? 0) : 0;
  const tens = text.includes('十') ? (DIGITS[match[2] ?? '一'] ?? 0) : 0;
  return hundreds * 100 + tens * 10 + (match[3] ? DIGITS[match[3]]! : 0);
}

const NUMBER = '(\\d{1,4}|[一二两三四五六七八九十百]{1,4})';
/** Claim periods, surest first: a stated 公示期, days from the notice's own date, any `N日内`. */
const CLAIM_PERIODS = [
  new RegExp(`公示期(?:限)?(?:为|是)?\\s*${NUMBER}\\s*(?:个)?(?:自然)?(?:日|天)`, 'u'),
  new RegExp(`(?:公示|公告|见报|登报|刊登|发布)之日起\\s*${NUMBER}\\s*(?:个)?(?:自然)?(?:日|天)(?:之)?内`, 'u'),
  new RegExp(`(?<![月年前后\\d])${NUMBER}\\s*(?:个)?(?:自然)?(?:日|天)(?:之)?内`, 'u'),
];
/** A claim period given as its last day: `公示时间：2024年5月8日至2024年5月17日`, `截至2024年5月17日`. */
const LAST_DAY = /(?:公示|认领|申报|异议|领取|登记|搬离|申请|提出)[^。；]{0,24}?(?:至|截至|截止到?)\s*(\d{4}\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日)|(\d{4}\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日)(?:之)?前/u;
const WORKING_DAYS = new RegExp(`${NUMBER}\\s*个?工作日`, 'u');
const CONTACT_NAME = /联\s*系\s*人\s*[：:]\s*([^\s，,；;、。：:（(]{1,12})/u;
const CONTACT_PHONE = /(?:联系|咨询|监督|举报)?(?:电话|手机|方式)\s*[：:]\s*(\+?[\d(（][\d\s()（）\-－—]{5,24}\d)/u;

/**
 * The claim period from a preamble: days from the issue date, or its last day; a period in
 * working days is left to an editor with a warning.
 */
function claimPeriod(text: string, line: number, context: NoticeContext, item: ItemRef): { claimDays: number | null; deadline: string | null } {
  const lastDay = LAST_DAY.exec(text);
  const deadline = lastDay ? readDate(lastDay[1] ?? lastDay[2]!) : null;
  if (deadline) return { claimDays: null, deadline };
  return { claimDays: claimDays(text, line, context, item), deadline: null };
}

function claimDays(text: string, line: number, context: NoticeContext, item: ItemRef): number | null {
  for (const pattern of CLAIM_PERIODS) {
    const match = pattern.exec(text);
    const days = match ? chineseNumber(match[1]!) : null;
    if (days !== null && days >= 1 && days <= 3650) return days;
  }
  const working = WORKING_DAYS.exec(text);
  if (working) context.warnings.push({ line, item, message: `The claim period is given in working days (${working[0]}); set claimDays or the deadline by hand` });
  return null;
}

/** The first phone number in a contact line's numbers: the longest run of words from the start of a part that reads as one. */
function firstPhoneNumber(written: string): string | undefined {
  for (const part of written.split(/[、，,；;/]|或/u)) {
    const words = part.trim().split(/\s+/u);
    for (let n = words.length; n > 0; n--) {
      const number = readPhoneNumber(words.slice(0, n).join(' '));
      if (number !== undefined) return number;
    }
  }
  return undefined;
}

function contactOf(text: string, line: number, context: NoticeContext, item: ItemRef): { name: string; phone: string } | null {
  const name = CONTACT_NAME.exec(text)?.[1];
  const written = CONTACT_PHONE.exec(text)?.[1]?.replace(/[（]/gu, '(').replace(/[）]/gu, ')').replace(/[－—]/gu, '-').replace(/\s+/gu, ' ').trim();
  if (!name || written === undefined) {
    if (name || written) context.warnings.push({ line, item, message: `The contact is incomplete (${name ? `联系人 ${name}, no phone` : `phone ${written}, no 联系人`}); add it by hand` });
    return null;
  }
  // Read as the notices API reads a contact phone; of several numbers (`0635-8242056 13812345678`) the first is kept.
  const phone = firstPhoneNumber(written);
  if (phone === undefined) {
    context.warnings.push({ line, item, message: `The contact phone ${written} is not a phone number the notice can carry; add it by hand` });
    return null;
  }
  if (phone !== readPhoneNumber(written)) {
    context.warnings.push({ line, item, message: `The contact line gives several numbers (${written}); the first, ${phone}, is kept` });
  }
  return { name, phone };
}

/**
 * Reads the notice that starts with the title line `lines[0]` and runs through the rest of
 * `lines`. The signature (issuer lines, then the date) and closing formula are found by
 * their form wherever they stand; what is left before the table is the preamble.
 */
export function readNotice(lines: readonly NoticeLine[], item: ItemRef, context: NoticeContext, title = noticeTitle(lines[0]!.text)): ParsedNotice {
  const [titleLine, ...rest] = lines;
  const tableLines = rest.filter((line) => line.cells);
  const prose = rest.filter((line) => !line.cells);

  let salutation: string | null = null;
  // A preamble's first line cut at its colon (`某公司（统一社会信用代码：`) is no salutation.
  if (prose[0] && SALUTATION.test(prose[0].text) && !NOT_SALUTATION.test(prose[0].text) && !/[（(][^）)]*$/u.test(prose[0].text)) salutation = prose.shift()!.text;

  // The signature: the last dated line, and the short unpunctuated lines just above it.
  let issuedOn: string | null = null;
  const issuerLines: string[] = [];
  let closing: string | null = null;
  const dateAt = prose.findLastIndex((line) => datesNotice(line.text));
  let signatureStart = prose.length;
  if (dateAt >= 0) {
    const dated = prose[dateAt]!;
    const signed = signedAndDated(dated.text);
    issuedOn = readDate(dated.text) ?? signed!.date;
    if (signed && readDate(dated.text) === null) issuerLines.unshift(signed.issuer);
    signatureStart = dateAt;
    while (signatureStart > 0 && isIssuerLine(prose[signatureStart - 1]!.text)) {
      signatureStart -= 1;
      issuerLines.unshift(prose[signatureStart]!.text);
    }
  }
  const trailing = dateAt >= 0 ? prose.slice(dateAt + 1) : [];
  const body = prose.slice(0, signatureStart);
  const closingAt = body.findLastIndex((line) => CLOSING.test(line.text));
  if (closingAt >= 0) {
    closing = body[closingAt]!.text.replace(/[。！!]$/u, '');
    body.splice(closingAt, 1);
  }
  // Without a date, issuer lines may still follow the closing formula.
  if (dateAt < 0 && closingAt >= 0) {
    while (body.length > closingAt && isIssuerLine(body[closingAt]!.text)) issuerLines.push(body.splice(closingAt, 1)[0]!.text);
  }
  if (trailing.length > 0) {
    context.warnings.push({ line: trailing[0]!.line, item, message: `${trailing.length} line(s) after the notice's date were kept at the end of its preamble` });
  }
  const { paragraphs, blocks } = preambleOf([...body, ...trailing], item, context);
  const preambleText = paragraphs.map((p) => p.text).join('\n');
  const line = titleLine!.line;

  const statement = /(?:声明|聲明)$/u.test(title) && tableLines.length === 0 && paragraphs.length > 0;
  const table = statement ? entriesTable(titleLine!.line, paragraphs) : tableLines.length > 0 ? readTable(tableLines, context, item) : null;
  const kind = statement ? 'statement' : (table && matchKind(table.columns, context.kinds)) || 'table';
  if (table && kind !== 'table' && kind !== 'statement') {
    table.columns = context.kinds.find((k) => k.key === kind)!.columns!;
  }

  if (issuedOn === null) {
    issuedOn = context.today;
    context.warnings.push({ line, item, message: `No date was found under the notice; it is dated ${context.today} until an editor sets it` });
  }
  let issuer = issuerLines.join(' ');
  if (issuer === '') {
    issuer = statement ? STATEMENT_ISSUER : UNSIGNED_ISSUER;
    context.warnings.push({ line, item, message: `No issuer was found under the notice; it reads ${issuer} until an editor sets it` });
  }
  return {
    line,
    kind,
    title,
    salutation,
    preamble: statement ? '' : blocks.join('\n\n'),
    closing,
    issuer,
    issuedOn,
    contact: contactOf(preambleText, line, context, item),
    ...claimPeriod(preambleText, line, context, item),
    table,
    codes: checkCodes([...paragraphs, ...issuerLines.map((text) => ({ line, text })), ...tableLines.map((l) => ({ line: l.line, text: l.cells!.join(' ') }))], item, context.warnings),
  };
}

/** A line of a notice; `heading` when the page set it as one (a sub-head such as `一、竞买资格`). */
export type NoticeLine = Line & { heading?: boolean };

/**
 * The preamble's paragraphs, joined where breaks cut them (never a field line such as
 * `联系电话：…` into another, nor past an entry's `声明作废`), and its blocks as Markdown with
 * the notice's own sub-heads.
 */
function preambleOf(lines: readonly NoticeLine[], item: ItemRef, context: NoticeContext): { paragraphs: Paragraph[]; blocks: string[] } {
  const mayJoin = (left: string, right: string) =>
    CUT_NUMBER(left, right) ||
    (!FIELD.test(right) &&
      !(FIELD.test(left) && Array.from(left).length <= 40) &&
      !/(?:作废|声明)$/u.test(left) &&
      // A short line with no punctuation at all is a name (the issuer under the title), no cut paragraph.
      !(Array.from(left).length <= 30 && !/\p{P}/u.test(left)));
  const inline = (text: string) => (context.plain ? escapeMarkdown(text) : text);
  const paragraphs: Paragraph[] = [];
  const blocks: string[] = [];
  let run: Paragraph[] = [];
  const flush = () => {
    const joined = joinBroken(run, context.changes, item, mayJoin);
    paragraphs.push(...joined);
    blocks.push(...joined.map((p) => inline(p.text)));
    run = [];
  };
  for (const line of lines) {
    if (line.heading) {
      flush();
      blocks.push(`## ${inline(line.text)}`);
    } else {
      run.push({ line: line.line, text: line.text });
    }
  }
  flush();
  return { paragraphs, blocks };
}

/** An issuer line: a name, short, with no sentence punctuation and not the closing formula. */
function isIssuerLine(text: string): boolean {
  return /\p{Script=Han}.*\p{Script=Han}/u.test(text) && Array.from(text).length <= 60 && !endsSentence(text.replace(/[）)]$/u, '')) && !/[，,。：:；;]/u.test(text) && !CLOSING.test(text) && !NOT_ISSUER.test(text);
}

/** `中国人保聊城分公司 2024年4月10日` on one line: the issuer and the date. */
function signedAndDated(text: string): { issuer: string; date: string } | null {
  const match = /^(.+?)[\s\u3000]+(\S+)$/u.exec(text);
  if (!match || !isIssuerLine(match[1]!)) return null;
  const date = readDate(match[2]!);
  return date ? { issuer: match[1]!.trim(), date } : null;
}

/** A statement's entries as a one-column table. */
function entriesTable(titleLine: number, paragraphs: Paragraph[]): ParsedTable {
  return {
    headerLine: titleLine,
    columns: [{ key: 'text', label: '声明事项', type: 'text', required: true }],
    rows: paragraphs.map((p) => ({ line: p.line, cells: [p.text] })),
    total: null,
  };
}

const COLUMN_GUESSES: readonly [RegExp, ColumnType, string][] = [
  [/^(?:序号|编号|序)$/u, 'integer', 'no'],
  [/身份证|证件号|公民身份号码/u, 'id_cn', 'id_number'],
  [/年度|年份/u, 'year', 'year'],
  [/金额|[(（]元[)）]|^款项$|赔款$/u, 'money', 'amount'],
  [/电话|手机/u, 'phone', 'phone'],
  [/面积|[(（]亩[)）]/u, 'decimal', 'area'],
  [/^姓名$|^户主$|^户名$/u, 'text', 'name'],
  [/区县|县区|县\(市、区\)|县（市、区）/u, 'text', 'county'],
  [/乡镇|街道/u, 'text', 'township'],
  [/村庄|^村$|村\(居\)|村（居）/u, 'text', 'village'],
  [/备注/u, 'text', 'remark'],
];
/** Types a guess from the header alone may be wrong about: kept only when every cell fits. */
const TENTATIVE: ReadonlySet<ColumnType> = new Set(['phone', 'decimal']);

/**
 * Columns typed from the header (序号 → integer, 身份证号 → id_cn, 年度 → year, 金额 → money),
 * the data rows lined up under them, and a trailing 合计 row set apart to be checked.
 */
function readTable(lines: readonly Line[], context: NoticeContext, item: ItemRef): ParsedTable {
  const [header, ...rows] = lines;
  const keys = new Set<string>();
  const columns: Column[] = header!.cells!.map((label, i) => {
    const masked = maskIdsInText(label);
    if (masked.count > 0) context.changes.push({ type: 'id-masked', line: header!.line, before: 'a full ID number in a header cell', after: MASKED, item });
    const text = masked.text === '' ? `第${i + 1}列` : masked.text;
    const guess = COLUMN_GUESSES.find(([pattern]) => pattern.test(text));
    let key = guess?.[2] ?? `column_${i + 1}`;
    while (keys.has(key)) key = `${key}_${i + 1}`;
    keys.add(key);
    return { key, label: text, type: guess?.[1] ?? 'text' };
  });
  // Where the table ran on into the next column, print repeated its header: it is no row.
  const headerKey = header!.cells!.map(headerText).join('\u0000');
  const body = rows.filter((row) => {
    if (row.cells!.map(headerText).join('\u0000') !== headerKey) return true;
    context.changes.push({ type: 'dropped', line: row.line, before: row.cells!.join(' '), after: '', item });
    return false;
  });
  const data = body.map((row) => ({ line: row.line, cells: row.cells!.map((cell) => (cell === '' ? null : cell)) }));
  let total: ParsedTable['total'] = null;
  const last = data[data.length - 1];
  const labelAt = last ? last.cells.findIndex((cell) => cell !== null) : -1;
  if (last && labelAt >= 0 && TOTAL_LABELS.has(headerText(last.cells[labelAt]!))) {
    data.pop();
    // A 合计 row one or more cells short has its figures under the last columns, as printed.
    const figures = last.cells.map((cell, i) => (i === labelAt ? null : cell));
    // (A row printed to the header's width places its figures itself, trailing empty cells and all.)
    const printed = rows[rows.length - 1]!.width ?? figures.length;
    const short = columns.length - Math.max(printed, figures.length);
    total = { line: last.line, cells: short > 0 ? [...figures.slice(0, labelAt + 1), ...new Array<null>(short).fill(null), ...figures.slice(labelAt + 1)] : figures };
  }
  for (const [c, column] of columns.entries()) {
    if (TENTATIVE.has(column.type) && !data.every((row) => fits(column.type, row.cells[c] ?? null))) {
      context.warnings.push({ line: header!.line, item, message: `Column ${column.label} is kept as text: not every cell is a ${column.type === 'phone' ? 'phone number' : 'number'}` });
      column.type = 'text';
    }
  }
  return { headerLine: header!.line, columns, rows: data, total };
}

function fits(type: ColumnType, cell: string | null): boolean {
  if (cell === null) return true;
  if (type === 'decimal') return /^-?\d+(?:\.\d+)?$/u.test(cell);
  return /^\+?[\d(][\d\s()-]{5,24}\d$/u.test(cell);
}

/** Header words that name one column in several ways. */
const LABEL_ALIASES: ReadonlyMap<string, string> = new Map([
  ['身份证号码', '身份证号'],
  ['公民身份号码', '身份证号'],
  ['证件号码', '身份证号'],
  ['村', '村庄'],
  ['县区', '区县'],
]);
const sameLabel = (label: string) => LABEL_ALIASES.get(headerText(label)) ?? headerText(label);

/** The kind whose preset columns the header names, label for label in order (身份证号码 for 身份证号). */
function matchKind(columns: Column[], kinds: readonly KindPreset[]): string | undefined {
  const labels = columns.map((c) => sameLabel(c.label)).join('\u0000');
  return kinds.find((kind) => kind.presentation === 'table' && kind.columns && kind.columns.map((c) => sameLabel(c.label)).join('\u0000') === labels)?.key;
}
