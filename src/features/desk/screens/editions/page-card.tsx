import { GRIDS } from '../../../../document/grids.js';
import type { Desk } from '../../context.js';
import type { FieldMessages } from '../../forms.js';
import { Csrf } from '../../layout.js';
import { PageSettings, type PageChoices, type PageInput } from './page-form.js';
import { fitWords, GRID_NAMES, itemHref, itemKey, KIND_NAMES, STATUS_NAMES, type PlanItem, type PlanPage } from './words.js';

interface CardProps {
  desk: Desk;
  date: string;
  page: PlanPage;
  choices: PageChoices;
  /** What the last move on this page was refused for (its items' list or its settings). */
  messages: FieldMessages;
  settings: { input: PageInput; messages: FieldMessages } | null;
  /** Whether the page may be deleted (the edition is not public). */
  deletable: boolean;
}

/** How long an item is: a story's characters, a notice's characters and table rows. */
function size(item: PlanItem): string {
  return item.rows === null ? `${item.characters} 字` : `${item.characters} 字，${item.rows} 行表格`;
}

/** One placed item: what it is, its state and copy fit in words and colour, and its moves. */
function PlacedItem({ desk, date, page, item, index }: { desk: Desk; date: string; page: PlanPage; item: PlanItem; index: number }) {
  const fit = fitWords(item);
  const id = `${page.label}-${item.kind}-${item.id}`;
  const hidden = <span class="sr-only">：{item.title}</span>;
  return (
    <li class={`placed placed-${fit.key}`} id={`item-${id}`}>
      <p class="placed-title">
        <span class="tag">{KIND_NAMES[item.kind]}</span>
        {item.kicker && <span class="placed-kicker">{item.kicker}</span>}
        <a href={itemHref(item)}>{item.title}</a>
      </p>
      <p class="placed-facts">
        <span class={`state state-${item.status}`}>{STATUS_NAMES[item.status]}</span>
        <span class={`fit fit-${fit.key}`}>
          <span class="sr-only">版面：</span>
          {fit.words}
        </span>
        <span>{item.columns === null ? '栏数自动' : `占 ${item.columns} 栏`}</span>
        <span>{size(item)}</span>
        {item.overdue && <span class="tag late">过了排期时间还没发布</span>}
      </p>
      <form method="post" action={`/desk/editions/${date}/pages/${page.label}/items`} class="placed-controls">
        <Csrf desk={desk} />
        <input type="hidden" name="item" value={itemKey(item)} />
        <input type="hidden" name="version" value={String(page.version)} />
        <button type="submit" name="move" value="up" disabled={index === 0}>
          上移{hidden}
        </button>
        <button type="submit" name="move" value="down" disabled={index === page.items.length - 1}>
          下移{hidden}
        </button>
        <span class="span-control">
          <label for={`span-${id}`}>栏数</label>
          <select id={`span-${id}`} name="columns">
            <option value="" selected={item.columns === null}>
              自动
            </option>
            {Array.from({ length: GRIDS[page.grid] }, (_, i) => i + 1).map((n) => (
              <option value={String(n)} selected={item.columns === n}>
                {n} 栏
              </option>
            ))}
          </select>
          <button type="submit" name="move" value="span">
            设栏数{hidden}
          </button>
        </span>
        <button type="submit" name="move" value="remove" class="danger" data-confirm={`把《${item.title}》移出 ${page.label} 版？`}>
          移出本版{hidden}
        </button>
      </form>
    </li>
  );
}

/** One page of the flatplan: its label, name, grid and editor, its proof, and its items in page order. */
export function PageCard({ desk, date, page, choices, messages, settings, deletable }: CardProps) {
  const over = page.items.filter((item) => item.fit && item.fit.overLines > 0).length;
  const titleId = `page-${page.label}-title`;
  // The page keeps its editor and section even when the lists no longer offer them (deactivated, moved).
  const own: PageChoices = {
    editors: page.editor && !choices.editors.some((e) => e.id === page.editor!.id) ? [...choices.editors, page.editor] : choices.editors,
    sections: page.section && !choices.sections.some((s) => s.id === page.section!.id) ? [...choices.sections, page.section] : choices.sections,
  };
  return (
    <section class={`page-card${over ? ' page-over' : ''}`} id={`page-${page.label}`} aria-labelledby={titleId}>
      <header class="page-head">
        <h2 id={titleId}>
          <span class="page-label">{page.label}</span> {page.name}
        </h2>
        <p class="page-meta">
          {GRID_NAMES[page.grid]}
          {page.section && ` · ${page.section.name}`}
          {` · 责任编辑 ${page.editor?.name ?? '未指定'}`}
          {` · ${page.items.length} 条，${page.characters} 字`}
        </p>
        <p class="page-links">
          <a href={`/desk/editions/${date}/pages/${page.label}.pdf`}>{page.label} 版大样 PDF</a>
          <a href={`/desk/editions/${date}?page=${page.label}#queue`}>从稿库添加到本版</a>
        </p>
        {over > 0 && <p class="page-warning">本版有 {over} 条超出版面</p>}
      </header>
      {messages[''] && (
        <p class="form-error" role="alert">
          {messages['']}
        </p>
      )}
      {page.items.length === 0 ? (
        <p class="hint">本版还没有内容。</p>
      ) : (
        <ol class="placed-list" aria-label={`${page.label} 版的内容，按版面顺序`}>
          {page.items.map((item, index) => (
            <PlacedItem desk={desk} date={date} page={page} item={item} index={index} />
          ))}
        </ol>
      )}
      <PageSettings
        desk={desk}
        date={date}
        label={page.label}
        version={page.version}
        input={settings?.input ?? { label: page.label, name: page.name, grid: page.grid, sectionId: page.section ? String(page.section.id) : '', editorId: page.editor ? String(page.editor.id) : '' }}
        choices={own}
        messages={settings?.messages ?? {}}
        deletable={deletable}
      />
    </section>
  );
}
