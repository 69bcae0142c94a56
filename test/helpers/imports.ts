import type { NoticeJson } from './notices.js';

/** A page import's answer, as the imports API documents it. */
export interface ImportJson {
  id: number;
  articles: {
    id: number;
    kicker: string | null;
    headline: string;
    subtitle: string | null;
    body: string;
    sectionId: number | null;
    status: string;
    version: number;
    credits: { role: string; personId: number; name: string }[];
  }[];
  notices: NoticeJson[];
  changes: { type: string; line: number; column?: number; toLine?: number; before: string; after: string; item?: { kind: string; id: number } }[];
  warnings: { line: number; message: string; item?: { kind: string; id: number } }[];
}

/** A page holding one notice with a four-column table (序号 姓名 身份证号 金额(元)), its rows and, if given, its 合计. */
export function noticePage(title: string, rows: string[][], total?: string): string {
  return [
    `## ${title}`,
    '',
    '请以下人员于7日内来我处领取。',
    '',
    '特此公示',
    '',
    '某某镇人民政府',
    '2024年5月8日',
    '',
    ['序号', '姓名', '身份证号', '金额(元)'].join('\t'),
    ...rows.map((row) => row.join('\t')),
    ...(total === undefined ? [] : [['合计', '', '', total].join('\t')]),
    '',
  ].join('\n');
}
