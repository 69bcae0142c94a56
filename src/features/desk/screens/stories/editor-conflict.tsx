import { chineseDateTime } from '../../../../lib/chinese-dates.js';
import { SideBySide } from './history-diff.js';
import { FIELD_LABELS, type StoryField } from './story-fields.js';
import { textDiff } from './text-diff.js';

/** A field both people changed: their saved text and the user's, as text (credits and section in words). */
export interface ConflictField {
  name: StoryField;
  theirs: string;
  mine: string;
  /** Their raw value for the script to put in the field when the user picks it (text fields only). */
  theirsValue?: string;
}

/** A save that met a newer version: whose it is, the fields taken from it as they are, and the fields to choose in. */
export interface Conflict {
  version: number;
  by: string | null;
  at: string;
  taken: StoryField[];
  fields: ConflictField[];
}

const names = (fields: StoryField[]) => fields.map((f) => FIELD_LABELS[f]).join('、');

/**
 * The conflict a stale save met, above the form: nothing was saved. Fields only the other
 * person changed already show their text below; for each field both changed, their saved text
 * and the user's are side by side with the differences marked, and the user picks one (theirs
 * as saved, or the form's field, which holds the user's text and may be edited further). The
 * form now carries their version, so the next save goes through unless someone saves again.
 */
export function ConflictPanel({ conflict, timeZone }: { conflict: Conflict; timeZone: string }) {
  const who = conflict.by ?? '另一位同事';
  return (
    <section class="card conflict" aria-labelledby="conflict-title" id="conflict">
      <h2 id="conflict-title">没有保存：别人刚保存了新的版本</h2>
      <p role="alert">
        在你编辑期间，{who}于 {chineseDateTime(conflict.at, timeZone)} 保存了第 {conflict.version} 版。你的修改还在下面，没有丢失，也没有覆盖对方的修改。
      </p>
      {conflict.taken.length > 0 && <p>对方改了{names(conflict.taken)}，你没有改这些，下面已换成对方的版本。</p>}
      {conflict.fields.length > 0 && (
        <p>
          你们都改了{names(conflict.fields.map((f) => f.name))}：请逐项选择保留哪一版，然后再点“保存”。删去的文字加删除线，新增的加下划线。
        </p>
      )}
      {conflict.fields.map((f) => {
        const long = f.name === 'body' || f.name === 'summary';
        return (
          <fieldset class="conflict-field" data-field={f.name} data-theirs={f.theirsValue}>
            <legend>{FIELD_LABELS[f.name]}</legend>
            <SideBySide parts={textDiff(f.theirs, f.mine)} oldLabel={`${who}保存的（第 ${conflict.version} 版）`} newLabel="你的" long={long} />
            <div class="picks">
              <input type="radio" id={`pick-${f.name}-theirs`} name={`pick-${f.name}`} value="theirs" required />
              <label for={`pick-${f.name}-theirs`}>用对方的</label>
              <input type="radio" id={`pick-${f.name}-mine`} name={`pick-${f.name}`} value="mine" required />
              <label for={`pick-${f.name}-mine`}>用我的（下方“{FIELD_LABELS[f.name]}”框里的文字，可再修改）</label>
            </div>
          </fieldset>
        );
      })}
    </section>
  );
}
