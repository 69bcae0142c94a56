import type { ItemStatus } from '../../../../db/schema/index.js';
import { chineseDateTime } from '../../../../lib/chinese-dates.js';
import type { Desk } from '../../context.js';
import { DeskLayout } from '../../layout.js';
import { DiffText, LongDiff } from './history-diff.js';
import { STATUS_NAMES } from './status-words.js';
import { textDiff } from './text-diff.js';

/** One saved version as the list shows it. */
export interface VersionRow {
  version: number;
  status: ItemStatus;
  at: string;
  by: string | null;
}

/**
 * One field of the two versions compared, as text, and how its change is shown: `text` marked
 * character by character, `long` paragraph by paragraph (the body), `choice` whole, one value
 * for another (a state, a section).
 */
export interface ComparedField {
  label: string;
  from: string;
  to: string;
  shown: 'text' | 'long' | 'choice';
}

function FieldChange({ field }: { field: ComparedField }) {
  if (field.shown === 'long') return <LongDiff parts={textDiff(field.from, field.to)} />;
  if (field.shown === 'text') {
    return (
      <div class="diff-inline">
        <DiffText parts={textDiff(field.from, field.to)} />
      </div>
    );
  }
  return (
    <div class="diff-inline">
      <del class="diff-del">{field.from || '（无）'}</del> → <ins class="diff-ins">{field.to || '（无）'}</ins>
    </div>
  );
}

export interface HistoryModel {
  desk: Desk;
  id: number;
  headline: string;
  versions: VersionRow[];
  from: number;
  to: number;
  fields: ComparedField[];
}

function versionName(v: VersionRow, timeZone: string): string {
  return `第 ${v.version} 版 · ${STATUS_NAMES[v.status]} · ${chineseDateTime(v.at, timeZone)}${v.by ? ` · ${v.by}` : ''}`;
}

function Comparison({ model }: { model: HistoryModel }) {
  const changed = model.fields.filter((f) => f.from !== f.to);
  const same = model.fields.filter((f) => f.from === f.to);
  return (
    <section class="card history-diff" aria-labelledby="diff-title">
      <h2 id="diff-title">
        第 {model.from} 版 → 第 {model.to} 版
      </h2>
      {model.from === model.to ? (
        <p class="hint">选的是同一个版本。请选两个不同的版本比较。</p>
      ) : changed.length === 0 ? (
        <p>这两个版本的内容没有区别。</p>
      ) : (
        <dl class="diff-fields">
          {changed.map((f) => (
            <>
              <dt>{f.label}</dt>
              <dd>
                <FieldChange field={f} />
              </dd>
            </>
          ))}
        </dl>
      )}
      {changed.length > 0 && same.length > 0 && <p class="hint">未改动：{same.map((f) => f.label).join('、')}。</p>}
      {changed.length > 0 && <p class="hint">删去的文字加删除线，新增的加下划线。</p>}
    </section>
  );
}

/** A story's saved versions, and the differences between any two, field by field. */
export function HistoryPage({ model }: { model: HistoryModel }) {
  const { desk } = model;
  const tz = desk.site.timeZone;
  const select = (name: 'from' | 'to', label: string, value: number) => (
    <div>
      <label for={`history-${name}`}>{label}</label>
      <select id={`history-${name}`} name={name}>
        {model.versions.map((v) => (
          <option value={String(v.version)} selected={v.version === value}>
            {versionName(v, tz)}
          </option>
        ))}
      </select>
    </div>
  );
  return (
    <DeskLayout desk={desk} title="修改记录" actions={<a href={`/desk/stories/${model.id}`}>返回稿件</a>} styles={['stories.css']} wide>
      <p class="story-status">稿件：{model.headline}</p>
      <form method="get" action={`/desk/stories/${model.id}/history`} class="filters">
        {select('from', '从', model.from)}
        {select('to', '到', model.to)}
        <button type="submit">比较</button>
      </form>
      <Comparison model={model} />
      <section class="card" aria-labelledby="versions-title">
        <h2 id="versions-title">全部版本</h2>
        <table class="list">
          <thead>
            <tr>
              <th scope="col" class="num">版本</th>
              <th scope="col">状态</th>
              <th scope="col">保存时间</th>
              <th scope="col">保存人</th>
              <th scope="col">比较</th>
            </tr>
          </thead>
          <tbody>
            {model.versions.map((v, i) => ({ v, previous: model.versions[i - 1] })).reverse().map(({ v, previous }) => (
              <tr>
                <td class="num">{v.version}</td>
                <td>
                  <span class={`state state-${v.status}`}>{STATUS_NAMES[v.status]}</span>
                </td>
                <td>{chineseDateTime(v.at, tz)}</td>
                <td>{v.by ?? '—'}</td>
                <td>{previous ? <a href={`/desk/stories/${model.id}/history?from=${previous.version}&to=${v.version}`}>与上一版比较</a> : '—'}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>
    </DeskLayout>
  );
}
