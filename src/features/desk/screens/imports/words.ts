/**
 * 导入: what the page import screens say. The importer explains its problems and warnings in
 * English, for the API's clients; the ones a desk meets most are said again in Chinese here,
 * and one not known yet is shown as the service wrote it, so nothing is hidden.
 */
import type { ImportChangeType } from '../../../imports/model.js';
import { cellMessage } from '../notices/messages.js';

export type PageFormat = 'plain' | 'markdown';

export const FORMAT_NAMES: Record<PageFormat, string> = { plain: '纯文本', markdown: 'Markdown' };

/** Lines taken out of the text, listed one by one with their lines. */
export const TAKEN_OUT: readonly { type: ImportChangeType; name: string; why: string }[] = [
  { type: 'furniture', name: '页眉页脚', why: '版面自带的文字（报头、日期、版名版号、责任编辑、页码），不是正文' },
  { type: 'jump', name: '转版', why: '“下转”“上接”这样的转版提示，记在稿件上' },
  { type: 'photo-slot', name: '图片说明', why: '图片的说明和摄影署名，留给稿件等图片上传' },
  { type: 'brief', name: '简讯', why: '简讯栏里的一条，单独成稿，开头的小标题做标题' },
];

/** Repairs to the text, counted. */
export const REPAIRS: readonly { type: ImportChangeType; name: string }[] = [
  { type: 'joined', name: '接排（被分栏断开的段落接上）' },
  { type: 'punctuation', name: '标点（半角改全角）' },
  { type: 'id-masked', name: '身份证号遮盖' },
  { type: 'spacing', name: '字间空格去掉' },
  { type: 'dropped', name: '重复的表头去掉' },
];

export const WORDS = {
  title: '导入版面',
  previewTitle: '导入预览',
  resultTitle: '导入结果',
  pasteLabel: '粘贴版面文字',
  pasteHint: '从电子版或排版软件里复制一整版的文字，粘贴在这里。',
  fileLabel: '或者上传文本文件',
  fileHint: '.txt 或 .md 文件，UTF-8 或 GB18030（GBK）编码都可以。选了文件时以文件为准。',
  formatLabel: '格式',
  formatAuto: '自动（.md 文件按 Markdown，其余按纯文本）',
  preview: '预览',
  importButton: '导入为草稿',
  nothingStored: '预览不会保存任何内容。核对无误后，再点下面的“导入为草稿”。',
  problemsTitle: '无法导入',
  problemsLead: '这一版有下面的问题，改正原文后重新预览才能导入：',
  disabledReason: '有问题没有解决，不能导入。',
  noPage: '请粘贴版面文字，或者选择一个文件。',
  editLabel: '修改原文后重新预览',
  sectionLabel: '栏目',
  sectionNone: '（不放入栏目）',
  placeLabel: '放上版面',
  placeNone: '（先不放上版面）',
  placeHint: '稿件和公告按版面上的顺序，接在这一版已有内容的后面。',
  otherPage: '其他日期的版面',
  dateLabel: '出版日期',
  labelLabel: '版号（如 A01）',
  reporterNote: '导入后都是你的草稿；放上版面由编辑来做。',
};

