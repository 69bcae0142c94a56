import type { ItemStatus } from '../../../../db/schema/index.js';
import { chineseDateTime } from '../../../../lib/chinese-dates.js';
import type { Article } from '../../../articles/schemas.js';
import type { Photo } from '../../../photos/schemas.js';
import type { Desk } from '../../context.js';
import type { FieldMessages } from '../../forms.js';
import { Csrf, DeskLayout, FieldError, FormError } from '../../layout.js';
import { ConflictPanel, type Conflict } from './editor-conflict.js';
import { StoryFieldset, type PersonOption, type SectionOption } from './editor-fields.js';
import { LeadFigure, PhotosFieldset } from './editor-photos.js';
import { draftByline, StoryPreview } from './editor-preview.js';
import { CorrectionsPanel, WorkflowPanel } from './editor-workflow.js';
import { STATUS_NAMES } from './status-words.js';
import type { StoryFields } from './story-fields.js';

/** Everything the story editor shows; `article` is null for a story not yet saved. */
export interface EditorModel {
  desk: Desk;
  article: Article | null;
  /** What the form holds: the stored story, or what the user posted (kept on a refused save). */
  fields: StoryFields;
  /** The photo the form's lead photo names. */
  leadPhoto: Photo | null;
  /** The version the form saves against: the stored one, or the newer one a conflict showed. */
  version: number | null;
  editable: boolean;
  sections: SectionOption[];
  people: PersonOption[];
  messages: FieldMessages;
  conflict?: Conflict;
  /** Name of who saved the stored version last. */
  savedBy: string | null;
  moves: ItemStatus[];
  workflowMessage?: string;
  scheduleValue: string;
  corrections: { id: number; text: string; createdAt: string }[];
  canCorrect: boolean;
  correction?: { message?: string; text?: string };
  /** Whether this user may open the galley proof (editors, and the story's reporter). */
  canProof: boolean;
}

function sectionName(model: EditorModel): string | null {
  return model.sections.find((s) => String(s.id) === model.fields.sectionId)?.name ?? null;
}

/** The workflow in reach, then the copy-fit, the proof and the preview beside the form; the script keeps fit and preview live. */
function SidePanel({ model }: { model: EditorModel }) {
  const { article, fields, desk } = model;
  return (
    <aside class="editor-side" aria-label="流程、版面与预览">
      {article && <WorkflowPanel desk={desk} article={article} moves={model.moves} message={model.workflowMessage} scheduleValue={model.scheduleValue} />}
      <section class="card fit-panel" aria-labelledby="fit-title">
        <h2 id="fit-title">版面长度</h2>
        <p id="fit" class="fit fit-none" aria-live="polite">
          {article ? `正文 ${article.figures.characters} 字` : '保存后显示行数'}
        </p>
        <p id="fit-detail" class="hint">
          {article ? '行数和版面余缺随输入计算（需要浏览器脚本）；也可打开大样查看。' : '新稿件保存后，这里显示它排出来有多少行。'}
        </p>
        {article && model.canProof && (
          <p>
            <a href={`/desk/stories/${article.id}/proof.pdf`} target="_blank" rel="noopener">
              打开大样 PDF（已保存的版本）
            </a>
          </p>
        )}
      </section>
      <section class="card preview-panel" aria-labelledby="preview-title">
        <h2 id="preview-title">预览：网站上的样子</h2>
        <div id="preview">
          <StoryPreview story={{ sectionName: sectionName(model), kicker: fields.kicker, headline: fields.headline, subtitle: fields.subtitle, byline: draftByline(fields.credits), body: fields.body }} />
        </div>
      </section>
    </aside>
  );
}

function StatusLine({ model }: { model: EditorModel }) {
  const { article, desk } = model;
  if (!article) return <p class="hint">新稿件，保存后为草稿。</p>;
  return (
    <p class="story-status">
      <span class={`state state-${article.status}`}>{STATUS_NAMES[article.status]}</span> 第 {article.version} 版 · {chineseDateTime(article.updatedAt, desk.site.timeZone)}
      {model.savedBy && ` 由 ${model.savedBy} 保存`} · <a href={`/desk/stories/${article.id}/history`}>修改记录</a>
    </p>
  );
}

