/**
 * The notice form's values as typed, and the API bodies built from them. The bodies are
 * checked against the API's own schemas (`checkForm`) and then handed to the service, which
 * applies every rule; nothing here decides what a valid notice is.
 */
import type { Column, ColumnType } from '../../../../tables/cells.js';
import type { NoticeKind, Notice, CreateNoticeBody, UpdateNoticeBody } from '../../../notices/schemas.js';
import { field, fields, numberField, optionalField } from '../../forms.js';

/** Columns a notice may declare (the API's limit). */
export const MAX_COLUMNS = 30;
/** Blank column rows the form offers below the declared ones (more after each save). */
export const SPARE_COLUMNS = 3;

export interface ColumnValues {
  /** Empty for a column added in this form; the key is made when it is saved. */
  key: string;
  label: string;
  type: string;
  required: boolean;
}

export interface NoticeFormValues {
  title: string;
  salutation: string;
  preamble: string;
  closing: string;
  issuer: string;
  issuedOn: string;
  contactName: string;
  contactPhone: string;
  claimDays: string;
  deadline: string;
  /** The deadline the form showed: an unchanged one is left for the service to derive again from the days. */
  deadlineShown: string;
  columns: ColumnValues[];
}

/** Whether notices of the kind declare their own columns (the kind presets none). */
export const ownColumns = (kind: NoticeKind): boolean => kind.columns === null;

/** A new notice of `kind`: its name as the title, its closing, issued today. */
export function newNoticeValues(kind: NoticeKind, today: string): NoticeFormValues {
  return {
    title: kind.name,
    salutation: '',
    preamble: '',
    closing: kind.closing ?? '',
    issuer: '',
    issuedOn: today,
    contactName: '',
    contactPhone: '',
    claimDays: '',
    deadline: '',
    deadlineShown: '',
    columns: [],
  };
}

/** A stored notice in its form. */
export function noticeValues(notice: Notice): NoticeFormValues {
  return {
    title: notice.title,
    salutation: notice.salutation ?? '',
    preamble: notice.preamble,
    closing: notice.closing ?? '',
    issuer: notice.issuer,
    issuedOn: notice.issuedOn,
    contactName: notice.contact?.name ?? '',
    contactPhone: notice.contact?.phone ?? '',
    claimDays: notice.claimDays === null ? '' : String(notice.claimDays),
    deadline: notice.deadline ?? '',
    deadlineShown: notice.deadline ?? '',
    columns: (notice.table?.columns ?? []).map((c) => ({ key: c.key, label: c.label, type: c.type, required: c.required ?? false })),
  };
}

/** The form as posted. */
export function postedValues(body: unknown): NoticeFormValues {
  const text = (name: string) => field(body, name) ?? '';
  const labels = fields(body, 'columnLabel').slice(0, MAX_COLUMNS + SPARE_COLUMNS);
  const keys = fields(body, 'columnKey');
  const types = fields(body, 'columnType');
  const required = new Set(fields(body, 'columnRequired'));
  return {
    title: text('title'),
    salutation: text('salutation'),
    preamble: text('preamble'),
    closing: text('closing'),
    issuer: text('issuer'),
    issuedOn: text('issuedOn'),
    contactName: text('contactName'),
    contactPhone: text('contactPhone'),
    claimDays: text('claimDays'),
    deadline: text('deadline'),
    deadlineShown: text('deadlineShown'),
    columns: labels.map((label, i) => ({ key: keys[i] ?? '', label, type: types[i] ?? 'text', required: required.has(String(i)) })),
  };
}

/** The declared columns: rows with a label, keys kept, new ones keyed c1, c2… (keys the editor never sees). */
function declaredColumns(values: NoticeFormValues): Column[] | undefined {
  const given = values.columns.filter((c) => c.label.trim() !== '');
  if (given.length === 0) return undefined;
  const used = new Set(given.map((c) => c.key).filter(Boolean));
  let serial = 0;
  const freshKey = () => {
    let key;
    do key = `c${++serial}`;
    while (used.has(key));
    used.add(key);
    return key;
  };
  return given.map((c) => ({
    key: c.key || freshKey(),
    label: c.label.trim(),
    // An unknown type is passed on as it came, for the schema to refuse.
    type: c.type as ColumnType,
    ...(c.required && { required: true }),
  }));
}

/** The contact: both parts or none; one part alone goes to the schema, which asks for the other. */
function contactOf(values: NoticeFormValues) {
  const name = values.contactName.trim();
  const phone = values.contactPhone.trim();
  return name === '' && phone === '' ? null : { name, phone };
}

/** The body of `POST /api/v1/notices` the form stands for. */
export function createBody(kind: NoticeKind, values: NoticeFormValues): unknown {
  const columns = ownColumns(kind) ? declaredColumns(values) : undefined;
  const contact = contactOf(values);
  const claimDays = numberField(values, 'claimDays');
  const deadline = optionalField(values, 'deadline');
  return {
    kind: kind.key,
    title: values.title,
    ...(values.salutation.trim() !== '' && { salutation: values.salutation }),
    preamble: values.preamble,
    closing: values.closing,
    issuer: values.issuer,
    issuedOn: values.issuedOn,
    ...(contact && { contact }),
    ...(claimDays !== undefined && { claimDays }),
    ...(deadline !== undefined && { deadline }),
    ...(columns && { columns }),
  } satisfies Partial<Record<keyof CreateNoticeBody, unknown>>;
}

/**
 * The body of `PATCH /api/v1/notices/{id}`: every field of the form. The deadline goes only
 * when it was changed or stands alone, so that new claim days derive a new one.
 */
export function updateBody(kind: NoticeKind, values: NoticeFormValues): unknown {
  const columns = ownColumns(kind) ? declaredColumns(values) : undefined;
  const claimDays = numberField(values, 'claimDays') ?? null;
  const deadline = optionalField(values, 'deadline') ?? null;
  const sendDeadline = claimDays === null || (deadline ?? '') !== values.deadlineShown;
  return {
    title: values.title,
    salutation: values.salutation,
    preamble: values.preamble,
    closing: values.closing,
    issuer: values.issuer,
    issuedOn: values.issuedOn,
    contact: contactOf(values),
    claimDays,
    ...(sendDeadline && { deadline }),
    ...(columns && { columns }),
  } satisfies Partial<Record<keyof UpdateNoticeBody, unknown>>;
}
