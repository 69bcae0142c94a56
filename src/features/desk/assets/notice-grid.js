// 公告: rows pasted into a notice's table box are shown at once as a grid, with the totals of
// the amount and decimal columns (counts such as 序号 and years are not summed) and the cells
// that look wrong marked. It is a preview only: nothing is saved until the form is sent, and
// the server's check, which the page shows after saving, is the one that counts.

const PREVIEW_ROWS = 200;
const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const CHECK_CHARACTERS = '10X98765432';
const SUMMED = new Set(['money', 'decimal']);
const RIGHT = new Set(['money', 'decimal', 'integer', 'year']);

/** Header text as the server compares it: NFKC, no whitespace, lower case. */
const headerText = (text) => text.normalize('NFKC').replace(/\s+/gu, '').toLowerCase();
const compact = (text) => text.normalize('NFKC').replace(/\s+/g, '');

function lookupOf(columns) {
  const lookup = new Map();
  columns.forEach((c, i) => lookup.set(headerText(c.key), i));
  columns.forEach((c, i) => lookup.set(headerText(c.label), i));
  return lookup;
}

/** A number literal as exact parts, or null: `1,234.5` → { negative, whole: '1234', fraction: '5' }. */
function literal(text) {
  const m = /^(-)?(\d{1,3}(?:,\d{3})+|\d*)(?:\.(\d+))?$/.exec(text);
  if (!m || (m[2] === '' && m[3] === undefined)) return null;
  return { negative: m[1] === '-', whole: m[2].replaceAll(',', '') || '0', fraction: m[3] ?? '' };
}

function maskedId(text) {
  return `${text.slice(0, 10)}****${text.slice(-4)}`;
}

/** What the preview makes of one cell: the text to show, a scaled value to sum, or why it looks wrong. */
function readCell(column, raw) {
  const text = raw.trim();
  if (text === '') return column.required ? { shown: '', problem: '必填' } : { shown: '' };
  if (column.type === 'id_cn') {
    let id = compact(text);
    if (id.endsWith('x')) id = `${id.slice(0, -1)}X`;
    if (/^\d{10}\*{4}\d{3}[\dX]$/.test(id)) return { shown: id };
    if (!/^\d{17}[\dX]$/.test(id)) return { shown: id.length >= 10 ? `${id.slice(0, 6)}…` : '…', problem: `身份证号应为 18 位，这里是 ${[...id].length} 位` };
    const sum = WEIGHTS.reduce((total, weight, i) => total + weight * Number(id[i]), 0);
    if (CHECK_CHARACTERS[sum % 11] !== id[17]) return { shown: maskedId(id), problem: '校验位不对' };
    return { shown: maskedId(id) };
  }
  if (column.type === 'money') {
    const n = literal(compact(text).replace(/^¥/, '').replace(/元$/, ''));
    if (!n) return { shown: text, problem: '应为以元计的金额' };
    if (n.negative) return { shown: text, problem: '金额不能是负数' };
    if (n.fraction.length > 2) return { shown: text, problem: '金额最多两位小数' };
    const fen = BigInt(n.whole) * 100n + BigInt(n.fraction.padEnd(2, '0'));
    return { shown: formatScaled(fen, 2), value: fen, scale: 2 };
  }
  if (column.type === 'decimal' || column.type === 'integer') {
    const n = literal(compact(text));
    if (!n || (column.type === 'integer' && n.fraction !== '')) return { shown: text, problem: column.type === 'integer' ? '应为整数' : '应为数字' };
    const scaled = BigInt(`${n.whole}${n.fraction}`) * (n.negative ? -1n : 1n);
    return { shown: text, value: scaled, scale: n.fraction.length };
  }
  return { shown: text };
}

/** A scaled integer as decimal text with grouping: 134386n, 2 → `1,343.86`. */
function formatScaled(value, scale) {
  const negative = value < 0n;
  const digits = (negative ? -value : value).toString().padStart(scale + 1, '0');
  const whole = digits.slice(0, digits.length - scale).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  const fraction = scale ? `.${digits.slice(-scale)}` : '';
  return `${negative ? '-' : ''}${whole}${fraction}`;
}

/** Adds `value` at `scale` to a running sum kept at the largest scale seen. */
function addScaled(sum, value, scale) {
  const top = Math.max(sum.scale, scale);
  const lift = (v, s) => v * 10n ** BigInt(top - s);
  return { value: lift(sum.value, sum.scale) + lift(value, scale), scale: top };
}