/** Why the page is read-only, in the words of the rule the service applies. */
function readOnlyReason(model: EditorModel): string {
  const { article, desk } = model;
  if (article && article.createdBy === desk.user.id) return `稿件${STATUS_NAMES[article.status]}，记者只能修改自己的草稿。${article.status === 'submitted' ? '如需修改，可先退回为草稿。' : ''}`;
  return '这篇稿件不是你写的，你只能查看。';
}

/**
 * The story editor: the form (a plain form that saves without script), the live preview and
 * copy-fit beside it, the workflow and corrections below. Read-only, as the site shows it,
 * for a user who may not edit the story now.
 */
export function EditorPage({ model }: { model: EditorModel }) {
  const { desk, article, editable } = model;
  const id = article ? String(article.id) : 'new';
  const mode = model.conflict ? 'conflict' : Object.keys(model.messages).length > 0 ? 'invalid' : 'edit';
  const title = !article ? '新稿件' : editable ? '编辑稿件' : '查看稿件';
  const actions = <a href="/desk/stories">返回稿件列表</a>;
  return (
    <DeskLayout desk={desk} title={title} actions={actions} scripts={editable ? ['story-editor.js', 'story-photos.js'] : []} styles={['stories.css', 'photos.css']} wide>
      <StatusLine model={model} />
      {editable ? (
        <div class="editor-grid">
          <div class="editor-main">
            <div id="local-draft" class="local-draft" role="status" hidden>
              <p id="local-draft-text" />
              <button type="button" id="discard-local-draft">
                放弃本机草稿
              </button>
            </div>
            <form
              method="post"
              action={article ? `/desk/stories/${article.id}` : '/desk/stories'}
              id="story-form"
              class="card story-form"
              data-story={id}
              data-mode={mode}
              data-preview-url={article ? `/desk/stories/${article.id}/preview` : '/desk/stories/preview'}
            >
              <Csrf desk={desk} />
              {model.version !== null && <input type="hidden" name="version" id="version" value={String(model.version)} />}
              {model.conflict && <ConflictPanel conflict={model.conflict} timeZone={desk.site.timeZone} />}
              <FormError messages={model.messages} />
              <StoryFieldset fields={model.fields} messages={model.messages} sections={model.sections} people={model.people} />
              <PhotosFieldset article={article} fields={model.fields} leadPhoto={model.leadPhoto} />
              <FieldError name="leadPhoto" messages={model.messages} />
              <div class="form-actions">
                <button type="submit" class="primary" id="save">
                  保存
                </button>
                <span class="hint" id="save-state" aria-live="polite" />
              </div>
            </form>
          </div>
          <SidePanel model={model} />
        </div>
      ) : (
        <div class="editor-grid">
          <div class="editor-main">
            <p class="card read-only-note">{readOnlyReason(model)}</p>
            <div class="card">
              {model.leadPhoto && <LeadFigure photo={model.leadPhoto} caption={model.fields.leadCaption ?? ''} />}
              <StoryPreview story={{ sectionName: sectionName(model), kicker: model.fields.kicker, headline: model.fields.headline, subtitle: model.fields.subtitle, byline: article?.byline ?? '', body: model.fields.body }} />
              {model.fields.summary && (
                <p class="summary">
                  <strong>摘要：</strong>
                  {model.fields.summary}
                </p>
              )}
            </div>
          </div>
          {article && (
            <aside class="editor-side" aria-label="流程与大样">
              <WorkflowPanel desk={desk} article={article} moves={model.moves} message={model.workflowMessage} scheduleValue={model.scheduleValue} />
              {model.canProof && (
                <p class="card">
                  <a href={`/desk/stories/${article.id}/proof.pdf`} target="_blank" rel="noopener">
                    打开大样 PDF
                  </a>
                </p>
              )}
            </aside>
          )}
        </div>
      )}
      {article && <CorrectionsPanel desk={desk} article={article} corrections={model.corrections} canCorrect={model.canCorrect} message={model.correction?.message} text={model.correction?.text} />}
    </DeskLayout>
  );
}
