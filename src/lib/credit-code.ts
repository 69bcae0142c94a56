/**
 * Unified social credit codes (统一社会信用代码, GB 32100-2015): the 18-character code every
 * registered organisation in China carries, printed in its notices (注销公告, 减资公告). The
 * 18th character is a check character over the first 17, so a misprinted code is caught; it is
 * reported, never corrected, since only the licence says which character is wrong.
 */

/** The 31 characters a code is written in: digits and capitals without I, O, S, V and Z. */
const ALPHABET = '0123456789ABCDEFGHJKLMNPQRTUWXY';
/** The weights of the first 17 characters: 3^i mod 31. */
const WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28] as const;

/** The check character of a code's first 17 characters, or null when one is outside the alphabet. */
export function creditCodeCheck(first17: string): string | null {
  if (first17.length !== 17) return null;
  let sum = 0;
  for (let i = 0; i < 17; i += 1) {
    const value = ALPHABET.indexOf(first17[i]!);
    if (value < 0) return null;
    sum += value * WEIGHTS[i]!;
  }
  return ALPHABET[(31 - (sum % 31)) % 31]!;
}

/** Whether an 18-character code's last character is the check of the first 17. */
export function isValidCreditCode(code: string): boolean {
  return code.length === 18 && creditCodeCheck(code.slice(0, 17)) === code[17];
}

/** A code printed in a text: where it stands, and what its check says. */
export interface CreditCodeFound {
  code: string;
  /** Index in the text, in UTF-16 units. */
  index: number;
  valid: boolean;
  /** The check character the first 17 call for; null when one of them is outside the alphabet. */
  expected: string | null;
}

/** The label a notice prints before a code: 统一社会信用代码, 社会信用代码, 信用代码. */
const LABEL = /(?:统一)?(?:社会)?信用代码(?:为|是)?\s*[：:]?\s*$/u;
/** A run of 15 to 20 code-like characters standing apart from other letters and digits. */
const CANDIDATE = /(?<![0-9A-Za-z])[0-9A-Za-z]{15,20}(?![0-9A-Za-z])/gu;

/**
 * Every unified social credit code a text prints: a run of 18 letters and digits that follows
 * the code's label, or that holds letters as only these codes do (an ID number's final X aside).
 * A labelled run of another length is reported too, as invalid, since no code has it.
 */
export function findCreditCodes(text: string): CreditCodeFound[] {
  const found: CreditCodeFound[] = [];
  for (const match of text.matchAll(CANDIDATE)) {
    const code = match[0];
    const labelled = LABEL.test(text.slice(Math.max(0, match.index - 16), match.index));
    const lettered = /[A-Za-z]/u.test(code.slice(0, 17)) && /\d/u.test(code);
    if (!labelled && !(lettered && code.length === 18)) continue;
    const expected = code.length === 18 ? creditCodeCheck(code.slice(0, 17)) : null;
    found.push({ code, index: match.index, valid: code.length === 18 && expected === code[17], expected });
  }
  return found;
}
