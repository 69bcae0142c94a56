/**
 * The notices service and the table reader explain a refusal in English, for the API's
 * clients; the desk says the same in Chinese. Each known wording is matched here and said
 * again; one not known yet is shown as the service wrote it, so nothing is ever hidden.
 */
import type { AppError, CellError, FieldError } from '../../../../errors.js';
import type { FieldMessages } from '../../forms.js';

type Rule = [RegExp, string | ((...groups: string[]) => string)];

const CELL_RULES: Rule[] = [
  [/^a value is required$/, '必填'],
  [/^the check character is wrong/, '校验位不对：最后一位与前 17 位对不上，有数字输错了'],
  [/^the birth date in the ID number/, '身份证号中的出生日期（第 7 到 14 位）不是真实的日期'],
  [/^the ID number is empty/, '身份证号是空的'],
  [/^this masking is not accepted/, '遮盖方式不对：只能用四个星号遮盖出生月日，如 3725011966****4816'],
  [/^15-digit first-generation/, '不收 15 位的旧身份证号，请填 18 位号码'],
  [/^an ID number has only digits/, '身份证号只能是数字，最后一位可以是 X'],
  [/^an ID number has 18 characters, not (\d+)/, (n) => `身份证号应为 18 位，这里是 ${n} 位`],
  [/^ID numbers must be text cells/, '身份证号须是文本单元格：表格软件把它当数字时会丢掉位数'],
  [/^expected an ID number as text/, '身份证号应为文本'],
  [/^expected a whole number/, '应为整数，如 12 或 1,234'],
  [/^the number is too large/, '数字太大'],
  [/^expected a decimal number/, '应为数字，如 6.5、-0.25 或 1,234.5'],
  [/^a decimal has at most (\d+) digits after the point/, (n) => `小数点后最多 ${n} 位`],
  [/^a decimal has at most (\d+) significant digits/, (n) => `最多 ${n} 位有效数字`],
  [/^expected a year from (\d+) to (\d+)/, (a, b) => `应为 ${a} 到 ${b} 之间的年份，如 2021 或 2021年`],
  [/^expected a date/, '应为日期，如 2024-04-10、2024/4/10 或 2024年4月10日'],
  [/^the date does not exist in the calendar/, '日历上没有这一天'],
  [/^the date in this cell is not valid/, '日期无效'],
  [/^expected an amount in yuan/, '应为以元计的金额，如 400、312.5 或 1,343.86'],
  [/^an amount cannot be negative/, '金额不能是负数'],
  [/^an amount has at most 2 decimal places/, '金额最多两位小数（到分）'],
  [/^an amount may not exceed (\S+) yuan/, (n) => `金额不能超过 ${n} 元`],
  [/^expected a Chinese phone number/, '应为电话号码，如 13812345678、0635-8242056 或 400-810-8888'],
  [/^a number this long has lost digits/, '这么长的数字已丢失位数，请以文本填写'],
  [/^text is limited to (\d+) characters/, (n) => `文字最多 ${n} 个字`],
  [/^the cell holds a (NUL|broken) character/, '含有无法保存的字符，请重新输入这一格'],
  [/^the total is too large to compute exactly/, '合计太大，无法精确计算'],
  [/^the stated total (\S+) does not match the rows, which add up to (\S+)$/, (stated, sum) => `合计行写的是 ${stated}，各行加起来是 ${sum}`],
  [/^the column appears twice in the header/, '表头里这一列出现了两次：只保留一个'],
  [/^a required column is missing from the header: add a column headed (.+)$/, (label) => `表头缺少必填的列：请加上“${label}”一列`],
  [/^matches no column; expected one of: (.+)$/, (labels) => `不是这张表的列；应为：${labels}`],
  [/^a total row must be the last row/, '合计行必须是最后一行：把它移到最下面，或者删掉'],
  [/^a value outside any column/, '这个值不在任何一列下：给这一列加上表头，或者删掉这个值'],
];

