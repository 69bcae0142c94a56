/** A notice's pages on the desk: the new notice's form, and the notice itself (its workflow, its form, its table). */
import type { ItemStatus } from '../../../../db/schema/index.js';
import { chineseDateTime } from '../../../../lib/chinese-dates.js';
import type { Notice, NoticeKind } from '../../../notices/schemas.js';
import type { Desk } from '../../context.js';
import type { FieldMessages } from '../../forms.js';
import { Csrf, DeskLayout } from '../../layout.js';
import type { NoticeFormValues } from './form-values.js';
import { MOVE_NAMES, STATUS_NAMES } from './names.js';
import { NoticeForm } from './notice-form.js';
import { TableSection, type TableRefusal } from './table-section.js';

const STYLES = ['notices.css'];
const SCRIPTS = ['notice-grid.js'];

export function NewNoticePage({ desk, kind, values, messages }: { desk: Desk; kind: NoticeKind; values: NoticeFormValues; messages: FieldMessages }) {
  return (
    <DeskLayout desk={desk} title={`新建公告：${kind.name}`} styles={STYLES} actions={<a href="/desk/notices">返回公告列表</a>}>
      <section class="card" aria-label="公告内容">
        {kind.columns && <p class="hint">这类公告的表格列：{kind.columns.map((c) => c.label).join('、')}。</p>}
        <NoticeForm desk={desk} kind={kind} values={values} messages={messages} action="/desk/notices" submitLabel="保存草稿" />
        <p class="hint">保存后再粘贴或上传表格。</p>
      </section>
    </DeskLayout>
  );
}

/** A save that met a newer version: the fields where the saved notice now differs from what the editor sent. */
export interface ConflictNote {
  version: number;
  fields: string[];
}

function Workflow({ desk, notice, moves, message }: { desk: Desk; notice: Notice; moves: ItemStatus[]; message?: string }) {
  const direct = moves.filter((to) => to !== 'scheduled');
  const tz = desk.site.timeZone;
  return (
    <section class="card" aria-labelledby="workflow-title">
      <h2 id="workflow-title">流程</h2>
      <p class="meta">
        <span class={`state state-${notice.status}`}>{STATUS_NAMES[notice.status]}</span>
        <span>第 {notice.version} 版</span>
        <span>更新于 {chineseDateTime(notice.updatedAt, tz)}</span>
        {notice.status === 'scheduled' && notice.publishAt && <span>定于 {chineseDateTime(notice.publishAt, tz)} 发布</span>}
        {notice.publishedAt && <span>发布于 {chineseDateTime(notice.publishedAt, tz)}</span>}
      </p>
      {message && (
        <p class="form-error" role="alert">
          {message}
        </p>
      )}
      {moves.length === 0 && <p class="hint">这则公告现在没有可做的流程操作。</p>}
      {direct.length > 0 && (
        <form method="post" action={`/desk/notices/${notice.id}/status`} class="moves">
          <Csrf desk={desk} />
          <input type="hidden" name="version" value={String(notice.version)} />
          {direct.map((to) => (
            <button type="submit" name="status" value={to} class={to === 'published' ? 'primary' : to === 'withdrawn' ? 'danger' : undefined} data-confirm={to === 'withdrawn' ? '撤回后公告将从网站上撤下，确定撤回？' : to === 'published' ? '立即发布到网站？' : undefined}>
              {MOVE_NAMES[to]}
            </button>
          ))}
        </form>
      )}
      {moves.includes('scheduled') && (
        <form method="post" action={`/desk/notices/${notice.id}/status`} class="moves schedule">
          <Csrf desk={desk} />
          <input type="hidden" name="version" value={String(notice.version)} />
          <input type="hidden" name="status" value="scheduled" />
          <div>
            <label for="publishAt">发布时间（{tz}）</label>
            <input id="publishAt" name="publishAt" type="datetime-local" required />
          </div>
          <button type="submit">{MOVE_NAMES.scheduled}</button>
        </form>
      )}
    </section>
  );
}

export interface NoticePageProps {
  desk: Desk;
  notice: Notice;
  kind: NoticeKind;
  values: NoticeFormValues;
  messages: FieldMessages;
  /** The version the forms carry: the notice's, unless a save is being redone over a newer one. */
  version: number;
  moves: ItemStatus[];
  conflict?: ConflictNote;
  moveMessage?: string;
  refusal?: TableRefusal;
}

export function NoticePage({ desk, notice, kind, values, messages, version, moves, conflict, moveMessage, refusal }: NoticePageProps) {
  return (
    <DeskLayout desk={desk} title={`公告：${notice.title}`} styles={STYLES} scripts={SCRIPTS} wide actions={<a href="/desk/notices">返回公告列表</a>}>
      <p class="hint">
        {kind.name}
        {notice.byline && ` · ${notice.byline}`}
      </p>
      <Workflow desk={desk} notice={notice} moves={moves} message={moveMessage} />
      <section class="card" aria-labelledby="content-title">
        <h2 id="content-title">公告内容</h2>
        {conflict && (
          <div class="form-error" role="alert">
            <p>保存前，别人已经改过这则公告（现在是第 {conflict.version} 版），你的修改没有保存。下面保留的是你填写的内容。</p>
            <p>{conflict.fields.length ? `与最新版本不同的地方：${conflict.fields.join('、')}。` : '你填写的内容与最新版本相同。'}再点“保存”会以你的内容为准；要看别人的修改，请<a href={`/desk/notices/${notice.id}`}>重新打开这则公告</a>（你的填写不会保留）。</p>
          </div>
        )}
        <NoticeForm desk={desk} kind={kind} values={values} messages={messages} action={`/desk/notices/${notice.id}`} version={version} submitLabel="保存" />
      </section>
      <TableSection desk={desk} noticeId={notice.id} version={notice.version} table={notice.table} columns={notice.table?.columns ?? kind.columns} refusal={refusal} />
    </DeskLayout>
  );
}