const WARNING_RULES: [RegExp, string | ((...groups: string[]) => string)][] = [
  [/^No byline was found for this story$/, '没有找到作者署名'],
  [/^This story has a head and no body/, '这篇稿件只有标题没有正文：看看标题是否属于相邻的稿件'],
  [/^The story's head has (\d+) lines/, (n) => `标题区有 ${n} 行，多出的行并入了引题或副题`],
  [/^No date was found under the notice; it is dated (\S+)/, (d) => `公告下面没有找到日期，暂定为 ${d}，请编辑改正`],
  [/^No issuer was found under the notice; it reads (.+) until/, (who) => `公告下面没有找到发布单位，暂写为“${who}”，请编辑改正`],
  [/^The claim period is given in working days \((.+)\)/, (d) => `认领期按工作日计（${d}），请手工填写认领天数或截止日期`],
  [/^The contact is incomplete/, '联系人或电话不全，请手工补上'],
  [/^The unified social credit code (\S+) is (\d+) characters long/, (code, n) => `统一社会信用代码 ${code} 有 ${n} 位，应为 18 位；照原样保留，请与执照核对`],
  [/^The unified social credit code (\S+) holds a character/, (code) => `统一社会信用代码 ${code} 含有不会出现的字母（I、O、S、V、Z 或小写）；照原样保留，请与执照核对`],
  [/^The unified social credit code (\S+) fails its GB 32100 check: .* would be (\S+), not (\S+)\./, (code, want, got) => `统一社会信用代码 ${code} 校验不对：最后一位应为 ${want}，不是 ${got}；照原样保留，请与执照核对`],
  [/^(.+) is read as the label of a column of briefs/, (label) => `“${label}”当作简讯栏的栏名，下面每一条单独成稿`],
  [/^The brief's title could not be told from its text; it is headed (.+) until/, (title) => `没能分出这条简讯的小标题，暂以“${title}”为标题，请编辑改正`],
  [/^The text after (.+) continues a story from page (\S+) and has no head here/, (jump, page) => `${jump}后面的文字接的是第 ${page} 版的稿件，这里没有标题：单独成为一篇草稿，请编辑并回原稿`],
  [/^The notice's title was set over (\d+) lines and was read as one: (.+)$/, (n, title) => `公告标题排成了 ${n} 行，合成一个：${title}`],
  [/^(\d+) line\(s\) after the notice's date were kept at the end of its preamble/, (n) => `公告日期后面还有 ${n} 行，放在了正文末尾`],
  [/^(\d+) line\(s\) before the page's first headline belong to no story and were left out \(lines (.+)\)/, (n, lines) => `第一个标题之前的 ${n} 行（第 ${lines} 行）不属于任何稿件，没有导入`],
  [/^The contact line gives several numbers \((.+)\); the first, (.+), is kept/, (all, first) => `联系电话有几个（${all}），只留了第一个 ${first}`],
  [/^The contact phone (.+) is not a phone number/, (phone) => `联系电话 ${phone} 不像电话号码，请手工补上`],
  [/^Column (.+) is kept as text: not every cell is a (phone number|number)/, (label, what) => `“${label}”一栏按文字保存：不是每一格都是${what === 'number' ? '数字' : '电话号码'}`],
  [/^A photo credit \((.+)\) with no caption above it/, (credit) => `摄影署名（${credit}）上面没有图片说明，留作没有说明的图片：看看上一段是不是图片说明`],
  [/^This line reads like a row of the table above/, '这一行像是上面表格的一行，但格数对不上，表格到上一行为止，这一行按文字保留：请核对'],
];

/** A warning of the importer, in Chinese when it is a known one. */
export function warningWords(message: string): string {
  for (const [pattern, said] of WARNING_RULES) {
    const match = pattern.exec(message);
    if (match) return typeof said === 'string' ? said : said(...match.slice(1));
  }
  return message;
}

/** A problem that refuses the import: a bad cell (`金额(元): …`) in the notice desk's words, else as written. */
export function problemWords(message: string): string {
  if (message.startsWith('No story or notice was found')) return '没有找到任何稿件或公告：一版至少要有一个标题（单独一行的短句，或 Markdown 的 # 标题）';
  const cell = /^([^:]{1,40}): (.+)$/u.exec(message);
  if (cell) {
    const said = cellMessage(cell[2]!);
    if (said !== cell[2]) return `${cell[1]}：${said}`;
  }
  return cellMessage(message);
}

/** 第 12 行, or 第 12–14 行. */
export const lineWords = (line: number, toLine?: number) => (toLine && toLine !== line ? `第 ${line}–${toLine} 行` : `第 ${line} 行`);
