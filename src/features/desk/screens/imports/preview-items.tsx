/** The items of a previewed page, in page order: each story's and notice's fields as the drafts would hold them. */
import type { ComponentChildren } from 'preact';
import { chineseDate } from '../../../../lib/chinese-dates.js';
import type { ImportWarning } from '../../../imports/model.js';
import type { PreviewArticle, PreviewNotice } from '../../../imports/preview.js';
import { COLUMN_TYPE_NAMES } from '../notices/names.js';
import { lineWords, warningWords } from './words.js';

/** Characters of the body shown from its start and its end. */
const EXCERPT = 30;
/** A statement's entries listed before the rest are only counted. */
const ENTRIES_SHOWN = 12;

/** The body as one run of text, its Markdown marks taken off. */
const flat = (body: string) =>
  body
    .split('\n')
    .map((line) => line.replace(/^#{1,6}\s+/u, '').replace(/^>\s?/u, '').trim())
    .filter(Boolean)
    .join(' ');

/** The first and last few characters of the body (whole characters, never half of one). */
export function bodyEnds(body: string): { head: string; tail: string | null; length: number } {
  const chars = Array.from(flat(body));
  if (chars.length <= EXCERPT * 2 + 10) return { head: chars.join(''), tail: null, length: chars.length };
  return { head: chars.slice(0, EXCERPT).join(''), tail: chars.slice(-EXCERPT).join(''), length: chars.length };
}

/** Paragraphs of the body, its sub-heads not counted. */
export const paragraphCount = (body: string) => body.split(/\n{2,}/u).filter((block) => block.trim() !== '' && !/^#{1,6}\s/u.test(block.trim())).length;

export const itemAnchor = (kind: 'article' | 'notice', index: number) => `item-${kind}-${index}`;

function ItemWarnings({ warnings }: { warnings: ImportWarning[] }) {
  if (warnings.length === 0) return null;
  return (
    <ul class="item-warnings" aria-label="提醒">
      {warnings.map((w) => (
        <li>
          <span class="line-no">{lineWords(w.line)}</span> {warningWords(w.message)}
        </li>
      ))}
    </ul>
  );
}

/** A field of an item: its name and value, in a definition list. */
function Field({ name, children }: { name: string; children: ComponentChildren }) {
  return (
    <>
      <dt>{name}</dt>
      <dd>{children}</dd>
    </>
  );
}

export function StoryItem({ story, index, warnings }: { story: PreviewArticle; index: number; warnings: ImportWarning[] }) {
  const ends = bodyEnds(story.body);
  const paragraphs = paragraphCount(story.body);
  return (
    <li class="card import-item" id={itemAnchor('article', index)}>
      <p class="item-kind">
        稿件 <span class="line-no">{lineWords(story.line)}</span>
        {story.brief && <span class="tag tag-brief">简讯</span>}
      </p>
      {story.kicker && <p class="kicker">{story.kicker}</p>}
      <h3 class="headline">{story.headline}</h3>
      {story.subtitle && <p class="subtitle">{story.subtitle}</p>}
      <dl class="fields">
        <Field name="署名">{story.byline || <span class="missing">（没有署名）</span>}</Field>
        <Field name="正文">
          {paragraphs} 段，{ends.length} 字
        </Field>
        {story.jumps.map((jump) => (
          <Field name="转版">
            {jump.direction === 'to' ? `下转 ${jump.page} 版` : `上接 ${jump.page} 版`} <span class="line-no">{lineWords(jump.line)}</span>
          </Field>
        ))}
        {story.photoSlots.map((slot) => (
          <Field name="图片">
            {slot.caption || <span class="missing">（没有说明）</span>}
            <span class="photo-credit">{slot.byline ? `${slot.byline} 摄` : '未署摄影'}</span> <span class="line-no">{lineWords(slot.line, slot.creditLine)}</span>
          </Field>
        ))}
      </dl>
      {ends.length > 0 ? (
        <p class="excerpt">
          {ends.head}
          {ends.tail !== null && (
            <>
              <span class="gap" aria-label="中间省略">
                ……
              </span>
              {ends.tail}
            </>
          )}
        </p>
      ) : (
        <p class="missing">（没有正文）</p>
      )}
      {ends.tail !== null && (
        <details class="whole-body">
          <summary>看全文</summary>
          <pre class="body-text">{story.body}</pre>
        </details>
      )}
      <ItemWarnings warnings={warnings} />
    </li>
  );
}

function NoticeTable({ notice }: { notice: PreviewNotice }) {
  const table = notice.table;
  if (table) {
    return (
      <Field name="表格">
        {table.columns.length} 列、{table.rowCount} 行 <span class="line-no">表头在{lineWords(table.headerLine)}</span>
        {table.totalLine !== null && <span class="line-no">，合计在{lineWords(table.totalLine)}</span>}
        <ul class="columns">
          {table.columns.map((c) => (
            <li>
              {c.label}
              <span class="column-type">{COLUMN_TYPE_NAMES[c.type]}</span>
            </li>
          ))}
        </ul>
      </Field>
    );
  }
  if (!notice.entries) return null;
  const rest = notice.entries.length - ENTRIES_SHOWN;
  return (
    <Field name="条目">
      共 {notice.entries.length} 条
      <ol class="entries">
        {notice.entries.slice(0, ENTRIES_SHOWN).map((entry) => (
          <li>{entry}</li>
        ))}
      </ol>
      {rest > 0 && <p class="hint">还有 {rest} 条没有列出。</p>}
    </Field>
  );
}

export function NoticeItem({ notice, index, kindName, warnings }: { notice: PreviewNotice; index: number; kindName: string; warnings: ImportWarning[] }) {
  return (
    <li class="card import-item notice-item" id={itemAnchor('notice', index)}>
      <p class="item-kind">
        公告 <span class="line-no">{lineWords(notice.line)}</span>
        <span class="tag">{kindName}</span>
      </p>
      <h3 class="headline">{notice.title}</h3>
      <dl class="fields">
        <Field name="发布单位">{notice.issuer}</Field>
        <Field name="日期">{chineseDate(notice.issuedOn)}</Field>
        {notice.contact && (
          <Field name="联系">
            {notice.contact.name} {notice.contact.phone}
          </Field>
        )}
        {notice.claimDays !== null && <Field name="认领期">{notice.claimDays} 天</Field>}
        {notice.deadline !== null && <Field name="截止日期">{chineseDate(notice.deadline)}</Field>}
        <NoticeTable notice={notice} />
        {notice.codes.length > 0 && (
          <Field name="信用代码">
            <ul class="codes">
              {notice.codes.map((c) => (
                <li>
                  <code>{c.code}</code>
                  <span class={c.valid ? 'code-ok' : 'code-bad'}>{c.valid ? '校验通过' : '校验不对'}</span> <span class="line-no">{lineWords(c.line)}</span>
                </li>
              ))}
            </ul>
          </Field>
        )}
      </dl>
      <ItemWarnings warnings={warnings} />
    </li>
  );
}
