/**
 * The unified social credit codes a notice prints (a company's in its 注销公告 or 减资公告),
 * each checked against GB 32100; a code that fails is warned of and kept as printed, never
 * corrected, since only the company's licence says which character is wrong.
 */
import { findCreditCodes } from '../../lib/credit-code.js';
import type { ImportWarning, ItemRef, ParsedCode } from './model.js';

/** Every code in the texts (each with its page line), in order, once each; a warning for each that fails. */
export function checkCodes(texts: readonly { line: number; text: string }[], item: ItemRef, warnings: ImportWarning[]): ParsedCode[] {
  const codes: ParsedCode[] = [];
  for (const { line, text } of texts) {
    for (const found of findCreditCodes(text)) {
      if (codes.some((c) => c.code === found.code)) continue;
      codes.push({ line, code: found.code, valid: found.valid });
      if (found.valid) continue;
      const why =
        found.code.length !== 18
          ? `is ${found.code.length} characters long; such a code has 18`
          : found.expected === null
            ? 'holds a character no such code is written with (I, O, S, V, Z or a small letter)'
            : `fails its GB 32100 check: with these first 17 characters the last would be ${found.expected}, not ${found.code[17]}`;
      warnings.push({ line, item, message: `The unified social credit code ${found.code} ${why}. It is kept as printed: check it against the licence` });
    }
  }
  return codes;
}
