import type { Desk } from '../../context.js';
import type { FieldMessages } from '../../forms.js';
import { Csrf } from '../../layout.js';
import type { QueueItem } from './queue.js';
import { itemHref, itemKey, KIND_NAMES, STATUS_NAMES, type ItemKind, type PlanPage } from './words.js';

function QueueGroup({ kind, items }: { kind: ItemKind; items: QueueItem[] }) {
  return (
    <fieldset>
      <legend>
        {KIND_NAMES[kind]}（{items.length}）
      </legend>
      {items.length === 0 ? (
        <p class="hint">没有可以上版的{KIND_NAMES[kind]}。</p>
      ) : (
        <ul class="queue-list">
          {items.map((item) => {
            const id = `queue-${item.kind}-${item.id}`;
            return (
              <li>
                <input type="checkbox" id={id} name="item" value={itemKey(item)} />
                <label for={id}>{item.title}</label>
                <span class={`state state-${item.status}`}>{STATUS_NAMES[item.status]}</span>
                <span class="queue-size">{item.size}</span>
                <a href={itemHref(item)} class="queue-open">
                  打开<span class="sr-only">：{item.title}</span>
                </a>
              </li>
            );
          })}
        </ul>
      )}
    </fieldset>
  );
}

/**
 * 稿库: stories and notices not on any page of this edition, to tick and put at the end of a
 * chosen page. One form for every page, so it works without script.
 */
export function QueuePanel({ desk, date, pages, queue, chosen, messages }: { desk: Desk; date: string; pages: readonly PlanPage[]; queue: readonly QueueItem[]; chosen: string | undefined; messages: FieldMessages }) {
  return (
    <section class="card queue" id="queue" aria-labelledby="queue-title">
      <h2 id="queue-title">稿库</h2>
      <p class="hint">已提交、已编辑、已排期和已发布、还没上本期任何一版的稿件和公告。</p>
      {pages.length === 0 ? (
        <p class="hint">先添加版面，再把稿件放上去。</p>
      ) : (
        <form method="post" action={`/desk/editions/${date}/items`}>
          <Csrf desk={desk} />
          {messages[''] && (
            <p class="form-error" role="alert">
              {messages['']}
            </p>
          )}
          <label for="queue-page">放到</label>
          <select id="queue-page" name="page">
            {pages.map((p) => (
              <option value={p.label} selected={p.label === chosen}>
                {p.label} {p.name}
              </option>
            ))}
          </select>
          <QueueGroup kind="article" items={queue.filter((i) => i.kind === 'article')} />
          <QueueGroup kind="notice" items={queue.filter((i) => i.kind === 'notice')} />
          <button type="submit" class="primary">
            放到所选版面
          </button>
        </form>
      )}
    </section>
  );
}