const TABLE_RULES: Rule[] = [
  [/^(\d+) bad cells? in a table of (\d+) rows?/, (n, rows) => `表格共 ${rows} 行，有 ${n} 处需要改正；什么都没有保存`],
  [/^The table has (\d+) problems?/, (n) => `表格有 ${n} 处需要改正；什么都没有保存`],
  [/^The file is empty/, '文件是空的'],
  [/^No header row: expected a row naming the columns: ([^;]+)/, (labels) => `找不到表头：文件前几行里应有一行写着各列的名称（${labels}）`],
  [/^The file has a header but no rows/, '只有表头，没有数据行；什么都没有保存'],
  [/^Unsupported (table file type|character set)/, '文件格式不支持：请上传 CSV、TSV 或 XLSX 文件，文字用 UTF-8 或 GB18030 编码'],
  [/not valid UTF-8|neither UTF-8 nor GB18030|not valid GB18030/, '认不出文件的文字编码：请另存为 UTF-8 或 GB18030（GBK）'],
  [/is not a text table/, '这不是文本表格文件'],
  [/file cannot be parsed/, '文件无法解析，请检查它是否是 CSV 或 TSV 表格'],
  [/^The XLSX workbook .* allowed/, '工作簿解压后太大'],
  [/^The file is not an XLSX workbook/, '这不是 XLSX 工作簿'],
  [/^A notice table holds at most/, '一张公告表格最多 200,000 行：请拆分或缩短'],
  [/^This notice has no columns yet/, '这则公告还没有列：先在上面的表单里设定列，保存后再粘贴或上传'],
];

const FIELD_RULES: Rule[] = [
  [/^is not one phone number/, '不是一个电话号码，请写成 13812345678 或 0635-8242056 这样'],
  [/^is not a real calendar date/, '日历上没有这一天'],
  [/^disagrees with claimDays \((.+)\)$/, (day) => `与认领天数算出的截止日期（${day}）不一致；只填一个即可`],
  [/^is before issuedOn/, '早于发布日期'],
  [/^ends beyond any date/, '认领期太长'],
  [/^must be one of:/, '没有这个公告类别'],
  [/^duplicates the key/, '列的键重复'],
  [/^duplicates the label/, '列名重复：每一列要有自己的名称'],
  [/^is the key of another column/, '列名与另一列的键相同'],
  [/^keys and types must stay as they are without rows/, '表格已有数据行，只能改列名和“必填”；要改列的类型，请按新的列重新粘贴或上传表格'],
  [/^some rows leave this column empty/, '已有数据行这一列是空的，不能设为必填'],
  [/needs rows: send them, or withdraw it first/, '已排期或已发布的公告必须有表格行：先补上表格，或先撤回'],
  [/^nests lists, quotes or emphasis too deep/, '列表、引用或加粗套得太深，排不出来：请减少嵌套'],
  [/^is in the past/, '这个时间已经过去了；要马上发布，请点“立即发布”'],
  [/^is more than a year ahead|at most a year ahead/, '最多只能排到一年以后'],
  [/^is required to schedule/, '排期发布需要填写发布时间'],
];

function say(rules: Rule[], message: string): string | undefined {
  for (const [pattern, said] of rules) {
    const match = pattern.exec(message);
    if (match) return typeof said === 'string' ? said : said(...match.slice(1));
  }
  return undefined;
}

/** A bad cell's message in Chinese; a stated total's problem is said as the total row's. */
export function cellMessage(message: string): string {
  const total = /^the stated total (.+)$/.exec(message);
  if (total && !/does not match/.test(message)) return `合计行：${cellMessage(total[1]!)}`;
  return say(CELL_RULES, message) ?? message;
}

/** What a refused table (a paste or a file) says as a whole, in Chinese. */
export function tableMessage(message: string): string {
  return say(TABLE_RULES, message) ?? message;
}

/**
 * A failed save's messages by form field, in Chinese: a pointer's first segment names the
 * field (`/contact/phone` → `contact`); messages of the desk's own form check are Chinese already.
 */
export function noticeFieldMessages(error: AppError): FieldMessages {
  const out: FieldMessages = {};
  const errors = (error.extensions.errors as (FieldError | CellError)[] | undefined) ?? [];
  for (const e of errors) {
    const field = e.pointer?.split('/').filter(Boolean)[0] ?? '';
    out[field] ??= say(FIELD_RULES, e.message) ?? e.message;
  }
  if (errors.length === 0) out[''] = say(FIELD_RULES, error.message) ?? tableMessage(error.message);
  return out;
}

/** Why a workflow move was refused, in Chinese. */
export function moveMessage(error: AppError): string {
  if (error.status === 412) return '这则公告刚被别人改过，下面已是最新版本；请再确认一次。';
  if (/has a table with no rows|has no table, and/.test(error.message)) return '表格还没有数据行，不能排期或发布：先粘贴或上传表格。';
  if (/^Cannot move from/.test(error.message)) return '这一步现在不能做：公告的状态已经变了。';
  const fields = noticeFieldMessages(error);
  return fields.publishAt ?? fields[''] ?? Object.values(fields)[0] ?? error.message;
}
