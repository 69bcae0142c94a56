/**
 * The roles a byline credits, and the words that name them: the labels a byline prints in
 * each language, and the role words of printed bylines. The byline reader and writer share
 * them, and the database's `credit_role` enum is made from `CREDIT_ROLES`.
 */

/** Roles in a byline: 记者, 通讯员, 摄影, 编辑, 实习生, contributor. */
export const CREDIT_ROLES = ['reporter', 'correspondent', 'photographer', 'editor', 'intern', 'contributor'] as const;
export type CreditRole = (typeof CREDIT_ROLES)[number];

/** A credit as a byline names it: the role and the person's name. */
export interface BylineCredit {
  role: CreditRole;
  name: string;
}

export type BylineLanguage = 'zh' | 'en';

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

/** Role words before names, longest first so `本报记者` is not read as `本报` + `记者`. */
export const ROLE_WORDS: readonly (readonly [string, readonly CreditRole[]])[] = [
  ['新华社记者', ['reporter']],
  ['本报特约撰稿人', ['contributor']],
  ['特约撰稿人', ['contributor']],
  ['撰稿人', ['contributor']],
  ['本報記者', ['reporter']],
  ['記者', ['reporter']],
  ['通訊員', ['correspondent']],
  ['實習生', ['intern']],
  ['攝影', ['photographer']],
  ['本报全媒体记者', ['reporter']],
  ['本报融媒体记者', ['reporter']],
  ['本报特约记者', ['reporter']],
  ['本报见习记者', ['reporter']],
  ['本报首席记者', ['reporter']],
  ['本报实习生', ['intern']],
  ['本报通讯员', ['correspondent']],
  ['本报摄影记者', ['photographer']],
  ['本报记者', ['reporter']],
  ['全媒体记者', ['reporter']],
  ['融媒体记者', ['reporter']],
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
  ['撰文', ['reporter']],
  ['文/图', ['reporter', 'photographer']],
  ['图/文', ['reporter', 'photographer']],
  ['文图', ['reporter', 'photographer']],
  ['文', ['reporter']],
  ['图', ['photographer']],
];

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
