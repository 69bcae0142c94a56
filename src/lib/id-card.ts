/**
 * Chinese resident identity numbers (居民身份证号码, GB 11643-1999).
 *
 * Public notices print these masked (`3725011966****4816`), so a full number is only ever
 * checked and then masked: it is never stored, logged or echoed back in an error.
 */

/** The GB 11643 weights of the first 17 digits (2^(17-i) mod 11). */
const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2] as const;

/** The check character for each remainder of the weighted sum mod 11. */
const CHECK_CHARACTERS = '10X98765432';

/** How a full number is written: 17 digits and a check digit or X. */
const FULL_PATTERN = /^\d{17}[\dX]$/;

/**
 * The one masked form accepted: the region and birth year (10 digits), `****` over the birth
 * month and day, then the sequence and check characters. This is how the notices print it.
 */
export const MASK_PATTERN = /^\d{10}\*{4}\d{3}[\dX]$/;

const EXPECTED_FORM =
  'expected 18 characters: 17 digits and a final digit or X, ' +
  'or the masked form of 10 digits, ****, then 3 digits and a final digit or X';

export type IdNumberResult = { ok: true; value: string; masked: boolean } | { ok: false; message: string };

/**
 * The GB 11643 check character of a number's first 17 digits, so a typo in any one digit
 * (or a swap of two) is caught before a notice goes to print.
 */
export function checkCharacter(first17: string): string {
  if (!/^\d{17}$/.test(first17)) throw new RangeError('checkCharacter needs exactly 17 digits');
  const sum = WEIGHTS.reduce((total, weight, i) => total + weight * Number(first17.charAt(i)), 0);
  return CHECK_CHARACTERS.charAt(sum % 11);
}

/** Whether a value is already in the masked form a notice prints, e.g. `3725261954****501X`. */
export function isMaskedId(s: string): boolean {
  return MASK_PATTERN.test(s);
}

/**
 * The masked form of a full 18-character number: its first 10 and last 4 characters around
 * `****`, which hides the birth month and day as the notices do.
 */
export function maskId(full: string): string {
  if (full.length !== 18) throw new RangeError('maskId needs an 18-character ID number');
  return `${full.slice(0, 10)}****${full.slice(-4)}`;
}

/**
 * What an error may show of a value entered as an ID number, never more than the masked form
 * shows of a full number: 18 or more characters keep their first 10 and last 4 (an 18-character
 * number comes out in exactly its masked form); 10 to 17 characters, which may be a number with
 * digits missing and so no telling where its birth date (characters 7 to 14) sits, keep only
 * their first 6; anything shorter is all stars.
 */
export function redactId(raw: string): string {
  const chars = Array.from(raw.trim());
  const length = chars.length;
  if (length >= 18) return `${chars.slice(0, 10).join('')}${'*'.repeat(length - 14)}${chars.slice(-4).join('')}`;
  if (length >= 10) return `${chars.slice(0, 6).join('')}${'*'.repeat(length - 6)}`;
  return '*'.repeat(length);
}

/**
 * Parses an ID number as typed or pasted: full-width digits are read as digits and a final
 * `x` as `X`. A masked number is kept; a full one must pass its check character and carry a
 * real birth date, and is then masked. The value returned is always masked, and no error
 * message contains the input.
 */
export function parseIdNumber(raw: string): IdNumberResult {
  const text = normaliseIdText(raw);
  if (isMaskedId(text)) return { ok: true, value: text, masked: false };
  if (FULL_PATTERN.test(text)) return parseFullNumber(text);
  return { ok: false, message: describeMalformed(text) };
}

/** NFKC (full-width digits, `＊` and `Ｘ` to ASCII), trimmed, with a final `x` upper-cased. */
function normaliseIdText(raw: string): string {
  const text = raw.normalize('NFKC').trim();
  return text.endsWith('x') ? `${text.slice(0, -1)}X` : text;
}

function parseFullNumber(full: string): IdNumberResult {
  if (full.charAt(17) !== checkCharacter(full.slice(0, 17))) {
    return {
      ok: false,
      message: 'the check character is wrong: the last character does not match the other 17, so a digit is mistyped',
    };
  }
  if (!isBirthDate(full.slice(6, 14))) {
    return { ok: false, message: 'the birth date in the ID number (characters 7 to 14) is not a real date' };
  }
  return { ok: true, value: maskId(full), masked: true };
}

