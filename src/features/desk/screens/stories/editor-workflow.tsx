import type { ItemStatus } from '../../../../db/schema/index.js';
import { chineseDateTime } from '../../../../lib/chinese-dates.js';
import type { Article } from '../../../articles/schemas.js';
import type { Desk } from '../../context.js';
import { Csrf } from '../../layout.js';
import { moveLabel, STATUS_NAMES } from './status-words.js';

/** A move that cannot be undone by the one who makes it asks first. */
const CONFIRM: Partial<Record<ItemStatus, string>> = {
  published: '确定立即发布到网站？',
  withdrawn: '确定从网站撤下这篇稿件？读者将看不到它。',
};

/** Moves that take a story on towards print (stressed); the others step back or aside. */
const FORWARD = ['draft>submitted', 'submitted>edited', 'draft>published', 'submitted>published', 'edited>published', 'scheduled>published'];

/**
 * The workflow moves this user may make now, one small form each (the version the page shows
 * goes with it); scheduling asks for its time, read in the paper's time zone.
 */
export function WorkflowPanel({ desk, article, moves, message, scheduleValue }: { desk: Desk; article: Article; moves: ItemStatus[]; message?: string; scheduleValue: string }) {
  const action = `/desk/stories/${article.id}/status`;
  const hidden = (to: ItemStatus) => (
    <>
      <Csrf desk={desk} />
      <input type="hidden" name="version" value={String(article.version)} />
      <input type="hidden" name="status" value={to} />
    </>
  );
  return (
    <section class="card workflow" aria-labelledby="workflow-title">
      <h2 id="workflow-title">流程</h2>
      <p>
        现在：<span class={`state state-${article.status}`}>{STATUS_NAMES[article.status]}</span>
        {article.status === 'scheduled' && article.publishAt && <span>，将于 {chineseDateTime(article.publishAt, desk.site.timeZone)} 发布</span>}
        {article.publishedAt && article.status !== 'scheduled' && <span class="hint">（首次发布于 {chineseDateTime(article.publishedAt, desk.site.timeZone)}）</span>}
      </p>
      {message && (
        <p class="form-error" role="alert" id="workflow-error">
          {message}
        </p>
      )}
      {moves.length === 0 && <p class="hint">你现在没有可做的流程操作。</p>}
      <div class="moves">
        {moves
          .filter((to) => to !== 'scheduled')
          .map((to) => (
            <form method="post" action={action} class="move">
              {hidden(to)}
              <button type="submit" class={to === 'withdrawn' ? 'danger' : FORWARD.includes(`${article.status}>${to}`) ? 'primary' : undefined} data-confirm={CONFIRM[to]}>
                {moveLabel(article.status, to)}
              </button>
            </form>
          ))}
      </div>
      {moves.includes('scheduled') && (
        <form method="post" action={action} class="schedule">
          {hidden('scheduled')}
          <label for="publishAt">发布时间</label>
          <div class="row">
            <input id="publishAt" name="publishAt" type="datetime-local" step={1} value={scheduleValue} required aria-describedby="publishAt-hint" />
            <button type="submit" class="shrink">
              排期
            </button>
          </div>
          <p class="hint" id="publishAt-hint">
            按本报所在时区（{desk.site.timeZone}）的时间。
          </p>
        </form>
      )}
    </section>
  );
}

/** The corrections published with the story, and (for editors, once it is published) the form to add one. */
export function CorrectionsPanel({ desk, article, corrections, canCorrect, message, text }: { desk: Desk; article: Article; corrections: { id: number; text: string; createdAt: string }[]; canCorrect: boolean; message?: string; text?: string }) {
  if (corrections.length === 0 && !canCorrect) return null;
  return (
    <section class="card corrections" aria-labelledby="corrections-title">
      <h2 id="corrections-title">更正</h2>
      {corrections.length > 0 ? (
        <ul class="correction-list">
          {corrections.map((c) => (
            <li>
              <span class="hint">{chineseDateTime(c.createdAt, desk.site.timeZone)}</span> {c.text}
            </li>
          ))}
        </ul>
      ) : (
        <p class="hint">还没有更正。</p>
      )}
      {canCorrect && (
        <form method="post" action={`/desk/stories/${article.id}/corrections`}>
          <Csrf desk={desk} />
          <label for="correction-text">新的更正</label>
          <textarea id="correction-text" name="text" rows={3} maxLength={2000} required value={text ?? ''} aria-describedby={message ? 'correction-text-hint correction-error' : 'correction-text-hint'} aria-invalid={message ? 'true' : undefined} />
          <p class="hint" id="correction-text-hint">
            更正附在稿件末尾，随稿件在网站上公开，注明日期。
          </p>
          {message && (
            <p class="field-error" id="correction-error">
              {message}
            </p>
          )}
          <button type="submit" data-confirm="确定发布这条更正？">
            发布更正
          </button>
        </form>
      )}
    </section>
  );
}
