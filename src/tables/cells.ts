/**
 * Typed cells of a notice's table. Rows arrive from JSON bodies, CSV/TSV text and XLSX sheets,
 * so a cell may be a string, a number, a boolean or a Date; each column type reads all of
 * them into one canonical value, or says in an error what it expected.
 */
import { maskIdsInText, parseIdNumber, redactId, redactIdsInText } from '../lib/id-card.js';
import { PHONE_EXAMPLES, readPhoneNumber } from '../lib/phone.js';

export const COLUMN_TYPES = ['text', 'integer', 'decimal', 'year', 'date', 'money', 'id_cn', 'phone'] as const;
export type ColumnType = (typeof COLUMN_TYPES)[number];

export interface Column {
  key: string;
  label: string;
  type: ColumnType;
  required?: boolean;
}

/** What a cell holds once parsed: strings for text/decimal/date/id_cn/phone, numbers for integer/year/money (fen). */
export type CellValue = string | number | null;
export type RawCell = string | number | boolean | Date | null | undefined;
export type CellResult = { ok: true; value: CellValue; masked?: true } | { ok: false; message: string; shown: string };

/** A present cell: what is left of a RawCell once empty ones are handled. */
type FilledCell = string | number | boolean | Date;

/**
 * The largest amount one money cell may hold, in fen: 10 billion yuan. Far above any payout a
 * notice lists, so it only stops a mistyped amount before it reaches print.
 */
export const MAX_MONEY_FEN = 1_000_000_000_000;

/** The longest text cell, in characters: a long address or remark, never a pasted document. */
export const MAX_TEXT_LENGTH = 2000;

/** How much of a rejected value an error echoes back. */
const MAX_SHOWN_LENGTH = 100;

const MIN_YEAR = 1900;
const MAX_YEAR = 2100;
/**
 * Significant digits a decimal may have: what a spreadsheet keeps of a number (15), which is
 * also short of the 18 characters of an ID number, so one pasted into a decimal column is
 * refused rather than stored.
 */
const MAX_DECIMAL_DIGITS = 15;
const MAX_DECIMAL_SCALE = 6;

/** Significant digits a non-integer JS number is read at: what a spreadsheet shows of it. */
const SPREADSHEET_PRECISION = 15;

/**
 * Parses one cell for its column. Empty cells (blank text, null, undefined) are null unless the
 * column is required. An error carries `shown`, the value as text to echo back; for ID numbers
 * that is the redacted form, never the number entered.
 */
export function parseCell(column: Column, raw: RawCell): CellResult {
  const cell = typeof raw === 'string' ? raw.trim() : raw;
  if (cell == null || cell === '') {
    return column.required ? { ok: false, message: 'a value is required', shown: '' } : { ok: true, value: null };
  }
  if (typeof cell === 'string') {
    const unstorable = unstorableCharacter(cell);
    if (unstorable) return fail(unstorable, cell);
  }
  return PARSERS[column.type](cell);
}

/**
 * Why a string cannot be stored, if it cannot: PostgreSQL text (and JSON) holds no NUL
 * character, and a lone UTF-16 surrogate is half a character, not text.
 */
function unstorableCharacter(text: string): string | undefined {
  if (text.includes('\0')) {
    return 'the cell holds a NUL character (U+0000), which cannot be stored; remove it and send the cell again';
  }
  if (!text.isWellFormed()) {
    return 'the cell holds a broken character (half of a UTF-16 surrogate pair), which cannot be stored; retype the cell';
  }
  return undefined;
}

/**
 * A parsed value as the notice prints it. Money is the one type that changes: fen become yuan
 * with two decimals and thousands grouping (134386 → 1,343.86), as the printed tables show it.
 */
export function displayCell(type: ColumnType, value: CellValue): string {
  if (value === null) return '';
  if (type === 'money' && typeof value === 'number') return formatFen(value);
  return String(value);
}

const PARSERS: Record<ColumnType, (cell: FilledCell) => CellResult> = {
  text: parseText,
  integer: parseInteger,
  decimal: parseDecimal,
  year: parseYear,
  date: parseDate,
  money: parseMoney,
  id_cn: parseIdCell,
  phone: parsePhone,
};

function ok(value: CellValue): CellResult {
  return { ok: true, value };
}

/**
 * A rejected cell and what it echoes back: redacted first and only then cut to
 * MAX_SHOWN_LENGTH, so the cut can only drop characters of a redacted number, never leave a
 * shorter run of its digits that redaction would have treated differently. Characters that
 * cannot be sent back as text (NUL, a lone surrogate) are shown as U+FFFD.
 */
function fail(message: string, cell: FilledCell): CellResult {
  return { ok: false, message, shown: shownText(redactIdsInText(printable(cellText(cell)))) };
}

/**
 * Any value a client sent, as an error may echo it back: as `fail` shows a rejected cell (long
 * digit runs redacted, cut to length, unprintable characters replaced); empty for no value.
 */
