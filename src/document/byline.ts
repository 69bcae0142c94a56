/**
 * Bylines: the article's credits, in order, as one line of text.
 *
 * Chinese follows the newspaper: each role's label once before a run of its names, all
 * separated by single spaces — `记者 张丽 王强 通讯员 刘明`. English puts a colon after
 * the label, commas between names and a middle dot between groups —
 * `Reporter: Zhang Li, Wang Qiang · Correspondent: Liu Ming`. Only *consecutive* names
 * of one role share a label: credit order is the editor's, so a role that recurs after
 * another role starts a new group rather than being pulled forward.
 */
import { CREDIT_ROLES, type CreditRole } from '../db/schema/people.js';
import { ROLE_WORDS } from './byline-reader.js';

export type BylineLanguage = 'zh' | 'en';

export interface BylineCredit {
  role: CreditRole;
  name: string;
}

export const ROLE_LABELS: Readonly<Record<BylineLanguage, Readonly<Record<CreditRole, string>>>> = Object.freeze({
  zh: Object.freeze({
    reporter: '记者',
    correspondent: '通讯员',
    photographer: '摄影',
    editor: '编辑',
    intern: '实习生',
    contributor: '撰稿',
  }),
  en: Object.freeze({
    reporter: 'Reporter',
    correspondent: 'Correspondent',
    photographer: 'Photographer',
    editor: 'Editor',
    intern: 'Intern',
    contributor: 'Contributor',
  }),
});

/** The byline for credits in their given order; names are trimmed and blank ones skipped. */
export function formatByline(credits: readonly BylineCredit[], lang: BylineLanguage = 'zh'): string {
  const groups: { role: CreditRole; names: string[] }[] = [];
  for (const credit of credits) {
    const name = credit.name.trim().replace(/\s+/gu, ' ');
    if (name === '') continue;
    const last = groups[groups.length - 1];
    if (last?.role === credit.role) last.names.push(name);
    else groups.push({ role: credit.role, names: [name] });
  }
  const labels = ROLE_LABELS[lang];
  if (lang === 'zh') return groups.map((g) => [labels[g.role], ...g.names].join(' ')).join(' ');
  return groups.map((g) => `${labels[g.role]}: ${g.names.join(', ')}`).join(' · ');
}

/** Role words a desk writes that neither the labels nor a printed byline's role words cover. */
const MORE_ROLE_WORDS: readonly (readonly [string, CreditRole])[] = [
  ['责任编辑', 'editor'],
  ['編輯', 'editor'],
  ['撰稿人', 'contributor'],
];

/**
 * Every word that names a credit's role, and the role: the keys (`reporter`), their labels in
 * both languages (`记者`, `Reporter`), and the single-role words of printed bylines (`本报记者`,
 * `摄影记者`, `通訊員`). A credit may name its role by any of them.
 */
export const ROLE_NAMES: ReadonlyMap<string, CreditRole> = new Map<string, CreditRole>([
  ...CREDIT_ROLES.map((role) => [role, role] as const),
  ...CREDIT_ROLES.flatMap((role) => [[ROLE_LABELS.zh[role], role] as const, [ROLE_LABELS.en[role], role] as const]),
  ...ROLE_WORDS.flatMap(([word, roles]) => (roles.length === 1 && Array.from(word).length > 1 && !word.includes('/') ? [[word, roles[0]!] as const] : [])),
  ...MORE_ROLE_WORDS,
]);

/** The role a word names (`记者` → reporter, `reporter` → reporter), or undefined. */
export function roleNamed(word: string): CreditRole | undefined {
  return ROLE_NAMES.get(word.trim());
}
