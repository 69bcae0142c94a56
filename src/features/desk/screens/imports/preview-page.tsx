/**
 * 导入预览: what the page would become, before anything is stored: its items in page order,
 * the lines taken out and the repairs, the warnings, and the problems that refuse it; below,
 * the import form carrying the same text, and the text again to correct and preview anew.
 */
import type { ImportPreview, ImportProblem } from '../../../imports/preview.js';
import type { Desk } from '../../context.js';
import type { FieldMessages } from '../../forms.js';
import { Csrf, DeskLayout, FieldError } from '../../layout.js';
import { isEditorRole } from '../../context.js';
import { ChangeLists, WarningList } from './change-lists.js';
import type { ImportChoices } from './choices.js';
import { itemAnchor, NoticeItem, StoryItem } from './preview-items.js';
import { FormatSelect } from './start-page.js';
import { FORMAT_NAMES, lineWords, problemWords, WORDS, type PageFormat } from './words.js';

/** Where the drafts go, as the import form holds it (text, as chosen or typed). */
export interface PlaceInput {
  section: string;
  /** `2024-07-01/A02` from the page select; blank for none. */
  placeOn: string;
  edition: string;
  page: string;
}

export const NO_PLACE: PlaceInput = { section: '', placeOn: '', edition: '', page: '' };

export interface PreviewProps {
  desk: Desk;
  preview: ImportPreview;
  page: { text: string; format: PageFormat; filename: string | null };
  kindNames: Record<string, string>;
  choices: ImportChoices;
  input: PlaceInput;
  /** An import that was refused: by field (`section`, `edition`, `page`), or the whole under `''`. */
  messages: FieldMessages;
}

function Problems({ problems }: { problems: ImportProblem[] }) {
  return (
    <section class="card import-problems" role="alert" aria-labelledby="problems-title">
      <h2 id="problems-title">
        {WORDS.problemsTitle} <span class="count">{problems.length} 处</span>
      </h2>
      <p>{WORDS.problemsLead}</p>
      <ul>
        {problems.map((p) => (
          <li>
            <span class="line-no">{lineWords(p.line)}</span> {problemWords(p.message)}
          </li>
        ))}
      </ul>
    </section>
  );
}

function Placement({ choices, input, messages }: Pick<PreviewProps, 'choices' | 'input' | 'messages'>) {
  const invalid = (name: string) => (messages[name] ? { 'aria-invalid': 'true' as const, 'aria-describedby': `${name}-error` } : {});
  return (
    <fieldset class="placement">
      <legend>{WORDS.placeLabel}</legend>
      <label for="placeOn" class="sr-only">
        {WORDS.placeLabel}
      </label>
      <select id="placeOn" name="placeOn" {...invalid('placeOn')}>
        <option value="">{WORDS.placeNone}</option>
        {choices.editions.map((edition) => (
          <optgroup label={`${edition.date} 第 ${edition.issueNumber} 期`}>
            {edition.pages.map((p) => {
              const value = `${edition.date}/${p.label}`;
              return (
                <option value={value} selected={input.placeOn === value}>
                  {p.label} {p.name}（{edition.date}）
                </option>
              );
            })}
          </optgroup>
        ))}
      </select>
      <FieldError name="placeOn" messages={messages} />
      <p class="hint">{WORDS.placeHint}</p>
      <details class="other-page" open={!!(input.edition || input.page || messages.edition || messages.page)}>
        <summary>{WORDS.otherPage}</summary>
        <div class="row">
          <div>
            <label for="edition">{WORDS.dateLabel}</label>
            <input id="edition" name="edition" type="date" value={input.edition} {...invalid('edition')} />
            <FieldError name="edition" messages={messages} />
          </div>
          <div>
            <label for="page">{WORDS.labelLabel}</label>
            <input id="page" name="page" value={input.page} size={4} pattern="[A-Za-z](0[1-9]|[1-9][0-9])" {...invalid('page')} />
            <FieldError name="page" messages={messages} />
          </div>
        </div>
      </details>
    </fieldset>
  );
}

