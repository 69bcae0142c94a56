import { chineseDateTime } from '../../../../lib/chinese-dates.js';
import type { Plan } from '../../../editions/schemas.js';
import type { Desk } from '../../context.js';
import type { FieldMessages } from '../../forms.js';
import { Csrf, DeskLayout, FormError } from '../../layout.js';
import { MORNING_HOUR } from './release-time.js';
import { editionDay, editionState, KIND_NAMES, leftOutWords, STATUS_NAMES, type PlanItem } from './words.js';

export interface ReleaseProps {
  desk: Desk;
  plan: Plan;
  /** The release time as the form holds it: the paper's wall clock (`datetime-local`), blank for now. */
  at: string;
  /** The same as an instant, when it reads as one. */
  instant: Date | null;
  messages: FieldMessages;
}

/** When an item that goes out with this release becomes public: already, at its own earlier time, or with the edition. */
function goesOut(item: PlanItem, instant: Date | null, timeZone: string): string {
  const withEdition = instant ? `随本期于 ${chineseDateTime(instant.toISOString(), timeZone)} 发布` : '随本期立即发布';
  if (item.status === 'published') return item.publishedAt ? `已发布（${chineseDateTime(item.publishedAt, timeZone)}）` : '已发布';
  if (item.status === 'scheduled' && item.publishAt && instant && Date.parse(item.publishAt) <= instant.getTime()) {
    return `按原排期 ${chineseDateTime(item.publishAt, timeZone)} 发布`;
  }
  return withEdition;
}

function ItemTable({ caption, rows, last }: { caption: string; rows: { page: string; item: PlanItem; note: string }[]; last: string }) {
  return (
    <table class="list">
      <caption class="sr-only">{caption}</caption>
      <thead>
        <tr>
          <th scope="col">版</th>
          <th scope="col">类别</th>
          <th scope="col">标题</th>
          <th scope="col">状态</th>
          <th scope="col">{last}</th>
        </tr>
      </thead>
      <tbody>
        {rows.map(({ page, item, note }) => (
          <tr>
            <td>{page}</td>
            <td>{KIND_NAMES[item.kind]}</td>
            <td>{item.title}</td>
            <td>
              <span class={`state state-${item.status}`}>{STATUS_NAMES[item.status]}</span>
            </td>
            <td>{note}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/**
 * The release: the time (the edition's morning unless changed), what goes out at it and what
 * does not (and why), then the button that releases exactly what was shown (the edition's
 * version goes with it: a page changed since is refused).
 */
export function ReleasePage({ desk, plan, at, instant, messages }: ReleaseProps) {
  const tz = desk.site.timeZone;
  const placed = plan.pages.flatMap((page) => page.items.map((item) => ({ page: page.label, item })));
  // What a release takes is the planner's `ready`: edited, scheduled or published, and complete.
  const going = placed.filter(({ item }) => item.ready).map((row) => ({ ...row, note: goesOut(row.item, instant, tz) }));
  const staying = placed.filter(({ item }) => !item.ready).map((row) => ({ ...row, note: leftOutWords(row.item, tz) }));
  const state = editionState(plan, tz);
  const timeOk = !messages.at;
  return (
    <DeskLayout desk={desk} title={`发布 ${editionDay(plan.date)} 第 ${plan.issueNumber} 期`} styles={['editions.css']} actions={<a href={`/desk/editions/${plan.date}`}>回到版面</a>}>
      <p>
        现在：<span class={`edition-state edition-${state.key}`}>{state.words}</span>
      </p>
      <form method="get" action={`/desk/editions/${plan.date}/release`} class="filters">
        <div>
          <label for="at">发布时间</label>
          <input id="at" name="at" type="datetime-local" step={1} value={at} aria-describedby={messages.at ? 'at-error' : 'at-hint'} aria-invalid={messages.at ? 'true' : undefined} />
        </div>
        <button type="submit">看看这时发布什么</button>
        <p class="hint" id="at-hint">
          按本报所在时区（{tz}）。默认是出版日早上 {MORNING_HOUR}:00；留空表示立即发布。
        </p>
        {messages.at && (
          <p class="field-error" id="at-error">
            {messages.at}
          </p>
        )}
      </form>
      <section class="card" aria-labelledby="going-title">
        <h2 id="going-title">将随本期发布（{going.length}）</h2>
        {going.length ? <ItemTable caption="将随本期发布的内容" rows={going} last="何时公开" /> : <p class="hint">没有可以发布的内容。</p>}
      </section>
      <section class="card" aria-labelledby="staying-title">
        <h2 id="staying-title">不会发布（{staying.length}）</h2>
        {staying.length ? <ItemTable caption="不会发布的内容" rows={staying} last="原因" /> : <p class="hint">版面上的内容都已就绪。</p>}
        {plan.summary.emptyPages.length > 0 && <p>空白版面（将以空白发出）：{plan.summary.emptyPages.join('、')}</p>}
      </section>
      <section class="card" aria-labelledby="confirm-title">
        <h2 id="confirm-title">确认发布</h2>
        <FormError messages={messages} />
        {timeOk ? (
          <form method="post" action={`/desk/editions/${plan.date}/release`}>
            <Csrf desk={desk} />
            <input type="hidden" name="at" value={at} />
            <input type="hidden" name="version" value={String(plan.version)} />
            {staying.length > 0 && (
              <p>
                <input type="checkbox" id="force" name="force" value="true" />
                <label for="force" class="inline">
                  跳过上面 {staying.length} 条未就绪的内容，照样发布
                </label>
              </p>
            )}
            <button type="submit" class="primary" disabled={going.length === 0}>
              {instant ? `在 ${chineseDateTime(instant.toISOString(), tz)} 发布` : '立即发布'}
            </button>
          </form>
        ) : (
          <p class="hint">先改好发布时间，再确认发布。</p>
        )}
      </section>
    </DeskLayout>
  );
}
