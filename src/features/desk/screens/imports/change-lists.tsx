/** What the importer took out of a page and repaired, and what it warns of: on the preview and on an import's page alike. */
import type { ImportChangeType } from '../../../imports/model.js';
import { lineWords, REPAIRS, TAKEN_OUT, warningWords } from './words.js';

export interface ChangeEntry {
  type: ImportChangeType;
  line: number;
  toLine?: number;
  before: string;
  after: string;
}

export interface WarningEntry {
  line: number;
  message: string;
}

/** Where an entry's item is shown (an anchor on the preview, the draft's page after the import), or null. */
export type ItemLink<T> = (entry: T) => { href: string; text: string } | null;

/** A line of the page as the list quotes it: at most this many characters. */
const QUOTE = 60;

const quote = (text: string) => {
  const chars = Array.from(text.replace(/\s+/gu, ' ').trim());
  return chars.length > QUOTE ? `${chars.slice(0, QUOTE).join('')}…` : chars.join('');
};

function Entry<T extends ChangeEntry>({ change, link }: { change: T; link: ItemLink<T> }) {
  const to = link(change);
  return (
    <li>
      <span class="line-no">{lineWords(change.line, change.toLine)}</span> <q>{quote(change.before)}</q>
      {change.type === 'brief' && <span class="change-after">标题：{change.after}</span>}
      {change.type === 'jump' && <span class="change-after">{/^to /u.test(change.after) ? `下转 ${change.after.slice(3)} 版` : /^from /u.test(change.after) ? `上接 ${change.after.slice(5)} 版` : change.after}</span>}
      {to && (
        <a class="change-item" href={to.href}>
          {to.text}
        </a>
      )}
    </li>
  );
}

/** Lines taken out, grouped by why, each with its line; then the repairs, counted, each listed under its count. */
export function ChangeLists<T extends ChangeEntry>({ changes, link }: { changes: T[]; link: ItemLink<T> }) {
  const groups = TAKEN_OUT.map((group) => ({ ...group, entries: changes.filter((c) => c.type === group.type) })).filter((g) => g.entries.length > 0);
  const repairs = REPAIRS.map((repair) => ({ ...repair, entries: changes.filter((c) => c.type === repair.type) }));
  return (
    <section class="card" id="changes" aria-labelledby="changes-title">
      <h2 id="changes-title">拿掉的行和修改</h2>
      {groups.length === 0 && <p class="hint">没有拿掉任何行。</p>}
      {groups.map((group) => (
        <section class="change-group">
          <h3>
            {group.name} <span class="count">{group.entries.length} 处</span>
          </h3>
          <p class="hint">{group.why}</p>
          <ul class="change-list">
            {group.entries.map((change) => (
              <Entry change={change} link={link} />
            ))}
          </ul>
        </section>
      ))}
      <h3>修改</h3>
      <ul class="repairs">
        {repairs.map((repair) =>
          repair.entries.length === 0 ? (
            <li class="none">
              {repair.name}：0 处
            </li>
          ) : (
            <li>
              <details>
                <summary>
                  {repair.name}：{repair.entries.length} 处
                </summary>
                <ul class="change-list">
                  {repair.entries.map((change) => (
                    <li>
                      <span class="line-no">{lineWords(change.line, change.toLine)}</span>{' '}
                      {change.type === 'id-masked' ? (
                        '完整的身份证号遮盖为前 10 位、****、后 4 位'
                      ) : (
                        <>
                          <del>{quote(change.before)}</del> → <ins>{quote(change.after)}</ins>
                        </>
                      )}
                    </li>
                  ))}
                </ul>
              </details>
            </li>
          ),
        )}
      </ul>
    </section>
  );
}

/** Every warning with its line, and the item it is about. */
export function WarningList<T extends WarningEntry>({ warnings, link, title = '提醒' }: { warnings: T[]; link: ItemLink<T>; title?: string }) {
  return (
    <section class="card" id="warnings" aria-labelledby="warnings-title">
      <h2 id="warnings-title">
        {title} <span class="count">{warnings.length} 条</span>
      </h2>
      {warnings.length === 0 ? (
        <p class="hint">没有需要提醒的地方。</p>
      ) : (
        <ul class="warning-list">
          {warnings.map((w) => {
            const to = link(w);
            return (
              <li>
                <span class="line-no">{lineWords(w.line)}</span> {warningWords(w.message)}
                {to && (
                  <a class="change-item" href={to.href}>
                    {to.text}
                  </a>
                )}
              </li>
            );
          })}
        </ul>
      )}
    </section>
  );
}
