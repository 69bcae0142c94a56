import type { PublicArticle } from '../../contracts/articles.js';

/**
 * IPTC ninjs 2.2 (News in JSON) for a published article: the content API's
 * `?format=ninjs` output. It validates against the vendored schema
 * (`shared/vendor/ninjs-schema_2.2.json`); see test/features/ninjs.test.ts.
 *
 * ninjs 2.2 has no field for corrections, kickers or subtitles as such; they
 * travel in the generic role-tagged arrays (`bodies`, `headlines`). No field is
 * ever `null`: absent data is left out. No `places` (GeoJSON by reference).
 */

export const NINJS_SCHEMA_URI = 'http://www.iptc.org/std/ninjs/ninjs-schema_2.2.json';

interface RoleValue {
  role: string;
  contenttype: string;
  value: string;
}

interface NinjsBody extends RoleValue {
  charcount?: number;
}

interface NinjsPerson {
  name: string;
  rel: string;
  literal: string;
}

interface NinjsSubject {
  name: string;
  rel: string;
  literal: string;
}

/** The subset of ninjs 2.2 this backend emits. A type alias, so it is assignable to `Record<string, unknown>`. */
export type Ninjs = {
  uri: string;
  type: 'text';
  representationtype: 'full';
  version: string;
  firstcreated: string;
  versioncreated: string;
  pubstatus: 'usable';
  language: string;
  standard: { name: 'ninjs'; version: '2.2'; schema: string };
  altids: { role: string; value: string }[];
  headlines: RoleValue[];
  descriptions?: RoleValue[];
  bodies: NinjsBody[];
  by?: string;
  people?: NinjsPerson[];
  subjects?: NinjsSubject[];
};

/** A text field that is absent when null, empty or only whitespace. */
function present(text: string | null): text is string {
  return text != null && text.trim() !== '';
}

/** RFC 3339 date-time in UTC (`format: date-time` in the schema); throws on an unparseable timestamp. */
function dateTime(timestamp: string, field: string): string {
  const date = new Date(timestamp);
  if (Number.isNaN(date.getTime())) throw new RangeError(`ninjs: ${field} is not a timestamp: ${JSON.stringify(timestamp)}`);
  return date.toISOString();
}

/** The item's `uri`: the article's web page as an absolute URL (resolved against `baseUrl` when relative). */
function itemUri(url: string, baseUrl: string | undefined): string {
  try {
    return new URL(url, baseUrl).href;
  } catch {
    throw new TypeError(`ninjs: the article url ${JSON.stringify(url)} is not an absolute URL${baseUrl === undefined ? ' and no baseUrl was given' : ''}`);
  }
}

export interface NinjsOptions {
  /** Resolves a relative `article.url` (e.g. `/articles/42`); not needed when the url is absolute. */
  baseUrl?: string;
}

export function toNinjs(article: PublicArticle, options: NinjsOptions = {}): Ninjs {
  const headlines: RoleValue[] = [{ role: 'main', contenttype: 'text/plain', value: article.headline }];
  if (present(article.kicker)) headlines.push({ role: 'kicker', contenttype: 'text/plain', value: article.kicker });
  if (present(article.subtitle)) headlines.push({ role: 'subtitle', contenttype: 'text/plain', value: article.subtitle });

  const bodies: NinjsBody[] = [{ role: 'main', contenttype: 'text/html', value: article.bodyHtml, charcount: article.characters }];
  for (const correction of article.corrections) {
    bodies.push({ role: 'correction', contenttype: 'text/plain', value: correction.text });
  }

  const item: Ninjs = {
    uri: itemUri(article.url, options.baseUrl),
    type: 'text',
    representationtype: 'full',
    version: String(article.version),
    firstcreated: dateTime(article.publishedAt, 'publishedAt'),
    versioncreated: dateTime(article.updatedAt, 'updatedAt'),
    pubstatus: 'usable',
    language: article.language,
    standard: { name: 'ninjs', version: '2.2', schema: NINJS_SCHEMA_URI },
    altids: [{ role: 'article-id', value: String(article.id) }],
    headlines,
    bodies,
  };
  if (present(article.summary)) item.descriptions = [{ role: 'summary', contenttype: 'text/plain', value: article.summary }];
  if (present(article.byline)) item.by = article.byline;
  if (article.credits.length > 0) {
    item.people = article.credits.map((credit) => ({ name: credit.name, rel: credit.role, literal: String(credit.personId) }));
  }
  if (article.section) {
    item.subjects = [{ name: article.section.name, rel: 'section', literal: article.section.slug }];
  }
  return item;
}
