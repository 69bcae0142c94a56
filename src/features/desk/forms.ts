import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';
import addFormatsModule from 'ajv-formats';
import type { Static, TSchema } from 'typebox';
import type { AppError} from '../../errors.js';
import { ValidationFailed, type FieldError } from '../../errors.js';
import { ERROR_MESSAGE } from '../../lib/schemas.js';

/**
 * Desk forms are checked against the very schemas the API's routes declare (no second copy of
 * a rule); only the words differ: the desk says what is wrong in Chinese, next to the field.
 */
const ajv = new Ajv({ allErrors: true, strict: false, coerceTypes: false, useDefaults: true, verbose: true, keywords: [ERROR_MESSAGE] });
// ajv-formats is CommonJS; under NodeNext its default export is the module object.
const addFormats = addFormatsModule as unknown as { default: (ajv: Ajv) => void };
addFormats.default(ajv);

const compiled = new WeakMap<TSchema, ValidateFunction>();

/** Messages by field name (the first segment of the pointer): what the form shows beside each field. */
export type FieldMessages = Record<string, string>;

function inChinese(error: ErrorObject): string {
  const p = error.params as Record<string, unknown>;
  switch (error.keyword) {
    case 'required':
      return '必填';
    case 'minLength':
      return Number(p.limit) <= 1 ? '必填' : `至少 ${String(p.limit)} 个字`;
    case 'maxLength':
      return `最多 ${String(p.limit)} 个字`;
    case 'minimum':
      return `不能小于 ${String(p.limit)}`;
    case 'maximum':
      return `不能大于 ${String(p.limit)}`;
    case 'minItems':
      return `至少 ${String(p.limit)} 项`;
    case 'maxItems':
      return `最多 ${String(p.limit)} 项`;
    case 'enum':
    case 'const':
    case 'anyOf':
      return '请从给出的选项中选';
    case 'format':
      return p.format === 'date' ? '日期格式应为 年-月-日' : p.format === 'date-time' ? '请填写日期和时间' : '格式不对';
    case 'pattern':
      return '格式不对';
    case 'type':
      return p.type === 'integer' || p.type === 'number' ? '请填写数字' : '值不对';
    case 'additionalProperties':
      return '不是这张表单的字段';
    default:
      return '值不对';
  }
}

/** The field an error is about: `/credits/0/name` → `credits`; a missing property names itself. */
function fieldOf(error: ErrorObject): string {
  const missing = error.keyword === 'required' ? String((error.params as { missingProperty: string }).missingProperty) : undefined;
  const path = error.instancePath.split('/').filter(Boolean);
  return path[0] ?? missing ?? '';
}

/**
 * Checks a value built from a form against an API schema. Returns the value (defaults filled)
 * or throws ValidationFailed whose field errors name the form's fields, in Chinese.
 */
export function checkForm<S extends TSchema>(schema: S, value: unknown): Static<S> {
  let validate = compiled.get(schema);
  if (!validate) {
    validate = ajv.compile(schema);
    compiled.set(schema, validate);
  }
  if (validate(value)) return value as Static<S>;
  const errors: FieldError[] = (validate.errors ?? []).map((e) => ({ pointer: `/${fieldOf(e)}`, message: inChinese(e) }));
  throw new ValidationFailed('表单有需要改正的地方', errors);
}

/**
 * The messages of a failed save by form field, from the service's or the form's field errors;
 * a problem with no field is under `''`.
 */
export function fieldMessages(error: AppError): FieldMessages {
  const out: FieldMessages = {};
  const errors = (error.extensions.errors as FieldError[] | undefined) ?? [];
  for (const e of errors) {
    const field = e.pointer.split('/').filter(Boolean)[0] ?? '';
    out[field] ??= e.message;
  }
  if (errors.length === 0) out[''] = error.message;
  return out;
}

/** A form's text field: trimmed of nothing (the services trim), `undefined` when absent. */
export function field(body: unknown, name: string): string | undefined {
  const value = (body as Record<string, unknown> | undefined)?.[name];
  if (Array.isArray(value)) return typeof value[0] === 'string' ? value[0] : undefined;
  return typeof value === 'string' ? value : undefined;
}

/** A form's repeated field (checkboxes, rows of a list) as a list of strings. */
export function fields(body: unknown, name: string): string[] {
  const value = (body as Record<string, unknown> | undefined)?.[name];
  if (Array.isArray(value)) return value.filter((v): v is string => typeof v === 'string');
  return typeof value === 'string' ? [value] : [];
}

/** An optional text field: blank is absent. */
export function optionalField(body: unknown, name: string): string | undefined {
  const value = field(body, name);
  return value === undefined || value.trim() === '' ? undefined : value;
}

/** A whole-number field, or undefined when blank; a non-number is kept as text for the schema to refuse. */
export function numberField(body: unknown, name: string): number | string | undefined {
  const value = optionalField(body, name)?.trim();
  if (value === undefined) return undefined;
  return /^-?\d{1,15}$/.test(value) ? Number(value) : value;
}
