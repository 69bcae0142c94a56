/**
 * Bylines as printed: a line of role words and names — `本报记者 国晓宁 通讯员 楚克伟`,
 * `记者 张三、李四`, `文/图 本报记者 郑十`, `（记者 张三）` — read into credits in order.
 * A line is a byline only when every word of it is a role or a name under a role.
 */
import type { CreditRole } from '../../db/schema/people.js';
import type { ParsedCredit } from './model.js';

/** Role words, longest first so `本报记者` is not read as `本报` + `记者`. */
const ROLES: readonly (readonly [string, readonly CreditRole[]])[] = [
  ['本报特约记者', ['reporter']],
  ['本报见习记者', ['reporter']],
  ['本报实习生', ['intern']],
  ['本报通讯员', ['correspondent']],
  ['本报摄影记者', ['photographer']],
  ['本报记者', ['reporter']],
  ['摄影记者', ['photographer']],
  ['特约记者', ['reporter']],
  ['见习记者', ['reporter']],
  ['首席记者', ['reporter']],
  ['融媒记者', ['reporter']],
  ['记者', ['reporter']],
  ['通讯员', ['correspondent']],
  ['实习生', ['intern']],
  ['摄影', ['photographer']],
  ['撰稿', ['contributor']],
  ['文/图', ['reporter', 'photographer']],
  ['图/文', ['reporter', 'photographer']],
  ['文图', ['reporter', 'photographer']],
  ['文', ['reporter']],
  ['图', ['photographer']],
];

/** A personal name: 2 to 5 Han characters, or a transliterated one joined by middle dots. */
const NAME = /^(?:\p{Script=Han}{2,5}|\p{Script=Han}{1,8}(?:[·•・]\p{Script=Han}{1,8}){1,3})$/u;
const WRAPPERS = /^[（(【[]\s*|\s*[）)】\]]$/gu;
const BULLETS = /^[□■●◆◇★☆▲△○◎▉]+\s*/u;
const SEPARATORS = /[\s\u3000、，,;；]+/u;

/**
 * The credits of a byline line, or null when the line is not a byline. A role word with no
 * name after it, or a name before any role word, makes it prose.
 */
export function parseByline(line: string): ParsedCredit[] | null {
  const text = line.replace(BULLETS, '').replace(WRAPPERS, '').replace(/[／]/gu, '/').trim();
  if (text === '' || Array.from(text).length > 80) return null;
  const credits: ParsedCredit[] = [];
  let roles: readonly CreditRole[] | null = null;
  let named = true;
  for (const word of text.split(SEPARATORS)) {
    if (word === '') continue;
    let rest = word;
    // One-character roles (文, 图) stand alone, so a caption's `图为…` is never a credit.
    const role = ROLES.find(([label]) => (label.length === 1 ? rest === label : rest.startsWith(label)));
    if (role) {
      // Roles in a row credit the names after them with each: `文/图 本报记者 郑十`.
      roles = named || roles === null ? role[1] : [...new Set([...roles, ...role[1]])];
      named = false;
      rest = rest.slice(role[0].length);
      if (rest === '') continue;
    }
    // `张三摄` / `张三 摄`: a photographer's credit after the name.
    if (rest === '摄' && credits.length > 0 && named) {
      credits[credits.length - 1] = { ...credits[credits.length - 1]!, role: 'photographer' };
      continue;
    }
    if (roles === null || !NAME.test(rest)) return null;
    for (const r of roles) credits.push({ role: r, name: rest });
    named = true;
  }
  return credits.length > 0 && named ? credits : null;
}