/** The pasted text read as the server will read it: its header (or none), data rows and a closing 合计 row. */
function readPaste(text, columns) {
  const lines = text.replace(/\r\n?/g, '\n').split('\n').map((line) => line.split('\t'));
  const filled = lines.filter((cells) => cells.some((c) => c.trim() !== ''));
  const lookup = lookupOf(columns);
  const headerAt = filled.slice(0, 10).findIndex((cells) => {
    const names = cells.map((c) => c.trim()).filter(Boolean);
    return names.filter((n) => lookup.has(headerText(n))).length * 2 >= names.length;
  });
  const slots = headerAt >= 0 ? filled[headerAt].map((c) => lookup.get(headerText(c.trim()))) : columns.map((_, i) => i);
  const rows = filled.slice(headerAt + 1);
  const last = rows.at(-1);
  const first = last?.find((c) => c.trim() !== '') ?? '';
  const total = last && ['合计', '总计'].includes(headerText(first).replace(/:$/, '')) ? rows.pop() : null;
  const inColumns = (cells) => {
    const out = columns.map(() => '');
    cells.forEach((cell, i) => {
      if (slots[i] !== undefined) out[slots[i]] = cell;
    });
    return out;
  };
  return { rows: rows.map(inColumns), total: total ? inColumns(total) : null, hasHeader: headerAt >= 0 };
}

function element(tag, text, className) {
  const node = document.createElement(tag);
  if (text !== undefined) node.textContent = text;
  if (className) node.className = className;
  return node;
}

function markCell(td, problem) {
  td.classList.add('suspect');
  td.append(element('span', `可能有误：${problem}`, 'cell-message'));
}

function render(preview, text, columns) {
  preview.replaceChildren();
  if (text.trim() === '') {
    preview.hidden = true;
    return;
  }
  preview.hidden = false;
  const { rows, total, hasHeader } = readPaste(text, columns);
  const sums = columns.map(() => ({ value: 0n, scale: 0 }));
  let suspects = 0;
  const table = element('table', undefined, 'grid');
  const caption = element('caption', `预览（还没有保存）：共 ${rows.length} 行${hasHeader ? '，第一行是表头' : '，按列的顺序对列'}${rows.length > PREVIEW_ROWS ? `，这里显示前 ${PREVIEW_ROWS} 行` : ''}`);
  table.append(caption);
  const head = element('tr');
  head.append(element('th', '行', 'row-no'));
  columns.forEach((c) => head.append(element('th', c.label, RIGHT.has(c.type) ? 'num' : undefined)));
  head.querySelectorAll('th').forEach((th) => th.setAttribute('scope', 'col'));
  const thead = element('thead');
  thead.append(head);
  table.append(thead);
  const body = element('tbody');
  rows.forEach((cells, r) => {
    const tr = element('tr');
    const th = element('th', String(r + 1), 'row-no');
    th.setAttribute('scope', 'row');
    tr.append(th);
    columns.forEach((column, c) => {
      const read = readCell(column, cells[c]);
      if (read.value !== undefined && SUMMED.has(column.type)) sums[c] = addScaled(sums[c], read.value, read.scale);
      if (read.problem) suspects++;
      if (r >= PREVIEW_ROWS) return;
      const td = element('td', read.shown, RIGHT.has(column.type) ? 'num' : undefined);
      if (read.problem) markCell(td, read.problem);
      tr.append(td);
    });
    if (r < PREVIEW_ROWS) body.append(tr);
  });
  table.append(body);
  if (columns.some((c) => SUMMED.has(c.type))) {
    const foot = element('tr');
    const th = element('th', '合计（预览）');
    th.setAttribute('scope', 'row');
    foot.append(th);
    columns.forEach((column, c) => {
      if (!SUMMED.has(column.type)) return foot.append(element('td'));
      const computed = formatScaled(sums[c].value, column.type === 'money' ? 2 : sums[c].scale);
      const td = element('td', computed, 'num');
      const stated = total ? readCell({ ...column, required: false }, total[c]) : null;
      if (stated?.value !== undefined && stated.value !== sums[c].value) {
        suspects++;
        markCell(td, `合计行写的是 ${stated.shown}`);
      }
      foot.append(td);
    });
    const tfoot = element('tfoot');
    tfoot.append(foot);
    table.append(tfoot);
  }
  const wrap = element('div', undefined, 'grid-wrap');
  wrap.setAttribute('role', 'region');
  wrap.setAttribute('aria-label', '粘贴的表格预览');
  wrap.tabIndex = 0;
  wrap.append(table);
  const note = suspects
    ? `预览：有 ${suspects} 处可能有误（已标出）。保存时以服务器的检查为准。`
    : '预览：没看出问题。保存时以服务器的检查为准。';
  const status = element('p', note, 'preview-note');
  status.setAttribute('role', 'status');
  preview.append(status, wrap);
}

const box = document.getElementById('table-paste');
const preview = box && document.getElementById(box.dataset.preview);
if (box && preview) {
  const columns = JSON.parse(box.dataset.columns || '[]');
  let timer;
  box.addEventListener('input', () => {
    clearTimeout(timer);
    timer = setTimeout(() => render(preview, box.value, columns), 150);
  });
}
