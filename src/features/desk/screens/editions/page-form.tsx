import { GRIDS, type Grid } from '../../../../document/grids.js';
import type { Desk } from '../../context.js';
import type { FieldMessages } from '../../forms.js';
import { Csrf } from '../../layout.js';
import { GRID_NAMES } from './words.js';

/** A page's own fields as a form holds them (text, as typed). */
export interface PageInput {
  label: string;
  name: string;
  grid: string;
  sectionId: string;
  editorId: string;
}

/** What the page forms offer to pick from. */
export interface PageChoices {
  sections: readonly { id: number; name: string }[];
  editors: readonly { id: number; name: string }[];
}

/** A message under a field of one of the flatplan's forms (ids are prefixed: there are many forms on the page). */
function Message({ id, text }: { id: string; text: string | undefined }) {
  return text ? (
    <p class="field-error" id={id}>
      {text}
    </p>
  ) : null;
}

/** The name, grid, section and editor of a page, for the new-page form and each page's settings. */
function PageFields({ prefix, input, choices, messages }: { prefix: string; input: PageInput; choices: PageChoices; messages: FieldMessages }) {
  const invalid = (name: string) => (messages[name] ? { 'aria-invalid': 'true' as const, 'aria-describedby': `${prefix}-${name}-error` } : {});
  return (
    <>
      <div>
        <label for={`${prefix}-name`}>版名</label>
        <input id={`${prefix}-name`} name="name" value={input.name} maxLength={40} required {...invalid('name')} />
        <Message id={`${prefix}-name-error`} text={messages.name} />
      </div>
      <div>
        <label for={`${prefix}-grid`}>版式</label>
        <select id={`${prefix}-grid`} name="grid" {...invalid('grid')}>
          {(Object.keys(GRIDS) as Grid[]).map((grid) => (
            <option value={grid} selected={input.grid === grid}>
              {GRID_NAMES[grid]}
            </option>
          ))}
        </select>
        <Message id={`${prefix}-grid-error`} text={messages.grid} />
      </div>
      <div>
        <label for={`${prefix}-section`}>栏目</label>
        <select id={`${prefix}-section`} name="sectionId" {...invalid('sectionId')}>
          <option value="">（不属于栏目）</option>
          {choices.sections.map((s) => (
            <option value={String(s.id)} selected={input.sectionId === String(s.id)}>
              {s.name}
            </option>
          ))}
        </select>
        <Message id={`${prefix}-sectionId-error`} text={messages.sectionId} />
      </div>
      <div>
        <label for={`${prefix}-editor`}>责任编辑</label>
        <select id={`${prefix}-editor`} name="editorId" {...invalid('editorId')}>
          <option value="">（未指定）</option>
          {choices.editors.map((u) => (
            <option value={String(u.id)} selected={input.editorId === String(u.id)}>
              {u.name}
            </option>
          ))}
        </select>
        <Message id={`${prefix}-editorId-error`} text={messages.editorId} />
      </div>
    </>
  );
}

export function NewPageForm({ desk, date, input, choices, messages }: { desk: Desk; date: string; input: PageInput; choices: PageChoices; messages: FieldMessages }) {
  return (
    <section class="card" id="new-page" aria-labelledby="new-page-title">
      <h2 id="new-page-title">添加版面</h2>
      <form method="post" action={`/desk/editions/${date}/pages`} class="row">
        <Csrf desk={desk} />
        {messages[''] && (
          <p class="form-error" role="alert">
            {messages['']}
          </p>
        )}
        <div class="shrink">
          <label for="new-label">版号（如 A01）</label>
          <input
            id="new-label"
            name="label"
            value={input.label}
            required
            size={4}
            pattern="[A-Z](0[1-9]|[1-9][0-9])"
            aria-describedby={messages.label ? 'new-label-error' : undefined}
            aria-invalid={messages.label ? 'true' : undefined}
          />
          <Message id="new-label-error" text={messages.label} />
        </div>
        <PageFields prefix="new" input={input} choices={choices} messages={messages} />
        <div class="shrink">
          <button type="submit" class="primary">
            添加版面
          </button>
        </div>
      </form>
    </section>
  );
}

/** A page's settings, folded away in its card; deleting the page is beside them. */
export function PageSettings({ desk, date, label, version, input, choices, messages, deletable }: { desk: Desk; date: string; label: string; version: number; input: PageInput; choices: PageChoices; messages: FieldMessages; deletable: boolean }) {
  const prefix = `settings-${label}`;
  return (
    <details class="page-settings" open={Object.keys(messages).length > 0}>
      <summary>版面设置</summary>
      <form method="post" action={`/desk/editions/${date}/pages/${label}`}>
        <Csrf desk={desk} />
        <input type="hidden" name="version" value={String(version)} />
        {messages[''] && (
          <p class="form-error" role="alert">
            {messages['']}
          </p>
        )}
        <PageFields prefix={prefix} input={input} choices={choices} messages={messages} />
        <button type="submit">保存版面设置</button>
      </form>
      {deletable && (
        <form method="post" action={`/desk/editions/${date}/pages/${label}/delete`} class="page-delete">
          <Csrf desk={desk} />
          <input type="hidden" name="version" value={String(version)} />
          <button type="submit" class="danger" data-confirm={`删除 ${label} 版？版上的稿件和公告不会删除，只是不在这一版了。`}>
            删除 {label} 版
          </button>
        </form>
      )}
    </details>
  );
}
