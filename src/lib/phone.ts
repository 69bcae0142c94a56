/**
 * Chinese phone numbers as people write them, read into one printed form: the phone column of a
 * notice's table, a notice's contact, and the page importer's contact lines all read them here.
 */

/** What a phone number looks like, for messages that refuse one. */
export const PHONE_EXAMPLES = '13812345678, 0635-8242056, 0635-8242056-123, 95518 or 400-810-8888';

/** Phone text is short; anything longer is not one number. */
export const MAX_PHONE_LENGTH = 40;

/**
 * Mobiles with or without +86 and separators, landlines with the area code in parentheses or
 * not, extensions after `-`, `转`, `分机` or `ext`, service numbers (95518, 12345) and 400/800
 * numbers, normalised so one number is always printed one way; undefined when the text is not
 * one phone number.
 */
export function readPhoneNumber(text: string): string | undefined {
  const compact = text.normalize('NFKC').trim();
  return compact.length > MAX_PHONE_LENGTH ? undefined : readPhone(compact);
}

/** The normalised number, or undefined when the text is not a phone number this accepts. */
function readPhone(text: string): string | undefined {
  const explicit = /^(.*?)\s*(?:转|分机|ext\.?)\s*(\d{1,6})$/i.exec(text);
  const main = explicit?.[1] ?? text;
  const extension = explicit?.[2];
  const international = /^(?:\+|00)86[\s-]*/.exec(main);
  const local = (international ? main.slice(international[0].length) : main).replace(/^\((0\d{2,3})\)\s*-?/, '$1-');
  if (!/^\d[\d\s-]*$/.test(local) || /^[\s-]|[\s-]$/.test(local)) return undefined;
  const digits = local.replace(/[\s-]/g, '');
  if (international) return extension === undefined ? readMobile(digits) : undefined;
  if (extension !== undefined) return withExtension(readFixedLine(digits), extension);
  return readMobile(digits) ?? readServiceNumber(digits) ?? readFixedLine(digits) ?? readHyphenExtension(local);
}

/** A mobile (1[3-9] and 9 digits), also written with the country code 86 before it. */
function readMobile(digits: string): string | undefined {
  return /^(?:86)?(1[3-9]\d{9})$/.exec(digits)?.[1];
}

/** Short service numbers: banks and insurers (95xxx, 96xxx), carriers (100xx), hotlines (12xxx). */
function readServiceNumber(digits: string): string | undefined {
  return /^(?:9[56]\d{3}|100\d{2}|12\d{3})$/.test(digits) ? digits : undefined;
}

/**
 * A landline with its area code (010 and 02x are 3 digits, others 4), a bare 7–8 digit local
 * number, or a 400/800 number.
 */
function readFixedLine(digits: string): string | undefined {
  const tollFree = /^([48]00)(\d{3})(\d{4})$/.exec(digits);
  if (tollFree) return `${tollFree[1]}-${tollFree[2]}-${tollFree[3]}`;
  if (/^[2-9]\d{6,7}$/.test(digits)) return digits;
  const areaLength = /^0[12]/.test(digits) ? 3 : 4;
  const area = digits.slice(0, areaLength);
  const subscriber = digits.slice(areaLength);
  return /^0\d+$/.test(area) && /^[2-9]\d{6,7}$/.test(subscriber) ? `${area}-${subscriber}` : undefined;
}

/** `0635-8242056-123`: when the digits only make a landline without the last hyphenated group. */
function readHyphenExtension(local: string): string | undefined {
  const match = /^(.*\d)\s*-\s*(\d{1,6})$/.exec(local);
  if (!match?.[1] || !match[2]) return undefined;
  return withExtension(readFixedLine(match[1].replace(/[\s-]/g, '')), match[2]);
}

function withExtension(number: string | undefined, extension: string): string | undefined {
  return number === undefined ? undefined : `${number}-${extension}`;
}
