/** The notice form: a kind's fields, the same for a new notice and an edit; columns where the kind leaves them to the notice. */
import { COLUMN_TYPES } from '../../../../tables/cells.js';
import type { NoticeKind } from '../../../notices/schemas.js';
import type { Desk } from '../../context.js';
import type { FieldMessages } from '../../forms.js';
import { Csrf, FieldError, FormError } from '../../layout.js';
import { MAX_COLUMNS, ownColumns, SPARE_COLUMNS, type ColumnValues, type NoticeFormValues } from './form-values.js';
import { COLUMN_TYPE_NAMES } from './names.js';

interface FieldProps {
  name: keyof NoticeFormValues;
  label: string;
  values: NoticeFormValues;
  messages: FieldMessages;
  /** The field its message is kept under, when not its own name (`contact` for both parts). */
  messageName?: string;
  type?: 'text' | 'date' | 'number';
  required?: boolean;
  maxLength?: number;
  hint?: string;
}

function described(ids: (string | false | undefined)[]): string | undefined {
  const list = ids.filter(Boolean);
  return list.length ? list.join(' ') : undefined;
}

function TextField({ name, label, values, messages, messageName = name, type = 'text', required, maxLength, hint }: FieldProps) {
  const bad = !!messages[messageName];
  return (
    <div>
      <label for={name}>
        {label}
        {required && <span class="required">（必填）</span>}
      </label>
      <input
        id={name}
        name={name}
        // preact types each input type's attributes apart, and cannot take a union of them.
        type={type as 'text'}
        value={String(values[name])}
        required={required}
        maxLength={maxLength}
        min={type === 'number' ? 1 : undefined}
        aria-invalid={bad ? 'true' : undefined}
        aria-describedby={described([hint && `${name}-hint`, bad && `${messageName}-error`])}
      />
      {hint && (
        <p class="hint" id={`${name}-hint`}>
          {hint}
        </p>
      )}
      {messageName === name && <FieldError name={name} messages={messages} />}
    </div>
  );
}

/** One row of the columns editor: its label, type and whether every row must fill it. */
function ColumnRow({ column, index }: { column: ColumnValues; index: number }) {
  const n = index + 1;
  return (
    <tr>
      <th scope="row">{n}</th>
      <td>
        <input type="hidden" name="columnKey" value={column.key} />
        <label class="sr-only" for={`column-label-${n}`}>
          第 {n} 列的列名
        </label>
        <input id={`column-label-${n}`} name="columnLabel" value={column.label} maxLength={40} />
      </td>
      <td>
        <label class="sr-only" for={`column-type-${n}`}>
          第 {n} 列的类型
        </label>
        <select id={`column-type-${n}`} name="columnType">
          {COLUMN_TYPES.map((type) => (
            <option value={type} selected={column.type === type}>
              {COLUMN_TYPE_NAMES[type]}
            </option>
          ))}
        </select>
      </td>
      <td>
        <input type="checkbox" id={`column-required-${n}`} name="columnRequired" value={String(index)} checked={column.required} />
        <label class="inline" for={`column-required-${n}`}>
          必填
        </label>
      </td>
    </tr>
  );
}

function ColumnsEditor({ values, messages }: { values: NoticeFormValues; messages: FieldMessages }) {
  const spare = Math.max(0, Math.min(SPARE_COLUMNS, MAX_COLUMNS - values.columns.length));
  const rows = [...values.columns, ...Array.from({ length: spare }, (): ColumnValues => ({ key: '', label: '', type: 'text', required: false }))];
  return (
    <fieldset aria-describedby={described(['columns-hint', !!messages.columns && 'columns-error'])}>
      <legend>表格的列</legend>
      <p class="hint" id="columns-hint">
        这类公告的列由每则公告自己设定。列名就是印出来的表头，粘贴或上传的表格按列名对上各列。列名留空的行不算；保存后会再多出几行空位。
      </p>
      <FieldError name="columns" messages={messages} />
      <table class="list columns-editor">
        <thead>
          <tr>
            <th scope="col">列</th>
            <th scope="col">列名</th>
            <th scope="col">类型</th>
            <th scope="col">必填</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((column, index) => (
            <ColumnRow column={column} index={index} />
          ))}
        </tbody>
      </table>
    </fieldset>
  );
}

export interface NoticeFormProps {
  desk: Desk;
  kind: NoticeKind;
  values: NoticeFormValues;
  messages: FieldMessages;
  action: string;
  /** The version the form edits; absent for a new notice. */
  version?: number;
  submitLabel: string;
}

export function NoticeForm({ desk, kind, values, messages, action, version, submitLabel }: NoticeFormProps) {
  const common = { values, messages };
  return (
    <form method="post" action={action} class="notice-form" id="notice-form">
      <Csrf desk={desk} />
      {version !== undefined && <input type="hidden" name="version" value={String(version)} />}
      {version === undefined && <input type="hidden" name="kind" value={kind.key} />}
      <input type="hidden" name="deadlineShown" value={values.deadlineShown} />
      <FormError messages={messages} />
      <TextField {...common} name="title" label="标题" required maxLength={200} />
      <TextField {...common} name="salutation" label="称呼" maxLength={200} hint="如：尊敬的客户：（可不填）" />
      <label for="preamble">正文（表格前的文字）</label>
      <textarea id="preamble" name="preamble" rows={6} aria-describedby={described(['preamble-hint', !!messages.preamble && 'preamble-error'])} aria-invalid={messages.preamble ? 'true' : undefined}>
        {values.preamble}
      </textarea>
      <p class="hint" id="preamble-hint">
        可用 Markdown：空一行分段，**加粗**。文中完整的身份证号保存时会自动遮盖。
      </p>
      <FieldError name="preamble" messages={messages} />
      <fieldset>
        <legend>落款</legend>
        <div class="row">
          <TextField {...common} name="closing" label="结束语" maxLength={100} />
          <TextField {...common} name="issuer" label="发布单位" required maxLength={300} />
          <TextField {...common} name="issuedOn" label="发布日期" type="date" required />
        </div>
      </fieldset>
      <fieldset>
        <legend>联系方式（可不填）</legend>
        <div class="row">
          <TextField {...common} name="contactName" label="联系人" messageName="contact" maxLength={100} />
          <TextField {...common} name="contactPhone" label="联系电话" messageName="contact" maxLength={40} />
        </div>
        <FieldError name="contact" messages={messages} />
      </fieldset>
      <fieldset>
        <legend>认领期（可不填）</legend>
        <div class="row">
          <TextField {...common} name="claimDays" label="天数（自发布日期起）" type="number" />
          <TextField {...common} name="deadline" label="截止日期" type="date" />
        </div>
        <p class="hint">填天数时截止日期会自动算出；也可只填截止日期。</p>
      </fieldset>
      {ownColumns(kind) && <ColumnsEditor values={values} messages={messages} />}
      <div class="actions">
        <button type="submit" class="primary">
          {submitLabel}
        </button>
      </div>
    </form>
  );
}