export function shownValue(raw: RawCell): string {
  const cell = typeof raw === 'string' ? raw.trim() : raw;
  return cell == null || cell === '' ? '' : shownText(redactIdsInText(printable(cellText(cell))));
}

/** A cell as the text a person would see in a sheet; Dates as their UTC day, as XLSX stores them. */
function cellText(cell: FilledCell): string {
  if (typeof cell === 'string') return cell;
  if (typeof cell === 'boolean') return cell ? 'TRUE' : 'FALSE';
  if (cell instanceof Date) return Number.isNaN(cell.getTime()) ? 'Invalid Date' : isoDay(cell);
  return numberText(cell);
}

/**
 * A JS number (a JSON number, an XLSX numeric cell) as the digits a spreadsheet shows: an
 * integer exactly, anything else at 15 significant digits, which drops float noise such as the
 * 2394.2600000000007 an =SUM() leaves (2394.26) or 0.1 + 0.2 (0.3).
 */
function numberText(n: number): string {
  return String(Number.isInteger(n) ? n : Number(n.toPrecision(SPREADSHEET_PRECISION)));
}

function shownText(text: string): string {
  const chars = Array.from(text);
  return chars.length > MAX_SHOWN_LENGTH ? `${chars.slice(0, MAX_SHOWN_LENGTH).join('')}…` : text;
}

/** Text with NUL characters and lone surrogates replaced by U+FFFD. */
function printable(text: string): string {
  return text.replaceAll('\0', '\uFFFD').toWellFormed();
}

/**
 * The text a typed (non-text) column parses: NFKC turns full-width digits and punctuation
 * (１２３，４５６．７８) into ASCII, and spaces are dropped, which only ever group digits.
 */
function compactText(cell: string | number): string {
  return (typeof cell === 'number' ? numberText(cell) : cell).normalize('NFKC').replace(/\s+/g, '');
}

function isoDay(date: Date): string {
  return date.toISOString().slice(0, 10);
}

function parseText(cell: FilledCell): CellResult {
  if (cell instanceof Date && Number.isNaN(cell.getTime())) return fail('the date in this cell is not valid', cell);
  if (typeof cell === 'number' && Number.isInteger(cell) && !Number.isSafeInteger(cell)) {
    return fail('a number this long has lost digits; send it as text', cell);
  }
  const text = cellText(cell);
  if (Array.from(text).length > MAX_TEXT_LENGTH) {
    return fail(`text is limited to ${MAX_TEXT_LENGTH} characters`, cell);
  }
  const masked = maskIdsInText(text);
  return masked.count ? { ok: true, value: masked.text, masked: true } : ok(text);
}

/** A number literal split into parts: an optional sign, whole digits (grouping removed) and decimals. */
interface NumberLiteral {
  negative: boolean;
  whole: string;
  fraction: string | undefined;
}

/**
 * Reads `-1,234.50`-style literals exactly, as digit strings, so no float rounding ever touches
 * a value. Grouping must be in threes; exponents, `+` and repeated points are not numbers here.
 */
function readNumberLiteral(text: string): NumberLiteral | undefined {
  const match = /^(-)?(\d{1,3}(?:,\d{3})+|\d*)(?:\.(\d+))?$/.exec(text);
  if (!match) return undefined;
  const [, sign, grouped = '', fraction] = match;
  if (grouped === '' && fraction === undefined) return undefined;
  const whole = grouped.replaceAll(',', '').replace(/^0+(?=\d)/, '') || '0';
  return { negative: sign === '-', whole, fraction };
}

/**
 * The literal in a cell: a string through `clean` first, a JS number through the digits a
 * spreadsheet shows of it (`numberText`): an integer exactly, anything else at 15 significant
 * digits, so float noise never reaches the digit string.
 */
function readNumberCell(cell: FilledCell, clean: (text: string) => string): NumberLiteral | undefined {
  if (typeof cell === 'string') return readNumberLiteral(clean(cell));
  return typeof cell === 'number' ? readNumberLiteral(numberText(cell)) : undefined;
}

function parseInteger(cell: FilledCell): CellResult {
  const expected = 'expected a whole number such as 12 or 1,234';
  if (typeof cell === 'number') {
    const value = Number(numberText(cell));
    return Number.isSafeInteger(value) ? ok(value === 0 ? 0 : value) : fail(expected, cell);
  }
  if (typeof cell !== 'string') return fail(expected, cell);
  const literal = readNumberLiteral(compactText(cell));
  if (!literal || literal.fraction !== undefined) return fail(expected, cell);
  const value = Number(literal.whole);
  if (!Number.isSafeInteger(value)) return fail('the number is too large', cell);
  return ok(literal.negative && value !== 0 ? -value : value);
}