function ImportForm({ desk, page, choices, input, messages, blocked }: Pick<PreviewProps, 'desk' | 'page' | 'choices' | 'input' | 'messages'> & { blocked: boolean }) {
  const editor = isEditorRole(desk.user.role);
  return (
    <form method="post" action="/desk/imports" enctype="multipart/form-data" class="card import-form" id="import">
      <h2>导入</h2>
      <Csrf desk={desk} />
      <input type="hidden" name="text" value={page.text} />
      <input type="hidden" name="format" value={page.format} />
      {messages[''] && (
        <p class="form-error" role="alert">
          {messages['']}
        </p>
      )}
      <label for="section">{WORDS.sectionLabel}</label>
      <select id="section" name="section" aria-invalid={messages.section ? 'true' : undefined} aria-describedby={messages.section ? 'section-error' : undefined}>
        <option value="">{WORDS.sectionNone}</option>
        {choices.sections.map((s) => (
          <option value={String(s.id)} selected={input.section === String(s.id)}>
            {s.name}
          </option>
        ))}
      </select>
      <FieldError name="section" messages={messages} />
      {editor ? <Placement choices={choices} input={input} messages={messages} /> : <p class="hint">{WORDS.reporterNote}</p>}
      <p class="import-submit">
        <button type="submit" class="primary" disabled={blocked} aria-describedby={blocked ? 'blocked-reason' : undefined}>
          {WORDS.importButton}
        </button>{' '}
        {blocked ? (
          <span class="blocked" id="blocked-reason">
            {WORDS.disabledReason}
            <a href="#problems-title">看问题</a>
          </span>
        ) : (
          <span class="hint">都存为草稿，可以再逐篇修改。</span>
        )}
      </p>
    </form>
  );
}

/** The page's text once more, to correct it and preview again. */
function EditAgain({ desk, page, open }: Pick<PreviewProps, 'desk' | 'page'> & { open: boolean }) {
  return (
    <details class="card edit-again" open={open}>
      <summary>{WORDS.editLabel}</summary>
      <form method="post" action="/desk/imports/preview" enctype="multipart/form-data">
        <Csrf desk={desk} />
        <label for="edit-text" class="sr-only">
          版面文字
        </label>
        <textarea id="edit-text" name="text" rows={18} class="page-text">
          {page.text}
        </textarea>
        <div class="row">
          <div>
            <label for="edit-format">{WORDS.formatLabel}</label>
            <FormatSelect id="edit-format" value={page.format} auto={false} />
          </div>
          <div class="shrink">
            <button type="submit">重新{WORDS.preview}</button>
          </div>
        </div>
      </form>
    </details>
  );
}

export function PreviewPage({ desk, preview, page, kindNames, choices, input, messages }: PreviewProps) {
  const blocked = preview.problems.length > 0;
  const briefs = preview.articles.filter((a) => a.brief).length;
  const itemWarnings = (kind: 'article' | 'notice', index: number) => preview.warnings.filter((w) => w.item?.kind === kind && w.item.index === index);
  const loose = preview.warnings.filter((w) => !w.item);
  const anchor = (entry: { item?: { kind: 'article' | 'notice'; index: number } }) => {
    if (!entry.item) return null;
    const { kind, index } = entry.item;
    return { href: `#${itemAnchor(kind, index)}`, text: kind === 'article' ? (preview.articles[index]?.headline ?? '稿件') : (preview.notices[index]?.title ?? '公告') };
  };
  return (
    <DeskLayout desk={desk} title={WORDS.previewTitle} styles={['imports.css']} actions={<a href="/desk/imports">重新开始</a>}>
      <p class="summary">
        共 {preview.articles.length} 篇稿件{briefs > 0 && `（其中简讯 ${briefs} 篇）`}、{preview.notices.length} 则公告，{preview.warnings.length} 条提醒。
        {page.filename && <>文件：{page.filename}，</>}按 {FORMAT_NAMES[page.format]} 读。{WORDS.nothingStored}
      </p>
      {blocked && <Problems problems={preview.problems} />}
      {!blocked && messages[''] && (
        <p class="form-error" role="alert">
          {messages['']} <a href="#import">到导入表单</a>
        </p>
      )}
      <nav class="jump-links" aria-label="本页">
        <a href="#items">稿件和公告</a> <a href="#changes">拿掉的行和修改</a> {loose.length > 0 && <a href="#warnings">其他提醒</a>} <a href="#import">导入</a>
      </nav>
      <h2 id="items">按版面顺序</h2>
      <ol class="import-items">
        {preview.order.map((ref) =>
          ref.kind === 'article' ? (
            <StoryItem story={preview.articles[ref.index]!} index={ref.index} warnings={itemWarnings('article', ref.index)} />
          ) : (
            <NoticeItem notice={preview.notices[ref.index]!} index={ref.index} kindName={kindNames[preview.notices[ref.index]!.kind] ?? preview.notices[ref.index]!.kind} warnings={itemWarnings('notice', ref.index)} />
          ),
        )}
      </ol>
      <ChangeLists changes={preview.changes} link={anchor} />
      {loose.length > 0 && <WarningList warnings={loose} link={anchor} title="其他提醒" />}
      <ImportForm desk={desk} page={page} choices={choices} input={input} messages={messages} blocked={blocked} />
      <EditAgain desk={desk} page={page} open={blocked} />
    </DeskLayout>
  );
}
