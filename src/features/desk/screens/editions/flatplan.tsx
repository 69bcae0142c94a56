import type { Plan } from '../../../editions/schemas.js';
import type { Desk } from '../../context.js';
import type { FieldMessages } from '../../forms.js';
import { DeskLayout } from '../../layout.js';
import { NewPageForm, type PageChoices, type PageInput } from './page-form.js';
import { PageCard } from './page-card.js';
import type { QueueItem } from './queue.js';
import { QueuePanel } from './queue-view.js';
import { editionDay, editionState, KIND_NAMES, leftOutWords } from './words.js';

/** Where a refused form sits on the flatplan: a page's items or settings, the new-page form or the queue. */
export type ProblemPlace = 'new-page' | 'queue' | `items:${string}` | `settings:${string}`;

export interface Problem {
  where: ProblemPlace;
  messages: FieldMessages;
  /** The page fields as typed, for the new-page form or a page's settings. */
  input?: PageInput;
}

export interface FlatplanProps {
  desk: Desk;
  plan: Plan;
  queue: readonly QueueItem[];
  choices: PageChoices;
  /** The page the queue puts items on, as the card's link chose it. */
  chosen?: string;
  problem?: Problem;
}

/** The label after the last page's (A03 → A04), for the new-page form. */
function nextLabel(plan: Plan): string {
  const last = plan.pages.at(-1)?.label;
  if (!last) return 'A01';
  const number = Number(last.slice(1)) + 1;
  return number > 99 ? '' : `${last[0]}${String(number).padStart(2, '0')}`;
}

/** Where the edition stands, what will not go out with it, and the way to the release. */
function EditionStatus({ desk, plan }: { desk: Desk; plan: Plan }) {
  const state = editionState(plan, desk.site.timeZone);
  const { summary } = plan;
  const releaseWords = plan.public ? '发布新上版的内容…' : plan.status === 'released' ? '改发布时间…' : '发布本期…';
  return (
    <section class="card edition-status" aria-labelledby="status-title">
      <h2 id="status-title">本期状态</h2>
      <p>
        <span class={`edition-state edition-${state.key}`} id="edition-state">
          {state.words}
        </span>
        <span class="edition-counts">
          {summary.pages} 个版，{summary.items} 条内容
          {summary.emptyPages.length > 0 && `；空白版：${summary.emptyPages.join('、')}`}
          {summary.overdue.length > 0 && `；${summary.overdue.length} 条过了排期时间还没发布`}
        </span>
      </p>
      {summary.leftOut.length > 0 && (
        <>
          <h3>不会随本期发布（{summary.leftOut.length}）</h3>
          <ul class="left-out">
            {summary.leftOut.map((ref) => {
              const item = plan.pages.find((p) => p.label === ref.page)?.items.find((i) => i.kind === ref.kind && i.id === ref.id);
              return (
                <li>
                  {ref.page} 版 {KIND_NAMES[ref.kind]}《{ref.title}》：{item ? leftOutWords(item, desk.site.timeZone) : '不会随本期发布'}
                </li>
              );
            })}
          </ul>
        </>
      )}
      {summary.items > 0 && (
        <p>
          <a class="button primary" href={`/desk/editions/${plan.date}/release`}>
            {releaseWords}
          </a>
        </p>
      )}
    </section>
  );
}

/** The flatplan: one card per page in page order, the new-page form, and the queue to place from. */
export function FlatplanPage({ desk, plan, queue, choices, chosen, problem }: FlatplanProps) {
  const at = (where: ProblemPlace) => (problem?.where === where ? problem.messages : {});
  const newPage: PageInput =
    problem?.where === 'new-page' && problem.input
      ? problem.input
      : { label: nextLabel(plan), name: '', grid: plan.pages.at(-1)?.grid ?? 'broadsheet-8', sectionId: '', editorId: desk.user.role === 'reporter' ? '' : String(desk.user.id) };
  return (
    <DeskLayout
      desk={desk}
      title={`${editionDay(plan.date)} 第 ${plan.issueNumber} 期`}
      styles={['editions.css']}
      scripts={['flatplan.js']}
      wide
      actions={<a href="/desk/editions">全部各期</a>}
    >
      <EditionStatus desk={desk} plan={plan} />
      <div class="flatplan-layout">
        <div class="flatplan">
          {plan.pages.length === 0 && <p class="card hint">本期还没有版面：先在下面添加。</p>}
          {plan.pages.map((page) => {
            const settings = problem?.where === `settings:${page.label}` && problem.input ? { input: problem.input, messages: problem.messages } : null;
            return <PageCard desk={desk} date={plan.date} page={page} choices={choices} messages={at(`items:${page.label}`)} settings={settings} deletable={!plan.public} />;
          })}
        </div>
        <div class="flatplan-side">
          <NewPageForm desk={desk} date={plan.date} input={newPage} choices={choices} messages={at('new-page')} />
          <QueuePanel desk={desk} date={plan.date} pages={plan.pages} queue={queue} chosen={chosen} messages={at('queue')} />
        </div>
      </div>
    </DeskLayout>
  );
}
