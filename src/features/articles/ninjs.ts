import type { PublicArticle } from '../../contracts/articles.js';
import type { PublicPhoto } from '../../contracts/photos.js';

/**
 * IPTC ninjs 2.2 (News in JSON) for a published article: the content API's
 * `?format=ninjs` output. It validates against the vendored schema
 * (`shared/vendor/ninjs-schema_2.2.json`); see test/features/ninjs.test.ts.
 *
 * ninjs 2.2 has no field for corrections, kickers or subtitles as such; they
 * travel in the generic role-tagged arrays (`bodies`, `headlines`). No field is
 * ever `null`: absent data is left out. No `places` (GeoJSON by reference).
 *
 * Photos travel as `associations` of `type: "picture"`, named as ninjs' own examples name them:
 * the lead photo `featureimage`, the body's figures `picture1`, `picture2`… in reading order. Each
 * carries its caption (`descriptions`, role `caption`) and alt text (role `alt`), the
 * photographer (`by`, `people`), the credit line (`infosources`, role `credit`) and copyright, and its renditions by name
 * (`jpeg-640`), with size and media type.
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

interface NinjsRendition {
  name: string;
  href: string;
  contenttype: string;
  width: number;
  height: number;
}

/** An associated picture: a ninjs object of its own, named within the item. */
export type NinjsPicture = {
  name: string;
  uri: string;
  type: 'picture';
  representationtype: 'full';
  altids: { role: string; value: string }[];
  descriptions?: RoleValue[];
  by?: string;
  people?: NinjsPerson[];
  /** The credit line (agency, paper) as the party that supplied the picture. */
  infosources?: { name: string; role: string }[];
  copyrightnotice?: string;
  renditions: NinjsRendition[];
};

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
  associations?: NinjsPicture[];
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

const FORMAT_NAMES: Record<string, string> = { 'image/avif': 'avif', 'image/webp': 'webp', 'image/jpeg': 'jpeg' };

/** One photo as an association: `uri` identifies the photo (its renditions share the path), not one file. */
function picture(photo: PublicPhoto, name: string, itemUri: string): NinjsPicture {
  const descriptions: RoleValue[] = [];
  if (present(photo.caption)) descriptions.push({ role: 'caption', contenttype: 'text/plain', value: photo.caption });
  if (present(photo.alt)) descriptions.push({ role: 'alt', contenttype: 'text/plain', value: photo.alt });
  const association: NinjsPicture = {
    name,
    uri: new URL(`/media/photos/${photo.id}`, itemUri).href,
    type: 'picture',
    representationtype: 'full',
    altids: [{ role: 'photo-id', value: String(photo.id) }],
    renditions: photo.renditions.map((r) => ({
      name: `${FORMAT_NAMES[r.mimetype] ?? r.mimetype.replace(/^image\//, '')}-${r.width}`,
      href: new URL(r.href, itemUri).href,
      contenttype: r.mimetype,
      width: r.width,
      height: r.height,
    })),
  };
  if (descriptions.length > 0) association.descriptions = descriptions;
  if (present(photo.byline)) association.by = photo.byline;
  if (photo.credits.length > 0) association.people = photo.credits.map((c) => ({ name: c.name, rel: c.role, literal: String(c.personId) }));
  if (present(photo.credit)) association.infosources = [{ name: photo.credit, role: 'credit' }];
  if (present(photo.copyright)) association.copyrightnotice = photo.copyright;
  return association;
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
  const associations = [
    ...(article.leadPhoto ? [picture(article.leadPhoto, 'featureimage', item.uri)] : []),
    ...article.photos.map((photo, i) => picture(photo, `picture${i + 1}`, item.uri)),
  ];
  if (associations.length > 0) item.associations = associations;
  return item;
}
