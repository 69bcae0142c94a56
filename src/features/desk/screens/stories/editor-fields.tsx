import { CREDIT_ROLES, ROLE_LABELS } from '../../../../document/credit-roles.js';
import type { FieldMessages } from '../../forms.js';
import { FieldError } from '../../layout.js';
import type { StoryFields } from './story-fields.js';

/** A section as the select offers it: nested sections carry their parent's name. */
export interface SectionOption {
  id: number;
  name: string;
}

/** A person the credits' name fields suggest (new names may still be typed). */
export interface PersonOption {
  name: string;
  note: string | null;
}

/** Empty credit rows below the filled ones, so a second and third name need no script. */
const SPARE_CREDIT_ROWS = 2;
const MIN_CREDIT_ROWS = 4;

/** A textarea's content as HTML parsers read it: they drop one line break right after the tag, so one is given to drop. */
export const keepLeadingNewline = (text: string) => `\n${text}`;

const described = (name: string, messages: FieldMessages, hint?: string) => {
  const ids = [hint, messages[name] ? `${name}-error` : undefined].filter(Boolean).join(' ');
  return { 'aria-describedby': ids || undefined, 'aria-invalid': messages[name] ? ('true' as const) : undefined };
};

function TextField({ name, label, value, messages, maxLength, required }: { name: 'kicker' | 'headline' | 'subtitle'; label: string; value: string; messages: FieldMessages; maxLength: number; required?: boolean }) {
  return (
    <div class={`field field-${name}`}>
      <label for={name}>
        {label}
        {required && <span class="hint">（必填）</span>}
      </label>
      <input id={name} name={name} type="text" value={value} maxLength={maxLength} required={required} autocomplete="off" {...described(name, messages)} />
      <FieldError name={name} messages={messages} />
    </div>
  );
}

function Credits({ credits, messages }: { credits: StoryFields['credits']; messages: FieldMessages }) {
  const rows = [...credits, ...Array.from({ length: Math.max(SPARE_CREDIT_ROWS, MIN_CREDIT_ROWS - credits.length) }, () => ({ role: 'reporter', name: '' }))];
  return (
    <fieldset class="credits" id="credits" {...described('credits', messages, 'credits-hint')}>
      <legend>署名</legend>
      <p class="hint" id="credits-hint">
        每行一人：选角色，填姓名。可选已有人员，也可填新名字；空行不算。
      </p>
      <div class="credit-rows" id="credit-rows">
        {rows.map((credit, i) => (
          <div class="credit-row">
            <label for={`credit-role-${i}`} class="sr-only">
              第 {i + 1} 位的角色
            </label>
            <select id={`credit-role-${i}`} name="credit-role">
              {CREDIT_ROLES.map((role) => (
                <option value={role} selected={role === credit.role}>
                  {ROLE_LABELS.zh[role]}
                </option>
              ))}
            </select>
            <label for={`credit-name-${i}`} class="sr-only">
              第 {i + 1} 位的姓名
            </label>
            <input id={`credit-name-${i}`} name="credit-name" type="text" value={credit.name} list="people-list" maxLength={100} autocomplete="off" placeholder="姓名" />
          </div>
        ))}
      </div>
      <button type="button" id="add-credit" hidden>
        添加一行
      </button>
      <FieldError name="credits" messages={messages} />
    </fieldset>
  );
}

const TOOLBAR = [
  ['heading', '小标题'],
  ['bold', '加粗'],
  ['quote', '引文'],
  ['list', '列表'],
] as const;

function Body({ value, messages }: { value: string; messages: FieldMessages }) {
  return (
    <div class="field field-body">
      <label for="body">正文</label>
      <div class="md-toolbar" role="group" aria-label="正文格式" hidden>
        {TOOLBAR.map(([action, label]) => (
          <button type="button" data-md={action}>
            {label}
          </button>
        ))}
      </div>
      <textarea id="body" name="body" rows={22} spellcheck={false} value={keepLeadingNewline(value)} {...described('body', messages, 'body-hint')} />
      <p class="hint" id="body-hint">
        Markdown 格式：空一行分段；“## ”开头为小标题；**两边加星号**为加粗；“&gt; ”开头为引文；“- ”开头为列表。
      </p>
      <FieldError name="body" messages={messages} />
    </div>
  );
}

/** The story's fields: head, credits, body, then summary and section, each with its label and message. */
export function StoryFieldset({ fields, messages, sections, people }: { fields: StoryFields; messages: FieldMessages; sections: SectionOption[]; people: PersonOption[] }) {
  return (
    <>
      <TextField name="kicker" label="引题" value={fields.kicker} messages={messages} maxLength={200} />
      <TextField name="headline" label="标题" value={fields.headline} messages={messages} maxLength={200} required />
      <TextField name="subtitle" label="副题" value={fields.subtitle} messages={messages} maxLength={200} />
      <Credits credits={fields.credits} messages={messages} />
      <datalist id="people-list">
        {people.map((p) => (
          <option value={p.name}>{p.note ?? undefined}</option>
        ))}
      </datalist>
      <Body value={fields.body} messages={messages} />
      <div class="field field-summary">
        <label for="summary">摘要</label>
        <textarea id="summary" name="summary" rows={2} maxLength={1000} class="short" value={keepLeadingNewline(fields.summary)} {...described('summary', messages, 'summary-hint')} />
        <p class="hint" id="summary-hint">
          用于网站列表和推送，一两句话。
        </p>
        <FieldError name="summary" messages={messages} />
      </div>
      <div class="field field-section">
        <label for="sectionId">栏目</label>
        <select id="sectionId" name="sectionId" {...described('sectionId', messages)}>
          <option value="">（不选栏目）</option>
          {sections.map((s) => (
            <option value={String(s.id)} selected={String(s.id) === fields.sectionId}>
              {s.name}
            </option>
          ))}
        </select>
        <FieldError name="sectionId" messages={messages} />
      </div>
    </>
  );
}