/** Whether `YYYYMMDD` names a day that exists in the Gregorian calendar. */
function isBirthDate(yyyymmdd: string): boolean {
  const year = Number(yyyymmdd.slice(0, 4));
  const month = Number(yyyymmdd.slice(4, 6));
  const day = Number(yyyymmdd.slice(6, 8));
  const date = new Date(Date.UTC(year, month - 1, day));
  return date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
}

/** Says what is wrong with a value that is neither a full nor a masked number, without quoting it. */
function describeMalformed(text: string): string {
  if (text === '') return `the ID number is empty; ${EXPECTED_FORM}`;
  if (text.includes('*')) {
    return `this masking is not accepted: mask only the birth month and day with exactly four asterisks; ${EXPECTED_FORM}`;
  }
  if (/^\d{15}$/.test(text)) {
    return `15-digit first-generation ID numbers are not accepted: use the 18-character number; ${EXPECTED_FORM}`;
  }
  if (!/^\d*X?$/.test(text)) {
    return `an ID number has only digits, with X allowed as the last character; ${EXPECTED_FORM}`;
  }
  return `an ID number has 18 characters, not ${Array.from(text).length}; ${EXPECTED_FORM}`;
}

/** A digit, ASCII or full-width. */
const DIGIT = '[0-9０-９]';

/** A check character: a digit or X, either case, ASCII or full-width. */
const CHECK = '[0-9０-９XxＸｘ]';

/** What may separate the 6-8-4 groups of a written number: one space or hyphen, ASCII or full-width. */
const GROUP_SEPARATOR = '[ \\-\u3000－]';

/**
 * A full number inside free text, not part of a longer run of digits: 17 digits and a check
 * character, written in one run (`110101199003074514`), in the groups region, birth date,
 * sequence and check (`110101 19900307 4514`, `110101-19900307-4514`), or in any other
 * grouping a typist or OCR left (`1101 0119 9003 0745 14`). Only a valid number is masked, so
 * a run of other digits that happens to match is left as it is.
 */
const FULL_IN_TEXT = new RegExp(`(?<!${DIGIT})${DIGIT}(?:${GROUP_SEPARATOR}?${DIGIT}){16}${GROUP_SEPARATOR}?${CHECK}(?!${DIGIT})`, 'gu');

/** A number written in 6-8-4 groups, whether or not it is a valid one. */
const GROUPED_IN_TEXT = new RegExp(
  `(?<!${DIGIT})${DIGIT}{6}${GROUP_SEPARATOR}${DIGIT}{8}${GROUP_SEPARATOR}${DIGIT}{3}${CHECK}(?!${DIGIT})`,
  'gu',
);

/** A run of digits long enough to be an ID number or most of one. */
const LONG_DIGIT_RUN = /[0-9０-９]{14,}[XxＸｘ]?/gu;

/** Every character but the digits and the check character of a number as matched in text. */
const NOT_ID_CHARACTER = /[^0-9０-９XxＸｘ]/gu;

/**
 * Masks every full ID number inside free text (a 遗失声明's entry, a remark cell) that has a
 * valid check character and birth date, so one typed into a text column is not stored
 * either. A number written in groups is replaced by its masked form as one run. Other long
 * numbers (accounts, licences) are left as they are.
 */
export function maskIdsInText(text: string): { text: string; count: number } {
  let count = 0;
  const mask = (found: string) => {
    const parsed = parseIdNumber(found.replace(NOT_ID_CHARACTER, ''));
    if (!parsed.ok) return found;
    count++;
    return parsed.value;
  };
  const masked = text.replace(FULL_IN_TEXT, mask).replace(ID_LEADING_LONGER_RUN, mask);
  return { text: masked, count };
}

/**
 * A full number that opens a slightly longer run of digits: a disability card's number is the
 * holder's ID number and two digits more (`37150219900714232343`).
 */
const ID_LEADING_LONGER_RUN = new RegExp(`(?<!${DIGIT})${DIGIT}{17}${CHECK}(?=${DIGIT}{1,4}(?!${DIGIT}))`, 'gu');

/**
 * Text to echo back in an error, with every long run of digits redacted, and every number
 * written in 6-8-4 groups redacted as one run: a value in the wrong column (an ID number
 * shifted into 金额) must not come back whole.
 */
export function redactIdsInText(text: string): string {
  return text
    .replace(GROUPED_IN_TEXT, (found) => redactId(found.replace(NOT_ID_CHARACTER, '')))
    .replace(LONG_DIGIT_RUN, (run) => redactId(run));
}
