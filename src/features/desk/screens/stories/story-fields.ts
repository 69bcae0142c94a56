import { ROLE_LABELS, type CreditRole } from '../../../../document/credit-roles.js';
import type { Article } from '../../../articles/schemas.js';
import { field, fields } from '../../forms.js';

/** The story's fields as the editor's form holds them: text as typed, the section as its option's value. */
export interface StoryFields {
  kicker: string;
  headline: string;
  subtitle: string;
  summary: string;
  /** `''` for no section, else the section's id. */
  sectionId: string;
  credits: { role: string; name: string }[];
  body: string;
  /** The lead photo's id (`''`: none); null when the form does not say (an older page), so the save leaves it. */
  leadPhoto?: string | null;
  /** The lead photo's caption in this story, when it differs from the photo's own. */
  leadCaption?: string;
}

export type StoryField = keyof StoryFields;

/** The fields in the order the form shows them, with their labels. */
export const FIELD_LABELS: Record<StoryField, string> = {
  kicker: '引题',
  headline: '标题',
  subtitle: '副题',
  summary: '摘要',
  sectionId: '栏目',
  credits: '署名',
  body: '正文',
  leadPhoto: '题图',
  leadCaption: '题图说明',
};
export const STORY_FIELDS = Object.keys(FIELD_LABELS) as StoryField[];

/** Browsers send a textarea's line breaks as CRLF; the story keeps plain `\n`. */
const lines = (text: string | undefined) => (text ?? '').replace(/\r\n?/g, '\n');

/** The fields of a posted editor form. A credits row with no name is an empty row, not a credit. */
export function fieldsFromForm(body: unknown): StoryFields {
  const roles = fields(body, 'credit-role');
  const names = fields(body, 'credit-name');
  return {
    kicker: lines(field(body, 'kicker')),
    headline: lines(field(body, 'headline')),
    subtitle: lines(field(body, 'subtitle')),
    summary: lines(field(body, 'summary')),
    sectionId: (field(body, 'sectionId') ?? '').trim(),
    credits: names.map((name, i) => ({ role: roles[i] ?? 'reporter', name: name.trim() })).filter((c) => c.name !== ''),
    body: lines(field(body, 'body')),
    leadPhoto: field(body, 'removeLead') ? '' : (field(body, 'leadPhoto')?.trim() ?? null),
    leadCaption: lines(field(body, 'leadCaption')),
  };
}

/** A stored story (or a saved version of one) as the form shows it. */
export function fieldsOfArticle(article: Pick<Article, 'kicker' | 'headline' | 'subtitle' | 'summary' | 'sectionId' | 'credits' | 'body'> & Partial<Pick<Article, 'leadPhoto'>>): StoryFields {
  return {
    kicker: article.kicker ?? '',
    headline: article.headline,
    subtitle: article.subtitle ?? '',
    summary: article.summary ?? '',
    sectionId: article.sectionId === null ? '' : String(article.sectionId),
    credits: article.credits.map((c) => ({ role: c.role, name: c.name })),
    body: article.body,
    leadPhoto: article.leadPhoto ? String(article.leadPhoto.photoId) : '',
    leadCaption: article.leadPhoto?.caption ?? '',
  };
}

/**
 * The body of a create or update request from the form's fields, for `checkForm` against the
 * API's schema: a section that is not a number is passed on as text for the schema to refuse.
 */
export function requestBody(f: StoryFields) {
  const section = f.sectionId === '' ? null : /^\d{1,10}$/.test(f.sectionId) ? Number(f.sectionId) : f.sectionId;
  return {
    kicker: f.kicker,
    headline: f.headline,
    subtitle: f.subtitle,
    summary: f.summary,
    sectionId: section,
    credits: f.credits,
    body: f.body,
    ...(f.leadPhoto != null && { leadPhoto: leadPhotoBody(f) }),
  };
}

/** The lead photo as the API takes it: a photo id that is not a number is passed on for the schema to refuse. */
function leadPhotoBody(f: StoryFields) {
  if (!f.leadPhoto) return null;
  const caption = (f.leadCaption ?? '').trim();
  return { photoId: /^\d{1,10}$/.test(f.leadPhoto) ? Number(f.leadPhoto) : f.leadPhoto, caption: caption === '' ? null : caption };
}

/** A field's value as text, for comparing and for a diff: credits as the byline's words, a section by its name. */
export function fieldText(f: StoryFields, name: StoryField, sectionName: (id: string) => string): string {
  switch (name) {
    case 'credits':
      return f.credits.map((c) => `${ROLE_LABELS.zh[c.role as CreditRole] ?? c.role} ${c.name}`).join('，');
    case 'sectionId':
      return f.sectionId === '' ? '' : sectionName(f.sectionId);
    case 'leadPhoto':
      return f.leadPhoto ? `图片 ${f.leadPhoto}` : '';
    default:
      return f[name] ?? '';
  }
}

/** Whether a field holds the same in both: text as the service stores it (trimmed ends), credits in order. */
export function sameField(name: StoryField, a: StoryFields, b: StoryFields): boolean {
  if (name === 'credits') return a.credits.length === b.credits.length && a.credits.every((c, i) => c.role === b.credits[i]!.role && c.name === b.credits[i]!.name);
  if (name === 'body') return a.body === b.body;
  // A form that does not carry the lead photo leaves it as it is.
  if (name === 'leadPhoto') return a.leadPhoto == null || b.leadPhoto == null || a.leadPhoto === b.leadPhoto;
  return (a[name] ?? '').trim() === (b[name] ?? '').trim();
}
