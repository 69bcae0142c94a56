/** 导入结果: the drafts an import made, where they are placed now, and what the importer changed and warns of. */
import { chineseDate, chineseDateTime } from '../../../../lib/chinese-dates.js';
import type { PageImportRecord } from '../../../imports/service.js';
import { isEditorRole, type Desk } from '../../context.js';
import { DeskLayout } from '../../layout.js';
import { STATUS_NAMES } from '../../words.js';
import { ChangeLists, WarningList } from './change-lists.js';
import { WORDS } from './words.js';

export interface ResultProps {
  desk: Desk;
  record: PageImportRecord;
  kindNames: Record<string, string>;
  /** Who imported the page; null for a user no longer there. */
  by: string | null;
}

type Kind = 'article' | 'notice';

export function ResultPage({ desk, record, kindNames, by }: ResultProps) {
  const editor = isEditorRole(desk.user.role);
  const hrefOf = (kind: Kind, id: number) => (kind === 'article' ? `/desk/stories/${id}` : editor ? `/desk/notices/${id}` : null);
  const names = new Map<string, string>([...record.articles.map((a) => [`article:${a.id}`, a.headline] as const), ...record.notices.map((n) => [`notice:${n.id}`, n.title] as const)]);
  const link = (entry: { item?: { kind: Kind; id: number } }) => {
    if (!entry.item) return null;
    const href = hrefOf(entry.item.kind, entry.item.id);
    return href ? { href, text: names.get(`${entry.item.kind}:${entry.item.id}`) ?? '' } : null;
  };
  const placed = new Map(record.placements.map((p) => [`${p.kind}:${p.id}`, p]));
  const pages = [...new Map(record.placements.map((p) => [`${p.date}/${p.label}`, p])).values()];
  const where = (kind: Kind, id: number) => {
    const p = placed.get(`${kind}:${id}`);
    return p ? `${p.label} 版（${p.date}）` : '未上版';
  };
  return (
    <DeskLayout desk={desk} title={WORDS.resultTitle} styles={['imports.css']} actions={<a href="/desk/imports">再导入一版</a>}>
      <p class="summary">
        {chineseDateTime(record.createdAt, desk.site.timeZone)}由{by ?? '已不在的用户'}导入：{record.articles.length} 篇稿件、{record.notices.length} 则公告，都从草稿开始。
      </p>
      <section class="card" aria-labelledby="placed-title">
        <h2 id="placed-title">版面</h2>
        {pages.length === 0 ? (
          <p>都还没有放上版面。{editor && '可以在“版面”里把它们排上去。'}</p>
        ) : (
          <ul class="placed">
            {pages.map((p) => (
              <li>
                {editor ? <a href={`/desk/editions/${p.date}#page-${p.label}`}>{`${chineseDate(p.date)} ${p.label} 版 ${p.name}`}</a> : `${chineseDate(p.date)} ${p.label} 版 ${p.name}`}：
                {record.placements.filter((x) => x.date === p.date && x.label === p.label).length} 项
              </li>
            ))}
          </ul>
        )}
      </section>
      <section class="card" aria-labelledby="drafts-title">
        <h2 id="drafts-title">草稿</h2>
        <table class="list drafts">
          <thead>
            <tr>
              <th scope="col">类别</th>
              <th scope="col">标题</th>
              <th scope="col">状态</th>
              <th scope="col">版面</th>
            </tr>
          </thead>
          <tbody>
            {record.articles.map((a) => (
              <tr>
                <td class="keep">稿件</td>
                <td>
                  <a href={hrefOf('article', a.id)!}>{a.headline}</a>
                </td>
                <td>
                  <span class={`state state-${a.status}`}>{STATUS_NAMES[a.status]}</span>
                </td>
                <td class="keep">{where('article', a.id)}</td>
              </tr>
            ))}
            {record.notices.map((n) => {
              const href = hrefOf('notice', n.id);
              return (
                <tr>
                  <td class="keep">{kindNames[n.kind] ?? '公告'}</td>
                  <td>{href ? <a href={href}>{n.title}</a> : n.title}</td>
                  <td>
                    <span class={`state state-${n.status}`}>{STATUS_NAMES[n.status]}</span>
                  </td>
                  <td class="keep">{where('notice', n.id)}</td>
                </tr>
              );
            })}
          </tbody>
        </table>
        {!editor && record.notices.length > 0 && <p class="hint">公告由编辑核对和发布。</p>}
      </section>
      <WarningList warnings={record.warnings} link={link} />
      <ChangeLists changes={record.changes} link={link} />
    </DeskLayout>
  );
}