function parseDecimal(cell: FilledCell): CellResult {
  const expected = 'expected a decimal number such as 6.5, -0.25 or 1,234.5';
  const literal = readNumberCell(cell, compactText);
  if (!literal) return fail(expected, cell);
  const fraction = literal.fraction ?? '';
  if (fraction.length > MAX_DECIMAL_SCALE) {
    return fail(`a decimal has at most ${MAX_DECIMAL_SCALE} digits after the point`, cell);
  }
  const significant = `${literal.whole}${fraction}`.replace(/^0+/, '');
  if (significant.length > MAX_DECIMAL_DIGITS) {
    return fail(`a decimal has at most ${MAX_DECIMAL_DIGITS} significant digits`, cell);
  }
  const unsigned = literal.fraction === undefined ? literal.whole : `${literal.whole}.${fraction}`;
  const negative = literal.negative && significant !== '';
  return ok(negative ? `-${unsigned}` : unsigned);
}

function parseYear(cell: FilledCell): CellResult {
  const expected = `expected a year from ${MIN_YEAR} to ${MAX_YEAR}, such as 2021 or 2021年`;
  if (typeof cell !== 'string' && typeof cell !== 'number') return fail(expected, cell);
  const match = /^(\d{4})年?$/.exec(compactText(cell));
  const year = Number(match?.[1]);
  return match && year >= MIN_YEAR && year <= MAX_YEAR ? ok(year) : fail(expected, cell);
}

function parseDate(cell: FilledCell): CellResult {
  const expected = 'expected a date such as 2024-04-10, 2024/4/10, 2024.4.10 or 2024年4月10日';
  if (cell instanceof Date) return Number.isNaN(cell.getTime()) ? fail(expected, cell) : ok(isoDay(cell));
  if (typeof cell !== 'string') return fail(expected, cell);
  const text = compactText(cell);
  const match = /^(\d{4})([-/.])(\d{1,2})\2(\d{1,2})$/.exec(text) ?? /^(\d{4})(年)(\d{1,2})月(\d{1,2})日$/.exec(text);
  if (!match) return fail(expected, cell);
  const [year, month, day] = [Number(match[1]), Number(match[3]), Number(match[4])];
  if (!isCalendarDay(year, month, day)) return fail('the date does not exist in the calendar', cell);
  return ok(`${match[1]}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`);
}

function isCalendarDay(year: number, month: number, day: number): boolean {
  const date = new Date(Date.UTC(year, month - 1, day));
  return date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
}

/**
 * Yuan in, fen out. The amount is read as a digit string (never through float arithmetic), so
 * 141.55 is exactly 14155 fen. A leading ¥/￥ and a trailing 元 are accepted, as amounts are
 * often pasted with them.
 */
function parseMoney(cell: FilledCell): CellResult {
  const expected = 'expected an amount in yuan such as 400, 312.5 or 1,343.86';
  const literal = readNumberCell(cell, moneyText);
  if (!literal) return fail(expected, cell);
  if (literal.negative) return fail('an amount cannot be negative', cell);
  const fraction = literal.fraction ?? '';
  if (fraction.length > 2) return fail('an amount has at most 2 decimal places (fen)', cell);
  const fen = BigInt(literal.whole) * 100n + BigInt(fraction.padEnd(2, '0'));
  if (fen > BigInt(MAX_MONEY_FEN)) return fail(`an amount may not exceed ${formatFen(MAX_MONEY_FEN)} yuan`, cell);
  return ok(Number(fen));
}

/** The number inside a money string: compacted, with a leading currency sign and trailing 元 removed. */
function moneyText(cell: string): string {
  return compactText(cell)
    .replace(/^(-?)¥/, '$1')
    .replace(/元$/, '');
}

/** Fen as printed yuan: two decimals and thousands grouping. */
function formatFen(fen: number): string {
  const sign = fen < 0 ? '-' : '';
  const abs = Math.abs(fen);
  const yuan = String(Math.floor(abs / 100)).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return `${sign}${yuan}.${String(abs % 100).padStart(2, '0')}`;
}

function parseIdCell(cell: FilledCell): CellResult {
  const shown = redactId(cellText(cell));
  if (typeof cell === 'number') {
    return { ok: false, message: 'ID numbers must be text cells: a spreadsheet number loses digits', shown };
  }
  if (typeof cell !== 'string') return { ok: false, message: 'expected an ID number as text', shown };
  const result = parseIdNumber(cell);
  if (!result.ok) return { ok: false, message: result.message, shown };
  return result.masked ? { ok: true, value: result.value, masked: true } : ok(result.value);
}

const PHONE_EXPECTED = `expected a Chinese phone number such as ${PHONE_EXAMPLES}`;

/** A phone cell: see lib/phone.ts for the forms it reads. */
function parsePhone(cell: FilledCell): CellResult {
  if (typeof cell === 'number' && !Number.isSafeInteger(cell)) return fail(PHONE_EXPECTED, cell);
  if (typeof cell !== 'string' && typeof cell !== 'number') return fail(PHONE_EXPECTED, cell);
  const phone = readPhoneNumber(String(cell));
  return phone === undefined ? fail(PHONE_EXPECTED, cell) : ok(phone);
}
