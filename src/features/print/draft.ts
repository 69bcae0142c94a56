import type { Database } from '../../db/client.js';
import { formatByline } from '../../document/byline-writer.js';
import type { CreditRole } from '../../document/credit-roles.js';
import { parseCheckedMarkdown } from '../../document/checked.js';
import type { Document } from '../../document/model.js';
import { Unprocessable } from '../../errors.js';
import { printArticle, type PrintArticle } from '../../render/print/data.js';
import type { ArticleHead } from '../articles/repository.js';
import { creditRole, creditsInName, creditsOf } from '../people/credits.js';
import { findPerson } from '../people/repository.js';
import { articlePhotos } from './pictures.js';
import type { ArticleDraft } from './schemas.js';

/**
 * The byline a draft's credits make, read as saving them reads them (a byline pasted as a name
 * is the credits it spells, a person twice in one role is credited once), without recording
 * anyone: a name no one has yet is printed as typed.
 */
async function draftByline(tx: Database, credits: NonNullable<ArticleDraft['credits']>): Promise<string> {
  const named: { role: CreditRole; name: string }[] = [];
  const seen = new Set<string>();
  const add = (role: CreditRole, name: string) => {
    const key = `${name}\u0000${role}`;
    if (seen.has(key)) return;
    seen.add(key);
    named.push({ role, name });
  };
  for (const [i, credit] of credits.entries()) {
    const role = creditRole(credit.role, `/credits/${i}/role`);
    if ('name' in credit) {
      for (const one of creditsInName(role, credit.name, `/credits/${i}/name`)) add(one.role, one.name);
      continue;
    }
    const name = (await findPerson(tx, credit.personId))?.name;
    if (name === undefined) throw new Unprocessable(`No person ${credit.personId}`, [{ pointer: `/credits/${i}/personId`, message: 'no such person' }]);
    add(role, name);
  }
  return formatByline(named);
}

/**
 * A stored article (`findArticleHead`) with the draft's fields in place of its own, as print
 * sets it. A field the draft leaves out stays as stored. Only what print sets is read: the stored
 * body never (the draft has its own), the stored byline only when the draft has no credits.
 * `body` is the draft's body already read by `parseCheckedMarkdown`, when the caller has it;
 * otherwise Markdown nested past what print can set is a 422 here.
 */
export async function draftForPrint(tx: Database, stored: ArticleHead, draft: ArticleDraft, body?: Document): Promise<PrintArticle> {
  const byline = draft.credits === undefined ? formatByline(await creditsOf(tx, 'article', [stored.id])) : await draftByline(tx, draft.credits);
  const document = body ?? parseCheckedMarkdown(draft.body);
  // The photos its figures show; its lead photo is the stored one, which the page sets it with.
  const { figures } = await articlePhotos(tx, null, document);
  return printArticle(
    {
      id: stored.id,
      kicker: draft.kicker === undefined ? stored.kicker : draft.kicker,
      headline: draft.headline,
      subtitle: draft.subtitle === undefined ? stored.subtitle : draft.subtitle,
      byline,
      body: document,
    },
    null,
    figures,
  );
}
