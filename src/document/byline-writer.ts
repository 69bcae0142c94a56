/**
 * Bylines written: an item's credits, in order, as one line of text.
 *
 * Chinese follows the newspaper: each role's label once before a run of its names, all
 * separated by single spaces — `记者 张丽 王强 通讯员 刘明`. English puts a colon after
 * the label, commas between names and a middle dot between groups —
 * `Reporter: Zhang Li, Wang Qiang · Correspondent: Liu Ming`. Only *consecutive* names
 * of one role share a label: credit order is the editor's, so a role that recurs after
 * another role starts a new group rather than being pulled forward.
 */
import { ROLE_LABELS, type BylineCredit, type BylineLanguage, type CreditRole } from './credit-roles.js';

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

/**
 * An item's credits as the API shows them (role, person, name; nothing of how they are
 * stored) and the byline they make.
 */
export function creditsWithByline(credits: readonly (BylineCredit & { personId: number })[], lang: BylineLanguage = 'zh') {
  const shown = credits.map((c) => ({ role: c.role, personId: c.personId, name: c.name }));
  return { credits: shown, byline: formatByline(shown, lang) };
}
